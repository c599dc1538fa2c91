/* porch — SPDX-License-Identifier: MIT
 * Charts drawn on the server as inline SVG, through the HTML writer (html.h): bars
 * or a line per series over a row of categories (a year's months), with a title
 * and a description for screen readers, a legend, text labels under the axis, and
 * each bar or point titled with its category, series and value in words. No
 * script and no style attribute: the colours come from the stylesheet's classes.
 * Values are integers; coordinates are written as integers.
 */
#ifndef PORCH_SVG_H
#define PORCH_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Writes value v as text, escaped (html_text...): "5 nights", "1,230.00 USD". */
typedef void svg_label_fn(struct buf *b, int64_t v, const void *arg);

struct svg_series {
	const char	*name;		/* the legend's words, and in each title: "2027" */
	const int64_t	*values;	/* one per category */
};

enum svg_kind { SVG_BARS, SVG_LINE };

#define SVG_SERIES_MAX	2

struct svg_chart {
	enum svg_kind		 kind;
	const char		*cls;	/* the figure's class besides "chart" */
	const char		*title;
	const char		*desc;	/* what it shows, in a sentence */
	const char *const	*cats;	/* short labels under the axis ("Jan") */
	const char *const	*names;	/* their full names in titles ("January") */
	size_t			 ncats;
	struct svg_series	 series[SVG_SERIES_MAX];
	size_t			 nseries;
	svg_label_fn		*label;
	const void		*label_arg;
};

/*
 * The chart as <figure class="chart CLS"><svg role="img" aria-label=TITLE>, with
 * <title> and <desc>, scaled to the largest value
 * (negative values are drawn as 0 and titled as they are); each bar or point is
 * titled "NAME SERIES: LABEL" and carries data-series and data-cat (the
 * category's index from 1).
 */
void	svg_chart(struct buf *b, const struct svg_chart *c);

#endif
