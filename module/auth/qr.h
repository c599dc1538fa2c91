/* porch — SPDX-License-Identifier: MIT
 * QR codes (libqrencode) written as inline SVG: no script, no image request, and the
 * page's CSP needs nothing extra.
 */
#ifndef PORCH_QR_H
#define PORCH_QR_H

#include "util.h"

/*
 * Writes text as an <svg> QR code (error correction M, 4-module quiet zone) with
 * label as its accessible name. Returns 0, or -1 when text does not fit a QR code.
 */
int	qr_svg(struct buf *b, const char *text, const char *label);

#endif
