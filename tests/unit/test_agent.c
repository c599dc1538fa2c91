/* porch — SPDX-License-Identifier: MIT
 * Unit tests of device names (agent_name()) from real browsers' User-Agent strings.
 */
#include "config.h"

#include "agent.h"
#include "tap.h"

static void
named(const char *ua, const char *want)
{
	char out[AGENT_NAME_MAX];

	agent_name(ua, out);
	is_str(out, want, want);
}

int
main(void)
{
	named("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows");
	named("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70", "Edge on Windows");
	named("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
	    "(KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS");
	named("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
	    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	    "Safari on iPhone");
	named("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
	    "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
	    "Chrome on iPhone");
	named("Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
	    "like Gecko) FxiOS/132.0 Mobile/15E148 Safari/605.1.15", "Firefox on iPad");
	named("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
	    "Samsung Internet on Android");
	named("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android");
	named("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 "
	    "Firefox/133.0", "Firefox on Linux");
	named("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome on Linux");
	named("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera on Windows");
	named("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS");
	named("curl/7.88.1", "curl");
	named("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36", "Android");
	named("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Safari/537.36", "Linux");
	named("", "Unknown device");
	named(NULL, "Unknown device");
	named("<script>alert(1)</script>", "Unknown device");
	return tap_done();
}
