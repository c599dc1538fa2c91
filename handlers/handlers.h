/* porch — SPDX-License-Identifier: MIT
 * The entry points of every page family; see routes.c for their paths.
 */
#ifndef PORCH_HANDLERS_H
#define PORCH_HANDLERS_H

#include "router.h"
#include "store_auth.h"

/* health.c */
int	handle_healthz(struct req *r, struct resp *p);
/* home.c */
int	handle_home(struct req *r, struct resp *p);
/* login.c */
int	handle_login(struct req *r, struct resp *p);
int	handle_staff_login(struct req *r, struct resp *p);
int	handle_logout(struct req *r, struct resp *p);
/*
 * Finishes a sign-in: a fresh session (mfa: MFA_NONE, or MFA_DONE after a code),
 * the user's last action and the audit entry (detail may be NULL), and for a portal
 * user's first sign-in its event (change_signin_first()); first: 1 when the
 * account as read says it is the first, 0 when not, -1 when not known (it is
 * checked). The caller answers. Returns 0 or an error status.
 */
int	signin_finish(struct req *r, struct resp *p, enum principal k, int64_t id,
	    enum mfa_state mfa, const char *detail, int first);
/* Where a signed-in user of kind k lands: "/account" or "/staff/". */
const char	*signin_home(enum principal k);
/* account.c */
int	handle_account(struct req *r, struct resp *p);
int	handle_session_end(struct req *r, struct resp *p);
int	handle_account_mail(struct req *r, struct resp *p);
int	handle_password(struct req *r, struct resp *p);
/*
 * Checks pw as the signed-in user's current password, throttled and audited like a
 * sign-in (a stolen session is no password oracle): *ok is PASSWORD_MATCH when it
 * is right, PASSWORD_BUSY when the argon2 cap is reached (nothing checked or counted:
 * answer 503), else PASSWORD_WRONG. A client that must wait gets PASSWORD_WRONG
 * without the check. where names the page in the
 * audit entry. Returns DB_OK or a DB_* error.
 */
int	current_password_check(struct req *r, const char *where, const char *pw,
	    int *ok);
/* The answer to a wrong current password, or to a try the throttle refused. */
extern const char current_password_wrong[];
int	handle_staff_home(struct req *r, struct resp *p);
struct session;
/* 403 while staff act as the user ("log in as"): credentials are the user's own. */
int	refuse_if_impersonating(const struct session *s);
/* mfa.c: the code step, enrolment, the user's own MFA settings */
int	handle_login_mfa(struct req *r, struct resp *p);
int	handle_mfa_enrol(struct req *r, struct resp *p);
int	handle_account_mfa(struct req *r, struct resp *p);
/* mfa_staff.c: staff control of portal users' MFA; admins' staff list */
int	handle_staff_users_mfa(struct req *r, struct resp *p);
int	handle_staff_team(struct req *r, struct resp *p);
int	handle_staff_team_mfa_reset(struct req *r, struct resp *p);
int	handle_staff_team_unlock(struct req *r, struct resp *p);
int	handle_staff_team_post(struct req *r, struct resp *p);
struct mfa_account;
/* users.c: staff pages for portal users */
int	handle_staff_customers(struct req *r, struct resp *p);
int	handle_staff_user_new(struct req *r, struct resp *p);
int	handle_staff_user_action(struct req *r, struct resp *p);
int	handle_staff_users_bulk(struct req *r, struct resp *p);
/* invite.c: invitation and password-reset links */
int	handle_invite(struct req *r, struct resp *p);
int	handle_reset(struct req *r, struct resp *p);
int	handle_reset_link(struct req *r, struct resp *p);
/* impersonate.c */
int	handle_staff_users(struct req *r, struct resp *p);
int	handle_impersonate(struct req *r, struct resp *p);
int	handle_impersonate_end(struct req *r, struct resp *p);
/* staff_audit.c */
int	handle_staff_audit(struct req *r, struct resp *p);
/* api_keys.c: the tenant API's keys, for admins */
int	handle_staff_api(struct req *r, struct resp *p);
int	handle_staff_api_new(struct req *r, struct resp *p);
int	handle_staff_api_revoke(struct req *r, struct resp *p);
/* handlers/api/api_customers.c: the tenant API's customers and contacts */
int	handle_api_customers(struct req *r, struct resp *p);
int	handle_api_contacts(struct req *r, struct resp *p);
/* webhooks.c: the webhooks page (endpoints, deliveries, send again) */
int	handle_staff_webhooks(struct req *r, struct resp *p);
int	handle_staff_webhook(struct req *r, struct resp *p);
/* handlers/api/api_properties.c, api_bookings.c: properties; bookings, block-offs
 * and booking notes */
