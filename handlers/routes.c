/* porch — SPDX-License-Identifier: MIT
 * The route table: every URL porchd answers, its methods and its handler, and for
 * staff pages who may use them (ROUTE_STAFF: every staff member; ROUTE_ADMIN_POST:
 * every staff member reads, only admins change; ROUTE_ADMIN: admins only;
 * ROUTE_IMPERSONATE: admins and staff with the "log in as" right). Changing what
 * anyone may see (groups, grants, portal admin, financial overrides) and the
 * staff's own accounts and audit log are an admin's; looking after portal users and
 * token links is every staff member's. A new staff route takes one of these flags;
 * a /staff/ route without one is taken as admins only.
 */
#include "config.h"

#include "api_resource.h"
#include "handlers.h"

#define GET	METHOD_BIT(METHOD_GET)
#define POST	METHOD_BIT(METHOD_POST)

const struct route routes[] = {
	{ "/healthz", GET, 0, handle_healthz },
	{ "/", GET, ROUTE_TENANT, handle_home },
	{ "/login", GET | POST, ROUTE_TENANT | ROUTE_PRESESSION, handle_login },
	{ "/staff/login", GET | POST, ROUTE_TENANT | ROUTE_PRESESSION, handle_staff_login },
	{ "/logout", POST, ROUTE_TENANT, handle_logout },
	{ "/account", GET, ROUTE_TENANT, handle_account },
	{ "/account/sessions/end", POST, ROUTE_TENANT, handle_session_end },
	{ "/account/password", GET | POST, ROUTE_TENANT, handle_password },
	{ "/account/mail", POST, ROUTE_TENANT, handle_account_mail },
	/* calendar feeds: the secret is in the path; a user's own address; staff's */
	{ "/ical/", GET, ROUTE_TENANT | ROUTE_PREFIX, handle_ical_feed },
	{ "/account/calendar", POST, ROUTE_TENANT, handle_account_calendar },
	{ "/staff/calendars", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_calendars },
	{ "/staff/calendars/rotate", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_calendar_rotate },
	{ "/staff/calendars/sources", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_calendar_sources },
	{ "/portal/calendar-sync", GET | POST, ROUTE_TENANT, handle_portal_calendar_sync },
	{ "/staff/", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_home },
	/* the back office: customers, contacts, properties (customers.c,
	 * properties.c), exact paths before the customer page's prefix; every
	 * customer with its contacts and portal users on one page (users.c) */
	{ "/staff/customers", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_customer_list },
	{ "/staff/customers/new", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_customer_new },
	{ "/staff/customers/edit", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_customer_edit },
	{ "/staff/customers/archive", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_customer_archive },
	{ "/staff/customers/user", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_customer_user },
	{ "/staff/contacts/save", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_contact_save },
	{ "/staff/contacts/archive", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_contact_archive },
	{ "/staff/properties", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_properties },
	{ "/staff/properties/new", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_property_new },
	{ "/staff/properties/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_STAFF,
	    handle_staff_property },
	{ "/staff/portal-users", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_customers },
	{ "/staff/users/new", POST, ROUTE_TENANT | ROUTE_STAFF, handle_staff_user_new },
	{ "/staff/users/action", POST, ROUTE_TENANT | ROUTE_STAFF, handle_staff_user_action },
	{ "/staff/users/bulk", POST, ROUTE_TENANT | ROUTE_STAFF, handle_staff_users_bulk },
	{ "/reset", GET | POST, ROUTE_TENANT | ROUTE_PRESESSION, handle_reset },
	/* Links from mail: the token is in the path (GET) or the form (POST). */
	{ "/invite/", GET | POST, ROUTE_TENANT | ROUTE_PRESESSION | ROUTE_PREFIX,
	    handle_invite },
	{ "/reset/", GET | POST, ROUTE_TENANT | ROUTE_PRESESSION | ROUTE_PREFIX,
	    handle_reset_link },
	/* log in as and the staff audit page */
	{ "/staff/users", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_users },
	{ "/staff/impersonate", POST, ROUTE_TENANT | ROUTE_IMPERSONATE, handle_impersonate },
	{ "/impersonate/end", POST, ROUTE_TENANT, handle_impersonate_end },
	{ "/staff/audit", GET, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_audit },
	/* the tenant API's keys (admins) */
	{ "/staff/api", GET, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_api },
	{ "/staff/api/new", POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_api_new },
	{ "/staff/api/revoke", POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_api_revoke },
	/* webhooks: endpoints, their deliveries, an event sent again */
	/* the tenant's brand: a form with a file (the logo) */
	{ "/staff/brand", GET | POST, ROUTE_TENANT | ROUTE_ADMIN | ROUTE_UPLOAD,
	    handle_staff_brand },
	/* local formats: the tenant's time zone and number format; a user's own zone */
	{ "/staff/brand/local", POST, ROUTE_TENANT | ROUTE_ADMIN,
	    handle_staff_brand_local },
	{ "/account/zone", POST, ROUTE_TENANT, handle_account_zone },
	{ "/staff/webhooks", GET | POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_webhooks },
	{ "/staff/webhooks/", POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_ADMIN,
	    handle_staff_webhook },
	{ "/staff/import", GET | POST, ROUTE_TENANT | ROUTE_ADMIN | ROUTE_UPLOAD,
	    handle_staff_import },
	/* documents: the list and a customer's upload; a document's file, delete */
	{ "/staff/documents", GET | POST, ROUTE_TENANT | ROUTE_STAFF | ROUTE_UPLOAD,
	    handle_staff_documents },
	{ "/staff/documents/", POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_STAFF |
	    ROUTE_UPLOAD, handle_staff_document },
	/* MFA: the sign-in's second step, enrolment, the user's own settings */
	{ "/login/mfa", GET | POST, ROUTE_TENANT, handle_login_mfa },
	{ "/mfa/enrol", GET | POST, ROUTE_TENANT, handle_mfa_enrol },
	{ "/account/mfa", GET | POST, ROUTE_TENANT, handle_account_mfa },
	{ "/staff/users/mfa", POST, ROUTE_TENANT | ROUTE_STAFF, handle_staff_users_mfa },
	{ "/staff/team", GET, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_team },
	{ "/staff/team/mfa-reset", POST, ROUTE_TENANT | ROUTE_ADMIN,
	    handle_staff_team_mfa_reset },
	{ "/staff/team/unlock", POST, ROUTE_TENANT | ROUTE_ADMIN,
	    handle_staff_team_unlock },
	{ "/staff/team/invite", POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_team_post },
	{ "/staff/team/reinvite", POST, ROUTE_TENANT | ROUTE_ADMIN,
	    handle_staff_team_post },
	{ "/staff/team/admin", POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_team_post },
	{ "/staff/team/impersonate", POST, ROUTE_TENANT | ROUTE_ADMIN,
	    handle_staff_team_post },
	{ "/staff/team/mfa-require", POST, ROUTE_TENANT | ROUTE_ADMIN,
	    handle_staff_team_post },
	{ "/staff/team/disable", POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_team_post },
	{ "/staff/team/enable", POST, ROUTE_TENANT | ROUTE_ADMIN, handle_staff_team_post },
	/* permission groups */
	{ "/staff/groups", GET, ROUTE_TENANT | ROUTE_ADMIN_POST, handle_staff_groups },
	{ "/staff/groups/new", POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_group_new },
	{ "/staff/groups/edit", GET | POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_group_edit },
	{ "/staff/groups/default", POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_group_default },
	{ "/staff/groups/delete", POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_group_delete },
	/* money formulas */
	{ "/staff/formulas", GET, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_formulas },
	{ "/staff/formulas/new", POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_formula_new },
	{ "/staff/formulas/edit", GET | POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_formula_edit },
	{ "/staff/formulas/delete", POST, ROUTE_TENANT | ROUTE_ADMIN_POST,
	    handle_staff_formula_delete },
	/* token links: the secret is in the path (GET) or, once confirmed, the form
	 * (POST); the customer page has its id */
	{ "/t/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX, handle_tokenlink },
	{ "/portal", GET, ROUTE_TENANT, handle_portal },
	{ "/staff/customers/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_STAFF,
	    handle_staff_customer },
	/* bookings and block-offs of a property, manual bookings, notes */
	{ "/staff/bookings", GET, ROUTE_TENANT | ROUTE_STAFF, handle_staff_bookings },
	{ "/staff/bookings/new", POST, ROUTE_TENANT | ROUTE_STAFF,
	    handle_staff_booking_new },
	{ "/staff/bookings/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_STAFF,
	    handle_staff_booking },
	{ "/staff/blocks/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_STAFF,
	    handle_staff_block },
	/* a portal user's access grants, admin switch, override and Explain */
	{ "/staff/portal-users/", GET | POST,
	    ROUTE_TENANT | ROUTE_PREFIX | ROUTE_ADMIN_POST,
	    handle_staff_portal_user },
	/* portal: owner statements, documents (sent by the web server), reports */
	{ "/portal/statements", GET, ROUTE_TENANT | ROUTE_KEPT, handle_portal_statements },
	{ "/portal/statements.csv", GET, ROUTE_TENANT, handle_portal_statements_csv },
	{ "/portal/statements/", GET, ROUTE_TENANT | ROUTE_PREFIX,
	    handle_portal_statement },
	{ "/portal/documents", GET, ROUTE_TENANT, handle_portal_documents },
	{ "/portal/documents/", GET, ROUTE_TENANT | ROUTE_PREFIX,
	    handle_portal_document },
	{ "/portal/reports", GET, ROUTE_TENANT, handle_portal_reports },
	/* the portal's calendar, bookings and block-offs (exact paths first) */
	{ "/portal/calendar", GET, ROUTE_TENANT | ROUTE_KEPT, handle_portal_calendar },
	{ "/portal/blocks/new", POST, ROUTE_TENANT, handle_portal_block_new },
	{ "/portal/blocks/move", POST, ROUTE_TENANT, handle_portal_block_move },
	{ "/portal/blocks/delete", POST, ROUTE_TENANT, handle_portal_block_delete },
	{ "/portal/blocks/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX, handle_portal_block },
	{ "/portal/bookings", GET, ROUTE_TENANT | ROUTE_KEPT, handle_portal_bookings },
	{ "/portal/bookings.csv", GET, ROUTE_TENANT, handle_portal_bookings_csv },
	{ "/portal/bookings/new", POST, ROUTE_TENANT, handle_portal_booking_new },
	{ "/portal/bookings/", GET | POST, ROUTE_TENANT | ROUTE_PREFIX | ROUTE_KEPT,
	    handle_portal_booking },
	/*
	 * The tenant API (module/api): a bearer key, JSON in and out. Each resource
	 * is its list and its items by external id (api_resource.h).
	 */
	{ API_PREFIX "events", METHOD_BIT(METHOD_GET), ROUTE_TENANT | ROUTE_API,
	    handle_api_events },
	{ API_PREFIX "batch", POST, ROUTE_TENANT | ROUTE_API, handle_api_batch },
	API_RESOURCE_ROUTES("customers", handle_api_customers),
	API_RESOURCE_ROUTES("contacts", handle_api_contacts),
	API_RESOURCE_ROUTES("properties", handle_api_properties),
	API_RESOURCE_ROUTES("bookings", handle_api_bookings),
	API_RESOURCE_ROUTES("blocks", handle_api_blocks),
	API_RESOURCE_ROUTES("notes", handle_api_notes),
	API_RESOURCE_ROUTES("statements", handle_api_statements),
	API_RESOURCE_ROUTES("documents", handle_api_documents),
	API_RESOURCE_ROUTES("groups", handle_api_groups),
	API_RESOURCE_ROUTES("users", handle_api_users),
};

const size_t nroutes = NELEM(routes);
