/* porch — SPDX-License-Identifier: MIT
 * The tenant's brand for its admins (/staff/brand, ROUTE_ADMIN in routes.c): the
 * logo (a PNG, JPEG or WebP file, checked by its content and put under the
 * tenant's directory, where the web server sends it from), the brand colour and
 * the sender name of the tenant's mail. One multipart form; the change is
 * change_brand_set() (module/change/brand.c), audited as tenant.brand.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "brand.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "local.h"
#include "session.h"
#include "tenant.h"
#include "upload.h"

/* The colour field shows porch's own accent while the tenant has none. */
#define DEFAULT_COLOR	"#1f6feb"
#define MAIL_NAME_MAX	100

enum brand_key {
	BK_COLOR,		/* "#rrggbb" from the colour field */
	BK_NO_COLOR,		/* check box: porch's own colours */
	BK_MAIL_NAME,		/* the sender name; empty: the tenant's name */
	BK_NO_LOGO,		/* check box: remove the logo */
	BK_DONE,		/* query: the notice of a finished change */
	BK_TIME_ZONE,		/* /staff/brand/local: an IANA name */
	BK_NUMBER_FORMAT,	/* and a number format's name */
	BK__MAX
};

static const struct input_key brand_keys[BK__MAX] = {
	[BK_COLOR] = { "color", IN_LINE, 0, 0, 16 },
	[BK_NO_COLOR] = { "no_color", IN_FLAG, 0, 0, 0 },
	[BK_MAIL_NAME] = { "mail_name", IN_LINE, 0, 0, MAIL_NAME_MAX },
	[BK_NO_LOGO] = { "no_logo", IN_FLAG, 0, 0, 0 },
	[BK_DONE] = { "done", IN_RAW, 0, 0, 0 },
	[BK_TIME_ZONE] = { "time_zone", IN_LINE, 0, 0, LOCAL_ZONE_MAX - 1 },
	[BK_NUMBER_FORMAT] = { "number_format", IN_LINE, 0, 0, 16 },
};

static const char *const notices[][2] = {
	{ "saved", "The brand was saved. Every page and mail of the portal uses it "
	    "from now on." },
	{ "same", "Nothing was changed." },
	{ "local", "The time zone and number format were saved. Every page, PDF and "
	    "mail shows times and money in them from now on." },
};

/*
 * The form of the tenant's local formats (POST /staff/brand/local): its time zone
 * (zone: as typed after a refusal, else the tenant's) and number format.
 */
static void
local_form(struct buf *b, const struct session *s, const struct tenant *t,
    const char *zone)
{
	char sample[MONEY_LEN];

	html_raw(b, "<h2 id=\"local\">Time zone and numbers</h2>\n");
	page_form(b, s->csrf_token, "local", "/staff/brand/local");
	html_raw(b, "<fieldset class=\"brand\">\n<legend>Time zone and numbers"
	    "</legend>\n<label for=\"time_zone\">Time zone</label>\n<input "
	    "id=\"time_zone\" name=\"time_zone\" type=\"text\" maxlength=\"63\" "
	    "autocomplete=\"off\" spellcheck=\"false\" value=\"");
	html_attr(b, zone != NULL ? zone : t->time_zone != NULL ? t->time_zone :
	    LOCAL_ZONE_DEFAULT);
	html_raw(b, "\">\n<p class=\"hint\">A name such as Europe/Berlin, "
	    "America/New_York or UTC. Every time of day on the portal's pages, PDFs "
	    "and mail is shown in it, unless a person chooses their own on their "
	    "Account page. Dates of bookings stay as they are.</p>\n"
	    "<label for=\"number_format\">Money</label>\n<select id=\"number_format\" "
	    "name=\"number_format\">\n");
	for (int f = 0; f < NUMFMT__MAX; f++) {
		money_format(sample, 123456, "EUR", f);
		html_raw(b, "<option value=\"");
		html_attr(b, numfmt_name(f));
		html_raw(b, "\"");
		if (f == t->number_format)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_textf(b, "%s (%s)", numfmt_sample(f), sample);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select>\n<p class=\"hint\">How amounts are written, with the "
	    "currency's symbol.</p>\n</fieldset>\n"
	    "<p><button type=\"submit\">Save time zone and numbers</button></p>\n"
	    "</form>\n");
}

/* The page: what is set now, and the forms; error (NULL: none) above them, zone
 * the time zone as typed (NULL: the tenant's). */
