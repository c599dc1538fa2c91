/* porch — SPDX-License-Identifier: MIT
 * What every portal page shares: who may open it and with which rights, the
 * portal's navigation, money, and a price shown by the financial rules.
 */
#ifndef PORCH_PORTAL_H
#define PORCH_PORTAL_H

#include <stdint.h>

#include "authz.h"
#include "csv.h"
#include "req.h"
#include "store_access.h"

/*
 * The visitor's rights for a portal page. Returns 0 with acc loaded; -1 after
 * writing a redirect to /login (nobody, staff, or a half-signed session: the
 * caller answers 0); or an HTTP status.
 */
int	portal_need(struct req *r, struct resp *p, struct access *acc);

/*
 * The ?property=ID of a list page: 0 with prop->id 0 and prop->name NULL when it
 * is absent or empty; 0 with the property when the visitor holds any permission
 * of need there; else 404 (or a database error's status). One query, only when
 * given.
 */
int	portal_property_param(struct req *r, const struct access *acc, perm_set need,
	    struct property *prop);

/*
 * Who acts, for notes and mail: the portal user's login, "Link visitor", or while
 * staff log in as the user "STAFF (staff, as LOGIN)" so nobody takes a staff
 * member's act for the user's.
 */
const char	*portal_visitor_name(struct req *r);

/* The page frame with the portal's navigation (links the visitor can use). */
void	portal_begin(struct req *r, struct resp *p, const struct access *acc,
	    const char *title);

/* "Base rate", "Owner revenue", ... */
const char	*portal_fin_label(enum fin_field f);

/* cents as "1,234.56 USD" (currency may be NULL). */
void	portal_money(struct buf *b, int64_t cents, const char *currency);

/*
 * The fields a price shows for the visible set (authz_price_view): each part's
 * total and lines, and payout. Exports use it for their columns, so a CSV never
 * holds a figure the page would hide.
 */
fin_set	portal_price_fields(fin_set visible);

/*
 * A price table (class "price") by the financial rules: cents[f] for each field,
 * nights for the derived per-night figures (0: none). Rows have class "fin-NAME"
 * (fin-base_rate ... fin-payout, fin-avg_nightly, fin-revenue_per_night); nothing
 * at all is written when no field is visible.
 */
void	portal_price(struct buf *b, fin_set visible, const int64_t cents[FIN__MAX],
	    const char *currency, int nights);

/* A table's column head and cell of field f: class "fin-NAME"; the cell is empty
 * unless shown. */
void	portal_fin_th(struct buf *b, enum fin_field f);
void	portal_fin_td(struct buf *b, enum fin_field f, int shown, int64_t cents,
	    const char *currency);

#endif
