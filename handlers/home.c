/* porch — SPDX-License-Identifier: MIT
 * GET /: the tenant's front page, with its name and the way in.
 */
#include "config.h"

#include "handlers.h"
#include "html.h"
#include "tenant.h"

int
handle_home(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;

	page_begin(r, p, "Welcome");
	html_raw(b, "<section class=\"welcome\">\n<h1>");
	html_text(b, r->tenant->name);
	html_raw(b, "</h1>\n<p>This is the customer portal of ");
	html_text(b, r->tenant->name);
	html_raw(b, ". Owners and their contacts find their calendars, bookings, "
	    "statements and documents here.</p>\n"
	    "<p><a class=\"button\" href=\"/login\">Sign in</a></p>\n"
	    "<p class=\"hint\">Got a link by email? Open it to go straight to your "
	    "portal.</p>\n</section>\n");
	page_end(p);
	return 0;
}
