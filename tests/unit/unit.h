/* A tiny unit-test harness: OK, INT_EQ, STR_EQ. Each test binary prints
 * one line per failure and a summary; exit status 1 on any failure. */
#ifndef GAL_UNIT_H
#define GAL_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define OK(cond) do { if (cond) unit_pass++; else { unit_fail++; \
	fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define INT_EQ(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ == b_) unit_pass++; else { unit_fail++; \
	fprintf(stderr, "%s:%d: FAIL: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); } } while (0)
#define STR_EQ(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ && b_ && strcmp(a_, b_) == 0) unit_pass++; else { unit_fail++; \
	fprintf(stderr, "%s:%d: FAIL: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
		a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } } while (0)

/* Print "NAME: N passed, N failed" and return the exit status. */
static int unit_done(const char *name)
{
	printf("unit %s: %d passed, %d failed\n", name, unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}

#endif
