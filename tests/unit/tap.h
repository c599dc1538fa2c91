/* porch — SPDX-License-Identifier: MIT
 * A minimal TAP producer for the unit tests: one line per check, the plan at the end.
 */
#ifndef PORCH_TAP_H
#define PORCH_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static void __attribute__((format(printf, 4, 5)))
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		printf("# failed at %s:%d\n", file, line);
		tap_failed++;
	}
}

static void
is_str(const char *got, const char *want, const char *what)
{
	int pass = got != NULL && strcmp(got, want) == 0;

	ok(pass, "%s", what);
	if (!pass)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got ? got : "(null)", want);
}

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
