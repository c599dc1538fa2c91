/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the HTML writer's escapes and page frame.
 */
#include "config.h"

#include "html.h"
#include "tap.h"

static struct buf b;

static const char *
text(const char *s)
{
	buf_reset(&b);
	html_text(&b, s);
	return b.data;
}

static const char *
attr(const char *s)
{
	buf_reset(&b);
	html_attr(&b, s);
	return b.data;
}

static const char *
url(const char *s)
{
	buf_reset(&b);
	html_url(&b, s);
	return b.data;
}

int
main(void)
{
	buf_init(&b, 16);
	is_str(text("plain"), "plain", "plain text is unchanged");
	is_str(text("<script>alert('x')</script>"),
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "tags are escaped in text");
	is_str(text("a & b \"c\""), "a &amp; b &quot;c&quot;", "ampersand and quotes");
	is_str(text("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9", "UTF-8 passes through");
	is_str(text(""), "", "empty string");
	is_str(attr("x\" onload=\"y"), "x&quot; onload&#61;&quot;y",
	    "attribute breakout is escaped");
	is_str(attr("a'b`c"), "a&#39;b&#96;c", "single quote and backtick in attributes");
	is_str(url("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f", "URL component escaping");
	is_str(url("safe-._~AZaz09"), "safe-._~AZaz09", "unreserved characters kept");
	is_str(url("javascript:alert(1)"), "javascript%3Aalert%281%29",
	    "scheme colon is escaped");
	is_str(url("\xc3\xa9"), "%C3%A9", "UTF-8 bytes are percent-encoded");

	buf_reset(&b);
	html_page_begin(&b, "T<i>", "Acme & Co");
	html_page_end(&b);
	ok(strstr(b.data, "<title>T&lt;i&gt; \xe2\x80\x94 Acme &amp; Co</title>") != NULL,
	    "page title escapes title and site");
	ok(strstr(b.data, "<meta charset=\"utf-8\">") != NULL, "page declares UTF-8");
	ok(strstr(b.data, "href=\"/static/porch.css\"") != NULL, "page links the stylesheet");
	ok(strstr(b.data, "<script") == NULL, "page frame has no script");
	buf_free(&b);
	return tap_done();
}
