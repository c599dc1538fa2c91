/* porch — SPDX-License-Identifier: MIT
 * A tenant's brand colour and logo, checked and turned into what pages use (see
 * brand.h). No I/O here: the callers read and write the files.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "brand.h"

int
brand_color_parse(const char *s, struct rgb *c)
{
	unsigned char ch[3];
	size_t n;

	if (s == NULL || s[0] != '#')
		return -1;
	n = strlen(++s);
	if (n != 3 && n != 6)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (hex_value((unsigned char)s[i]) < 0)
			return -1;
	for (size_t i = 0; i < 3; i++)
		ch[i] = n == 3 ? (unsigned char)(hex_value((unsigned char)s[i]) * 17) :
		    (unsigned char)(hex_value((unsigned char)s[2 * i]) * 16 +
		    hex_value((unsigned char)s[2 * i + 1]));
	c->r = ch[0];
	c->g = ch[1];
	c->b = ch[2];
	return 0;
}

void
brand_color_format(struct rgb c, char out[8])
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char ch[3] = { c.r, c.g, c.b };

	out[0] = '#';
	for (size_t i = 0; i < 3; i++) {
		out[1 + 2 * i] = hex[ch[i] >> 4];
		out[2 + 2 * i] = hex[ch[i] & 15];
	}
	out[7] = '\0';
}

/* x^2.4 for x in (0, 1]: x^2 times the fifth root of x^2 (Newton's method from
 * above, where it falls monotonically), so no libm is needed. */
static double
pow24(double x)
{
	double a = x * x, y = 1.0;

	for (int i = 0; i < 60; i++) {
		double y4 = y * y * y * y, next = (4.0 * y + a / y4) / 5.0;

		if (next >= y)
			break;
		y = next;
	}
	return a * y;
}

/* One sRGB channel, linearised (WCAG 2 "relative luminance"). */
static double
linear(unsigned char ch)
{
	double v = ch / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow24((v + 0.055) / 1.055);
}

double
brand_luminance(struct rgb c)
{
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double
brand_contrast(struct rgb a, struct rgb b)
{
	double la = brand_luminance(a), lb = brand_luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* c with each channel scaled by k/256 (darker, same hue). */
static struct rgb
scaled(struct rgb c, unsigned k)
{
	struct rgb d = {
		(unsigned char)(c.r * k / 256), (unsigned char)(c.g * k / 256),
		(unsigned char)(c.b * k / 256),
	};

	return d;
}

void
brand_palette(struct rgb c, struct brand_palette *p)
{
	static const struct rgb white = { 0xff, 0xff, 0xff }, black = { 0, 0, 0 };
	unsigned k = 256;

	p->brand = c;
	p->ink = brand_contrast(c, white) >= brand_contrast(c, black) ? white : black;
	/* Darker in small steps until it reads on the wash (black always does). */
	p->link = c;
	while (brand_contrast(p->link, BRAND_WASH) < BRAND_MIN_CONTRAST && k > 0)
		p->link = scaled(c, k -= 4);
}

void
brand_palette_hex(const struct brand_palette *p, struct brand_hex *h)
{
	brand_color_format(p->brand, h->brand);
	brand_color_format(p->ink, h->ink);
	brand_color_format(p->link, h->link);
}

void
brand_css(struct buf *b, struct rgb c)
{
	struct brand_palette p;
	struct brand_hex h;

	brand_palette(c, &p);
	brand_palette_hex(&p, &h);
	buf_printf(b, "/* porch: a tenant's brand colour %s, written by porchd "
	    "(docs/DESIGN.md, \"Brand\"). */\n:root {\n\t--brand: %s;\n"
	    "\t--brand-ink: %s;\n\t--accent: %s;\n\t--accent-ink: #ffffff;\n}\n", h.brand,
	    h.brand, h.ink, h.link);
}

/* --- logos --- */

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
le24(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static uint32_t
le32(const unsigned char *p)
{
	return le24(p) | (uint32_t)p[3] << 24;
}

/* PNG: the signature, then the IHDR chunk with width and height. */
static const char *
png_size(const unsigned char *d, size_t n, struct brand_image *img)
{
	if (n < 24 || memcmp(d + 12, "IHDR", 4) != 0)
		return "The PNG file has no image header.";
	img->width = (long)(be32(d + 16) & 0x7fffffff);
	img->height = (long)(be32(d + 20) & 0x7fffffff);
	return NULL;
}

/* JPEG: segments up to a start-of-frame (any SOFn but DHT, JPG and DAC), which
 * holds the height then the width. */
static const char *
jpeg_size(const unsigned char *d, size_t n, struct brand_image *img)
{
	size_t i = 2;

	while (i + 4 <= n) {
		unsigned m;

		if (d[i] != 0xff)
			break;
		while (i < n && d[i] == 0xff)
			i++;
		if (i >= n)
			break;
		m = d[i++];
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;	/* markers without a length */
		if (m == 0xd9 || m == 0xda || i + 2 > n)
			break;		/* end, or the scan began with no frame */
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			if (i + 7 > n)
				break;
			img->height = (long)be16(d + i + 3);
			img->width = (long)be16(d + i + 5);
			return NULL;
		}
		if (be16(d + i) < 2)
			break;
		i += be16(d + i);
	}
	return "The JPEG file has no frame header with its size.";
}

/* WebP: RIFF, WEBP, then the first chunk: VP8 (lossy), VP8L (lossless) or VP8X
 * (extended, with the canvas size). */
static const char *
webp_size(const unsigned char *d, size_t n, struct brand_image *img)
{
	const unsigned char *c = d + 20;	/* the first chunk's data */

	if (n >= 30 && memcmp(d + 12, "VP8 ", 4) == 0 &&
	    memcmp(c + 3, "\x9d\x01\x2a", 3) == 0) {
		img->width = (long)(le32(c + 6) & 0x3fff);
		img->height = (long)((le32(c + 6) >> 16) & 0x3fff);
		return NULL;
	}
	if (n >= 25 && memcmp(d + 12, "VP8L", 4) == 0 && c[0] == 0x2f) {
		uint32_t bits = le32(c + 1);

		img->width = (long)(bits & 0x3fff) + 1;
		img->height = (long)((bits >> 14) & 0x3fff) + 1;
		return NULL;
	}
	if (n >= 30 && memcmp(d + 12, "VP8X", 4) == 0) {
		img->width = (long)le24(c + 4) + 1;
		img->height = (long)le24(c + 7) + 1;
		return NULL;
	}
	return "The WebP file has no image header with its size.";
}

const char *
brand_image_problem(const unsigned char *d, size_t n, struct brand_image *img)
{
	const char *why;

	memset(img, 0, sizeof(*img));
	if (n == 0)
		return "The file is empty.";
	if (n > BRAND_LOGO_MAX_BYTES)
		return "The logo is larger than 1 MiB.";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		img->type = "image/png";
		img->ext = "png";
		why = png_size(d, n, img);
	} else if (n >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0) {
		img->type = "image/jpeg";
		img->ext = "jpg";
		why = jpeg_size(d, n, img);
	} else if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
		img->type = "image/webp";
		img->ext = "webp";
		why = webp_size(d, n, img);
	} else
		return "The file is not a PNG, JPEG or WebP image.";
	if (why != NULL)
		return why;
	if (img->width < 1 || img->height < 1)
		return "The image has no pixels.";
	if (img->width > BRAND_LOGO_MAX_SIDE || img->height > BRAND_LOGO_MAX_SIDE)
		return "The image is wider or taller than 4096 pixels.";
	return NULL;
}
