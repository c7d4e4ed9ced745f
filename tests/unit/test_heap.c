/* The heap on huge pages (heap.c): what malloc returns after
 * gal_heap_init lies in a mapping advised MADV_HUGEPAGE, for small and
 * for large requests, from the main thread and from another thread. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "base/buf.h"

/* 1 when the mapping holding p carries the "hg" (MADV_HUGEPAGE) flag,
 * 0 when it does not, -1 when no mapping holds it */
static int advised(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	char line[512];
	int inside = 0, found = -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		/* a mapping's first line; its attributes follow */
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
			continue;
		}
		if (inside && strncmp(line, "VmFlags:", 8) == 0) {
			found = strstr(line, " hg") != NULL;
			break;
		}
	}
	fclose(f);
	return found;
}

static void *from_thread(void *unused)
{
	(void)unused;
	return malloc(4000);
}

int main(void)
{
	gal_heap_init();
	gal_heap_init(); /* a second call changes nothing */

	char *small = malloc(64), *big = malloc(3u << 20);
	OK(small && big);
	memset(big, 1, 3u << 20);
	pthread_t t;
	void *other = NULL;
	OK(pthread_create(&t, NULL, from_thread, NULL) == 0 && pthread_join(t, &other) == 0);
	OK(other != NULL);
#ifdef GAL_SANITIZER_ALLOCATOR
	/* the sanitizer's allocator is its own: only allocation is checked */
	(void)advised;
#else
	INT_EQ(advised(small), 1);
	INT_EQ(advised(big), 1);
	/* one arena: another thread's memory is on the same pages */
	INT_EQ(advised(other), 1);
#endif
	/* freed memory is reused, not given back and faulted in again */
	free(big);
	char *again = malloc(3u << 20);
	OK(again != NULL);
#ifndef GAL_SANITIZER_ALLOCATOR
	OK(again == big);
#endif
	free(again);
	free(small);
	free(other);
	return unit_done("heap");
}
