/* porch — SPDX-License-Identifier: MIT
 * A device as people name it ("Chrome on Windows", "Safari on iPhone") from the
 * User-Agent a browser sent, for the lists of sessions.
 */
#ifndef PORCH_AGENT_H
#define PORCH_AGENT_H

#include <stddef.h>

#define AGENT_NAME_MAX	48	/* the longest name agent_name() writes, with its NUL */

/*
 * Names the browser and system ua (may be NULL) speaks of: "BROWSER on SYSTEM",
 * "BROWSER" or "SYSTEM" when only one is known, "Unknown device" when neither.
 */
void	agent_name(const char *ua, char out[AGENT_NAME_MAX]);

#endif
