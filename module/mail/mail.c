/* porch — SPDX-License-Identifier: MIT
 * What may be mailed, putting mail in the outbox, and building the message (headers
 * and body) at send time. The sender is in mail_send.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "brand.h"
#include "db.h"
#include "html.h"
#include "mail.h"
#include "store_outbox.h"

/* Raw bytes in one RFC 2047 encoded-word: 30 bytes are 40 of base64, so a header line
 * with one word stays under 76 characters. */
#define EW_RAW_MAX	30
/* Header lines are folded before this many characters where a space allows. */
#define FOLD_AT		78
/*
 * A body that is plain ASCII with lines up to this many bytes goes as 7bit, any other
 * as quoted-printable: 8bit would need the relay's 8BITMIME and a BODY=8BITMIME that
 * libcurl does not send, while quoted-printable passes every relay unchanged.
 */
#define LINE_MAX_7BIT	998

static int
is_alnum(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

/* RFC 5322 atext: what a dot-atom or an unquoted word may hold. */
static int
is_atext(unsigned char ch)
{
	return is_alnum(ch) || (ch != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", ch) != NULL);
}

const char *
mail_addr_problem(const char *addr)
{
	const char *at, *p, *label;
	size_t n = strlen(addr);

	if (n == 0)
		return "the address is empty";
	if (n > MAIL_ADDR_MAX)
		return "the address is longer than 254 characters";
	for (p = addr; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch < 0x20 || ch == 0x7f)
			return "the address contains a line break or another control "
			    "character";
		if (ch >= 0x80)
			return "the address must be plain ASCII (an international domain "
			    "in its xn-- form)";
		if (ch == ' ' || strchr("<>,;\"()[]\\:", ch) != NULL)
			return "give one plain address like name@example.com: no name, "
			    "spaces, brackets, quotes or lists";
	}
	if ((at = strchr(addr, '@')) == NULL)
		return "the address has no @";
	if (strchr(at + 1, '@') != NULL)
		return "the address has more than one @";
	if (at == addr || (size_t)(at - addr) > MAIL_LOCAL_MAX)
		return "the part before the @ must be 1-64 characters";
	for (p = addr; p < at; p++)
		if (!is_atext((unsigned char)*p) &&
		    !(*p == '.' && p != addr && p + 1 != at && p[1] != '.'))
			return "the part before the @ is not a plain local part";
	if (at[1] == '\0')
		return "the address has no domain after the @";
	for (label = p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || p - label > 63 || *label == '-' || p[-1] == '-')
				return "the domain after the @ is not a host name";
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!is_alnum((unsigned char)*p) && *p != '-')
			return "the domain after the @ is not a host name";
	}
	return NULL;
}

const char *
mail_text_problem(const char *text)
{
	size_t n = strlen(text), chars = 0;

	if (!utf8_valid(text, n))
		return "the text is not valid UTF-8";
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return "the text contains a line break or another control character";
		if ((*p & 0xc0) != 0x80)
			chars++;
	}
	if (chars > MAIL_TEXT_MAX)
		return "the text is longer than 255 characters";
	return NULL;
}

const char *
mail_body_problem(const char *body)
{
	size_t n = strlen(body);

	if (n > MAIL_BODY_MAX)
		return "the message is longer than 256 KiB";
	if (!utf8_valid(body, n))
		return "the message is not valid UTF-8";
	return NULL;
}

/*
 * The code point at s (valid or not): its value in *cp and its length in bytes as the
 * return value; a byte that starts no valid UTF-8 sequence is U+FFFD of length 1.
 */
static size_t
utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		goto bad;
	*cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (!utf8_valid((const char *)s, len))
		goto bad;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

/*
 * Characters that break a line or hide or reorder text: C0 and C1 controls, DEL,
 * the Unicode line and paragraph separators, zero-width and bidi formatting
 * characters, the byte order mark. In quoted text each becomes a space.
 */
static int
quote_breaks(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029 || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0xfeff;
}

