/* porch — SPDX-License-Identifier: MIT
 * Money formulas (docs/DESIGN.md "Formulas"): a tenant's named sums of the
 * financial fields, their terms, and the formulas groups and users' overrides
 * list. Every function takes the tenant and returns DB_OK or a DB_* error;
 * strings live in the arena.
 */
#ifndef PORCH_STORE_FORMULAS_H
#define PORCH_STORE_FORMULAS_H

#include <stdint.h>

#include "authz.h"
#include "db.h"

/* formulas.name is VARCHAR(100): characters, not bytes. */
#define FORMULA_NAME_MAX	100

/* A term: + or - one field. */
struct formula_term {
	enum fin_field	 field;
	int		 sign;		/* 1 or -1 */
};

struct formula {
	int64_t			 id;
	char			*name;
	struct formula_term	 terms[FIN__MAX];	/* in the order written */
	size_t			 nterms;
	struct authz_formula	 f;		/* the same, as coefficients */
	long			 instead;	/* groups showing it instead of the
						   total price */
};

/* The tenant's formulas in id order (the catalog of authz.h). */
/*
 * The same, as this worker kept them at the tenant's rights version (which every
 * change of a formula bumps), or read and kept.
 */
int	store_formulas_kept(struct arena *a, int64_t tenant, uint64_t version,
	    struct formula **list, size_t *n);
int	store_formulas_list(struct arena *a, int64_t tenant, struct formula **list,
	    size_t *n);
/* *found 0 when id is not one of the tenant's formulas. */
int	store_formula_get(struct arena *a, int64_t tenant, int64_t id,
	    struct formula *out, int *found);
/* Adds f (name, terms) and sets f->id; DB_CONFLICT when the name is taken. */
int	store_formula_add(struct arena *a, int64_t tenant, struct formula *f);
/* Renames f->id and replaces its terms; DB_CONFLICT when the name is taken. */
int	store_formula_update(struct arena *a, int64_t tenant, const struct formula *f);
/* Deletes id unless a group shows it instead of the total; *deleted 0 then. */
int	store_formula_del(struct arena *a, int64_t tenant, int64_t id, int *deleted);
/* How many formulas the tenant has. */
int	store_formula_count(struct arena *a, int64_t tenant, long *n);

/*
 * The formulas a group (user 0) or a user's override (group 0) lists: replaced
 * by ids (a formula gone meanwhile is left out); and for a group, the formula
 * shown instead of the total price (0: none).
 */
int	store_formulas_listed_set(struct arena *a, int64_t tenant, int64_t group,
	    int64_t user, const int64_t *ids, size_t n);
int	store_group_instead_set(struct arena *a, int64_t tenant, int64_t group,
	    int64_t formula);

/* The authz.h catalog of list (its first FORMULA_MAX), in a. */
const struct authz_formula *formula_catalog(struct arena *a,
	    const struct formula *list, size_t n);

/*
 * For the store's files: comma-separated ids ("3,5"; NULL or "" none) into an
 * array in a. -1 on anything else.
 */
int	store_id_list(struct arena *a, const char *text, const int64_t **ids,
	    size_t *n);

#endif
