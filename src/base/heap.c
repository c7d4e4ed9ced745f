/* The process heap on transparent huge pages.
 *
 * Why: a one-page brief touches about 900 fresh pages of heap, and on a
 * virtual machine each first touch of a 4 KiB page costs 5–15 µs (the
 * host backs the page too), so faults were a sixth of a fresh process's
 * wall time. A 2 MiB huge page is one fault, 0.2–0.6 ms on the same
 * machine, and a brief needs three of them.
 *
 * glibc can do this itself (the glibc.malloc.hugetlb tunable), but only
 * when set in the environment before the process starts. So, once, at
 * the top of main:
 *  - one arena, so every thread's allocations (Pango's fontconfig
 *    thread, the hyphenation loader) land in the one heap advised here;
 *  - a large top pad and trim threshold, so the heap grows in big steps
 *    and is not given back between documents (a batch worker's memory
 *    stays flat at its high-water mark, as before);
 *  - the heap is grown past a 2 MiB boundary by one allocation whose
 *    end header lands far above anything a document uses, the span from
 *    that boundary up is advised MADV_HUGEPAGE, and the allocation is
 *    cut back to end at the boundary. Its start stays allocated (never
 *    touched, so it costs address space, not memory): the pages below
 *    the boundary were already faulted as small pages by the libraries'
 *    constructors, and allocating from them would fault more.
 * Where THP is off, madvise has no effect and the heap behaves as
 * glibc's own, with the pad. Sanitizer builds have their own allocator
 * and skip all of it. */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/buf.h"

#ifndef GAL_SANITIZER_ALLOCATOR
#define HUGE_PAGE ((uintptr_t)2 << 20)
/* reserved past the boundary; the end header lands there */
#define RESERVE ((size_t)24 << 20)

/* the span below the boundary, kept allocated (reachable for valgrind) */
static void *below_boundary;
#endif

void gal_heap_init(void)
{
#ifndef GAL_SANITIZER_ALLOCATOR
	if (below_boundary)
		return;
	mallopt(M_ARENA_MAX, 1);
	/* the largest threshold glibc takes; requests under it come from
	 * the heap, as the reserve below must */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);

	char *p = malloc(RESERVE);
	if (!p)
		return;
	uintptr_t from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t to = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);
	/* the heap must have grown from p by brk (not by mmap, as under a
	 * preloaded allocator) and leave room for a useful cut */
	if (to <= from || to > (uintptr_t)p + RESERVE + (64u << 20) || from - (uintptr_t)p < 64) {
		free(p);
		return;
	}
	madvise((void *)from, to - from, MADV_HUGEPAGE);
	/* shrinking in place frees the rest into the top chunk, which then
	 * starts at the boundary (its header is the first huge-page touch) */
	below_boundary = realloc(p, (size_t)(from - (uintptr_t)p) - 2 * sizeof(size_t));
#endif
}
