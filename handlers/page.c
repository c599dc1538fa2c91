/* porch — SPDX-License-Identifier: MIT
 * The frame of every tenant page: the tenant's name, logo and colours, and for a
 * signed-in visitor their name ("Link visitor" for a token link's), the Account
 * link and a Sign out button;
 * while staff view the site as a portal user ("log in as"), a banner saying so with
 * the button that ends it.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "session.h"
#include "tenant.h"
#include "upload.h"

void
page_begin(struct req *r, struct resp *p, const char *title)
{
	struct buf *b = &p->body;
	struct session *s = r->session;

	if (p->site == NULL)
		p->site = page_site(r);
	html_page_head_site(b, title, p->site);
	if (s != NULL) {
		html_raw(b, "<nav class=\"user\"><span class=\"user-name\">");
		if (s->row.kind == PRINCIPAL_TOKEN)
			html_raw(b, "Link visitor");
		else
			html_text(b, s->row.name != NULL ? s->row.name : "");
		html_raw(b, "</span> ");
		if (sess_signed_in(r) && s->row.kind != PRINCIPAL_STAFF)
			html_raw(b, "<a href=\"/portal\">Portal</a>\n");
		/* A token visitor has no account, but may end the visit like anyone. */
		if (sess_signed_in(r) && s->row.kind != PRINCIPAL_TOKEN)
			html_raw(b, "<a href=\"/account\">Account</a>\n");
		page_form(b, s->csrf_token, "inline", "/logout");
		html_raw(b, "<button type=\"submit\">Sign out</button></form></nav>\n");
	}
	html_raw(b, "</header>\n");
	if (s != NULL && s->row.impersonator_id != 0) {
		html_raw(b, "<div class=\"impersonation\" role=\"status\">Viewing as "
		    "<strong>");
		html_text(b, s->row.login != NULL ? s->row.login : "");
		html_raw(b, "</strong> \xe2\x80\x94 signed in as staff <strong>");
		html_text(b, s->row.impersonator_name != NULL ? s->row.impersonator_name :
		    "");
		html_raw(b, "</strong>\n");
		page_form(b, s->csrf_token, "inline", "/impersonate/end");
		html_raw(b, "<button type=\"submit\">End</button></form></div>\n");
	}
	html_raw(b, "<main>\n");
}

const struct html_site *
page_site(struct req *r)
{
	const struct tenant *t = r->tenant;
	struct html_site *site;
	struct rgb c;

	if (t == NULL)
		return NULL;
	site = arena_alloc(&r->arena, sizeof(*site));
	memset(site, 0, sizeof(*site));
	site->name = t->name;
	if (t->logo_path != NULL && t->logo_width > 0 && t->logo_height > 0 &&
	    (site->logo = doc_brand_url(r, t->logo_path)) != NULL) {
		site->logo_width = t->logo_width;
		site->logo_height = t->logo_height;
	}
	if (t->brand_color != NULL && brand_color_parse(t->brand_color, &c) == 0)
		site->css = doc_brand_css(r, c);
	return site;
}

struct session *
page_need_staff(struct req *r, struct resp *p)
{
	if (r->session != NULL && r->session->row.kind == PRINCIPAL_STAFF)
		return r->session;
	resp_redirect(p, 303, "/staff/login");
	return NULL;
}

void
page_end(struct resp *p)
{
	html_page_end(&p->body);
}

void
page_new_password_fields(struct buf *b)
{
	html_raw(b, "<label for=\"new\">New password</label>\n"
	    "<input id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" "
	    "required maxlength=\"512\">\n"
	    "<p class=\"hint\">At least 12 characters. A few unrelated words make a good "
	    "password.</p>\n<label for=\"confirm\">New password again</label>\n"
	    "<input id=\"confirm\" name=\"confirm\" type=\"password\" "
	    "autocomplete=\"new-password\" required maxlength=\"512\">\n");
}

void
page_form(struct buf *b, const char *token, const char *cls, const char *fmt, ...)
{
	va_list ap;

	html_raw(b, "<form method=\"post\" action=\"");
	va_start(ap, fmt);
	html_vattrf(b, fmt, ap);
	va_end(ap);
	if (cls != NULL) {
		html_raw(b, "\" class=\"");
		html_attr(b, cls);
	}
	html_raw(b, "\">\n");
	csrf_field(b, token);
}

void
page_button(struct buf *b, const struct session *s, const char *action,
    const char *name, int64_t id, const char *act, const char *label)
{
	page_form(b, s->csrf_token, "inline", "%s", action);
	if (name != NULL)
		html_hidden(b, name, "%lld", (long long)id);
	if (act != NULL)
		html_hidden(b, "do", "%s", act);
	html_raw(b, "<button type=\"submit\">");
	html_text(b, label);
	html_raw(b, "</button></form>\n");
}

void
page_notice_textf(struct resp *p, const char *id, const char *fmt, ...)
{
	struct buf *b = &p->body;
	va_list ap;

	html_raw(b, "<p class=\"notice\" role=\"status\"");
	if (id != NULL) {
		html_raw(b, " id=\"");
		html_attr(b, id);
		html_raw(b, "\"");
	}
	html_raw(b, ">");
	va_start(ap, fmt);
	html_vtextf(b, fmt, ap);
	va_end(ap);
	html_raw(b, "</p>\n");
}

void
page_notice_text(struct resp *p, const char *sentence)
{
	page_notice_textf(p, NULL, "%s", sentence);
}

void
page_notice(struct resp *p, const char *const notices[][2], size_t n,
    const char *key)
{
	for (size_t i = 0; key != NULL && i < n; i++)
		if (strcmp(key, notices[i][0]) == 0) {
			page_notice_text(p, notices[i][1]);
			return;
		}
}

void
page_error_text(struct resp *p, const char *message)
{
	html_raw(&p->body, "<p class=\"error\" role=\"alert\">");
	html_text(&p->body, message);
	html_raw(&p->body, "</p>\n");
}

void
page_actor(struct req *r, struct actor *who)
{
	const struct session *s = r->session;

	memset(who, 0, sizeof(*who));
	who->a = &r->arena;
	who->cfg = r->cfg;
	who->tenant = r->tenant != NULL ? r->tenant->id : 0;
	who->ip = r->remote_addr[0] ? r->remote_addr : NULL;
	who->req_id = r->id;
	who->name = "";
	who->tenant_name = r->tenant != NULL ? r->tenant->name : "";
	who->origin = r->host != NULL ? req_origin(r) : NULL;
	if (s == NULL)
		return;
	who->kind = principal_name(s->row.kind);
	who->id = s->row.kind == PRINCIPAL_TOKEN ? s->row.customer_id : s->row.user_id;
	who->impersonator = s->row.impersonator_id;
	who->name = s->row.kind == PRINCIPAL_STAFF ? s->row.login : portal_visitor_name(r);
}

int
status_for_change(int rc)
{
	switch (rc) {
	case CHANGE_INVALID:
		return 400;
	case CHANGE_NOT_FOUND:
		return 404;
	case CHANGE_CONFLICT:
		return 409;
	case CHANGE_BUSY:
		return 503;
	default:
		return status_for_db(rc);
	}
}
