/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the response: redirects only to local paths, and a refused one
 * answers porch's error page with the request id.
 */
#include "config.h"

#include <string.h>

#include "html.h"
#include "req.h"
#include "tap.h"

int
main(void)
{
	struct resp p;

	resp_init(&p);
	p.req_id = "0123456789abcdef";
	resp_redirect(&p, 303, "/portal?x=1");
	ok(p.status == 303, "a local path is redirected to");
	ok(strstr(p.headers.data, "Location: /portal?x=1\r\n") != NULL,
	    "...with its Location header");

	static const char *const refused[] = { "//evil.test/", "/\\evil.test", "http://x/",
	    "portal" };
	for (size_t i = 0; i < NELEM(refused); i++) {
		resp_reset(&p);
		html_raw(&p.body, "<p>half a page</p>");
		resp_redirect(&p, 303, refused[i]);
		ok(p.status == 500, "redirect to \"%s\" refused with 500", refused[i]);
		ok(strstr(p.headers.data, "Location") == NULL, "...without a Location");
		ok(strstr(p.body.data, "half a page") == NULL &&
		    strstr(p.body.data, "<h1>500 Internal Server Error</h1>") != NULL,
		    "...with the error page in place of the page");
		ok(strstr(p.body.data, "Request id: <code>0123456789abcdef</code>") != NULL,
		    "...naming the request id");
	}
	resp_free(&p);
	return tap_done();
}
