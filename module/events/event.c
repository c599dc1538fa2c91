/* porch — SPDX-License-Identifier: MIT
 * An event's JSON document, webhook secrets and signatures, and where a webhook
 * may go. JSON is written by jansson only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto.h"
#include "event.h"
#include "store_events.h"
#include "util.h"

/* An id, or JSON null for 0 (none). */
static json_t *
id_or_null(int64_t id)
{
	return id != 0 ? json_integer((json_int_t)id) : json_null();
}

json_t *
event_json(const struct event *e)
{
	json_t *data, *actor;

	/* The payload was written by jansson in change_event(); anything else is null. */
	if ((data = json_loads(e->payload, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		data = json_null();
	if (e->actor_kind != NULL)
		actor = json_pack("{s:s, s:o, s:o}", "kind", e->actor_kind, "id",
		    id_or_null(e->actor_id), "impersonator_id",
		    id_or_null(e->impersonator));
	else
		actor = json_null();
	return json_pack("{s:I, s:s, s:s, s:{s:s, s:I}, s:o, s:o}",
	    "id", (json_int_t)e->id, "type", e->type, "created_at", e->created_at,
	    "subject", "kind", e->subject_kind, "id", (json_int_t)e->subject_id,
	    "actor", actor, "data", data);
}

char *
event_body(const struct event *e)
{
	json_t *j = event_json(e);
	char *s;

	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

void
webhook_secret_new(char out[WEBHOOK_SECRET_LEN + 1])
{
	unsigned char raw[TOKEN_BYTES];

	crypto_random(raw, sizeof(raw));
	memcpy(out, "whsec_", 6);
	b64url_encode(raw, sizeof(raw), out + 6);
	OPENSSL_cleanse(raw, sizeof(raw));
}

void
webhook_secret_context(int64_t tenant, int64_t id, char *out, size_t outlen)
{
	snprintf(out, outlen, "webhook:%lld:%lld", (long long)tenant, (long long)id);
}

void
webhook_signature(const char *secret, int64_t t, const char *body, size_t len,
    char out[WEBHOOK_SIGNATURE_MAX])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	char hex[2 * 32 + 1] = "";
	struct buf msg;

	buf_init(&msg, len + 32);
	buf_printf(&msg, "%lld.", (long long)t);
	buf_put(&msg, body, len);
	/* On a failure, a signature no receiver accepts rather than none. */
	if (HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)msg.data,
	    msg.len, mac, &maclen) != NULL && maclen == 32)
		hex_encode(mac, 32, hex);
	buf_free(&msg);
	snprintf(out, WEBHOOK_SIGNATURE_MAX, "t=%lld,v1=%s", (long long)t, hex);
}

/* An IPv4 address (host order) a webhook never goes to without allow_private. */
static int
v4_private(uint32_t a)
{
	static const struct { uint32_t net, mask; } nets[] = {
		{ 0x00000000, 0xff000000 },	/* 0/8: this network */
		{ 0x0a000000, 0xff000000 },	/* 10/8 */
		{ 0x64400000, 0xffc00000 },	/* 100.64/10: shared (CGN) */
		{ 0x7f000000, 0xff000000 },	/* 127/8: loopback */
		{ 0xa9fe0000, 0xffff0000 },	/* 169.254/16: link-local */
		{ 0xac100000, 0xfff00000 },	/* 172.16/12 */
		{ 0xc0000000, 0xffffff00 },	/* 192.0.0/24: protocol assignments */
		{ 0xc0000200, 0xffffff00 },	/* 192.0.2/24: documentation */
		{ 0xc0a80000, 0xffff0000 },	/* 192.168/16 */
		{ 0xc6120000, 0xfffe0000 },	/* 198.18/15: benchmarking */
		{ 0xc6336400, 0xffffff00 },	/* 198.51.100/24: documentation */
		{ 0xcb007100, 0xffffff00 },	/* 203.0.113/24: documentation */
		{ 0xe0000000, 0xe0000000 },	/* 224/3: multicast, reserved, broadcast */
	};

	for (size_t i = 0; i < NELEM(nets); i++)
		if ((a & nets[i].mask) == nets[i].net)
			return 1;
	return 0;
}

int
webhook_addr_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return v4_private(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6) {
		const unsigned char *b =
		    ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		    0xff, 0xff };
		static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
		static const unsigned char zero[12];

		/* IPv4-mapped, NAT64 and the old IPv4-compatible form: the IPv4 inside. */
		if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0 ||
		    memcmp(b, zero, 12) == 0)
			return v4_private((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
			    (uint32_t)b[14] << 8 | b[15]);
		return (b[0] & 0xfe) == 0xfc ||			/* fc00::/7: unique local */
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||	/* fe80::/10: link-local */
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) ||	/* fec0::/10: site-local */
		    b[0] == 0xff ||				/* ff00::/8: multicast */
		    (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
		    						/* 2001:db8::/32 */
	}
	return 1;	/* anything else is not an address of the internet */
}