void
mail_one_line(struct buf *b, const char *text, size_t max)
{
	const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
	size_t chars = 0, len, start = b->len, cut = b->len;
	int space = 0;
	uint32_t cp;

	/* One pass: collapse, count, and remember where character max - 1 ends. */
	for (; *s != '\0'; s += len) {
		len = utf8_next(s, &cp);
		if (quote_breaks(cp) || cp == ' ') {
			space = chars > 0;
			continue;
		}
		if (space) {
			buf_putc(b, ' ');
			if (++chars == max - 1)
				cut = b->len;
			space = 0;
		}
		if (cp == '"')
			buf_putc(b, '\'');
		else if (cp == 0xfffd && len == 1)
			buf_puts(b, "\xef\xbf\xbd");
		else
			buf_put(b, s, len);
		if (++chars == max - 1)
			cut = b->len;
	}
	if (max > 0 && chars > max) {
		/* Keep max - 1 characters, without a space at the end, and an ellipsis. */
		b->len = cut;
		while (b->len > start && b->data[b->len - 1] == ' ')
			b->len--;
		buf_puts(b, "\xe2\x80\xa6");
	}
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

void
mail_quote(struct buf *b, const char *what, const char *who, const char *text)
{
	buf_puts(b, what);
	buf_puts(b, " by ");
	mail_one_line(b, who, MAIL_QUOTE_WHO_MAX);
	buf_puts(b, ": \"");
	mail_one_line(b, text, MAIL_QUOTE_MAX);
	buf_puts(b, "\"\n");
}

/* The first problem of a mail's fields, or NULL. */
static const char *
fields_problem(const char *to, const char *to_name, const char *subject,
    const char *body)
{
	const char *why;

	if ((why = mail_addr_problem(to)) != NULL ||
	    (why = mail_text_problem(to_name)) != NULL ||
	    (why = mail_text_problem(subject)) != NULL)
		return why;
	return mail_body_problem(body);
}

int
mail_enqueue_id(struct arena *a, int64_t tenant_id, const char *to,
    const char *to_name, const char *subject, const char *body, int64_t *id)
{
	if (to_name == NULL)
		to_name = "";
	if (fields_problem(to, to_name, subject, body) != NULL)
		return MAIL_INVALID;
	return store_outbox_add(a, tenant_id, to, to_name, subject, body, id);
}

int
mail_enqueue(struct arena *a, int64_t tenant_id, const char *to, const char *to_name,
    const char *subject, const char *body)
{
	return mail_enqueue_id(a, tenant_id, to, to_name, subject, body, NULL);
}

void
mail_date(int64_t t, char *out, size_t outlen)
{
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	    "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d +0000", day[tm.tm_wday],
	    tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

/* Plain ASCII without anything a reader could take for an encoded-word. */
static int
plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p >= 0x80)
			return 0;
	return strstr(s, "=?") == NULL;
}

/*
 * Appends s as RFC 2047 B encoded-words, split between UTF-8 characters, separated by
 * a folding line break; *col is the column on the current line.
 */
static void
put_encoded_words(struct buf *b, const char *s, size_t *col)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned char enc[EW_RAW_MAX / 3 * 4 + 1];
		size_t take = n - i < EW_RAW_MAX ? n - i : EW_RAW_MAX;

		/* Back up to the start of a character (s is valid UTF-8). */
		while (i + take < n && ((unsigned char)s[i + take] & 0xc0) == 0x80)
			take--;
		if (i > 0) {
			buf_puts(b, "\r\n ");
			*col = 1;
		}
		EVP_EncodeBlock(enc, (const unsigned char *)s + i, (int)take);
		buf_printf(b, "=?UTF-8?B?%s?=", (const char *)enc);
		*col += 12 + strlen((const char *)enc);
		i += take;
	}
}

/* Appends ASCII text, folding before a space when a line would pass FOLD_AT. */
static void
put_folded(struct buf *b, const char *s, size_t *col)
{
	while (*s != '\0') {
		size_t word = strcspn(s + 1, " ") + 1;

		if (*s == ' ' && *col + word > FOLD_AT && *col > 1) {
			buf_puts(b, "\r\n");
			*col = 0;
		}
		buf_put(b, s, word);
		*col += word;
		s += word;
	}
}

