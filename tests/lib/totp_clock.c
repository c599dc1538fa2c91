/* porch — SPDX-License-Identifier: MIT
 * The TOTP clock of tests/porchd-test, the test build of porchd (never installed):
 * linked before libporch.a, it replaces module/auth/totp_clock.c. With PORCH_TEST_TOTP_CLOCK
 * naming a file, "now" is the Unix time written in it, read at every check, so a test
 * decides which 30-second step is current instead of racing the wall clock; without
 * the variable it is the system clock.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "totp.h"

time_t
totp_now(void)
{
	const char *path = getenv("PORCH_TEST_TOTP_CLOCK");
	long long t = 0;
	FILE *f;

	if (path == NULL || *path == '\0')
		return time(NULL);
	/* A clock that cannot be read fails every code, loudly: never the wall clock. */
	if ((f = fopen(path, "r")) == NULL || fscanf(f, "%lld", &t) != 1 || t <= 0) {
		log_error("test clock %s: cannot read a Unix time", path);
		t = 0;
	}
	if (f != NULL)
		fclose(f);
	return (time_t)t;
}
