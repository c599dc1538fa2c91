/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the mail checks and message building: addresses, header text, encoded
 * words, quoted-printable bodies, line ends and the retry delays.
 */
#include "config.h"

#include <stdlib.h>

#include "mail.h"
#include "tap.h"

static struct cfg_smtp smtp = {
	.from = "porch@mail.example", .from_name = "Acme Rentals",
	.retry_base_seconds = 30, .retry_max_seconds = 3600,
};

/* Builds a message; returns it (static buffer) or NULL with why. */
static const char *
compose(const char *to, const char *name, const char *subject, const char *body,
    const char **why)
{
	static struct buf b;
	struct mail_msg m = { 42, 1700000000, to, name, subject, body, NULL, NULL,
	    NULL, NULL, 0, NULL, 0, 0 };

	buf_free(&b);
	buf_init(&b, 256);
	return mail_compose(&smtp, &m, &b, why) == 0 ? b.data : NULL;
}

/* 1 when every line of s ends in CR LF and is at most max bytes. */
static int
lines_ok(const char *s, size_t max)
{
	for (const char *p = s; *p != '\0';) {
		const char *e = strstr(p, "\r\n");

		if (e == NULL || (size_t)(e - p) > max || memchr(p, '\n', (size_t)(e - p)))
			return 0;
		p = e + 2;
	}
	return 1;
}

/* mail_one_line() of text (max characters) as a string (static buffer). */
static const char *
one_line(const char *text, size_t max)
{
	static struct buf b;

	buf_free(&b);
	buf_init(&b, 64);
	mail_one_line(&b, text, max);
	return b.data;
}

/* One call: a second would free the buffer the first returned. */
static void
is_line(const char *in, size_t max, const char *want, const char *desc)
{
	const char *got = one_line(in, max);

	ok(strcmp(got, want) == 0, "%s (got \"%s\")", desc, got);
}

/* Each check's verdict on a string: taken (NULL problem) or refused. */
static const struct {
	const char	*(*check)(const char *);
	const char	*in;
	int		 taken;
	const char	*what;
} checks[] = {
	{ mail_addr_problem, "ann@example.com", 1, "plain address" },
	{ mail_addr_problem, "o'brien+tag@mail.example.co.uk", 1, "atext local part" },
	{ mail_addr_problem, "root@localhost", 1, "single-label domain" },
	{ mail_addr_problem, "", 0, "empty address refused" },
	{ mail_addr_problem, "ann@example.com\r\nBcc: x@evil.test", 0, "CR LF refused" },
	{ mail_addr_problem, "ann@example.com\n", 0, "LF refused" },
	{ mail_addr_problem, "a@b@example.com", 0, "two @ refused" },
	{ mail_addr_problem, "annexample.com", 0, "no @ refused" },
	{ mail_addr_problem, "Ann <ann@example.com>", 0, "display name refused" },
	{ mail_addr_problem, "ann@example.com,bob@example.com", 0, "list refused" },
	{ mail_addr_problem, "ann@example.com;bob@example.com", 0, "; refused" },
	{ mail_addr_problem, "\"ann\"@example.com", 0, "quotes refused" },
	{ mail_addr_problem, ".ann@example.com", 0, "leading dot refused" },
	{ mail_addr_problem, "an..n@example.com", 0, "double dot refused" },
	{ mail_addr_problem, "ann@-example.com", 0, "bad label refused" },
	{ mail_addr_problem, "ann@example..com", 0, "empty label refused" },
	{ mail_addr_problem, "ann@", 0, "no domain refused" },
	{ mail_addr_problem, "änn@example.com", 0, "non-ASCII refused" },
	{ mail_text_problem, "Ünïcödé ✓ subject", 1, "UTF-8 text" },
	{ mail_text_problem, "", 1, "empty text" },
	{ mail_text_problem, "a\r\nBcc: x", 0, "CR LF in text refused" },
	{ mail_text_problem, "a\nb", 0, "LF in text refused" },
	{ mail_text_problem, "a\tb", 0, "TAB in text refused" },
	{ mail_text_problem, "\xc3\x28", 0, "invalid UTF-8 refused" },
};

