/* porch — SPDX-License-Identifier: MIT
 * The tenant's brand: colour, logo and the sender name of its mail, set by its
 * admins (see change.h). The logo's file is checked and put in place by the page
 * (handlers/staff/brand.c); this is the row.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "brand.h"
#include "change.h"
#include "mail.h"
#include "store.h"

#define MAIL_NAME_MAX	100	/* characters of the sender name */

/* The refusals of the input, before anything is read. */
static int
brand_check(const struct brand_in *in, char color[8],
    struct change_result *out)
{
	struct rgb c;

	color[0] = '\0';
	if (in->color != NULL) {
		if (brand_color_parse(in->color, &c) < 0) {
			out->field = "/color";
			return change_refuse(out, CHANGE_INVALID, "Brand not saved", "The "
			    "colour must be written #rrggbb, as the colour field sends it.");
		}
		brand_color_format(c, color);
	}
	if (in->mail_name != NULL && (!change_line_ok(in->mail_name, MAIL_NAME_MAX, 1) ||
	    mail_text_problem(in->mail_name) != NULL)) {
		out->field = "/mail_name";
		return change_refuse(out, CHANGE_INVALID, "Brand not saved", "The sender "
		    "name must be 1 to %d characters on one line.", MAIL_NAME_MAX);
	}
	return CHANGE_OK;
}

/* A new logo is a file of this tenant's (slug) brand directory, with its size. */
static int
logo_check(const struct brand_in *in, const char *slug, struct change_result *out)
{
	char prefix[80];
	int n;

	if (in->logo != BRAND_LOGO_SET)
		return CHANGE_OK;
	n = snprintf(prefix, sizeof(prefix), "%s/brand/logo-", slug);
	if (in->logo_path == NULL || n < 0 || (size_t)n >= sizeof(prefix) ||
	    strncmp(in->logo_path, prefix, (size_t)n) != 0 ||
	    strchr(in->logo_path + n, '/') != NULL || in->logo_width < 1 ||
	    in->logo_width > BRAND_LOGO_MAX_SIDE || in->logo_height < 1 ||
	    in->logo_height > BRAND_LOGO_MAX_SIDE) {
		out->field = "/logo";
		return change_refuse(out, CHANGE_INVALID, "Brand not saved", "The logo "
		    "is not a checked file of this tenant.");
	}
	return CHANGE_OK;
}

/* The row locked, set, audited: in the transaction. */
static int
brand_write(const struct actor *who, const struct brand_in *in, const char *color,
    const char **old_logo, struct change_result *out)
{
	struct tenant t, now;
	char changed[64] = "";
	int found, rc;

	if ((rc = store_tenant_brand_lock(who->a, who->tenant, &t, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	if ((rc = logo_check(in, t.slug, out)) != CHANGE_OK)
		return rc;
	now = t;
	now.brand_color = color[0] != '\0' ? (char *)color : NULL;
	now.mail_from_name = (char *)in->mail_name;
	if (in->logo == BRAND_LOGO_SET) {
		now.logo_path = (char *)in->logo_path;
		now.logo_width = in->logo_width;
		now.logo_height = in->logo_height;
	} else if (in->logo == BRAND_LOGO_REMOVE)
		now.logo_path = NULL;
	change_differs(changed, sizeof(changed), "color",
	    !change_same(t.brand_color, now.brand_color));
	change_differs(changed, sizeof(changed), "logo",
	    !change_same(t.logo_path, now.logo_path));
	change_differs(changed, sizeof(changed), "mail_name",
	    !change_same(t.mail_from_name, now.mail_from_name));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_tenant_brand_set(who->a, &now)) != DB_OK)
		return rc;
	if (!change_same(t.logo_path, now.logo_path))
		*old_logo = t.logo_path;
	return change_audit(who, "tenant.brand", "tenant", who->tenant, changed);
}

int
change_brand_set(const struct actor *who, const struct brand_in *in,
    const char **old_logo, struct change_result *out)
{
	char color[8];
	int rc;

	memset(out, 0, sizeof(*out));
	*old_logo = NULL;
	out->id = who->tenant;
	if ((rc = brand_check(in, color, out)) != CHANGE_OK)
		return rc;
	/* Run again after a conflict, each run from the row as it is then. */
	STORE_TXN(rc, (change_rerun(out, NULL), *old_logo = NULL,
	    brand_write(who, in, color, old_logo, out)));
	if (rc != DB_OK)
		*old_logo = NULL;
	return rc;
}
