/* porch — SPDX-License-Identifier: MIT
 * The entry points of every page family; see routes.c for their paths.
 */
#ifndef PORCH_HANDLERS_H
#define PORCH_HANDLERS_H

#include "router.h"

/* health.c */
int	handle_healthz(struct req *r, struct resp *p);
/* home.c */
int	handle_home(struct req *r, struct resp *p);
/* login.c */
int	handle_login(struct req *r, struct resp *p);
int	handle_staff_login(struct req *r, struct resp *p);
int	handle_logout(struct req *r, struct resp *p);
/* account.c */
int	handle_account(struct req *r, struct resp *p);
int	handle_session_end(struct req *r, struct resp *p);
int	handle_password(struct req *r, struct resp *p);
int	handle_staff_home(struct req *r, struct resp *p);
/* users.c: staff pages for portal users */
int	handle_staff_customers(struct req *r, struct resp *p);
int	handle_staff_user_new(struct req *r, struct resp *p);
int	handle_staff_user_action(struct req *r, struct resp *p);
int	handle_staff_users_bulk(struct req *r, struct resp *p);
/* invite.c: invitation and password-reset links */
int	handle_invite(struct req *r, struct resp *p);
int	handle_reset(struct req *r, struct resp *p);
int	handle_reset_link(struct req *r, struct resp *p);
struct portal_user;
/*
 * Makes an action token of kind ("invite" or "reset") for u, whose login must be an
 * email address, and enqueues the mail with its link on the request's host. Call it
 * inside the caller's transaction. Returns DB_OK, MAIL_INVALID or a DB_* error.
 */
int	action_link_send(struct req *r, const struct portal_user *u, const char *kind);
/* impersonate.c */
int	handle_staff_users(struct req *r, struct resp *p);
int	handle_impersonate(struct req *r, struct resp *p);
int	handle_impersonate_end(struct req *r, struct resp *p);
/* staff_audit.c */
int	handle_staff_audit(struct req *r, struct resp *p);
/* tokenlink.c: /t/<token>, its landing page and the staff page of a customer */
int	handle_tokenlink(struct req *r, struct resp *p);
int	handle_portal(struct req *r, struct resp *p);
int	handle_staff_customer(struct req *r, struct resp *p);

/* page.c: the frame of tenant pages, with the signed-in user's navigation. */
void	page_begin(struct req *r, struct resp *p, const char *title);
void	page_end(struct resp *p);
void	page_error_text(struct resp *p, const char *message);
/* The signed-in staff member's session, or NULL after a redirect to staff sign-in. */
struct session	*page_need_staff(struct req *r, struct resp *p);
/* The "new" and "confirm" fields of every form that sets a password. */
void	page_new_password_fields(struct buf *b);

#endif
