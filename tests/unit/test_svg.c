/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the SVG chart writer: a bar per category and series scaled to the
 * largest value, a line chart's points, titles in words with every text escaped,
 * negative values drawn as nothing, and nothing at all for a chart without data.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "html.h"
#include "svg.h"
#include "tap.h"

static const char *const cats[3] = { "Jan", "Feb", "Mar" };
static const char *const names[3] = { "January", "February", "March" };

static void
count_label(struct buf *b, int64_t v, const void *arg)
{
	html_textf(b, "%" PRId64 " %s", v, (const char *)arg);
}

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
chart(struct buf *b, enum svg_kind kind, const int64_t *a, const int64_t *c,
    size_t nseries)
{
	struct svg_chart ch;

	memset(&ch, 0, sizeof(ch));
	ch.kind = kind;
	ch.cls = "nights";
	ch.title = "Nights <per> month";
	ch.desc = "Tom & Jerry's";
	ch.cats = cats;
	ch.names = names;
	ch.ncats = 3;
	ch.series[0].name = "2026";
	ch.series[0].values = a;
	ch.series[1].name = "2027";
	ch.series[1].values = c;
	ch.nseries = nseries;
	ch.label = count_label;
	ch.label_arg = "nights <b>";
	buf_reset(b);
	svg_chart(b, &ch);
}

static void
test_bars(void)
{
	static const int64_t a[3] = { 0, 10, -5 }, c[3] = { 20, 5, 0 };
	struct buf b;

	buf_init(&b, 1024);
	chart(&b, SVG_BARS, a, c, 2);
	ok(strstr(b.data, "<figure class=\"chart nights\">") != NULL, "a figure of class chart and the chart's own");
	ok(strstr(b.data, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 480 220\" "
	    "aria-label=\"Nights &lt;per&gt; month\">") != NULL, "an SVG image named by its title, escaped");
	ok(strstr(b.data, "<title>Nights &lt;per&gt; month</title><desc>Tom &amp; Jerry&#39;s</desc>") != NULL,
	    "its title and description, escaped");
	ok(count(b.data, "<rect class=\"bar ") == 6, "a bar per category and series");
	ok(strstr(b.data, "data-series=\"2\" data-cat=\"1\" x=\"85\" y=\"40\" width=\"74\" height=\"156\">"
	    "<title>January 2027: 20 nights &lt;b&gt;</title>") != NULL,
	    "the largest value fills the plot, titled in words with the label escaped");
	ok(strstr(b.data, "data-series=\"1\" data-cat=\"2\" x=\"165\" y=\"118\" width=\"74\" height=\"78\">") != NULL,
	    "half the largest, half the height");
	ok(strstr(b.data, "height=\"0\"><title>March 2026: -5 nights") != NULL,
	    "a negative value: no height, its title as it is");
	ok(strstr(b.data, "<text class=\"scale\" x=\"8\" y=\"34\">20 nights &lt;b&gt;</text>") != NULL,
	    "the scale names the largest value");
	ok(count(b.data, "<text class=\"cat\"") == 3 && strstr(b.data, ">Feb</text>") != NULL,
	    "the categories written under the axis");
	ok(strstr(b.data, ">2026</text>") != NULL && strstr(b.data, ">2027</text>") != NULL,
	    "a legend of the series");
	ok(strstr(b.data, "<script") == NULL && strstr(b.data, "style=") == NULL, "no script, no style");
	buf_free(&b);
}

static void
test_line(void)
{
	static const int64_t a[3] = { 0, 0, 0 }, c[3] = { 4, 2, 0 };
	struct buf b;

	buf_init(&b, 1024);
	chart(&b, SVG_LINE, a, c, 2);
	ok(strstr(b.data, "<polyline class=\"line s1\" points=\"85,40 239,118 393,196\"/>") != NULL,
	    "a line through each category's value");
	ok(strstr(b.data, "<polyline class=\"line s0\" points=\"85,196 239,196 393,196\"/>") != NULL,
	    "a series of zeros along the axis");
	ok(count(b.data, "<circle class=\"point ") == 6, "a point per value, each with its title");
	ok(strstr(b.data, "cx=\"239\" cy=\"118\" r=\"4\"><title>February 2027: 2 nights") != NULL,
	    "...at its value");
	chart(&b, SVG_BARS, a, a, 2);
	ok(strstr(b.data, "height=\"0\"><title>January 2026") != NULL &&
	    count(b.data, "height=\"0\"") == 6, "all zeros: every bar flat, none divides by zero");
	chart(&b, SVG_BARS, a, c, 0);
	is_str(b.data != NULL ? b.data : "", "", "no series: nothing written");
	buf_free(&b);
}

int
main(void)
{
	test_bars();
	test_line();
	return tap_done();
}
