/* porch — SPDX-License-Identifier: MIT
 * porchctl's commands that live outside porchctl.c, and its exit statuses.
 */
#ifndef PORCH_PORCHCTL_H
#define PORCH_PORCHCTL_H

#include "cfg.h"
#include "util.h"

/* Exit statuses, as in porchctl.c: ok, runtime error, usage error. */
#define PORCHCTL_OK	0
#define PORCHCTL_FAIL	1
#define PORCHCTL_USAGE	2

/* Prints a database error for command what; returns PORCHCTL_FAIL. */
int	porchctl_fail_db(const char *what, int rc);

/* The operator as the actor of a change in tenant t. */
struct actor;
struct tenant;
void	porchctl_actor(const struct cfg *c, struct arena *a, const struct tenant *t,
	    struct actor *who);
/* A change (module/change) refused or failed: its sentence (or the database's
 * error) on stderr, and the exit status: usage for an input refused, else fail. */
struct change_result;
int	porchctl_change_failed(const char *what, int rc, const struct change_result *out);

/* Reads a whole file into a malloc'd string; NULL with errno on failure. */
char	*porchctl_slurp(const char *path, size_t *len);

/* porchctl outbox send [--loop] | list [--all] | retry ID (tools/outbox.c) */
int	porchctl_outbox(const struct cfg *c, struct arena *a, int argc, char **argv);

/* porchctl purge (tools/purge.c): ended sessions, spent links, old sent mail. */
struct purge_counts;
int	porchctl_purge(const struct cfg *c, struct arena *a, int argc, char **argv);
/* The same pass without output, for the sender's loop; DB_OK or a DB_* error. */
int	porchctl_purge_pass(const struct cfg *c, struct arena *a, struct purge_counts *n);

/* porchctl apikey add SLUG NAME [--read-only] | list SLUG | revoke SLUG ID
 * (tools/apikey.c) */
int	porchctl_apikey(const struct cfg *c, struct arena *a, int argc, char **argv);

/* porchctl import SLUG RESOURCE FILE.csv (tools/import.c) */
int	porchctl_import(const struct cfg *c, struct arena *a, int argc, char **argv);

/* porchctl mail test ADDRESS [--name NAME] (tools/outbox.c) */
int	porchctl_mail(const struct cfg *c, struct arena *a, int argc, char **argv);

/* The senders' loops (tools/outbox.c): SIGINT and SIGTERM set
 * porchctl_stop_requested once porchctl_catch_stop() ran; porchctl_nap() sleeps up
 * to ms, less once a stop is requested. */
#include <signal.h>
extern volatile sig_atomic_t porchctl_stop_requested;
void	porchctl_catch_stop(void);
void	porchctl_nap(long ms);

/* Looks up tenant slug into *t (strings in a), printing what went wrong: 0 when
 * found, else the exit status. */
struct tenant;
int	porchctl_tenant(struct arena *a, const char *slug, struct tenant *t);

/* porchctl events SLUG [--after ID] [--limit N] (tools/webhooks.c) */
int	porchctl_events(const struct cfg *c, struct arena *a, int argc, char **argv);
/* porchctl webhook add SLUG URL | list SLUG | remove SLUG ID | deliveries SLUG ID |
 * resend SLUG EVENT_ID (tools/webhooks.c) */
int	porchctl_webhook(const struct cfg *c, struct arena *a, int argc, char **argv);
/* porchctl webhooks send [--once | --loop] (tools/webhooks.c) */
int	porchctl_webhooks(const struct cfg *c, struct arena *a, int argc, char **argv);
/* ical.c: ical check URL */
int	porchctl_ical(const struct cfg *c, struct arena *a, int argc, char **argv);

#endif
