/* porch — SPDX-License-Identifier: MIT
 * The mail outbox: what may be mailed (addresses, header text, bodies), putting a mail
 * in the outbox table, building the message at send time, and the sender that
 * delivers claimed mail through SMTP (libcurl) with retries and backoff.
 *
 * Header injection is impossible by construction: an address must be one plain
 * addr-spec and names and subjects may hold no control character at all, checked when
 * a mail is enqueued and again when it is built; nothing with a line break ever reaches
 * a header.
 */
#ifndef PORCH_MAIL_H
#define PORCH_MAIL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "util.h"

/* mail_enqueue(): the address, a name, the subject or the body cannot be mailed. */
#define MAIL_INVALID	-10

#define MAIL_ADDR_MAX		254		/* bytes, RFC 5321 path limit */
#define MAIL_LOCAL_MAX		64		/* bytes before the @ */
#define MAIL_TEXT_MAX		255		/* characters of a subject or a name */
#define MAIL_BODY_MAX		(256 * 1024)	/* bytes of a body */

/*
 * Each returns NULL when its argument may be mailed, else a short sentence saying why
 * not (static text, fit for an operator or a form error).
 *  addr: one plain addr-spec, local@domain, in ASCII: no display name, no angle
 *        brackets, comments, quotes, spaces, lists (, ;) or control characters,
 *        exactly one @, a dot-atom local part and a host name as domain.
 *  text: a subject or display name: valid UTF-8, no control character (so no CR,
 *        LF, TAB or NUL), at most MAIL_TEXT_MAX characters. "" is fine.
 *  body: valid UTF-8 without NUL, at most MAIL_BODY_MAX bytes. Line ends may be LF,
 *        CR LF or CR; they are sent as CR LF.
 */
const char	*mail_addr_problem(const char *addr);
const char	*mail_text_problem(const char *text);
const char	*mail_body_problem(const char *body);

/*
 * Text a portal user wrote (a block-off reason, a note) and names they chose go into
 * mail only through these, so nobody can make a line of their own look like the
 * office's words:
 *  mail_one_line: appends text on one line: line breaks, tabs, other control and
 *        invisible formatting characters (zero-width, bidi, U+2028/9) and runs of
 *        spaces become one space, the ends are trimmed, " becomes ', and when it is
 *        longer than max characters (0: no limit) it is cut to max - 1 characters at
 *        a character boundary and ends in "…". Invalid UTF-8 bytes become U+FFFD.
 *  mail_quote: appends the line  WHAT by WHO: "TEXT"  (WHO cut to
 *        MAIL_QUOTE_WHO_MAX, TEXT to MAIL_QUOTE_MAX characters), e.g.
 *        Reason given by ada@example.com: "Owner stay"
 */
#define MAIL_QUOTE_MAX		160	/* characters of quoted user text */
#define MAIL_QUOTE_WHO_MAX	80	/* characters of the name it is quoted under */
void	mail_one_line(struct buf *b, const char *text, size_t max);
void	mail_quote(struct buf *b, const char *what, const char *who, const char *text);

/*
 * Puts one mail in the outbox for the sender to deliver. tenant_id is the tenant it is
 * sent for, or 0 for none (operator mail). to_name may be "" (the To header is then
 * the bare address). Call it inside the transaction (store_begin() .. store_end())
 * of the change that causes the mail, so both are written or neither is; outside a
 * transaction the mail
 * is written at once. Returns DB_OK, MAIL_INVALID (nothing written; the *_problem()
 * functions say why) or a DB_* error. *id (when id is not NULL) gets the outbox id.
 */
int	mail_enqueue(struct arena *a, int64_t tenant_id, const char *to,
	    const char *to_name, const char *subject, const char *body);
int	mail_enqueue_id(struct arena *a, int64_t tenant_id, const char *to,
	    const char *to_name, const char *subject, const char *body, int64_t *id);

