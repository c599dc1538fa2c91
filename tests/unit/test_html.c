/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the HTML writer's escapes, its checked markup writers and page frame.
 */
#include "config.h"

#include <inttypes.h>

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
	html_raw(&b, "<p class=\"x\">");
	is_str(b.data, "<p class=\"x\">", "html_raw writes the literal as is");

	buf_reset(&b);
	html_rawf(&b, "<td>%d</td><td>%" PRId64 "</td><td>%zu %04x%%</td>", -3,
	    (int64_t)1234567890123, (size_t)7, 10u);
	is_str(b.data, "<td>-3</td><td>1234567890123</td><td>7 000a%</td>",
	    "html_rawf writes integer conversions");
	ok(html_rawf_format_ok("%ld %lld %i %u %X %hhu %jd %%"),
	    "integer conversions and %% are accepted");
	{
		/* Each refused format is built at run time, so the compiler's own
		 * check does not stand in for the writer's. */
		static const char *const refused[] = {
			"<a>%s</a>", "%c", "%p", "%n", "%f", "%.2f", "%e", "%g", "%a",
			"%.*s", "%*d", "%.*d", "%ls", "%d %s", "trailing %",
		};

		for (size_t i = 0; i < NELEM(refused); i++)
			ok(!html_rawf_format_ok(refused[i]), "html_rawf refuses \"%s\"",
			    refused[i]);
	}
	{
		const char *volatile fmt = "<b>%s</b>";

		buf_reset(&b);
		html_raw(&b, "x");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
		html_rawf(&b, fmt, "<script>");
#pragma GCC diagnostic pop
		is_str(b.data, "x", "html_rawf with %s writes nothing");
	}

	buf_reset(&b);
	html_textf(&b, "%s has %d <items>", "A&B", 3);
	is_str(b.data, "A&amp;B has 3 &lt;items&gt;", "html_textf escapes the whole result");
	buf_reset(&b);
	html_attrf(&b, "/x?a=%s&b=%d", "q\"`", 2);
	is_str(b.data, "/x?a&#61;q&quot;&#96;&amp;b&#61;2",
	    "html_attrf escapes the whole result as an attribute");
	buf_reset(&b);
	html_textf(&b, "%s", "a`=b");
	is_str(b.data, "a`=b", "backtick and equals stay as is in text");

	buf_reset(&b);
	html_page_begin(&b, "T<i>", "Acme & Co");
	html_page_end(&b);
	ok(strstr(b.data, "<title>T&lt;i&gt; \xe2\x80\x94 Acme &amp; Co</title>") != NULL,
	    "page title escapes title and site");
	ok(strstr(b.data, "<meta charset=\"utf-8\">") != NULL, "page declares UTF-8");
	ok(strstr(b.data, "href=\"/static/porch.css\"") != NULL, "page links the stylesheet");
	ok(strstr(b.data, "<script") == NULL, "page frame has no script");
	ok(strstr(b.data, "<a class=\"site-home\" href=\"/\"><span class=\"site-name\">"
	    "Acme &amp; Co</span></a>") != NULL, "a tenant's name links to its home page");

	/* A tenant's brand: its stylesheet after porch's, its logo with its size. */
	{
		struct html_site site = { "<b>Acme</b>", "/brand/acme/logo-0a.png", 120, 40,
		    "/brand/acme/brand-0e7490.css" };

		buf_reset(&b);
		html_page_begin_site(&b, "Sign in", &site);
		ok(strstr(b.data, "porch.css\">\n<link rel=\"stylesheet\" "
		    "href=\"/brand/acme/brand-0e7490.css\">") != NULL,
		    "the brand's stylesheet comes after porch.css");
		ok(strstr(b.data, "<header class=\"site branded\">") != NULL,
		    "...and marks the header");
		ok(strstr(b.data, "<img class=\"site-logo\" src=\"/brand/acme/logo-0a.png\" "
		    "alt=\"\" width=\"120\" height=\"40\">") != NULL,
		    "the logo with its size");
		ok(strstr(b.data, "&lt;b&gt;Acme&lt;/b&gt;</span></a>") != NULL &&
		    strstr(b.data, "<b>") == NULL, "the name is escaped");
		ok(strstr(b.data, " style=") == NULL && strstr(b.data, "<style") == NULL,
		    "no inline style");
		buf_reset(&b);
		html_page_begin_site(&b, "Oops", NULL);
		ok(strstr(b.data, "<span class=\"site-name\">porch</span>") != NULL &&
		    strstr(b.data, "site-home") == NULL, "no tenant: porch, no link");
	}
	buf_free(&b);
	return tap_done();
}