int	handle_api_properties(struct req *r, struct resp *p);
int	handle_api_bookings(struct req *r, struct resp *p);
int	handle_api_blocks(struct req *r, struct resp *p);
int	handle_api_notes(struct req *r, struct resp *p);
int	handle_api_statements(struct req *r, struct resp *p);
/* handlers/api/api_users.c: permission groups and portal users */
int	handle_api_groups(struct req *r, struct resp *p);
int	handle_api_users(struct req *r, struct resp *p);
/* handlers/api/api_events.c: GET /api/v1/events?after=ID */
int	handle_api_events(struct req *r, struct resp *p);
/* Documents, and PUT .../documents/XID/file (the file itself). */
int	handle_api_documents(struct req *r, struct resp *p);
/* api_batch.c: POST /api/v1/batch (NDJSON) */
int	handle_api_batch(struct req *r, struct resp *p);
/* staff/import.c: CSV import of the API's resources (/staff/import) */
int	handle_staff_import(struct req *r, struct resp *p);
/* The tenant's brand (brand.c): logo, colour, mail sender name; admins. */
int	handle_staff_brand(struct req *r, struct resp *p);
int	handle_staff_brand_local(struct req *r, struct resp *p);
int	handle_account_zone(struct req *r, struct resp *p);
/* staff/documents.c: the documents list, upload, replace and delete */
int	handle_staff_documents(struct req *r, struct resp *p);
int	handle_staff_document(struct req *r, struct resp *p);
/* tokenlink.c: /t/<token>, its landing page and the staff page of a customer */
int	handle_tokenlink(struct req *r, struct resp *p);
int	handle_staff_customer(struct req *r, struct resp *p);
/* The staff page of customer id with status (0: 200) and error (NULL: none). */
int	staff_customer_page(struct req *r, struct resp *p, int64_t id, int status,
	    const char *error);
/*
 * customers.c: the back office's customers and contacts. The customer page's
 * own parts (details, contacts, properties, portal users and the new-user form),
 * with its notice when notice is set; DB_OK or a DB_* error.
 */
int	office_customer_sections(struct req *r, struct resp *p, int64_t id, int notice);
int	handle_staff_customer_list(struct req *r, struct resp *p);
int	handle_staff_customer_new(struct req *r, struct resp *p);
int	handle_staff_customer_edit(struct req *r, struct resp *p);
int	handle_staff_customer_archive(struct req *r, struct resp *p);
int	handle_staff_contact_save(struct req *r, struct resp *p);
int	handle_staff_contact_archive(struct req *r, struct resp *p);
int	handle_staff_customer_user(struct req *r, struct resp *p);
/* properties.c: the back office's properties: list, page, new, edit, archive */
int	handle_staff_properties(struct req *r, struct resp *p);
int	handle_staff_property(struct req *r, struct resp *p);
int	handle_staff_property_new(struct req *r, struct resp *p);
/*
 * The parts the two files share: their input table's reader (office_input(), the
 * keys below), a text field, a list's search form and paging links, and the
 * answer to a change's outcome.
 */
enum office_key {
	OK_Q, OK_SORT, OK_PAGE, OK_ARCHIVED, OK_DONE, OK_CUSTOMER, OK_CONTACT,
	OK_PROPERTY, OK_NAME, OK_EMAIL, OK_PHONE, OK_ROLE, OK_ADDRESS, OK_CITY,
	OK_BEDROOMS, OK_DESCRIPTION, OK_ARRIVAL, OK_DO, OK_LOGIN, OK_GROUP, OK_SCOPE,
	OK_MFA, OK__MAX
};
struct input_val;
void	office_input(struct req *r, int src, struct input_val *in);
/* A labelled input (textarea when rows > 0) of the form, with its value. */
void	office_field(struct buf *b, const char *form, const char *name,
	    const char *label, const char *value, int rows);
/* The sentence for the first of keys[0..n) that is INPUT_BAD, or NULL. */
const char	*office_bad(const struct input_val *in, const int *keys, size_t n);
struct office_query;
/* The search form of list path (what: "customers"), and its paging links. */
void	office_search(struct buf *b, const char *path, const struct office_query *q,
	    const char *placeholder);
void	office_pages(struct buf *b, const char *path, const struct office_query *q,
	    int more);