static int
brand_page_zone(struct req *r, struct resp *p, const struct session *s,
    const char *error, const char *zone)
{
	const struct tenant *t = r->tenant;
	const struct html_site *site;
	struct buf *b = &p->body;
	struct input_val in[BK__MAX];
	struct rgb c;
	char color[8] = DEFAULT_COLOR;
	int has_color = t->brand_color != NULL && brand_color_parse(t->brand_color, &c) == 0;

	if (has_color)
		brand_color_format(c, color);
	input_read(r, INPUT_QUERY, brand_keys, BK__MAX, in);
	page_begin(r, p, "Brand");
	site = p->site;
	html_raw(b, "<h1>Brand</h1>\n");
	page_notice(p, notices, NELEM(notices), in[BK_DONE].s);
	if (error != NULL)
		page_error_text(p, error);
	html_raw(b, "<p>The logo, colour and name that every page of the portal, its "
	    "error pages and its mail show. Text on the colour is white or black, "
	    "whichever reads better, and links use the colour darkened until they read "
	    "on white.</p>\n");
	page_form_upload(b, s->csrf_token, "/staff/brand");
	html_raw(b, "<fieldset class=\"brand\">\n<legend>Logo</legend>\n");
	if (site != NULL && site->logo != NULL) {
		html_raw(b, "<p class=\"brand-logo-now\"><img class=\"brand-logo-now\" src=\"");
		html_attr(b, site->logo);
		html_rawf(b, "\" alt=\"The logo now\" width=\"%d\" height=\"%d\"></p>\n",
		    site->logo_width, site->logo_height);
		html_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"no_logo\" "
		    "value=\"1\"> Remove the logo</label>\n");
	} else
		html_raw(b, "<p>No logo yet: the header shows the name alone.</p>\n");
	html_raw(b, "<label for=\"logo\">New logo</label>\n<input id=\"logo\" "
	    "name=\"logo\" type=\"file\" accept=\"image/png,image/jpeg,image/webp\">\n"
	    "<p class=\"hint\">PNG, JPEG or WebP, at most 1 MiB and 4096 pixels wide or "
	    "tall. It is shown about 40 pixels tall.</p>\n</fieldset>\n");
	html_raw(b, "<fieldset class=\"brand\">\n<legend>Colour</legend>\n"
	    "<label for=\"color\">Brand colour</label>\n<input id=\"color\" name=\"color\" "
	    "type=\"color\" value=\"");
	html_attr(b, color);
	html_raw(b, "\">\n<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"no_color\" value=\"1\"");
	if (!has_color)
		html_raw(b, " checked");
	html_raw(b, "> No brand colour (porch's own)</label>\n</fieldset>\n");
	html_raw(b, "<fieldset class=\"brand\">\n<legend>Mail</legend>\n"
	    "<label for=\"mail_name\">Sender name</label>\n<input id=\"mail_name\" "
	    "name=\"mail_name\" type=\"text\" maxlength=\"100\" value=\"");
	html_attr(b, t->mail_from_name != NULL ? t->mail_from_name : "");
	html_raw(b, "\">\n<p class=\"hint\">Empty: the name of the business, ");
	html_text(b, t->name);
	html_raw(b, ". Mail is sent from the portal's own address.</p>\n</fieldset>\n"
	    "<p><button type=\"submit\">Save</button></p>\n</form>\n");
	local_form(b, s, t, zone);
	page_end(p);
	return 0;
}

static int
brand_page(struct req *r, struct resp *p, const struct session *s, const char *error)
{
	return brand_page_zone(r, p, s, error, NULL);
}

/* A refusal: the page again with the reason, as status. */
static int
refuse(struct req *r, struct resp *p, const struct session *s, int status,
    const char *why)
{
	p->status = status;
	return brand_page(r, p, s, why);
}

/*
 * The form's file, when one was chosen: read (at most BRAND_LOGO_MAX_BYTES),
 * checked by its content and put in place. 0 with *rel set (NULL: no file), or
 * the status with *why.
 */