int
net_allowed(const struct net_allow *allow, const struct sockaddr *sa)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	    0xff };
	const unsigned char *b;
	int family, whole, rest;

	if (allow == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		family = AF_INET;
		b = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		family = AF_INET6;
		b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		if (memcmp(b, mapped, 12) == 0) {
			family = AF_INET;
			b += 12;
		}
	} else
		return 0;
	for (int i = 0; i < allow->n; i++) {
		if (allow->net[i].family != family)
			continue;
		whole = allow->net[i].prefix / 8;
		rest = allow->net[i].prefix % 8;
		if (memcmp(b, allow->net[i].addr, (size_t)whole) == 0 && (rest == 0 ||
		    ((b[whole] ^ allow->net[i].addr[whole]) & (0xff << (8 - rest)) &
		    0xff) == 0))
			return 1;
	}
	return 0;
}

/* Is host (as the URL gives it, IPv6 in brackets) a literal address that is
 * private and not in allow? */
static int
host_literal_private(const char *host, const struct net_allow *allow)
{
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	char buf[64];
	size_t n = strlen(host);

	if (inet_pton(AF_INET, host, &v4.sin_addr) == 1)
		return webhook_addr_private((struct sockaddr *)&v4) &&
		    !net_allowed(allow, (struct sockaddr *)&v4);
	if (n > 2 && n < sizeof(buf) && host[0] == '[' && host[n - 1] == ']') {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		/* A zone ("%eth0") is link-local by definition. */
		if (strchr(buf, '%') != NULL)
			return 1;
		if (inet_pton(AF_INET6, buf, &v6.sin6_addr) == 1)
			return webhook_addr_private((struct sockaddr *)&v6) &&
			    !net_allowed(allow, (struct sockaddr *)&v6);
	}
	return 0;
}

const char *
webhook_url_problem(const char *url, int allow_private, const struct net_allow *allow)
{
	static const struct url_words words = {
		"That is not a URL like https://example.com/porch-events.",
		"The URL must not hold a user name or password: the signature proves the "
		    "sender.",
		"Webhooks do not go to loopback, link-local or private addresses.",
	};

	return url_problem(url, allow_private, allow, &words);
}

const char *
url_problem(const char *url, int allow_private, const struct net_allow *allow,
    const struct url_words *w)
{
	const char *why = NULL;
	char *scheme = NULL, *host = NULL, *part = NULL;
	CURLU *u;

	if (url == NULL || url[0] == '\0')
		return "Give the URL.";
	if (strlen(url) > WEBHOOK_URL_MAX)
		return "The URL is too long (at most 2000 bytes).";
	if (strpbrk(url, " \t\r\n") != NULL || !utf8_valid(url, strlen(url)))
		return "The URL must not hold spaces or line breaks.";
	if ((u = curl_url()) == NULL)
		return "The URL cannot be checked now.";
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || host[0] == '\0') {
		why = w->not_url;
		goto out;
	}
	if (strcmp(scheme, "https") != 0 && !(allow_private && strcmp(scheme, "http") ==
	    0)) {
		why = "The URL must start with https://.";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &part, 0) == CURLUE_OK) {
		why = w->user;
		goto out;
	}
	if (curl_url_get(u, CURLUPART_FRAGMENT, &part, 0) == CURLUE_OK) {
		why = "The URL must not end in a #fragment.";
		goto out;
	}
	if (!allow_private && host_literal_private(host, allow))
		why = w->private;
out:
	curl_free(part);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return why;
}

curl_socket_t
net_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct net_conn_check *cc = arg;
	const void *in;

	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	if (!cc->allow_private && webhook_addr_private(&addr->addr) &&
	    !net_allowed(cc->allow, &addr->addr)) {
		in = addr->family == AF_INET6 ?
		    (const void *)&((struct sockaddr_in6 *)&addr->addr)->sin6_addr :
		    (const void *)&((struct sockaddr_in *)&addr->addr)->sin_addr;
		if (inet_ntop(addr->family, in, cc->refused, sizeof(cc->refused)) == NULL)
			snprintf(cc->refused, sizeof(cc->refused), "?");
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}