struct property_row;
/* properties.c: a property's fields in form (pr NULL: empty). */
void	office_property_fields(struct buf *b, const char *form,
	    const struct property_row *pr);
/* The query of a list page from in. */
void	office_query_read(const struct input_val *in, struct office_query *q);

/* portal.c: the portal's dashboard (the shared parts are in portal.h) */
int	handle_portal(struct req *r, struct resp *p);
/* groups.c: staff pages for permission groups */
int	handle_staff_groups(struct req *r, struct resp *p);
int	handle_staff_group_new(struct req *r, struct resp *p);
int	handle_staff_group_edit(struct req *r, struct resp *p);
int	handle_staff_group_default(struct req *r, struct resp *p);
int	handle_staff_group_delete(struct req *r, struct resp *p);
/* formulas.c: staff pages for money formulas */
int	handle_staff_formulas(struct req *r, struct resp *p);
int	handle_staff_formula_new(struct req *r, struct resp *p);
int	handle_staff_formula_edit(struct req *r, struct resp *p);
int	handle_staff_formula_delete(struct req *r, struct resp *p);

/* page.c: the frame of tenant pages, with the signed-in user's navigation. */
void	page_begin(struct req *r, struct resp *p, const char *title);
/* The tenant's look (name, logo, colours: docs/DESIGN.md "Brand") for its pages and
 * error pages, in the request's arena; NULL without a tenant. */
const struct html_site	*page_site(struct req *r);
void	page_end(struct resp *p);
void	page_error_text(struct resp *p, const char *message);
/*
 * The notice of a finished action: the sentence paired with key in notices
 * ({ key, sentence } rows), nothing when key is NULL or unknown (it comes from
 * the query string, so only our own sentences are ever shown).
 */
void	page_notice(struct resp *p, const char *const notices[][2], size_t n,
	    const char *key);
/* The same notice for a sentence of the caller's own, escaped as text; the f form
 * formats it first and gives the paragraph an id when id is not NULL. Every notice
 * of a finished action is written by these. */
void	page_notice_text(struct resp *p, const char *sentence);
void	page_notice_textf(struct resp *p, const char *id, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * The signed-in staff member's session; for anyone else (portal users, token
 * visitors, nobody) NULL, with a redirect to the staff sign-in written to p.
 */
/* The signed-in staff member's session, or NULL after a redirect to staff sign-in. */
struct session	*page_need_staff(struct req *r, struct resp *p);
/*
 * staff_access.c (with route_guard(), declared in router.h): may the request's
 * session use path with method m, as the route table says? 1 or 0. Pages ask it
 * before offering a form, so they never show what the POST would refuse.
 */
int	staff_may(struct req *r, const char *path, enum method m);
/* The note on a read-only page, in place of the forms staff may not use. */
#define STAFF_ADMIN_ONLY	"Only admins can change this."
void	staff_readonly_note(struct buf *b);
/* The "new" and "confirm" fields of every form that sets a password. */
void	page_new_password_fields(struct buf *b);
/*
 * Opens a form posting to the action that fmt formats (an attribute: escaped),
 * of class cls (NULL: none), with its CSRF field for token.
 */
void	page_form(struct buf *b, const char *token, const char *cls, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));
/*
 * A one-button inline form posting to action: the hidden field name=id when name is
 * set, do=act when act is set, and a button saying label.
 */
void	page_button(struct buf *b, const struct session *s, const char *action,
	    const char *name, int64_t id, const char *act, const char *label);
/*
 * Destructive staff actions (Delete, Disable, Reset MFA, token-link changes) are
 * asked twice, with no script: their button posts to the action, which without the
 * field confirm=1 answers with page_confirm()'s page instead of changing anything.
 * page_confirmed(): did the POST carry confirm=1? page_confirm(): the page titled
 * title saying what will happen (what), a form posting the request's fields again
 * to the same path with confirm=1 and a fresh CSRF field, its button saying button,
 * and a Cancel link to cancel. Returns 0 (the page is written).
 */
int	page_confirmed(struct req *r);
int	page_confirm(struct req *r, struct resp *p, const char *title, const char *what,
	    const char *button, const char *cancel);
/*
 * The request's visitor as the actor of a change (module/change): the session's
 * kind and id (a token visitor by their customer), the staff member during "log in
 * as", the client's address, and their name for mail (portal_visitor_name() for
 * portal users and token visitors, the login for staff).
 */
struct actor;
void	page_actor(struct req *r, struct actor *who);
/* The status of a change function's outcome that is not CHANGE_OK (module/change). */
int	status_for_change(int rc);