/* One outbox row as the sender needs it. */
struct mail_msg {
	int64_t		 id;
	int64_t		 created;	/* seconds since the epoch (UTC) */
	const char	*to;
	const char	*to_name;
	const char	*subject;
	const char	*body;
	/* The tenant's brand (NULL for operator mail): the display name of From
	 * (smtp.from_name when NULL or not fit for a header), and its name and
	 * colour, which head the HTML part. */
	const char	*from_name;
	const char	*tenant;	/* NULL: the mail is text alone */
	const char	*brand_color;	/* "#rrggbb"; NULL or anything else: none */
	/* The tenant's logo, when it has one (else NULL): the image file's bytes,
	 * its type ("image/png", "image/jpeg", "image/webp") and size in pixels.
	 * It heads the HTML part, sent inline beside it. */
	const unsigned char *logo;
	size_t		 logo_len;
	const char	*logo_type;
	int		 logo_width, logo_height;
};

/*
 * Builds the whole message, headers and body, with CR LF line ends, into out (which
 * the caller initialised): From (smtp.from, with the tenant's sender name or
 * smtp.from_name), To, Subject (RFC 2047 encoded-words when not plain ASCII), Date
 * (when the mail was enqueued), Message-ID (the same on every attempt),
 * MIME-Version, Content-Type text/plain; charset=utf-8, Content-Transfer-Encoding
 * 7bit (plain ASCII, short lines) or quoted-printable. A tenant's mail (m->tenant
 * set) is multipart/alternative: that text part, then the same words as HTML
 * (mail_html()), quoted-printable; with a logo the HTML part is a
 * multipart/related of the HTML and the image (base64, Content-ID
 * <logo.ID@DOMAIN>, inline), which the HTML shows as cid:logo.ID@DOMAIN.
 * Dot-stuffing is libcurl's job. Returns 0, or -1 with the reason in *why when a field
 * fails the checks above (a row written around mail_enqueue()).
 */
int	mail_compose(const struct cfg_smtp *c, const struct mail_msg *m, struct buf *out,
	    const char **why);

/*
 * The HTML part of a tenant's mail: a whole document (doctype, charset, title the
 * subject) with a header naming the tenant in its brand colour (text in the
 * colour's readable ink) and the body's paragraphs (split at blank lines, lines
 * kept with <br>), http(s) addresses as links. Every byte of subject, tenant and
 * body is escaped (html.h); styles are inline, as mail readers want.
 */
void	mail_html(struct buf *out, const struct mail_msg *m);

/* The Content-ID of m's logo ("logo.ID@porch"), into out. */
#define MAIL_CID_MAX	48
void	mail_logo_cid(const struct mail_msg *m, char *out, size_t outlen);

/* RFC 5322 date of t (UTC), "Mon, 02 Jun 2025 14:03:09 +0000", into out (32 bytes). */
void	mail_date(int64_t t, char *out, size_t outlen);

/* What one pass of the sender did. */
struct mail_pass_stats {
	unsigned	 sent;		/* delivered */
	unsigned	 deferred;	/* failed, will be tried again later */
	unsigned	 failed;	/* failed for the last time (smtp.max_attempts) */
	unsigned	 requeued;	/* stale claims of a stopped sender put back */
};

/*
 * Runs one pass of the sender: puts stale claims back, then claims due mail in
 * batches (smtp.batch) and delivers each, until none that was due when the pass began
 * is left. Safe with any number of senders at once, on one database or a Galera
 * cluster. Once *stop is set (by a signal handler) it finishes the mail in hand, puts
 * the rest of its claim back and returns. SIGINT and SIGTERM are held during the pass
 * and let in between mails. Returns DB_OK or the DB_* error that ended the pass (mail
 * claimed by it is then put back by a later pass once the claim is stale).
 */
int	mail_send_pass(const struct cfg_smtp *c, struct arena *a,
	    volatile sig_atomic_t *stop, struct mail_pass_stats *st);

/*
 * The directory of the tenants' files (documents.dir), where the sender reads a
 * tenant's logo for its mail; NULL (the default): mail goes without logos.
 */
void	mail_files_dir(const char *dir);

/* Seconds until the next try after a failed attempt number attempts (1 = first). */
int	mail_backoff(const struct cfg_smtp *c, int attempts);

#endif
