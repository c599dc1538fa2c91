/* porch — SPDX-License-Identifier: MIT
 * Events as the outside sees them: the one JSON document of an event (the events
 * feed and every webhook body), the webhook signature, and the checks on where a
 * webhook may go (docs/INTERFACES.md "Events", "Webhooks").
 */
#ifndef PORCH_EVENT_H
#define PORCH_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>
#include <jansson.h>

#include "cfg.h"

struct event;
struct sockaddr;

/*
 * The event as a JSON object, the same for GET /api/v1/events and webhooks:
 * {"id", "type", "created_at", "subject": {"kind", "id"}, "actor": {"kind", "id",
 * "impersonator_id"} or null, "data": the payload}. A new reference (NULL only when
 * out of memory); the caller json_decref()s it.
 */
json_t	*event_json(const struct event *e);

/* The body of a webhook POST: event_json() written compact, malloc'd (free()). */
char	*event_body(const struct event *e);

/* The signing secret of a webhook endpoint, shown once: "whsec_" and 43
 * base64url characters (256 random bits). */
#define WEBHOOK_SECRET_LEN	49
void	webhook_secret_new(char out[WEBHOOK_SECRET_LEN + 1]);

/* The context a secret is sealed under: "webhook:TENANT:ID". */
void	webhook_secret_context(int64_t tenant, int64_t id, char *out, size_t outlen);

/*
 * The Porch-Signature header's value for body sent at unix time t:
 * "t=T,v1=HEX", HEX the HMAC-SHA256 under secret of "T." and the body.
 */
#define WEBHOOK_SIGNATURE_MAX	96
void	webhook_signature(const char *secret, int64_t t, const char *body, size_t len,
	    char out[WEBHOOK_SIGNATURE_MAX]);

#define WEBHOOK_URL_MAX		2000	/* bytes, as webhook_endpoints.url */

/*
 * Is url acceptable as an endpoint? NULL, or the sentence saying why not: not
 * https (plain http only with allow_private), no host, a user name or password or
 * fragment in it, too long, or a literal address on loopback, link-local or a
 * private network without allow_private and outside allow (may be NULL).
 */
const char	*webhook_url_problem(const char *url, int allow_private,
	    const struct net_allow *allow);
/* The same rule for another purpose, with its own sentences for a URL that is not
 * one, one with a user name or password, and a private address. */
struct url_words {
	const char	*not_url;
	const char	*user;
	const char	*private;
};
const char	*url_problem(const char *url, int allow_private,
	    const struct net_allow *allow, const struct url_words *w);

/*
 * curl's socket callback (CURLOPT_OPENSOCKETFUNCTION, its data a struct
 * net_conn_check): every connection curl opens, redirects included, is refused
 * when its address is one webhook_addr_private() names, unless allow_private or
 * the address is in allow (may be NULL), whatever DNS gave; refused then holds
 * the address. Redirects are checked the same way, since each opens a connection.
 */
struct net_conn_check {
	int			 allow_private;
	const struct net_allow	*allow;
	char	 refused[46];	/* INET6_ADDRSTRLEN */
};
curl_socket_t	net_open_socket(void *arg, curlsocktype purpose,
	    struct curl_sockaddr *addr);

/* Is the address one a webhook never goes to without allow_private: loopback,
 * link-local, private, shared, multicast, reserved or unspecified? 1 or 0. */
int	webhook_addr_private(const struct sockaddr *sa);
/* Is the address in one of allow's networks (an IPv4-mapped IPv6 address as its
 * IPv4)? 1 or 0; 0 when allow is NULL. */
int	net_allowed(const struct net_allow *allow, const struct sockaddr *sa);

#endif
