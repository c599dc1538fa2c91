/* porch — SPDX-License-Identifier: MIT
 * The outbox sender: claims due mail, delivers it through SMTP with libcurl, and marks
 * it sent, or due again after a growing delay, or failed after smtp.max_attempts.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include "brand.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "sender.h"
#include "store_outbox.h"

#define ERROR_MAX	400	/* of outbox.last_error's 500 */

int
mail_backoff(const struct cfg_smtp *c, int attempts)
{
	return sender_backoff(c->retry_base_seconds, c->retry_max_seconds, attempts);
}

/* The message being uploaded. */
struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
upload_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/*
 * Hands one message to the relay. Returns 0, or -1 with the reason in err. h is
 * reused for each mail of a pass, so its connection to the relay is too.
 */
static int
smtp_deliver(CURL *h, const struct cfg_smtp *c, const char *to, const struct buf *msg,
    char *err, size_t errlen)
{
	static const curl_usessl use_ssl[SMTP_TLS__MAX] = {
		[SMTP_TLS_OFF] = CURLUSESSL_NONE,
		[SMTP_TLS_OPPORTUNISTIC] = CURLUSESSL_TRY,
		[SMTP_TLS_REQUIRED] = CURLUSESSL_ALL,
	};
	char url[300], from[MAIL_ADDR_MAX + 3], rcpt[MAIL_ADDR_MAX + 3];
	char cerr[CURL_ERROR_SIZE] = "";
	struct upload up = { msg->data, msg->len };
	struct curl_slist *rcpts;
	int verify = c->starttls == SMTP_TLS_REQUIRED;
	long code = 0;
	CURLcode rc;

	/* An IPv6 address needs brackets in the URL. */
	if (strchr(c->host, ':') != NULL)
		snprintf(url, sizeof(url), "smtp://[%s]:%d", c->host, c->port);
	else
		snprintf(url, sizeof(url), "smtp://%s:%d", c->host, c->port);
	snprintf(from, sizeof(from), "<%s>", c->from);
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	rcpts = curl_slist_append(NULL, rcpt);

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp");
#endif
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
	/* Opportunistic TLS only hides the mail from a passive listener, as between
	 * mail servers: the relay's certificate is checked only when TLS is required. */
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)use_ssl[c->starttls]);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
	if (c->ca_file[0] != '\0')
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	if (c->user[0] != '\0') {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
	}
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);

	rc = curl_easy_perform(h);
	curl_slist_free_all(rcpts);
	if (rc == CURLE_OK)
		return 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (code != 0)
		snprintf(err, errlen, "%s (relay answered %ld)",
		    cerr[0] != '\0' ? cerr : curl_easy_strerror(rc), code);
	else
		snprintf(err, errlen, "%s", cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
	sender_clean_error(err, ERROR_MAX);
	return -1;
}

static const char *files_dir;

void
mail_files_dir(const char *dir)
{
	files_dir = dir != NULL && dir[0] != '\0' ? dir : NULL;
}

/*
 * The tenant's logo of row into m, read from files_dir, when it has one and the
 * file is an image porch takes; else the mail goes without it (logged), as a
 * logo is no reason to hold mail back.
 */
static void
logo_read(struct arena *a, const struct outbox_row *row, struct mail_msg *m)
{
	struct brand_image img;
	unsigned char *data;
	const char *why = "not readable";
	struct stat st;
	char *path;
	size_t n, have = 0;
	int fd;

	if (row->logo_path == NULL || files_dir == NULL || row->tenant_name == NULL ||
	    strstr(row->logo_path, "..") != NULL)
		return;
	n = strlen(files_dir) + strlen(row->logo_path) + 2;
	path = arena_alloc(a, n);
	snprintf(path, n, "%s/%s", files_dir, row->logo_path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto fail;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > BRAND_LOGO_MAX_BYTES) {
		close(fd);
		goto fail;
	}
	data = arena_alloc(a, (size_t)st.st_size);
	while (have < (size_t)st.st_size) {
		ssize_t got = read(fd, data + have, (size_t)st.st_size - have);

		if (got <= 0)
			break;
		have += (size_t)got;
	}
	close(fd);
	if (have != (size_t)st.st_size || (why = brand_image_problem(data, have, &img)) != NULL)
		goto fail;
	m->logo = data;
	m->logo_len = have;
	m->logo_type = img.type;
	m->logo_width = (int)img.width;
	m->logo_height = (int)img.height;
	return;
fail:
	log_warn("outbox: mail %lld goes without its logo %s: %s", (long long)row->id,
	    row->logo_path, why);
}

