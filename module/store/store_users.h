/* porch — SPDX-License-Identifier: MIT
 * Typed access to portal users as staff manage them (the customer roster, creating
 * users, status), their default grant, and invitation / password-reset action tokens.
 * Every function takes the tenant and returns DB_OK or a DB_* error.
 */
#ifndef PORCH_STORE_USERS_H
#define PORCH_STORE_USERS_H

#include <stdint.h>

#include "db.h"

/* A customer or one of its contacts: who a portal user is for. */
struct person {
	int64_t		 customer_id;
	int64_t		 contact_id;	/* 0: the customer itself */
	char		*name;
	char		*email;		/* NULL when none */
};

struct portal_user {
	int64_t		 id;
	int64_t		 customer_id;
	int64_t		 contact_id;	/* 0: none */
	char		*login;
	int		 login_is_email;
	char		*status;	/* "invited", "active", "disabled" */
	char		*name;		/* the contact's or customer's name */
};

/* One line of the customer roster: a customer or contact, and its portal user. */
struct roster_line {
	int64_t		 customer_id;
	int64_t		 contact_id;	/* 0: the customer's own line */
	char		*name;
	char		*email;		/* NULL when none */
	int64_t		 user_id;	/* 0: no portal user yet (the fields below NULL, 0) */
	char		*login;
	char		*status;
	char		*last_action;	/* "YYYY-MM-DD HH:MM" (UTC), NULL when never */
	int		 mfa_required;
	int		 mfa_enrolled;
	int		 mfa_secret;	/* a TOTP secret is stored */
};

/*
 * A page of the roster: the first `limit` customers with an id above `after`,
 * each followed by its contacts, as lines[0..n) (in a); *next the last
 * customer's id when more follow, else 0.
 */
int	store_customer_roster(struct arena *a, int64_t tenant, int64_t after,
	    size_t limit, struct roster_line **lines, size_t *n, int64_t *next);
/* *found 0 when the customer (contact) is not one of the tenant's. */
int	store_customer_get(struct arena *a, int64_t tenant, int64_t id,
	    struct person *out, int *found);
int	store_contact_get(struct arena *a, int64_t tenant, int64_t id,
	    struct person *out, int *found);
/* The customer's contacts as people[0..n) (in a), by id. */
int	store_contacts_of_customer(struct arena *a, int64_t tenant, int64_t customer,
	    struct person **people, size_t *n);
/* The ids of the portal users of a customer (its contacts' too), or of those
 * holding a grant of a permission group, as ids[0..n) (in a), by id. */
int	store_portal_user_ids_of_customer(struct arena *a, int64_t tenant,
	    int64_t customer, int64_t **ids, size_t *n);
int	store_portal_user_ids_of_group(struct arena *a, int64_t tenant, int64_t group,
	    int64_t **ids, size_t *n);
/* *user_id: the portal user of the person, 0 when none. */
int	store_portal_user_of(struct arena *a, int64_t tenant, const struct person *who,
	    int64_t *user_id);
/* DB_CONFLICT when the login is taken in the tenant. */
int	store_portal_user_add(struct arena *a, int64_t tenant, const struct person *who,
	    const char *login, int login_is_email, int64_t *id);
int	store_portal_user_get(struct arena *a, int64_t tenant, int64_t id,
	    struct portal_user *u, int *found);
int	store_portal_user_by_login_full(struct arena *a, int64_t tenant,
	    const char *login, struct portal_user *u, int *found);
int	store_portal_user_set_status(struct arena *a, int64_t tenant, int64_t id,
	    const char *status);
/* A disabled user back to active (invited while no password is set). */
int	store_portal_user_enable(struct arena *a, int64_t tenant, int64_t id);
/*
 * Sets the password from an action link; an invited user becomes active; every
 * other open link of the user dies (as store_password_set(), in the caller's
 * transaction).
 */
int	store_portal_user_activate(struct arena *a, int64_t tenant, int64_t id,
	    const char *hash);
/* *group 0 when the tenant has no default permission group. */
int	store_default_group(struct arena *a, int64_t tenant, int64_t *group);
int	store_grant_add_customer(struct arena *a, int64_t tenant, int64_t user,
	    int64_t group, int64_t customer);

/* kind: "invite" or "reset". */
int	store_action_token_add(struct arena *a, int64_t tenant, const char *kind,
	    const unsigned char hash[32], int64_t user, long ttl_seconds);
/* The portal user of a live, unused token of kind; *user 0 when none. */
int	store_action_token_get(struct arena *a, int64_t tenant, const char *kind,
	    const unsigned char hash[32], int64_t *user);
/* Marks the token used; *used 0 when it was used or expired meanwhile. */
int	store_action_token_use(struct arena *a, int64_t tenant, const char *kind,
	    const unsigned char hash[32], int *used);
/* Ends every unused token of the user (they were disabled; setting a password
 * does it too, in store_password_set() and store_portal_user_activate()). */
int	store_action_tokens_retire(struct arena *a, int64_t tenant, int64_t user);
/* Tokens of kind made for the user within the last seconds. */
int	store_action_tokens_recent(struct arena *a, int64_t tenant, int64_t user,
	    const char *kind, long seconds, long *count);

#endif