/* Appends "Header: value" for unstructured text (Subject). */
static void
put_text_header(struct buf *b, const char *name, const char *text)
{
	size_t col = strlen(name) + 2;

	buf_printf(b, "%s: ", name);
	if (plain_ascii(text))
		put_folded(b, text, &col);
	else
		put_encoded_words(b, text, &col);
	buf_puts(b, "\r\n");
}

/* Appends "Header: addr" or "Header: phrase <addr>" (From, To). */
static void
put_addr_header(struct buf *b, const char *name, const char *display, const char *addr)
{
	size_t col = strlen(name) + 2;
	int atoms = 1;

	buf_printf(b, "%s: ", name);
	if (display[0] == '\0') {
		buf_printf(b, "%s\r\n", addr);
		return;
	}
	for (const char *p = display; *p != '\0'; p++)
		if (!is_atext((unsigned char)*p) && !(*p == ' ' && p != display &&
		    p[1] != '\0' && p[1] != ' '))
			atoms = 0;
	if (!plain_ascii(display))
		put_encoded_words(b, display, &col);
	else if (atoms)
		buf_puts(b, display);
	else {
		/* A quoted-string: only " and \ need a backslash. */
		buf_putc(b, '"');
		for (const char *p = display; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	}
	buf_printf(b, " <%s>\r\n", addr);
}

/* Appends one body line as quoted-printable (RFC 2045 6.7), CR LF at its end. */
static void
put_qp_line(struct buf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		int esc = ch == '=' || ch > 126 || (ch < 32 && ch != '\t') ||
		    ((ch == ' ' || ch == '\t') && i + 1 == n);
		size_t w = esc ? 3 : 1;

		if (col + w > 75) {	/* the soft break "=" makes 76 */
			buf_puts(b, "=\r\n");
			col = 0;
		}
		if (esc) {
			buf_putc(b, '=');
			buf_putc(b, hex[ch >> 4]);
			buf_putc(b, hex[ch & 15]);
		} else
			buf_putc(b, (char)ch);
		col += w;
	}
	buf_puts(b, "\r\n");
}

/*
 * Walks the lines of body (each ending LF, CR LF or CR; a last line end adds no empty
 * line) and, when b is not NULL, appends each with CR LF, quoted-printable when qp.
 * Returns 1 when every line is plain ASCII of at most LINE_MAX_7BIT bytes.
 */
static int
each_line(const char *body, struct buf *b, int qp)
{
	const char *p = body, *end = body + strlen(body);
	int plain = 1;

	while (p < end) {
		const char *e = p;

		while (e < end && *e != '\r' && *e != '\n') {
			if ((unsigned char)*e >= 0x80)
				plain = 0;
			e++;
		}
		if (e - p > LINE_MAX_7BIT)
			plain = 0;
		if (b != NULL) {
			if (qp)
				put_qp_line(b, (const unsigned char *)p, (size_t)(e - p));
			else {
				buf_put(b, p, (size_t)(e - p));
				buf_puts(b, "\r\n");
			}
		}
		if (e < end)
			e += (*e == '\r' && e + 1 < end && e[1] == '\n') ? 2 : 1;
		p = e;
	}
	return plain;
}

/* Bytes s[0..n) escaped as an attribute value. */
static void
put_escaped_attr(struct buf *out, const char *s, size_t n)
{
	char *t = xstrndup(s, n);

	html_attr(out, t);
	free(t);
}

/* Bytes s[0..n) escaped as HTML text. */
static void
put_escaped(struct buf *out, const char *s, size_t n)
{
	char *t = xstrndup(s, n);

	html_text(out, t);
	free(t);
}

/* The length of the address (http:// or https:// up to a space or a quote) at s,
 * the punctuation that ends a sentence left after it; 0 when s holds none. */
static size_t
link_len(const char *s, size_t n)
{
	size_t len = 0;

	if (!((n > 8 && strncmp(s, "https://", 8) == 0) ||
	    (n > 7 && strncmp(s, "http://", 7) == 0)))
		return 0;
	while (len < n && strchr(" \t<>\"", s[len]) == NULL)
		len++;
	while (len > 0 && strchr(".,;:!?)'", s[len - 1]) != NULL)
		len--;
	return len;
}

