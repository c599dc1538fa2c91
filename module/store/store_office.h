/* porch — SPDX-License-Identifier: MIT
 * Customers, contacts and properties as staff manage them on the back-office
 * pages: paged lists with a search and a sort, a customer's page, rows by id for
 * the change functions, archiving; SQL text in store_sql.c.
 */
#ifndef PORCH_STORE_OFFICE_H
#define PORCH_STORE_OFFICE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "store.h"
#include "store_customers.h"
#include "store_properties.h"

#define OFFICE_PAGE_ROWS	50	/* rows of a list page */
#define OFFICE_PAGE_MAX		10000	/* the last page a list may ask for */
#define OFFICE_ROWS_MAX		500	/* contacts, properties, users on a customer page */

/* A page of a list: the search (NULL: none), archived rows too, the sort. */
struct office_query {
	const char	*q;		/* matched anywhere in name or email (city) */
	int		 archived;
	int		 by_created;	/* newest first; else by name */
	unsigned	 page;		/* from 1 */
};

/* A customer as the staff list and page show it. */
struct office_customer {
	struct customer_row c;
	char		*created;	/* "YYYY-MM-DD" */
	int64_t		 users;		/* portal users not disabled */
};

/* A portal user on its customer's page. */
struct office_user {
	int64_t		 id;
	char		*login;
	char		*status;
	char		*contact;	/* the contact's name; NULL: the customer's own */
	int		 mfa_required;
	int		 mfa_enrolled;
	char		*last_action;	/* "YYYY-MM-DD HH:MM", NULL when never */
};

/*
 * A page of the tenant's customers (properties): at most OFFICE_PAGE_ROWS rows in
 * *rows (*n), and *more set when another page follows.
 */
int	store_office_customers(struct arena *a, int64_t tenant,
	    const struct office_query *q, struct office_customer **rows, size_t *n,
	    int *more);
int	store_office_properties(struct arena *a, int64_t tenant,
	    const struct office_query *q, struct property_row **rows, size_t *n,
	    int *more);
int	store_office_customer(struct arena *a, int64_t tenant, int64_t id,
	    struct office_customer *c, int *found);
/* A customer's contacts, properties and portal users (archived ones last). */
int	store_office_contacts(struct arena *a, int64_t tenant, int64_t customer,
	    struct contact_row **rows, size_t *n);
int	store_office_properties_of(struct arena *a, int64_t tenant, int64_t customer,
	    struct property_row **rows, size_t *n);
int	store_office_users(struct arena *a, int64_t tenant, int64_t customer,
	    struct office_user **rows, size_t *n);

/* The tenant's customer, contact or property id; lock: FOR UPDATE, inside a
 * change's transaction (a customer is only read locked). */
int	store_customer_by_id(struct arena *a, int64_t tenant, int64_t id,
	    struct customer_row *c, int *found);
int	store_contact_by_id(struct arena *a, int64_t tenant, int64_t id, int lock,
	    struct contact_row *k, int *found);
int	store_property_by_id(struct arena *a, int64_t tenant, int64_t id, int lock,
	    struct property_row *p, int *found);

enum office_kind { OFFICE_CUSTOMER, OFFICE_CONTACT, OFFICE_PROPERTY,
	OFFICE_KIND__MAX };

/* Archives (on) or brings back row id of kind. */
int	store_office_archive(struct arena *a, enum office_kind kind, int64_t tenant,
	    int64_t id, int on);

/* Ends the sessions of customer id's portal users. */
int	store_customer_sessions_del(struct arena *a, int64_t tenant, int64_t id);

#endif
