/* porch — SPDX-License-Identifier: MIT
 * Owner statements (with their lines) and documents as the tenant API addresses
 * them: by the tenant system's external ids, listed in external id order; who is
 * told when one is new; a portal user's choice of that mail. SQL text in
 * store_sql.c.
 */
#ifndef PORCH_STORE_PAPERS_H
#define PORCH_STORE_PAPERS_H

#include <stdint.h>

#include "db.h"
#include "store_docs.h"		/* struct statement_line, FIN__MAX */

struct statement_xid {
	int64_t			 id;
	char			*xid;
	int64_t			 customer_id;
	char			*customer_xid;	/* NULL: the customer has none */
	int64_t			 property_id;	/* 0: the whole customer */
	char			*property_xid;
	char			*period_start;	/* YYYY-MM-DD */
	char			*period_end;
	char			*issued;
	char			*currency;
	int64_t			 cents[FIN__MAX];
	struct statement_line	*lines;		/* in order */
	size_t			 nlines;
};

struct document_xid {
	int64_t	 id;
	char	*xid;
	int64_t	 customer_id;
	char	*customer_xid;
	int64_t	 property_id;		/* 0: the whole customer */
	char	*property_xid;
	char	*title;
	char	*file_name;
	char	*content_type;
	int	 is_private;
	char	*storage_path;		/* "" until the file has come */
	int64_t	 size_bytes;
	char	*sha256;		/* hex; NULL until the file has come */
};

/* The tenant's property with external id xid, locked until the transaction ends. */
int	store_property_ref(struct arena *a, int64_t tenant, const char *xid,
	    int64_t *id, int64_t *customer, int *found);

/* The statement with external id xid and its lines; lock: FOR UPDATE. */
int	store_statement_by_xid(struct arena *a, int64_t tenant, const char *xid,
	    int lock, struct statement_xid *s, int *found);
/* At most limit statements with external ids after "after", with their lines. */
int	store_statements_after(struct arena *a, int64_t tenant, const char *after,
	    size_t limit, struct statement_xid **rows, size_t *n);
int	store_statement_xid_add(struct arena *a, int64_t tenant,
	    const struct statement_xid *s, int64_t *id);
/* Saves s's fields over the row s->id (not its lines). */
int	store_statement_xid_update(struct arena *a, int64_t tenant,
	    const struct statement_xid *s);
/* Replaces the lines of statement s->id by s->lines. */
int	store_statement_lines_set(struct arena *a, int64_t tenant,
	    const struct statement_xid *s);
int	store_statement_xid_del(struct arena *a, int64_t tenant, int64_t id);

int	store_document_by_xid(struct arena *a, int64_t tenant, const char *xid,
	    int lock, struct document_xid *d, int *found);
int	store_documents_after(struct arena *a, int64_t tenant, const char *after,
	    size_t limit, struct document_xid **rows, size_t *n);
/* A document by its row id (the staff pages), locked until the transaction ends
 * when lock is set. */
int	store_document_by_id(struct arena *a, int64_t tenant, int64_t id, int lock,
	    struct document_xid *d, int *found);
/*
 * The owner a staff page names for a document by row id, locked until the
 * transaction ends: property (0: none) gives its customer in *owner, else
 * customer itself does; *found is 0 when the row is not the tenant's.
 */
int	store_document_owner_lock(struct arena *a, int64_t tenant, int64_t customer,
	    int64_t property, int64_t *owner, int *found);
/* A new document without its file (d->xid NULL: one made by staff). */
int	store_document_xid_add(struct arena *a, int64_t tenant,
	    const struct document_xid *d, int64_t *id);
/* Saves d's metadata over the row d->id. */
int	store_document_xid_update(struct arena *a, int64_t tenant,
	    const struct document_xid *d);
/* Saves d's storage_path, size_bytes and sha256 over the row d->id. */
int	store_document_file_set(struct arena *a, int64_t tenant,
	    const struct document_xid *d);
int	store_document_xid_del(struct arena *a, int64_t tenant, int64_t id);

/* A portal user who may be told of a new statement or document. */
struct paper_reader {
	int64_t	 id;
	char	*addr;		/* their own address: an email login, else their
				 * contact's; NULL when none */
};

/*
 * The active portal users who want mail about new statements (statement set) or
 * documents and hold a grant that may cover the customer's property (0: the
 * whole customer); their rights decide (store_docs.h).
 */
int	store_paper_readers(struct arena *a, int64_t tenant, int statement,
	    int64_t customer, int64_t property, struct paper_reader **out, size_t *n);

/* A portal user's choice of mail about new statements and documents. */
int	store_mail_prefs_get(struct arena *a, int64_t tenant, int64_t user,
	    int *statements, int *documents, int *found);
int	store_mail_prefs_set(struct arena *a, int64_t tenant, int64_t user,
	    int statements, int documents);

#endif