/* One line of the body, escaped, its addresses as links in color. */
static void
put_html_line(struct buf *out, const char *s, size_t n, const char *color)
{
	size_t i = 0, run = 0, len;

	while (i < n) {
		if ((i == 0 || strchr(" \t(", s[i - 1]) != NULL) &&
		    (len = link_len(s + i, n - i)) > 0) {
			put_escaped(out, s + run, i - run);
			html_raw(out, "<a href=\"");
			put_escaped_attr(out, s + i, len);
			html_raw(out, "\" style=\"color:");
			html_attr(out, color);
			html_raw(out, "\">");
			put_escaped(out, s + i, len);
			html_raw(out, "</a>");
			run = i += len;
		} else
			i++;
	}
	put_escaped(out, s + run, n - run);
}

/* m carries a logo fit to send: bytes, an image type and its size. */
static int
logo_ok(const struct mail_msg *m)
{
	return m->tenant != NULL && m->logo != NULL && m->logo_len > 0 &&
	    m->logo_width > 0 && m->logo_height > 0 && m->logo_type != NULL &&
	    strncmp(m->logo_type, "image/", 6) == 0 &&
	    strpbrk(m->logo_type, "\r\n\";") == NULL;
}

void
mail_html(struct buf *out, const struct mail_msg *m)
{
	struct brand_palette pal = { .brand = { 0x1f, 0x6f, 0xeb },
	    .ink = { 0xff, 0xff, 0xff }, .link = { 0x1f, 0x6f, 0xeb } };
	const char *p = m->body, *end = m->body + strlen(m->body);
	struct brand_hex h;
	struct rgb c;
	int open = 0, lines = 0;

	if (m->brand_color != NULL && brand_color_parse(m->brand_color, &c) == 0)
		brand_palette(c, &pal);
	brand_palette_hex(&pal, &h);
	html_raw(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	html_text(out, m->subject);
	html_raw(out, "</title>\n</head>\n<body style=\"margin:0;padding:0;"
	    "background:#f4f6f9;color:#1d2430;font-family:system-ui,-apple-system,"
	    "'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5\">\n"
	    "<div class=\"brand\" style=\"padding:16px 24px;font-size:18px;"
	    "font-weight:600;background:");
	html_attr(out, h.brand);
	html_raw(out, ";color:");
	html_attr(out, h.ink);
	html_raw(out, "\">");
	if (logo_ok(m)) {
		char cid[MAIL_CID_MAX];
		/* 40 pixels high, at most 240 wide, as the page's header has it. */
		long w = (long)m->logo_width * 40 / m->logo_height, ht = 40;

		if (w > 240) {
			ht = 240L * m->logo_height / m->logo_width;
			w = 240;
		}
		mail_logo_cid(m, cid, sizeof(cid));
		html_raw(out, "<img src=\"cid:");
		html_attr(out, cid);
		html_rawf(out, "\" alt=\"\" width=\"%ld\" height=\"%ld\" "
		    "style=\"display:block;margin-bottom:8px;border:0\">", w > 0 ? w : 1,
		    ht > 0 ? ht : 1);
	}
	html_text(out, m->tenant != NULL ? m->tenant : "");
	html_raw(out, "</div>\n<div style=\"max-width:600px;margin:24px auto;"
	    "padding:8px 24px;background:#ffffff;border:1px solid #d9dee6;"
	    "border-radius:8px\">\n");
	while (p < end) {
		const char *e = p;

		while (e < end && *e != '\r' && *e != '\n')
			e++;
		if (e == p) {
			if (open)
				html_raw(out, "</p>\n");
			open = lines = 0;
		} else {
			if (!open)
				html_raw(out, "<p>");
			else if (lines > 0)
				html_raw(out, "<br>\n");
			open = 1;
			lines++;
			put_html_line(out, p, (size_t)(e - p), h.link);
		}
		if (e < end)
			e += (*e == '\r' && e + 1 < end && e[1] == '\n') ? 2 : 1;
		p = e;
	}
	if (open)
		html_raw(out, "</p>\n");
	html_raw(out, "</div>\n</body>\n</html>\n");
}

void
mail_logo_cid(const struct mail_msg *m, char *out, size_t outlen)
{
	snprintf(out, outlen, "logo.%lld@porch", (long long)m->id);
}

/* data[0..n) in base64 (RFC 2045), lines of 76 characters. */
static void
put_base64(struct buf *out, const unsigned char *data, size_t n)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)data[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)data[i + 1] << 8;
		if (i + 2 < n)
			v |= data[i + 2];
		q[0] = abc[v >> 18 & 63];
		q[1] = abc[v >> 12 & 63];
		q[2] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? abc[v & 63] : '=';
		buf_put(out, q, 4);
		if ((col += 4) == 76) {
			buf_puts(out, "\r\n");
			col = 0;
		}
	}
	if (col != 0)
		buf_puts(out, "\r\n");
}

