/* porch — SPDX-License-Identifier: MIT
 * Fetching a channel's iCal feed with libcurl: conditional, bounded in time, size
 * and redirects, and never to an address inside unless the config allows it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "cfg.h"
#include "event.h"
#include "ical.h"

/* What the callbacks keep: the body within its bound, and the validators. */
struct fetch {
	struct buf	*body;
	size_t		 max;
	int		 too_large;
	char		*etag, *lm;
};

static size_t
body_part(char *p, size_t size, size_t nmemb, void *arg)
{
	struct fetch *f = arg;
	size_t n = size * nmemb;

	if (f->body->len + n > f->max) {
		f->too_large = 1;
		return 0;		/* curl stops: CURLE_WRITE_ERROR */
	}
	buf_put(f->body, p, n);
	return n;
}

/* A header line "Name: value" into out when its name is name (the last wins). */
static void
header_value(const char *line, size_t n, const char *name, char *out)
{
	size_t k = strlen(name), v;

	if (n <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return;
	line += k + 1;
	n -= k + 1;
	while (n > 0 && (*line == ' ' || *line == '\t'))
		line++, n--;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n' || line[n - 1] == ' '))
		n--;
	v = n < ICAL_VALIDATOR_MAX - 1 ? n : 0;	/* a longer one is not kept */
	memcpy(out, line, v);
	out[v] = '\0';
}

static size_t
header_line(char *p, size_t size, size_t nmemb, void *arg)
{
	struct fetch *f = arg;
	size_t n = size * nmemb;

	/* A redirect's headers come first: a new status line starts afresh. */
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		f->etag[0] = f->lm[0] = '\0';
	header_value(p, n, "ETag", f->etag);
	header_value(p, n, "Last-Modified", f->lm);
	return n;
}

int
ical_fetch(const struct cfg_ical *c, const char *url, const char *etag,
    const char *last_modified, struct buf *body, char *etag_out, char *lm_out,
    char *err, size_t errlen)
{
	struct net_conn_check cc = { .allow_private = c->allow_private,
	    .allow = &c->allow };
	struct fetch f = { body, (size_t)c->max_bytes, 0, etag_out, lm_out };
	const char *protocols = c->allow_private ? "http,https" : "https";
	char cerr[CURL_ERROR_SIZE] = "", line[ICAL_VALIDATOR_MAX + 32];
	struct curl_slist *hdr = NULL;
	long status = 0;
	CURLcode rc;
	CURL *h;

	buf_reset(body);
	etag_out[0] = lm_out[0] = '\0';
	if ((h = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl could not start");
		return -1;
	}
	if (etag != NULL && etag[0] != '\0') {
		snprintf(line, sizeof(line), "If-None-Match: %s", etag);
		hdr = curl_slist_append(hdr, line);
	}
	if (last_modified != NULL && last_modified[0] != '\0') {
		snprintf(line, sizeof(line), "If-Modified-Since: %s", last_modified);
		hdr = curl_slist_append(hdr, line);
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, c->allow_private ?
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS);
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, c->allow_private ?
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "porch-ical/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, c->max_redirects > 0 ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)c->max_redirects);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, net_open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &cc);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL && c->ca_file[0] != '\0')
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_bytes);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_part);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_line);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &f);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	if (rc == CURLE_OK && (status == 200 || status == 304))
		return (int)status;
	if (cc.refused[0] != '\0')
		snprintf(err, errlen, "refused: %s is a loopback, link-local or private "
		    "address (ical.allow_private is off and it is not in "
		    "ical.allow_addresses)", cc.refused);
	else if (f.too_large || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(err, errlen, "the feed is larger than %d bytes (ical.max_bytes)",
		    c->max_bytes);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		snprintf(err, errlen, "more than %d redirects (ical.max_redirects)",
		    c->max_redirects);
	else if (rc == CURLE_OK)
		snprintf(err, errlen, "the channel answered %ld", status);
	else
		snprintf(err, errlen, "%s", cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
	buf_reset(body);
	return -1;
}
