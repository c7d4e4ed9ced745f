/* Fault injection for the command-line tests, preloaded into galley
 * (LD_PRELOAD=build/faults.so, see tests/lib.sh), so that galley itself
 * carries no test hooks. What fails is chosen by the environment:
 *
 *   GALLEY_FAULT_WRITE=N    the disk is full after N-1 bytes of each
 *                           output: the write(2) that reaches the Nth
 *                           byte writes what fits, the next fails ENOSPC
 *   GALLEY_FAULT_FSYNC=1    fsync(2) of an output fails (EIO)
 *   GALLEY_FAULT_RENAME=1   rename(2) fails (EIO), as on a failing disk
 *   GALLEY_FAULT_CRASH=SUFFIX       the conversion of the input whose
 *   GALLEY_FAULT_CRASH=kill:SUFFIX  path ends in SUFFIX dies of SIGSEGV
 *                           (of SIGKILL, which no handler sees) when it
 *                           first writes an output, its file still open
 *   GALLEY_FAULT_CRASH=stall:SUFFIX  ... or says "galley-fault: stalled"
 *                           on standard error and stops there until a
 *                           signal comes: a moment, mid-output, that a
 *                           test can wait for instead of guessing it
 *
 * An output is a regular file other than standard input, output and
 * error (which tests redirect to files). Counts are per descriptor and
 * start again when it is closed. Nothing here allocates memory: the
 * sanitizer build's leak checker sees this library too.
 *
 * Under AddressSanitizer (the galley of `make asan`) the preloaded library
 * comes after the executable, whose interceptors of write, open and the
 * like then call ours as the "real" functions: the faults are the same. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FD 1024

static long fail_write;         /* GALLEY_FAULT_WRITE; 0: off */
static int fail_fsync, fail_rename;
static const char *crash_suffix; /* GALLEY_FAULT_CRASH without "kill:" */
static int crash_signal;
static long written[MAX_FD];     /* bytes written to each output so far */
static int armed;                /* the input to crash on has been opened */

/* the next definition of a function after this library's: libc's */
static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f)
		abort();
	return f;
}

static long env_long(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : 0;
}

/* A batch's parent reads every input's first bytes (the languages to
 * load before workers fork): an input it opened is not one it converts,
 * and a new worker has opened nothing yet. */
static void disarm(void)
{
	armed = 0;
}

__attribute__((constructor)) static void init(void)
{
	fail_write = env_long("GALLEY_FAULT_WRITE");
	fail_fsync = env_long("GALLEY_FAULT_FSYNC") > 0;
	fail_rename = env_long("GALLEY_FAULT_RENAME") > 0;
	const char *c = getenv("GALLEY_FAULT_CRASH");
	if (c && *c) {
		crash_signal = SIGSEGV;
		if (strncmp(c, "kill:", 5) == 0) {
			crash_signal = SIGKILL;
			c += 5;
		} else if (strncmp(c, "stall:", 6) == 0) {
			crash_signal = 0;
			c += 6;
		}
		crash_suffix = c;
		pthread_atfork(NULL, disarm, disarm);
	}
}

static int is_output(int fd)
{
	struct stat st;
	return fd > STDERR_FILENO && fd < MAX_FD && fstat(fd, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* ---- crashing ------------------------------------------------------------- */

/* The sanitizers catch SIGSEGV themselves and would report a crash made
 * on purpose as a bug; galley's sanitizer build installs no handler of
 * its own, so the default action is what galley would meet. */
extern void __asan_init(void) __attribute__((weak));

static void crash(void)
{
	if (crash_signal == 0) {
		static const char msg[] = "galley-fault: stalled\n";
		ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)w;
		for (;;)
			pause();
	}
	if (crash_signal == SIGSEGV && __asan_init) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGSEGV, &sa, NULL);
	}
	raise(crash_signal);
}

static void arm(const char *path, int flags, int fd)
{
	if (fd < 0 || !crash_suffix || (flags & O_ACCMODE) != O_RDONLY)
		return;
	size_t n = strlen(path), k = strlen(crash_suffix);
	if (n >= k && strcmp(path + n - k, crash_suffix) == 0)
		armed = 1;
}

/* galley opens its inputs with open(2) */
int open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	mode_t mode = 0;
	if (flags & O_CREAT || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (!real)
		real = next("open");
	int fd = real(path, flags, mode);
	arm(path, flags, fd);
	return fd;
}

/* ---- writing, syncing, renaming -------------------------------------------- */

ssize_t write(int fd, const void *p, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = next("write");
	if ((!armed && !fail_write) || !is_output(fd))
		return real(fd, p, n);
	if (armed)
		crash();
	if (fail_write && written[fd] + (long)n >= fail_write) {
		size_t fits = (size_t)(fail_write - 1 - written[fd]);
		if (fits == 0) {
			errno = ENOSPC;
			return -1;
		}
		n = fits;
	}
	ssize_t k = real(fd, p, n);
	if (k > 0)
		written[fd] += k;
	return k;
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = next("fsync");
	if (fail_fsync && is_output(fd)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = next("rename");
	if (fail_rename) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}

int close(int fd)
{
	static int (*real)(int);
	if (!real)
		real = next("close");
	if (fd >= 0 && fd < MAX_FD)
		written[fd] = 0;
	return real(fd);
}
