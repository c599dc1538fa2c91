/* porch — SPDX-License-Identifier: MIT
 * Device names from User-Agent strings: two tables of marks, each read in order,
 * the first mark found naming the browser or the system. Order matters: Edge,
 * Opera and Samsung's browser also say "Chrome", Chrome also says "Safari",
 * Android also says "Linux", an iPhone also says "Mac OS X".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "util.h"

struct mark {
	const char	*in;	/* found anywhere in the User-Agent */
	const char	*name;
};

static const struct mark browsers[] = {
	{ "Edg/", "Edge" },
	{ "EdgA/", "Edge" },
	{ "EdgiOS/", "Edge" },
	{ "OPR/", "Opera" },
	{ "SamsungBrowser/", "Samsung Internet" },
	{ "FxiOS/", "Firefox" },
	{ "Firefox/", "Firefox" },
	{ "CriOS/", "Chrome" },
	{ "Chromium/", "Chromium" },
	{ "Chrome/", "Chrome" },
	{ "Version/", "Safari" },	/* with "Safari/", checked below */
	{ "curl/", "curl" },
	{ "Wget/", "Wget" },
};

static const struct mark systems[] = {
	{ "iPhone", "iPhone" },
	{ "iPad", "iPad" },
	{ "Android", "Android" },
	{ "Windows", "Windows" },
	{ "CrOS", "ChromeOS" },
	{ "Mac OS X", "macOS" },
	{ "Macintosh", "macOS" },
	{ "Linux", "Linux" },
};

static const char *
first_mark(const char *ua, const struct mark *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(ua, m[i].in) != NULL)
			return m[i].name;
	return NULL;
}

void
agent_name(const char *ua, char out[AGENT_NAME_MAX])
{
	const char *browser = NULL, *system = NULL;

	if (ua != NULL) {
		browser = first_mark(ua, browsers, NELEM(browsers));
		if (browser != NULL && strcmp(browser, "Safari") == 0 &&
		    strstr(ua, "Safari/") == NULL)
			browser = NULL;
		system = first_mark(ua, systems, NELEM(systems));
	}
	if (browser != NULL && system != NULL)
		snprintf(out, AGENT_NAME_MAX, "%s on %s", browser, system);
	else
		snprintf(out, AGENT_NAME_MAX, "%s", browser != NULL ? browser :
		    system != NULL ? system : "Unknown device");
}
