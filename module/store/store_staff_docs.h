/* porch — SPDX-License-Identifier: MIT
 * The staff documents pages' reads: the list (search by title, filter by customer
 * or property, three orders, pages) and the customer and properties an upload
 * form names. SQL text in store_sql.c.
 */
#ifndef PORCH_STORE_STAFF_DOCS_H
#define PORCH_STORE_STAFF_DOCS_H

#include <stdint.h>

#include "db.h"

enum staff_doc_sort { SDS_NEWEST, SDS_TITLE, SDS_CUSTOMER, SDS__MAX };

struct staff_doc_query {
	const char		*title;		/* part of the title, NULL: any */
	int64_t			 customer;	/* 0: any */
	int64_t			 property;	/* 0: any */
	enum staff_doc_sort	 sort;
	long long		 offset;
	long long		 limit;
};

struct staff_doc {
	int64_t	 id;
	char	*title;
	char	*file_name;
	int	 is_private;
	int64_t	 size_bytes;
	char	*sha256;		/* "" when none */
	int	 has_file;
	char	*created;		/* YYYY-MM-DD HH:MM */
	int64_t	 customer_id;
	char	*customer_name;
	int64_t	 property_id;		/* 0: the whole customer */
	char	*property_name;
};

/* One page of q's documents, and how many match in all. */
int	store_staff_docs(struct arena *a, int64_t tenant, const struct staff_doc_query *q,
	    struct staff_doc **rows, size_t *n, long long *total);

struct staff_doc_owner {
	int64_t	 id;
	char	*name;
};

/* The tenant's customer id (its name), *found 0 when it is not the tenant's. */
int	store_staff_doc_customer(struct arena *a, int64_t tenant, int64_t id,
	    struct staff_doc_owner *c, int *found);
/* The customer's properties by name, at most limit. */
int	store_staff_doc_properties(struct arena *a, int64_t tenant, int64_t customer,
	    size_t limit, struct staff_doc_owner **rows, size_t *n);

#endif
