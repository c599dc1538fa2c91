/* porch — SPDX-License-Identifier: MIT
 * A tenant's brand, as pure code: the brand colour (parsed, and the colours of
 * text and links that stay readable on and beside it, by WCAG 2 contrast), the
 * stylesheet that carries them, and a logo checked by its content (PNG, JPEG or
 * WebP: magic bytes, and width and height read from the image's own header).
 */
#ifndef PORCH_BRAND_H
#define PORCH_BRAND_H

#include <stddef.h>

#include "util.h"

/* A colour, 8 bits a channel. */
struct rgb {
	unsigned char	 r, g, b;
};

/* "#rrggbb" or "#rgb", either case, as the colour field sends it: 0 and *c, or -1. */
int	brand_color_parse(const char *s, struct rgb *c);
/* c as "#rrggbb" (lower case) into out (8 bytes). */
void	brand_color_format(struct rgb c, char out[8]);

/* WCAG 2 relative luminance of c, 0 (black) to 1 (white). */
double	brand_luminance(struct rgb c);
/* WCAG 2 contrast ratio of two colours, 1 to 21. */
double	brand_contrast(struct rgb a, struct rgb b);

/* The page's lightest and darkest surfaces behind links (static/porch.css --paper
 * and --wash). */
#define BRAND_PAPER	((struct rgb){ 0xff, 0xff, 0xff })
#define BRAND_WASH	((struct rgb){ 0xf4, 0xf6, 0xf9 })
/* The contrast WCAG 2 AA asks of normal text. */
#define BRAND_MIN_CONTRAST	4.5

/*
 * What is drawn with a brand colour:
 *  brand: the colour itself (the site header's background);
 *  ink:   text on it, white or black, whichever contrasts more (always >= 4.5:1);
 *  link:  links and buttons on the page: the brand colour, darkened (hue kept)
 *         until it contrasts at least 4.5:1 with --wash and so with white; white
 *         text on it (buttons) contrasts as much.
 */
struct brand_palette {
	struct rgb	 brand, ink, link;
};
void	brand_palette(struct rgb c, struct brand_palette *p);
/* A palette's colours as "#rrggbb". */
struct brand_hex {
	char		 brand[8], ink[8], link[8];
};
void	brand_palette_hex(const struct brand_palette *p, struct brand_hex *h);

/* The stylesheet of a brand colour: the custom properties static/porch.css reads
 * (--brand, --brand-ink, --accent, --accent-ink). */
void	brand_css(struct buf *b, struct rgb c);

/* A logo's limits: bytes of the file, pixels of either side. */
#define BRAND_LOGO_MAX_BYTES	(1024 * 1024)
#define BRAND_LOGO_MAX_SIDE	4096

/* What a logo's content says it is. */
struct brand_image {
	const char	*type;		/* "image/png", "image/jpeg", "image/webp" */
	const char	*ext;		/* "png", "jpg", "webp" */
	long		 width, height;
};

/*
 * Reads the image in data[0..n) (the whole file): its kind from its magic bytes,
 * its width and height from its own header (PNG IHDR; JPEG's start-of-frame
 * segment; WebP's VP8, VP8L or VP8X chunk). Returns NULL and fills *img, or a
 * sentence saying why the file is refused (not one of the three, a header cut
 * short, no size, a side of 0 or over BRAND_LOGO_MAX_SIDE, over
 * BRAND_LOGO_MAX_BYTES).
 */
const char	*brand_image_problem(const unsigned char *data, size_t n,
		    struct brand_image *img);

#endif
