/* porch — SPDX-License-Identifier: MIT
 * Permission groups: created, saved, made the default, and deleted after their
 * grants move to another group (see change.h). A group's rights reach every portal
 * user holding a grant of it from their next request.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "change.h"
#include "store.h"
#include "store_grants.h"
#include "store_groups.h"

/* Why the system group takes no grants (and so is never the default). */
#define SYSTEM_GROUP_NOT_FOR_GRANTS	"The Non-Portal Users group decides what " \
	"token-link visitors see; it is not for portal users' grants."

/* The audit detail of a group: its name and what it allows, never a secret. */
static const char *
group_detail(const struct actor *who, const struct perm_group *g, const char *extra)
{
	char perms[AUTHZ_SET_TEXT_MAX], fields[AUTHZ_SET_TEXT_MAX], d[2000];

	authz_perms_format(g->rights.perms, perms, sizeof(perms));
	authz_fin_fields_format(g->rights.fin.list, fields, sizeof(fields));
	snprintf(d, sizeof(d), "name=%s perms=%s level=%s filter=%s fields=%s%s "
	    "instead=%lld%s", g->name, perms, authz_fin_level_name(g->rights.fin.level),
	    authz_fin_filter_name(g->rights.fin.filter), fields,
	    change_formula_ids(who, &g->rights.fin), (long long)g->rights.instead,
	    extra != NULL ? extra : "");
	return arena_strdup(who->a, d);
}

/*
 * Inside the transaction, after the store said GRANT_NOTIFY_TAKEN for a change of
 * group (0: the default group's): the refusal saying who holds notify.bookings.
 */
static int
notify_refused(const struct actor *who, int64_t group, struct change_result *out)
{
	struct notify_clash c;

	if (store_notify_check(who->a, who->tenant, 0, group, &c) == GRANT_NOTIFY_TAKEN)
		return change_notify_refuse(who, &c, out);
	return change_refuse(out, CHANGE_CONFLICT, NOTIFY_TAKEN,
	    "\xe2\x80\x9cReceive booking emails\xe2\x80\x9d goes to one portal user "
	    "per property; nothing was changed.");
}

/* The refusal of a group's name (trimmed by the caller), or CHANGE_OK. */
static int
name_check(const char *name, struct change_result *out)
{
	size_t chars = 0;

	if (name == NULL || name[0] == '\0')
		return change_refuse(out, CHANGE_INVALID, "Bad group",
		    "A group needs a name.");
	for (const char *s = name; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return change_refuse(out, CHANGE_INVALID, "Bad group",
			    "A group name cannot contain control characters.");
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	}
	if (chars > GROUP_NAME_MAX)
		return change_refuse(out, CHANGE_INVALID, "Bad group",
		    "A group name is at most 100 characters.");
	return CHANGE_OK;
}

/* Adds or saves g, inside the transaction. */
static int
group_write(const struct actor *who, const struct perm_group *g, const char *was_named,
    struct change_result *out)
{
	char extra[16 + 4 * GROUP_NAME_MAX] = "";
	int rc;

	if (g->id == 0)
		rc = store_group_add(who->a, who->tenant, g, NULL, &out->id);
	else
		rc = store_group_update(who->a, who->tenant, g);
	if (rc == GRANT_NOTIFY_TAKEN)
		return notify_refused(who, g->id, out);
	if (rc != DB_OK)
		return rc;
	if (was_named != NULL && strcmp(g->name, was_named) != 0)
		snprintf(extra, sizeof(extra), " renamed_from=%s", was_named);
	return change_audit(who, g->id == 0 ? "group.create" : "group.update", "group",
	    out->id, group_detail(who, g, extra));
}

