/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the response: redirects only to local paths, and a refused one
 * answers porch's error page with the request id; a cookie set again goes once.
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

	/* A cookie set again (a session made in a transaction run again) goes once. */
	resp_reset(&p);
	resp_header(&p, "Set-Cookie", "porch_session=first; Path=/");
	resp_header(&p, "Set-Cookie", "porch_signin=keep; Path=/");
	resp_header(&p, "Set-Cookie", "porch_session_x=other; Path=/");
	resp_header(&p, "Cache-Control", "no-store");
	resp_cookie_drop(&p, "porch_session");
	resp_header(&p, "Set-Cookie", "porch_session=second; Path=/");
	is_str(p.headers.data, "Set-Cookie: porch_signin=keep; Path=/\r\n"
	    "Set-Cookie: porch_session_x=other; Path=/\r\n"
	    "Cache-Control: no-store\r\n"
	    "Set-Cookie: porch_session=second; Path=/\r\n",
	    "a cookie dropped and set again is sent once, the others kept in order");
	resp_cookie_drop(&p, "absent");
	ok(p.headers.len == strlen(p.headers.data) && strstr(p.headers.data,
	    "porch_session=second") != NULL, "dropping a cookie never set changes nothing");
	resp_reset(&p);
	resp_cookie_drop(&p, "porch_session");
	ok(p.headers.len == 0, "dropping from no headers leaves none");
	resp_free(&p);
	return tap_done();
}