/* groups.c: the financial controls, shared by the group forms and grants.c */
struct fin_policy;
/* Radios for level and filter, a checkbox per field and per formula of the
 * tenant's (n of them), set from f. */
struct formula;
void	group_fin_fields(struct buf *b, const struct fin_policy *f,
	    const struct formula *formulas, size_t n);
/* A policy in a few words: "owner_revenue, except payout" and the like. */
void	group_fin_summary(struct buf *b, const struct fin_policy *f);
/*
 * When shown (a policy's fields, authz_fin_visible) loses fields to the
 * arithmetic rule (authz_fin_seal), a warning that whose ("The financial setting
 * of group") and name (quoted, or NULL) also hides them; nothing otherwise.
 */
void	group_fin_sealed(struct buf *b, const char *whose, const char *name,
	    uint32_t shown);
/*
 * Reads the values of the keys "level", "filter", "field" (IN_LINE, field
 * IN_MULTI) and "formula" (IN_ID, IN_MULTI) of a page family's input table into
 * f (the formula ids in a). Returns NULL, or the sentence to show when one is
 * missing or not in the catalog.
 */
struct input_val;
struct arena;
const char	*group_fin_read(struct arena *a, const struct input_val *level,
	    const struct input_val *filter, const struct input_val *fields,
	    const struct input_val *formulas,
	    struct fin_policy *f);
/* grants.c: a portal user's access grants, admin switch, override, Explain */
int	handle_staff_portal_user(struct req *r, struct resp *p);
/* portal_docs.c: owner statements (list, page, CSV) and documents */
int	handle_portal_statements(struct req *r, struct resp *p);
int	handle_portal_statement(struct req *r, struct resp *p);
int	handle_portal_statements_csv(struct req *r, struct resp *p);
int	handle_portal_documents(struct req *r, struct resp *p);
int	handle_portal_document(struct req *r, struct resp *p);
/*
 * Is s a storage path the web server may be pointed at: under the tenant's own
 * directory ("SLUG/..."), relative, no empty, "." or ".." segment? 1 or 0.
 */
int	doc_storage_path_ok(const char *s, const char *slug);
/* portal_reports.c: revenue and occupancy per property and month */
int	handle_portal_reports(struct req *r, struct resp *p);
/* portal_blocks.c: the calendar and owner block-offs */
int	handle_portal_calendar(struct req *r, struct resp *p);
int	handle_portal_block_new(struct req *r, struct resp *p);
int	handle_portal_block_move(struct req *r, struct resp *p);
int	handle_portal_block_delete(struct req *r, struct resp *p);
int	handle_portal_block(struct req *r, struct resp *p);
/* portal_bookings.c: the bookings list, a booking's page, the CSV export */
int	handle_portal_bookings(struct req *r, struct resp *p);
int	handle_portal_bookings_csv(struct req *r, struct resp *p);
int	handle_portal_booking(struct req *r, struct resp *p);
int	handle_portal_booking_new(struct req *r, struct resp *p);
/* staff/bookings.c: bookings and block-offs of a property, manual bookings */
int	handle_staff_bookings(struct req *r, struct resp *p);
int	handle_staff_booking_new(struct req *r, struct resp *p);
int	handle_staff_booking(struct req *r, struct resp *p);
int	handle_staff_block(struct req *r, struct resp *p);

/*
 * ical.c: calendar feeds (iCal): the feed, a portal user's address on /account
 * (ical_account_section(), DB_OK or a DB_* error) and its replacement, the staff's
 * page of the properties' feeds.
 */
int	handle_ical_feed(struct req *r, struct resp *p);
int	ical_account_section(struct req *r, struct resp *p);
int	handle_account_calendar(struct req *r, struct resp *p);
int	handle_staff_calendars(struct req *r, struct resp *p);
int	handle_staff_calendar_rotate(struct req *r, struct resp *p);
/* The staff page, with a refusal's sentence about an import when error is set. */
int	staff_calendars_page(struct req *r, struct resp *p, const char *error);
/*
 * ical_sync.c: the import's URLs: the section of the staff page (DB_OK or a DB_*
 * error; props: the properties to choose from), its POST, and the portal page of
 * calendar.sync holders.
 */
struct property_feed;
int	ical_staff_sources(struct req *r, struct resp *p,
	    const struct property_feed *props, size_t nprops, const char *error);
int	handle_staff_calendar_sources(struct req *r, struct resp *p);
int	handle_portal_calendar_sync(struct req *r, struct resp *p);

#endif
