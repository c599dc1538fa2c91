/* porch — SPDX-License-Identifier: MIT
 * The portal's owner statements, documents and monthly reports, each read in one
 * query with the visitor's rights decided per row (store_access.h). Every
 * function takes the tenant and returns DB_OK or a DB_* error; strings live in
 * the arena.
 */
#ifndef PORCH_STORE_DOCS_H
#define PORCH_STORE_DOCS_H

#include <stdint.h>

#include "authz.h"
#include "db.h"
#include "store_access.h"

/*
 * An owner statement. One with property_id 0 (NULL in the table) covers all of
 * its customer's properties and adds up their money: the visitor sees it only
 * when they hold statements.view on EVERY property of that customer, and its
 * rights are what they hold on all of them (permissions and financial fields
 * intersected), so it never shows money of a property they may not see.
 */
struct statement {
	int64_t			 id;
	int64_t			 customer_id;
	int64_t			 property_id;	/* 0: the whole customer */
	char			*period_start;	/* YYYY-MM-DD */
	char			*period_end;
	char			*issued;	/* YYYY-MM-DD */
	char			*currency;
	int64_t			 cents[FIN__MAX];
	char			*property_name;	/* NULL: the whole customer */
	char			*customer_name;
	struct authz_rights	 rights;
};

/*
 * The statements the visitor may see (statements.view, see above), newest
 * period first; about: only those about that property (0: all), customer-wide
 * ones of its customer included.
 */
int	store_statements_visible(struct arena *a, int64_t tenant,
	    const struct access *acc, int64_t about, struct statement **out,
	    size_t *n);

struct statement_line {
	char		*description;
	int64_t		 cents[FIN__MAX];
	int64_t		 booking;	/* its booking when the visitor may open its
					 * page (calendar.view there), else 0 */
};

/*
 * One statement with its lines, in one query; *found 0 when it does not exist or
 * the visitor may not see it (the same answer).
 */
int	store_statement_get(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t id, struct statement *out, struct statement_line **lines,
	    size_t *nlines, int *found);

/*
 * A document. Public ones need documents.public, private ones documents.private;
 * one with property_id 0 belongs to its customer and is seen with that right on
 * any property of the customer (unlike a statement it adds up nobody's money).
 */
struct document {
	int64_t		 id;
	int64_t		 customer_id;
	int64_t		 property_id;	/* 0: the whole customer */
	char		*title;
	char		*file_name;
	char		*storage_path;	/* relative to documents.dir */
	char		*content_type;
	int64_t		 size_bytes;
	int		 is_private;
	char		*created;	/* YYYY-MM-DD */
	char		*property_name;	/* NULL for the whole customer */
	char		*customer_name;
};

/* The documents the visitor may see, newest first; id and about as above. */
int	store_documents_visible(struct arena *a, int64_t tenant,
	    const struct access *acc, int64_t id, int64_t about,
	    struct document **out, size_t *n);

/*
 * One month of one property in a report. Nights are counted in the month they
 * fall in (occupancy); a booking's money, and the nights its per-night figures
 * divide by, count in the month the booking starts. Cancelled bookings count
 * nowhere.
 */
struct report_month {
	int64_t			 property_id;
	int64_t			 customer_id;
	char			*property_name;
	int			 year;
	int			 month;		/* 1..12 */
	int			 days;		/* days in the month */
	int64_t			 nights;	/* booked nights in the month */
	int64_t			 started_nights; /* of bookings starting in it */
	int64_t			 cents[FIN__MAX]; /* their money, each field summed */
	char			*currency;	/* NULL when no booking */
	struct authz_rights	 rights;
};

/* The months store_report_months() reads per property: year - 1, then year. */
#define REPORT_MONTHS	24

/*
 * The REPORT_MONTHS months of year - 1 and year (in that order) for each
 * property on which the visitor holds reports.view, by property name then month:
 * one aggregate query.
 */
int	store_report_months(struct arena *a, int64_t tenant, const struct access *acc,
	    int year, struct report_month **out, size_t *n);

/*
 * A property on the owner dashboard: the nights of bookings not cancelled that
 * fall in a month and in a year, and the money of those that start in the year
 * (the reports' rules). currency is NULL without a booking, and also when the
 * year's bookings are in more than one currency (their money is then no sum).
 */
struct dash_property {
	struct property		 prop;		/* with the visitor's rights */
	int64_t			 month_nights;
	int64_t			 year_nights;
	int64_t			 cents[FIN__MAX];
	char			*currency;
	int			 mixed;		/* more than one currency */
};

/*
 * Every property the visitor holds any permission on, by name, with its figures
 * for the month [mfirst, mnext) and the year [yfirst, ynext) ("YYYY-MM-DD"):
 * one aggregate query.
 */
int	store_dashboard(struct arena *a, int64_t tenant, const struct access *acc,
	    const char *mfirst, const char *mnext, const char *yfirst,
	    const char *ynext, struct dash_property **out, size_t *n);

#endif
