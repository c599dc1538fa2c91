/* porch — SPDX-License-Identifier: MIT
 * The clock TOTP codes are checked against: the system's. The only function in this
 * file, so a test build can link its own (tests/lib/totp_clock.c) in its place.
 */
#include "config.h"

#include <time.h>

#include "totp.h"

time_t
totp_now(void)
{
	return time(NULL);
}