/* A tenant's mail: its sender name, and the HTML part beside the text. */
static void
tenant_mail(void)
{
	struct mail_msg m = { 43, 1700000000, "ann@example.com", "Ann", "Hello <Ann>",
	    "Dear Ann,\n\nSet your password: https://acme.test/invite/abc_D-9.\n"
	    "Note by bo: \"<script>alert(1)</script> & co\"\n", "Acme & Söhne",
	    "Acme <Rentals>", "#ffeb3b", NULL, 0, NULL, 0, 0 };
	struct buf b, h;
	const char *why;

	buf_init(&b, 256);
	ok(mail_compose(&smtp, &m, &b, &why) == 0, "a tenant's mail is built");
	ok(strstr(b.data, "From: =?UTF-8?B?") != NULL, "...From the tenant's sender "
	    "name (encoded: not ASCII)");
	ok(strstr(b.data, "Content-Type: multipart/alternative;\r\n boundary=\"=_porch_43_"
	    "1700000000\"\r\n") != NULL, "...multipart/alternative");
	ok(strstr(b.data, "\r\n--=_porch_43_1700000000\r\nContent-Type: text/plain; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nDear Ann,\r\n")
	    != NULL, "...the text part first, as before");
	ok(strstr(b.data, "\r\n--=_porch_43_1700000000\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n") != NULL,
	    "...then the HTML part");
	ok(strstr(b.data, "\r\n--=_porch_43_1700000000--\r\n") != NULL,
	    "...and the closing boundary");
	ok(lines_ok(b.data, 998), "...CR LF lines within 998 bytes");
	buf_free(&b);

	buf_init(&h, 256);
	mail_html(&h, &m);
	ok(strncmp(h.data, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0,
	    "the HTML part is a whole document");
	ok(strstr(h.data, "<title>Hello &lt;Ann&gt;</title>") != NULL, "...titled by the "
	    "subject, escaped");
	ok(strstr(h.data, ">Acme &lt;Rentals&gt;</div>") != NULL, "...headed by the "
	    "tenant's name, escaped");
	ok(strstr(h.data, "background:#ffeb3b;color:#000000") != NULL,
	    "...in its colour, with readable ink");
	ok(strstr(h.data, "<a href=\"https://acme.test/invite/abc_D-9\"") != NULL &&
	    strstr(h.data, ">https://acme.test/invite/abc_D-9</a>.") != NULL,
	    "...addresses are links, the full stop left out");
	ok(strstr(h.data, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") != NULL &&
	    strstr(h.data, "<script") == NULL, "...quoted text is escaped");
	ok(strstr(h.data, "<p>Dear Ann,</p>\n<p>Set your password") != NULL,
	    "...blank lines part paragraphs");
	ok(strstr(h.data, ".<br>\nNote by bo") != NULL, "...lines are kept");
	buf_free(&h);

	m.tenant = NULL;
	buf_init(&b, 256);
	mail_compose(&smtp, &m, &b, &why);
	ok(strstr(b.data, "multipart") == NULL && strstr(b.data, "Content-Type: text/plain;"
	    " charset=utf-8\r\n") != NULL, "operator mail is text alone");
	buf_free(&b);
	m.tenant = "Acme";
	m.from_name = "Bad\r\nBcc: x@evil.test";
	buf_init(&b, 256);
	ok(mail_compose(&smtp, &m, &b, &why) == 0 && strstr(b.data, "Bcc") == NULL &&
	    strstr(b.data, "From: Acme Rentals <porch@mail.example>") != NULL,
	    "a sender name unfit for a header falls back to smtp.from_name");
	buf_free(&b);
}

/* A tenant's mail with its logo: the HTML and the image as one related part. */
static void
logo_mail(void)
{
	static const unsigned char png[] = "\x89PNG\r\n\x1a\nfake image bytes";
	struct mail_msg m = { 44, 1700000000, "ann@example.com", "Ann", "Hello",
	    "Dear Ann,\n", "Acme", "Acme Rentals", "#0e7490", png, sizeof(png) - 1,
	    "image/png", 240, 80 };
	struct buf b;
	const char *why, *rel, *html, *img, *end;

	buf_init(&b, 256);
	ok(mail_compose(&smtp, &m, &b, &why) == 0, "a tenant's mail with a logo is built");
	rel = strstr(b.data, "\r\n--=_porch_44_1700000000\r\nContent-Type: "
	    "multipart/related;\r\n boundary=\"=_porch_44_1700000000_r\"; "
	    "type=\"text/html\"\r\n");
	ok(rel != NULL, "...its second part is multipart/related");
	html = strstr(b.data, "\r\n--=_porch_44_1700000000_r\r\nContent-Type: text/html; "
	    "charset=utf-8\r\n");
	img = strstr(b.data, "\r\n--=_porch_44_1700000000_r\r\nContent-Type: image/png\r\n"
	    "Content-Transfer-Encoding: base64\r\nContent-ID: <logo.44@porch>\r\n"
	    "Content-Disposition: inline\r\n\r\niVBORw0KGgpmYWtlIGltYWdlIGJ5dGVz\r\n"
	    "--=_porch_44_1700000000_r--\r\n");
	end = strstr(b.data, "\r\n--=_porch_44_1700000000--\r\n");
	ok(rel != NULL && html != NULL && img != NULL && end != NULL && rel < html &&
	    html < img && img < end, "...the HTML, then the image in base64 with its "
	    "Content-ID, then the end of both");
	ok(lines_ok(b.data, 998), "...CR LF lines within 998 bytes");
	buf_free(&b);
	buf_init(&b, 256);
	mail_html(&b, &m);
	ok(strstr(b.data, "<img src=\"cid:logo.44@porch\" alt=\"\" width=\"120\" "
	    "height=\"40\"") != NULL, "...the HTML shows it by cid:, 40 pixels high");
	buf_free(&b);

	m.logo_type = "text/html";
	buf_init(&b, 256);
	ok(mail_compose(&smtp, &m, &b, &why) == 0 && strstr(b.data, "multipart/related")
	    == NULL && strstr(b.data, "cid:") == NULL,
	    "a logo that is no image is left out");
	buf_free(&b);
	m.logo = NULL;
	m.logo_type = "image/png";
	buf_init(&b, 256);
	ok(mail_compose(&smtp, &m, &b, &why) == 0 && strstr(b.data, "multipart/related")
	    == NULL && strstr(b.data, "<img") == NULL,
	    "without a logo the mail is as before: no related part, no image");
	buf_free(&b);
}

int
main(void)
{
	logo_mail();
	const char *why, *m;

	for (size_t i = 0; i < NELEM(checks); i++)
		ok((checks[i].check(checks[i].in) == NULL) == checks[i].taken, "%s",
		    checks[i].what);
	ok(mail_body_problem("line\nline\r\n") == NULL, "body with line ends");
	ok(mail_body_problem("\xff") != NULL, "invalid UTF-8 body refused");

	m = compose("ann@example.com", "", "Hello", "Hi.\nSecond line\n", &why);
	ok(m != NULL, "ASCII mail builds");
	is_str(m != NULL ? strstr(m, "Subject:") : NULL,
	    "Subject: Hello\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
	    "Message-ID: <porch.42.1700000000@mail.example>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 7bit\r\nAuto-Submitted: auto-generated\r\n\r\n"
	    "Hi.\r\nSecond line\r\n", "the whole ASCII message after From and To");
	ok(m != NULL && strstr(m, "From: Acme Rentals <porch@mail.example>\r\n") != NULL,
	    "From with name");
	ok(m != NULL && strstr(m, "\r\nTo: ann@example.com\r\n") != NULL, "bare To");
	ok(m != NULL && strstr(m, "\r\nSubject: Hello\r\n") != NULL, "ASCII subject");
	ok(m != NULL && strstr(m, "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n") != NULL,
	    "Date from the enqueue time");
	ok(m != NULL && strstr(m, "\r\nMessage-ID: <porch.42.1700000000@mail.example>\r\n")
	    != NULL, "stable Message-ID");
	ok(m != NULL && strstr(m, "\r\nContent-Type: text/plain; charset=utf-8\r\n") != NULL,
	    "Content-Type");
	ok(m != NULL && strstr(m, "\r\nContent-Transfer-Encoding: 7bit\r\n") != NULL,
	    "ASCII body is 7bit");
	ok(m != NULL && strstr(m, "\r\n\r\nHi.\r\nSecond line\r\n") != NULL &&
	    strstr(m, "Second line\r\n\r\n") == NULL, "body lines in CR LF, no extra line");
	ok(m != NULL && lines_ok(m, 998), "every line CR LF terminated");

	m = compose("ann@example.com", "Zoë Smith", "Grüße ✓ — your stay", "Café\r\rx\n",
	    &why);
	ok(m != NULL, "UTF-8 mail builds");
	ok(m != NULL && strstr(m, "\r\nTo: =?UTF-8?B?Wm/DqyBTbWl0aA==?= <ann@example.com>\r\n")
	    != NULL, "UTF-8 name as an encoded-word");
	ok(m != NULL && strstr(m, "\r\nSubject: =?UTF-8?B?") != NULL, "UTF-8 subject encoded");
	ok(m != NULL && strstr(m, "quoted-printable\r\n") != NULL, "UTF-8 body QP");
	ok(m != NULL && strstr(m, "\r\n\r\nCaf=C3=A9\r\n\r\nx\r\n") != NULL,
	    "QP body, lone CR as a line end");
	ok(m != NULL && lines_ok(m, 76), "QP and encoded lines at most 76");

	m = compose("ann@example.com", "Smith, Ann \"A\"", "=?UTF-8?B?x?= trick",
	    "é, a line with trailing space \nlong " "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789=end\n", &why);
	ok(m != NULL && strstr(m, "To: \"Smith, Ann \\\"A\\\"\" <ann@example.com>\r\n")
	    != NULL, "specials in a name make a quoted-string");
	ok(m != NULL && strstr(m, "Subject: =?UTF-8?B?") != NULL,
	    "a subject looking like an encoded-word is encoded");
	ok(m != NULL && strstr(m, "trailing space=20\r\n") != NULL, "trailing space encoded");
	ok(m != NULL && strstr(m, "=3Dend") != NULL && lines_ok(m, 76),
	    "= encoded, long line soft-broken");

	m = compose("ann@example.com", "",
	    "A rather long subject line that goes on and on about the booking you made "
	    "for the summer house", "x", &why);
	ok(m != NULL && strstr(m, "Subject: A rather long subject line that goes on and on "
	    "about the booking you\r\n made for") != NULL, "long subject folded at a space");

	ok(compose("ann@example.com\r\nBcc: x@evil.test", "", "s", "b", &why) == NULL,
	    "CR LF in the address: not built");
	ok(compose("ann@example.com", "x\r\nBcc: y@evil.test", "s", "b", &why) == NULL,
	    "CR LF in the name: not built");
	ok(compose("ann@example.com", "", "s\nBcc: y@evil.test", "b", &why) == NULL,
	    "LF in the subject: not built");

	is_line("Owner stay", 160, "Owner stay", "plain text kept");
	is_line("  Owner\r\n\r\nSECURITY TEAM:\tvisit http://x.test  ", 160,
	    "Owner SECURITY TEAM: visit http://x.test",
	    "line breaks, tabs and runs of spaces become one space, ends trimmed");
	is_line("a\xe2\x80\xa8" "b\xe2\x80\xae" "c\xc2\x85" "d\x7f" "e", 160, "a b c d e",
	    "U+2028, bidi override, NEL and DEL become spaces");
	is_line("say \"hi\"", 160, "say 'hi'", "double quotes become single ones");
	is_line("abcdefghij", 10, "abcdefghij", "exactly max characters: not cut");
	is_line("abcdefghijk", 10, "abcdefghi\xe2\x80\xa6", "one more: cut with an ellipsis");
	is_line("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3, "\xc3\xa9\xc3\xa9\xe2\x80\xa6",
	    "cut between UTF-8 characters, never inside one");
	is_line("abcd efgh", 6, "abcd\xe2\x80\xa6", "no space before the ellipsis");
	is_line("a\xff" "b", 160, "a\xef\xbf\xbd" "b", "an invalid byte becomes U+FFFD");
	{
		struct buf q;

		buf_init(&q, 64);
		mail_quote(&q, "Reason given", "ada@example.com", "Stay\n\nSecurity team");
		ok(strcmp(q.data, "Reason given by ada@example.com: \"Stay Security team\"\n")
		    == 0, "mail_quote: one marked line: %s", q.data);
		buf_free(&q);
	}

	tenant_mail();

	ok(mail_backoff(&smtp, 1) == 30 && mail_backoff(&smtp, 2) == 60 &&
	    mail_backoff(&smtp, 3) == 120, "backoff doubles");
	ok(mail_backoff(&smtp, 8) == 3600 && mail_backoff(&smtp, 1000) == 3600,
	    "backoff capped");
	return tap_done();
}
