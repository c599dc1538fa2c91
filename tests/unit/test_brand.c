/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the brand colour (parsing, WCAG luminance and contrast, the text and
 * link colours over a grid of every kind of colour) and of the logo check (PNG, JPEG
 * and WebP headers, and what is refused).
 */
#include "config.h"

#include <stdlib.h>

#include "brand.h"
#include "tap.h"

static int
near(double a, double b, double eps)
{
	return a - b < eps && b - a < eps;
}

static int
same(struct rgb a, struct rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* The same hue, no lighter: each channel scaled by one factor k <= 1 (within the
 * rounding of 8 bits). */
static int
darkened(struct rgb from, struct rgb to)
{
	const unsigned f[3] = { from.r, from.g, from.b }, t[3] = { to.r, to.g, to.b };
	unsigned top = 0;

	for (int i = 0; i < 3; i++) {
		if (t[i] > f[i])
			return 0;
		if (f[i] > f[top])
			top = (unsigned)i;
	}
	for (int i = 0; i < 3; i++)
		if (f[top] > 0 && abs((int)(t[i] * f[top]) - (int)(t[top] * f[i])) >
		    (int)(2 * f[top]))
			return 0;
	return 1;
}

static void
colours(void)
{
	static const struct rgb white = { 255, 255, 255 }, black = { 0, 0, 0 };
	struct rgb c;
	char s[8];

	ok(brand_color_parse("#0e7490", &c) == 0 && c.r == 0x0e && c.g == 0x74 &&
	    c.b == 0x90, "#rrggbb parses");
	ok(brand_color_parse("#0E7490", &c) == 0 && c.r == 0x0e, "...in upper case too");
	ok(brand_color_parse("#f0a", &c) == 0 && c.r == 0xff && c.g == 0 && c.b == 0xaa,
	    "#rgb parses as #rrggbb");
	ok(brand_color_parse("0e7490", &c) < 0, "no # is refused");
	ok(brand_color_parse("#0e749", &c) < 0, "five digits are refused");
	ok(brand_color_parse("#0e74900", &c) < 0, "seven digits are refused");
	ok(brand_color_parse("#0g7490", &c) < 0, "a digit that is not hex is refused");
	ok(brand_color_parse("red", &c) < 0, "a colour name is refused");
	ok(brand_color_parse("#fff;}", &c) < 0, "CSS after a colour is refused");
	ok(brand_color_parse("", &c) < 0 && brand_color_parse(NULL, &c) < 0,
	    "empty and NULL are refused");
	brand_color_parse("#ABCDEF", &c);
	brand_color_format(c, s);
	is_str(s, "#abcdef", "a colour is written #rrggbb in lower case");

	ok(near(brand_luminance(white), 1.0, 1e-9), "white's luminance is 1");
	ok(near(brand_luminance(black), 0.0, 1e-9), "black's luminance is 0");
	ok(near(brand_contrast(white, black), 21.0, 1e-6), "black on white is 21:1");
	ok(near(brand_contrast(black, white), 21.0, 1e-6), "...either way round");
	/* Published WCAG figures: #777 on white 4.48, #767676 on white 4.54. */
	brand_color_parse("#777777", &c);
	ok(near(brand_contrast(c, white), 4.48, 0.01), "#777 on white is 4.48:1");
	brand_color_parse("#767676", &c);
	ok(near(brand_contrast(c, white), 4.54, 0.01), "#767676 on white is 4.54:1");
	brand_color_parse("#808080", &c);
	ok(near(brand_luminance(c), 0.2158605, 1e-6), "#808080's luminance is 0.2159");
	brand_color_parse("#ff0000", &c);
	ok(near(brand_luminance(c), 0.2126, 1e-9), "pure red's luminance is 0.2126");
	ok(near(brand_contrast(c, white), 3.998, 0.001), "red on white is 4.00:1");
}

/* Every colour of a grid (each channel 0, 5, ..., 255: 140,608 colours). */
static void
palettes(void)
{
	static const struct rgb white = { 255, 255, 255 }, black = { 0, 0, 0 };
	unsigned n = 0, ink = 0, link = 0, linkw = 0, hue = 0, kept = 0, better = 0;

	for (unsigned r = 0; r <= 255; r += 5)
		for (unsigned g = 0; g <= 255; g += 5)
			for (unsigned b = 0; b <= 255; b += 5) {
				struct rgb c = { (unsigned char)r, (unsigned char)g,
				    (unsigned char)b };
				struct brand_palette p;
				double on_white = brand_contrast(c, white),
				    on_black = brand_contrast(c, black);

				brand_palette(c, &p);
				n++;
				ink += brand_contrast(p.ink, c) >= BRAND_MIN_CONTRAST;
				better += same(p.ink, on_white >= on_black ? white : black);
				link += brand_contrast(p.link, BRAND_WASH) >=
				    BRAND_MIN_CONTRAST;
				linkw += brand_contrast(p.link, white) >= BRAND_MIN_CONTRAST;
				hue += darkened(c, p.link);
				/* A colour that reads already is used as it is. */
				kept += brand_contrast(c, BRAND_WASH) < BRAND_MIN_CONTRAST ||
				    same(p.link, c);
			}
	ok(ink == n, "text on the brand colour contrasts 4.5:1 or more (%u of %u)",
	    ink, n);
	ok(better == n, "...and is white or black, whichever contrasts more (%u of %u)",
	    better, n);
	ok(link == n, "links contrast 4.5:1 or more on the wash (%u of %u)", link, n);
	ok(linkw == n, "...and on white (%u of %u)", linkw, n);
	ok(hue == n, "links keep the brand colour's hue, only darker (%u of %u)", hue, n);
	ok(kept == n, "a colour that reads on the wash is used unchanged (%u of %u)",
	    kept, n);
}

static void
stylesheet(void)
{
	struct buf b;
	struct rgb c;

	buf_init(&b, 64);
	brand_color_parse("#ffeb3b", &c);	/* a light yellow */
	brand_css(&b, c);
	ok(strstr(b.data, "--brand: #ffeb3b;") != NULL, "the CSS names the colour");
	ok(strstr(b.data, "--brand-ink: #000000;") != NULL, "...black text on yellow");
	ok(strstr(b.data, "--accent: #ffeb3b;") == NULL, "...links not in yellow");
	buf_reset(&b);
	brand_color_parse("#0e7490", &c);
	brand_css(&b, c);
	ok(strstr(b.data, "--brand-ink: #ffffff;") != NULL, "white text on dark teal");
	ok(strstr(b.data, "--accent: #0e7490;") != NULL, "...links in the teal itself");
	buf_free(&b);
}

/* A PNG header of w x h. */
static size_t
png(unsigned char *d, unsigned long w, unsigned long h)
{
	static const unsigned char head[16] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	    '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

	memcpy(d, head, 16);
	for (int i = 0; i < 4; i++) {
		d[16 + i] = (unsigned char)(w >> (24 - 8 * i));
		d[20 + i] = (unsigned char)(h >> (24 - 8 * i));
	}
	memset(d + 24, 0, 9);
	return 33;
}

static void
images(void)
{
	/* A JPEG: SOI, APP0 (JFIF), DQT, SOF0 of 300 x 120 (height first). */
	static const unsigned char jpeg[] = {
		0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0,
		1, 0, 0, 0xff, 0xdb, 0, 4, 0, 1, 0xff, 0xff, 0xc0, 0, 11, 8, 0, 120, 1,
		44, 1, 1, 0x11, 0,
	};
	/* A JPEG whose scan begins with no frame. */
	static const unsigned char jpeg_noframe[] = {
		0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda, 0, 2, 0, 0, 0, 0,
	};
	/* 1x1 WebP files, lossless (VP8L) and lossy (VP8). */
	static const unsigned char webp_l[] = {
		'R', 'I', 'F', 'F', 26, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
		13, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88,
		0xfe, 0x07, 0,
	};
	static const unsigned char webp_vp8[] = {
		'R', 'I', 'F', 'F', 34, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ',
		22, 0, 0, 0, 0x30, 0x01, 0, 0x9d, 0x01, 0x2a, 200, 0, 100, 0, 0x0e, 0xc0,
		0xfe, 0x25, 0xa4, 0, 3, 0x70, 0, 0, 0, 0,
	};
	/* VP8X canvas 640 x 480 (stored less one). */
	static const unsigned char webp_x[] = {
		'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X',
		10, 0, 0, 0, 0x10, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0,
	};
	unsigned char d[64];
	struct brand_image img;
	const char *why;

	why = brand_image_problem(d, png(d, 640, 200), &img);
	ok(why == NULL && strcmp(img.type, "image/png") == 0 && strcmp(img.ext, "png")
	    == 0 && img.width == 640 && img.height == 200, "a PNG: its type and size");
	ok(brand_image_problem(d, png(d, 4096, 4096), &img) == NULL,
	    "a PNG of 4096 x 4096 is taken");
	ok(brand_image_problem(d, png(d, 4097, 10), &img) != NULL,
	    "a PNG wider than 4096 is refused");
	ok(brand_image_problem(d, png(d, 10, 20000), &img) != NULL,
	    "a PNG taller than 4096 is refused");
	ok(brand_image_problem(d, png(d, 0, 10), &img) != NULL,
	    "a PNG of width 0 is refused");
	ok(brand_image_problem(d, png(d, 0xffffffffUL, 10), &img) != NULL,
	    "a PNG claiming 4 billion pixels a row is refused");
	ok(brand_image_problem(d, 20, &img) != NULL, "a PNG cut before IHDR is refused");
	ok(brand_image_problem(d, BRAND_LOGO_MAX_BYTES + 1, &img) != NULL,
	    "a file over 1 MiB is refused before it is read");

	why = brand_image_problem(jpeg, sizeof(jpeg), &img);
	ok(why == NULL && strcmp(img.type, "image/jpeg") == 0 && img.width == 300 &&
	    img.height == 120, "a JPEG: its size from the frame header");
	ok(brand_image_problem(jpeg, sizeof(jpeg) - 6, &img) != NULL,
	    "a JPEG cut inside its frame header is refused");
	ok(brand_image_problem(jpeg_noframe, sizeof(jpeg_noframe), &img) != NULL,
	    "a JPEG with no frame header is refused");
	ok(brand_image_problem(jpeg, 3, &img) != NULL, "three bytes of JPEG are refused");

	why = brand_image_problem(webp_l, sizeof(webp_l), &img);
	ok(why == NULL && strcmp(img.type, "image/webp") == 0 && img.width == 1 &&
	    img.height == 1, "a lossless WebP (VP8L)");
	why = brand_image_problem(webp_vp8, sizeof(webp_vp8), &img);
	ok(why == NULL && img.width == 200 && img.height == 100, "a lossy WebP (VP8)");
	why = brand_image_problem(webp_x, sizeof(webp_x), &img);
	ok(why == NULL && img.width == 640 && img.height == 480, "an extended WebP (VP8X)");
	ok(brand_image_problem(webp_l, 16, &img) != NULL, "a WebP cut short is refused");

	ok(brand_image_problem((const unsigned char *)"hello, I am text\n", 17, &img)
	    != NULL, "a text file is refused");
	ok(brand_image_problem((const unsigned char *)"<svg xmlns=\"http://www.w3.org/"
	    "2000/svg\"/>", 40, &img) != NULL, "an SVG is refused");
	ok(brand_image_problem((const unsigned char *)"GIF89a\1\0\1\0", 10, &img) != NULL,
	    "a GIF is refused");
	ok(brand_image_problem(d, 0, &img) != NULL, "an empty file is refused");
}

int
main(void)
{
	colours();
	palettes();
	stylesheet();
	images();
	return tap_done();
}