/* Delivers one claimed row and marks it. Returns DB_OK or a DB_* error. */
static int
send_one(const struct cfg_smtp *c, struct arena *a, CURL *h, const char *claim,
    const struct outbox_row *row, struct mail_pass_stats *st)
{
	struct mail_msg m = {
		row->id, row->created, row->to_addr, row->to_name, row->subject, row->body,
		row->from_name, row->tenant_name, row->brand_color, NULL, 0, NULL, 0, 0,
	};
	char err[512];
	const char *why;
	struct buf msg;
	int rc, ours, attempt = row->attempts + 1, delay;

	if ((rc = store_outbox_begin_attempt(a, row->id, claim, &ours)) != DB_OK)
		return rc;
	if (!ours)
		return DB_OK;	/* the claim went stale and another sender has it */
	logo_read(a, row, &m);
	buf_init(&msg, 4096);
	if (mail_compose(c, &m, &msg, &why) < 0) {
		/* A row that was never valid: no later attempt can do better. */
		snprintf(err, sizeof(err), "cannot be sent: %s", why);
		SENDER_RETRY_DB(rc, store_outbox_mark_retry(a, row->id, claim, 0, 0, err));
		log_warn("outbox: mail %lld failed: %s", (long long)row->id, err);
		st->failed++;
		goto out;
	}
	if (smtp_deliver(h, c, row->to_addr, &msg, err, sizeof(err)) == 0) {
		SENDER_RETRY_DB(rc, store_outbox_mark_sent(a, row->id, claim));
		log_info("outbox: mail %lld sent to %s", (long long)row->id, row->to_addr);
		st->sent++;
		goto out;
	}
	delay = mail_backoff(c, attempt);
	SENDER_RETRY_DB(rc, store_outbox_mark_retry(a, row->id, claim, c->max_attempts,
	    delay, err));
	if (attempt >= c->max_attempts) {
		log_warn("outbox: mail %lld to %s failed after %d attempts: %s",
		    (long long)row->id, row->to_addr, attempt, err);
		st->failed++;
	} else {
		log_warn("outbox: mail %lld to %s deferred (attempt %d of %d, next in %d s): "
		    "%s", (long long)row->id, row->to_addr, attempt, c->max_attempts, delay,
		    err);
		st->deferred++;
	}
out:
	buf_free(&msg);
	return rc;
}

/* Claims a batch, trying again after a conflict (Galera reports a certification
 * failure as a deadlock, which reaches here as DB_ERROR). */
static int
claim_batch(const struct cfg_smtp *c, struct arena *a, const char *claim,
    const char *due, uint64_t *n)
{
	int rc = DB_ERROR;

	for (int try = 0; try < SENDER_DB_TRIES; try++) {
		if ((rc = store_outbox_claim(a, claim, due, c->batch, n)) != DB_ERROR)
			break;
		sender_pause_ms(50 + 100 * try);
	}
	return rc;
}

int
mail_send_pass(const struct cfg_smtp *c, struct arena *a, volatile sig_atomic_t *stop,
    struct mail_pass_stats *st)
{
	char claim[SENDER_CLAIM_MAX], due[40], *now;
	struct arena batch = { 0 };
	struct outbox_row *rows;
	sigset_t hold, prev;
	uint64_t n, left;
	size_t nrows;
	CURL *h = NULL;
	int rc, stale;

	memset(st, 0, sizeof(*st));
	/* Stop signals get in only between two mails. */
	sender_hold_signals(&hold, &prev);
	stale = sender_stale_seconds(c->claim_seconds, c->timeout);
	if ((rc = store_outbox_requeue_stale(a, stale, c->max_attempts, &n)) != DB_OK)
		goto out;
	st->requeued = (unsigned)n;
	/* Mail due when the pass began: a retry due a second later waits for the next. */
	if ((rc = store_outbox_now(a, &now)) != DB_OK)
		goto out;
	snprintf(due, sizeof(due), "%s", now);
	if ((h = curl_easy_init()) == NULL) {
		log_error("outbox: curl_easy_init failed");
		rc = DB_ERROR;
		goto out;
	}
	for (;;) {
		sender_let_signals_in(&prev, &hold);
		if (*stop)
			break;
		sender_claim_id(claim, sizeof(claim));
		if ((rc = claim_batch(c, &batch, claim, due, &n)) != DB_OK || n == 0)
			break;
		if ((rc = store_outbox_claimed(&batch, claim, &rows, &nrows)) != DB_OK)
			break;
		for (size_t i = 0; i < nrows && rc == DB_OK; i++) {
			sender_let_signals_in(&prev, &hold);
			if (*stop)
				break;
			rc = send_one(c, &batch, h, claim, &rows[i], st);
		}
		/* Whatever a stop or an error left of the batch goes back at once. */
		if (store_outbox_release(&batch, claim, &left) == DB_OK && left > 0)
			log_info("outbox: %llu claimed mail put back", (unsigned long long)left);
		arena_reset(&batch);
		if (rc != DB_OK)
			break;
	}
out:
	if (h != NULL)
		curl_easy_cleanup(h);
	arena_free(&batch);
	sigprocmask(SIG_SETMASK, &prev, NULL);
	return rc;
}