static int
logo_take(struct req *r, const char **rel, struct brand_image *img, const char **why)
{
	struct upload *up = r->upload;
	unsigned char *data;
	size_t have = 0, size;
	ssize_t got;

	*rel = NULL;
	*why = NULL;
	if (up == NULL || up->filename[0] == '\0' || strcmp(up->field, "logo") != 0)
		return 0;
	if (up->t.size > BRAND_LOGO_MAX_BYTES) {
		*why = "The logo is larger than 1 MiB.";
		return 400;
	}
	size = (size_t)up->t.size;
	data = arena_alloc(&r->arena, size + 1);
	while (have < size) {
		if ((got = pread(up->t.fd, data + have, size - have, (off_t)have)) <= 0)
			return 500;
		have += (size_t)got;
	}
	if ((*why = brand_image_problem(data, size, img)) != NULL)
		return 400;
	return doc_brand_logo_keep(r, &up->t, img->ext, rel);
}

int
handle_staff_brand(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct input_val in[BK__MAX];
	struct change_result out;
	struct brand_image img;
	struct brand_in bi = { 0 };
	struct actor who;
	struct rgb c;
	const char *rel, *old, *why;
	int rc;

	if (s == NULL)
		return 0;
	if (r->method != METHOD_POST)
		return brand_page(r, p, s, NULL);
	input_read(r, INPUT_FORM, brand_keys, BK__MAX, in);
	if (in[BK_COLOR].st == INPUT_BAD)
		return refuse(r, p, s, 400, "The colour must be written #rrggbb.");
	if (in[BK_MAIL_NAME].st == INPUT_BAD)
		return refuse(r, p, s, 400, "The sender name must be one line of at most "
		    "100 characters.");
	if ((rc = logo_take(r, &rel, &img, &why)) != 0)
		return why != NULL ? refuse(r, p, s, rc, why) : rc;
	bi.color = in[BK_NO_COLOR].i ? NULL : in_str(&in[BK_COLOR]);
	bi.mail_name = in_str(&in[BK_MAIL_NAME]);
	if (rel != NULL) {
		bi.logo = BRAND_LOGO_SET;
		bi.logo_path = rel;
		bi.logo_width = (int)img.width;
		bi.logo_height = (int)img.height;
	} else if (in[BK_NO_LOGO].i)
		bi.logo = BRAND_LOGO_REMOVE;
	page_actor(r, &who);
	rc = change_brand_set(&who, &bi, &old, &out);
	if (rc != CHANGE_OK)
		doc_unlink(r, rel);
	if (rc == CHANGE_INVALID)
		return refuse(r, p, s, 400, change_sentence(&out));
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	/* A replaced logo stays a day for pages and mail that still name it; each
	 * change of the logo deletes those left longer ago. */
	if (rel != NULL || old != NULL)
		doc_brand_logo_retire(r, old, rel);
	/* The colour's stylesheet, ready before the next page links it. */
	if (bi.color != NULL && brand_color_parse(bi.color, &c) == 0)
		doc_brand_css(r, c);
	/* This worker shows the new brand at once; the others within
	 * tenant_cache_seconds. */
	tenant_cache_expire();
	resp_redirect(p, 303, out.unchanged ? "/staff/brand?done=same" :
	    "/staff/brand?done=saved");
	return 0;
}

/* POST /staff/brand/local: the tenant's time zone and number format
 * (change_tenant_local()); a refusal is the page again with what was typed. */
int
handle_staff_brand_local(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct input_val in[BK__MAX];
	struct change_result out;
	struct actor who;
	int rc;

	if (s == NULL)
		return 0;
	input_read(r, INPUT_FORM, brand_keys, BK__MAX, in);
	p->status = 400;
	if (in[BK_TIME_ZONE].st == INPUT_BAD || in_str(&in[BK_TIME_ZONE]) == NULL)
		return brand_page_zone(r, p, s, "Time zone not saved: a time zone is "
		    "named like Europe/Berlin.", NULL);
	page_actor(r, &who);
	rc = change_tenant_local(&who, in_str(&in[BK_TIME_ZONE]),
	    in_str(&in[BK_NUMBER_FORMAT]), &out);
	if (rc == CHANGE_INVALID) {
		char why[400];

		snprintf(why, sizeof(why), "%s: %s", out.title, change_sentence(&out));
		return brand_page_zone(r, p, s, why, in_str(&in[BK_TIME_ZONE]));
	}
	p->status = 200;
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	/* This worker shows the new formats at once; the others within
	 * tenant_cache_seconds. */
	tenant_cache_expire();
	resp_redirect(p, 303, out.unchanged ? "/staff/brand?done=same#local" :
	    "/staff/brand?done=local#local");
	return 0;
}
