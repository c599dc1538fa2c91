/* porch — SPDX-License-Identifier: MIT
 * QR codes as inline SVG: one <path> whose sub-paths are the runs of dark modules of
 * each row, drawn on a white square with the quiet zone scanners need.
 */
#include "config.h"

#include <qrencode.h>

#include "html.h"
#include "qr.h"

#define QUIET	4	/* modules of white around the symbol (ISO/IEC 18004) */
#define SCALE	5	/* CSS pixels per module at the default size */

int
qr_svg(struct buf *b, const char *text, const char *label)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	int w, size;

	if (q == NULL)
		return -1;
	w = q->width;
	size = w + 2 * QUIET;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"", size, size,
	    size * SCALE, size * SCALE);
	html_attr(b, label);
	buf_printf(b, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; ) {
			int run = 0;

			/* Bit 0 of each module's byte is "dark"; the rest says why. */
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			if (run == 0) {
				x++;
				continue;
			}
			buf_printf(b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	buf_puts(b, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
