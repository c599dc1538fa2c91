/* porch — SPDX-License-Identifier: MIT
 * Bar and line charts as inline SVG (see svg.h).
 */
#include "config.h"

#include <inttypes.h>

#include "html.h"
#include "svg.h"

/* The drawing's box, in its own units (the stylesheet scales it to the page). */
#define SVG_W		480
#define SVG_H		220
#define PLOT_LEFT	8
#define PLOT_RIGHT	(SVG_W - 8)
#define PLOT_TOP	40
#define PLOT_BOTTOM	(SVG_H - 24)

/* The largest value of every series, at least 0. */
static int64_t
chart_max(const struct svg_chart *c)
{
	int64_t max = 0;

	for (size_t s = 0; s < c->nseries; s++)
		for (size_t i = 0; i < c->ncats; i++)
			if (c->series[s].values[i] > max)
				max = c->series[s].values[i];
	return max;
}

/* The height of v over the plot, 0 .. PLOT_BOTTOM - PLOT_TOP. */
static int
chart_height(int64_t v, int64_t max)
{
	double h;

	if (v <= 0 || max <= 0)
		return 0;
	h = (double)v / (double)max * (PLOT_BOTTOM - PLOT_TOP);
	return (int)(h + 0.5);
}

/* A bar's or point's title: "March 2027: 5 nights". */
static void
item_title(struct buf *b, const struct svg_chart *c, size_t s, size_t i)
{
	html_raw(b, "<title>");
	html_text(b, c->names[i]);
	if (c->series[s].name != NULL) {
		html_raw(b, " ");
		html_text(b, c->series[s].name);
	}
	html_raw(b, ": ");
	c->label(b, c->series[s].values[i], c->label_arg);
	html_raw(b, "</title>");
}

static void
chart_legend(struct buf *b, const struct svg_chart *c)
{
	int x = PLOT_RIGHT;

	/* From the right: the last series rightmost. */
	for (size_t s = c->nseries; s-- > 0;) {
		if (c->series[s].name == NULL)
			continue;
		x -= 64;
		html_rawf(b, "<rect class=\"key s%zu\" x=\"%d\" y=\"6\" width=\"12\" "
		    "height=\"12\"/><text class=\"key\" x=\"%d\" y=\"17\">", s, x,
		    x + 16);
		html_text(b, c->series[s].name);
		html_raw(b, "</text>");
	}
}

void
svg_chart(struct buf *b, const struct svg_chart *c)
{
	int64_t max = chart_max(c);
	int slot, bar;

	if (c->ncats == 0 || c->nseries == 0 || c->nseries > SVG_SERIES_MAX)
		return;
	slot = (PLOT_RIGHT - PLOT_LEFT) / (int)c->ncats;
	bar = (slot - 6) / (int)c->nseries;
	html_raw(b, "<figure class=\"chart ");
	html_attr(b, c->cls);
	html_raw(b, "\">\n<figcaption>");
	html_text(b, c->title);
	html_rawf(b, "</figcaption>\n<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
	    "aria-label=\"", SVG_W, SVG_H);
	html_attr(b, c->title);
	html_raw(b, "\"><title>");
	html_text(b, c->title);
	html_raw(b, "</title><desc>");
	html_text(b, c->desc);
	html_raw(b, "</desc>\n");
	chart_legend(b, c);
	/* The scale: a line at the top value, labelled, and the axis. */
	html_rawf(b, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
	    "<text class=\"scale\" x=\"%d\" y=\"%d\">", PLOT_LEFT, PLOT_TOP,
	    PLOT_RIGHT, PLOT_TOP, PLOT_LEFT, PLOT_TOP - 6);
	c->label(b, max, c->label_arg);
	html_rawf(b, "</text><line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", PLOT_LEFT, PLOT_BOTTOM, PLOT_RIGHT, PLOT_BOTTOM);
	for (size_t s = 0; s < c->nseries; s++) {
		if (c->kind == SVG_LINE) {
			html_rawf(b, "<polyline class=\"line s%zu\" points=\"", s);
			for (size_t i = 0; i < c->ncats; i++) {
				if (i > 0)
					html_raw(b, " ");
				html_rawf(b, "%d,%d", PLOT_LEFT + (int)i * slot + slot / 2,
				    PLOT_BOTTOM - chart_height(c->series[s].values[i],
				    max));
			}
			html_raw(b, "\"/>\n");
		}
		for (size_t i = 0; i < c->ncats; i++) {
			int h = chart_height(c->series[s].values[i], max);
			int x = PLOT_LEFT + (int)i * slot;

			if (c->kind == SVG_LINE)
				html_rawf(b, "<circle class=\"point s%zu\" data-series="
				    "\"%zu\" data-cat=\"%zu\" cx=\"%d\" cy=\"%d\" r=\"4\">",
				    s, s + 1, i + 1, x + slot / 2, PLOT_BOTTOM - h);
			else
				html_rawf(b, "<rect class=\"bar s%zu\" data-series=\"%zu\" "
				    "data-cat=\"%zu\" x=\"%d\" y=\"%d\" width=\"%d\" "
				    "height=\"%d\">", s, s + 1, i + 1,
				    x + 3 + (int)s * bar, PLOT_BOTTOM - h, bar, h);
			item_title(b, c, s, i);
			if (c->kind == SVG_LINE)
				html_raw(b, "</circle>\n");
			else
				html_raw(b, "</rect>\n");
		}
	}
	for (size_t i = 0; i < c->ncats; i++) {
		html_rawf(b, "<text class=\"cat\" x=\"%d\" y=\"%d\">",
		    PLOT_LEFT + (int)i * slot + slot / 2, SVG_H - 6);
		html_text(b, c->cats[i]);
		html_raw(b, "</text>");
	}
	html_raw(b, "\n</svg>\n</figure>\n");
}