int
change_group_save(const struct actor *who, const struct perm_group *g,
    const char *was_named, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = g->id;
	if ((rc = name_check(g->name, out)) != CHANGE_OK)
		return rc;
	/* The name is unique in the tenant: the insert or the commit says so. */
	STORE_TXN(rc, (change_rerun(out, NULL), group_write(who, g, was_named, out)));
	if (rc == DB_CONFLICT)
		return change_refuse(out, CHANGE_CONFLICT, "Name taken", g->id == 0 ?
		    "A group with that name already exists; nothing was created." :
		    "Another group already has that name; nothing was changed.");
	return rc;
}

/* Makes g the default, inside the transaction. */
static int
group_default(const struct actor *who, const struct perm_group *g,
    struct change_result *out)
{
	int found, rc;

	if ((rc = store_group_set_default(who->a, who->tenant, g->id, &found)) ==
	    GRANT_NOTIFY_TAKEN)
		return notify_refused(who, g->id, out);
	if (rc != DB_OK)
		return rc;
	if (!found)
		return DB_ERROR;
	return change_audit(who, "group.default", "group", g->id,
	    group_detail(who, g, NULL));
}

int
change_group_default(const struct actor *who, const struct perm_group *g,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = g->id;
	if (g->is_system)
		return change_refuse(out, CHANGE_CONFLICT, "Not for grants",
		    SYSTEM_GROUP_NOT_FOR_GRANTS " It cannot be the default group; "
		    "nothing was changed.");
	/* Clear and set in one transaction: the tenant is never without a default. */
	STORE_TXN(rc, (change_rerun(out, NULL), group_default(who, g, out)));
	return rc;
}

int
change_group_deletable(const struct perm_group *g, struct change_result *out)
{
	if (g->is_system)
		return change_refuse(out, CHANGE_CONFLICT, "Not deleted", "The Non-Portal "
		    "Users group decides what token-link visitors see: it can be edited "
		    "but not deleted.");
	if (g->is_default)
		return change_refuse(out, CHANGE_CONFLICT, "Not deleted", "New portal "
		    "users get the default group: make another group the default before "
		    "deleting this one.");
	return CHANGE_OK;
}

/* Moves g's grants to to (when not NULL) and deletes g, inside the transaction. */
static int
group_delete(const struct actor *who, const struct perm_group *g,
    const struct perm_group *to, struct change_result *out)
{
	char extra[160];
	long moved = 0;
	int deleted, rc;

	if (to != NULL && (rc = store_group_grants_move(who->a, who->tenant, g->id,
	    to->id, &moved)) != DB_OK)
		return rc == GRANT_NOTIFY_TAKEN ? notify_refused(who, to->id, out) : rc;
	if ((rc = store_group_del(who->a, who->tenant, g->id, &deleted)) != DB_OK)
		return rc;
	/* A grant was made meanwhile (or the group changed): keep everything. */
	if (!deleted)
		return change_refuse(out, CHANGE_CONFLICT, "Not deleted", "The group "
		    "changed while you looked at it (new grants use it, or it became the "
		    "default); nothing was deleted. Try again.");
	snprintf(extra, sizeof(extra), " grants_moved=%ld to_group=%" PRId64, moved,
	    to != NULL ? to->id : 0);
	return change_audit(who, "group.delete", "group", g->id,
	    group_detail(who, g, extra));
}

int
change_group_delete(const struct actor *who, const struct perm_group *g,
    const struct perm_group *to, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = g->id;
	if ((rc = change_group_deletable(g, out)) != CHANGE_OK)
		return rc;
	if (to != NULL && to->id == g->id)
		return change_refuse(out, CHANGE_INVALID, "Not deleted", "The grants "
		    "cannot move to the group being deleted.");
	if (to != NULL && to->is_system)
		return change_refuse(out, CHANGE_CONFLICT, "Not for grants",
		    SYSTEM_GROUP_NOT_FOR_GRANTS " Grants cannot move to it; nothing was "
		    "moved or deleted.");
	STORE_TXN(rc, (change_rerun(out, NULL), group_delete(who, g, to, out)));
	return rc;
}