/* The text part's headers. */
static void
put_text_part(struct buf *out, int qp)
{
	buf_printf(out, "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: %s\r\n", qp ? "quoted-printable" : "7bit");
}

int
mail_compose(const struct cfg_smtp *c, const struct mail_msg *m, struct buf *out,
    const char **why)
{
	char date[40], boundary[64];
	const char *domain, *from_name = c->from_name;
	struct buf html;
	int plain, logo;

	if ((*why = fields_problem(m->to, m->to_name, m->subject, m->body)) != NULL ||
	    (*why = mail_addr_problem(c->from)) != NULL ||
	    (*why = mail_text_problem(c->from_name)) != NULL)
		return -1;
	/* The tenant's name, when a header may carry it. */
	if (m->from_name != NULL && m->from_name[0] != '\0' &&
	    mail_text_problem(m->from_name) == NULL)
		from_name = m->from_name;
	domain = strchr(c->from, '@') + 1;
	mail_date(m->created, date, sizeof(date));
	/* "=_" never occurs in quoted-printable, so the boundary is safe unless a 7bit
	 * text holds it: then the text goes quoted-printable too. */
	snprintf(boundary, sizeof(boundary), "=_porch_%lld_%lld", (long long)m->id,
	    (long long)m->created);
	plain = each_line(m->body, NULL, 0) && strstr(m->body, "=_porch_") == NULL;
	logo = logo_ok(m);

	put_addr_header(out, "From", from_name, c->from);
	put_addr_header(out, "To", m->to_name, m->to);
	put_text_header(out, "Subject", m->subject);
	buf_printf(out, "Date: %s\r\n", date);
	/* The same on every attempt, so a relay or reader can spot a repeat. */
	buf_printf(out, "Message-ID: <porch.%lld.%lld@%s>\r\n", (long long)m->id,
	    (long long)m->created, domain);
	buf_puts(out, "MIME-Version: 1.0\r\n");
	if (m->tenant == NULL) {
		put_text_part(out, !plain);
		buf_puts(out, "Auto-Submitted: auto-generated\r\n\r\n");
		each_line(m->body, out, !plain);
		return 0;
	}
	buf_printf(out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n"
	    "This is a message in MIME format: text, and the same as HTML.\r\n"
	    "\r\n--%s\r\n", boundary, boundary);
	put_text_part(out, !plain);
	buf_puts(out, "\r\n");
	each_line(m->body, out, !plain);
	buf_printf(out, "\r\n--%s\r\n", boundary);
	/* With a logo: the HTML and the image it shows, as one related part. */
	if (logo)
		buf_printf(out, "Content-Type: multipart/related;\r\n boundary=\"%s_r\"; "
		    "type=\"text/html\"\r\n\r\n--%s_r\r\n", boundary, boundary);
	buf_puts(out, "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	buf_init(&html, 1024 + strlen(m->body) * 2);
	mail_html(&html, m);
	each_line(html.data, out, 1);
	buf_free(&html);
	if (logo) {
		char cid[MAIL_CID_MAX];

		mail_logo_cid(m, cid, sizeof(cid));
		buf_printf(out, "\r\n--%s_r\r\nContent-Type: %s\r\n"
		    "Content-Transfer-Encoding: base64\r\nContent-ID: <%s>\r\n"
		    "Content-Disposition: inline\r\n\r\n", boundary, m->logo_type, cid);
		put_base64(out, m->logo, m->logo_len);
		buf_printf(out, "--%s_r--\r\n", boundary);
	}
	buf_printf(out, "\r\n--%s--\r\n", boundary);
	return 0;
}
