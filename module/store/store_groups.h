/* porch — SPDX-License-Identifier: MIT
 * Typed access to permission groups as staff manage them: the list with how many
 * grants use each, adding, editing, the default group, moving grants and deleting,
 * and the two groups every tenant starts with. Every function takes the tenant and
 * returns DB_OK or a DB_* error; strings live in the arena.
 */
#ifndef PORCH_STORE_GROUPS_H
#define PORCH_STORE_GROUPS_H

#include <stdint.h>

#include "authz.h"
#include "db.h"

/* The name of the system group every tenant has (token-link visitors). */
#define GROUP_SYSTEM_NAME	"Non-Portal Users"
/* permission_groups.name is VARCHAR(100): characters, not bytes. */
#define GROUP_NAME_MAX		100

struct perm_group {
	int64_t			 id;
	char			*name;
	struct authz_group	 rights;
	int			 is_default;
	int			 is_system;
	long			 grants;	/* access grants using the group */
};

/* Row i of GROUP_SELECT (store_sql.c) into group, a struct perm_group; -1 when
 * the database holds a name porch lacks. */
struct db_res;
int	store_group_fill(const struct db_res *r, size_t i, const void *ctx,
	    void *group);

/* Every group of the tenant by name; *groups in a. */
int	store_groups_list(struct arena *a, int64_t tenant, struct perm_group **groups,
	    size_t *n);
/* *found 0 when id is not one of the tenant's groups. */
int	store_group_get(struct arena *a, int64_t tenant, int64_t id,
	    struct perm_group *g, int *found);
/*
 * Adds g (its name, rights and markers; id and grants are ignored) and sets *id.
 * DB_CONFLICT when the name is taken in the tenant, or g would be a second default
 * or system group.
 */
int	store_group_add(struct arena *a, int64_t tenant, const struct perm_group *g,
	    const char *description, int64_t *id);
/*
 * Sets name and rights of group g->id. DB_CONFLICT when the name is taken.
 * This, store_group_set_default() and store_group_grants_move() return
 * GRANT_NOTIFY_TAKEN (store_grants.h; roll back, store_notify_check() says who)
 * when the change would give notify.bookings to a second user of a property or
 * to the default group.
 */
int	store_group_update(struct arena *a, int64_t tenant, const struct perm_group *g);
/*
 * Makes id the tenant's only default group; call it inside a transaction so the old
 * default is never lost. *found 0 when id is not the tenant's (roll back then).
 */
int	store_group_set_default(struct arena *a, int64_t tenant, int64_t id,
	    int *found);
/* Moves every grant of group from to group to; *moved their number. */
int	store_group_grants_move(struct arena *a, int64_t tenant, int64_t from,
	    int64_t to, long *moved);
/*
 * Deletes the group unless it is the system or the default group or a grant uses
 * it (grants would go with it); *deleted 0 when it stayed.
 */
int	store_group_del(struct arena *a, int64_t tenant, int64_t id, int *deleted);
/*
 * The groups of a new tenant: the system group "Non-Portal Users" (calendar.view,
 * no money) and the default group "Owners". Call it in the transaction that adds
 * the tenant.
 */
int	store_groups_init(struct arena *a, int64_t tenant);

#endif
