/* porch — SPDX-License-Identifier: MIT
 * Unit tests of TOTP and HOTP against the RFC 6238 (SHA-1) and RFC 4226 vectors, the
 * ±1-step window, the otpauth:// URI, sealed boxes and the QR writer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "qr.h"
#include "tap.h"
#include "totp.h"
#include "util.h"

static const unsigned char rfc_secret[] = "12345678901234567890";

static void
rfc4226(void)
{
	static const char *const want[] = { "755224", "287082", "359152", "969429",
	    "338314", "254676", "287922", "162583", "399871", "520489" };
	char out[16];

	for (unsigned i = 0; i < NELEM(want); i++) {
		ok(totp_hotp(rfc_secret, 20, i, 6, out) == 0 && strcmp(out, want[i]) == 0,
		    "RFC 4226 HOTP counter %u is %s (got %s)", i, want[i], out);
	}
}

static void
rfc6238(void)
{
	static const struct { time_t t; const char *code; } v[] = {
		{ 59, "94287082" }, { 1111111109, "07081804" },
		{ 1111111111, "14050471" }, { 1234567890, "89005924" },
		{ 2000000000, "69279037" }, { 20000000000LL, "65353130" },
	};
	char out[16];

	for (unsigned i = 0; i < NELEM(v); i++)
		ok(totp_at(rfc_secret, 20, v[i].t, 8, out) == 0 &&
		    strcmp(out, v[i].code) == 0,
		    "RFC 6238 SHA-1 at T=%lld is %s (got %s)", (long long)v[i].t,
		    v[i].code, out);
}

static void
window(void)
{
	const time_t now = 1700000015;	/* step 56666667 */
	char code[8], spaced[12];
	int64_t step = 0;

	totp_at(rfc_secret, 20, now, 6, code);
	ok(totp_check(rfc_secret, 20, now, code, &step) == 0 && step == now / 30,
	    "the current code is accepted, with its step");
	snprintf(spaced, sizeof(spaced), "%.3s %s", code, code + 3);
	ok(totp_check(rfc_secret, 20, now, spaced, &step) == 0, "\"123 456\" is accepted");
	totp_at(rfc_secret, 20, now - 30, 6, code);
	ok(totp_check(rfc_secret, 20, now, code, &step) == 0 && step == now / 30 - 1,
	    "the previous step's code is accepted, with its own step");
	totp_at(rfc_secret, 20, now + 30, 6, code);
	ok(totp_check(rfc_secret, 20, now, code, &step) == 0 && step == now / 30 + 1,
	    "the next step's code is accepted");
	totp_at(rfc_secret, 20, now - 60, 6, code);
	ok(totp_check(rfc_secret, 20, now, code, &step) < 0,
	    "a code from two steps ago is refused");
	totp_at(rfc_secret, 20, now + 60, 6, code);
	ok(totp_check(rfc_secret, 20, now, code, &step) < 0,
	    "a code two steps ahead is refused");
	ok(totp_check(rfc_secret, 20, now, "12345", &step) < 0, "five digits are refused");
	ok(totp_check(rfc_secret, 20, now, "1234567", &step) < 0,
	    "seven digits are refused");
	ok(totp_check(rfc_secret, 20, now, "12a456", &step) < 0,
	    "a non-digit is refused");
	ok(totp_check(rfc_secret, 20, now, "", &step) < 0, "an empty code is refused");
}

static void
uri(void)
{
	unsigned char s[TOTP_SECRET_BYTES], t[TOTP_SECRET_BYTES];
	char b32[TOTP_BASE32_LEN + 1];
	struct buf b;

	ok(totp_base32(rfc_secret, b32) == 0 &&
	    strcmp(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == 0,
	    "base32 of the RFC secret");
	totp_secret_new(s);
	totp_secret_new(t);
	ok(memcmp(s, t, sizeof(s)) != 0, "two new secrets differ");
	buf_init(&b, 64);
	totp_uri(&b, "Seaside Stays & Co", "ann+x@example.com", "ABC");
	is_str(b.data, "otpauth://totp/Seaside%20Stays%20%26%20Co:ann%2Bx%40example.com"
	    "?secret=ABC&issuer=Seaside%20Stays%20%26%20Co&algorithm=SHA1&digits=6"
	    "&period=30", "otpauth URI: issuer and account percent-encoded");
	buf_free(&b);
}

static void
seal(void)
{
	unsigned char key[32], other[32], box[64], out[64];
	const unsigned char plain[] = "twenty bytes secret!";
	size_t n = 0;

	memset(key, 7, sizeof(key));
	memset(other, 8, sizeof(other));
	ok(crypto_seal(key, "totp:portal:1:2", plain, 20, box) == 0, "a secret seals");
	ok(memmem(box, 20 + SEAL_OVERHEAD, plain, 20) == NULL,
	    "the box does not hold the secret in clear");
	ok(crypto_open(key, "totp:portal:1:2", box, 20 + SEAL_OVERHEAD, out, &n) == 0 &&
	    n == 20 && memcmp(out, plain, 20) == 0, "it opens with its key and context");
	ok(crypto_open(key, "totp:portal:1:3", box, 20 + SEAL_OVERHEAD, out, &n) < 0,
	    "moved to another user, it does not open");
	ok(crypto_open(other, "totp:portal:1:2", box, 20 + SEAL_OVERHEAD, out, &n) < 0,
	    "under another key, it does not open");
	box[20] ^= 1;
	ok(crypto_open(key, "totp:portal:1:2", box, 20 + SEAL_OVERHEAD, out, &n) < 0,
	    "one bit changed, it does not open");
	box[20] ^= 1;
	ok(crypto_open(key, "totp:portal:1:2", box, 19 + SEAL_OVERHEAD, out, &n) < 0,
	    "cut short, it does not open");
	ok(crypto_open(key, "totp:portal:1:2", box, 4, out, &n) < 0,
	    "a few bytes are not a box");
	{
		unsigned char again[64];

		crypto_seal(key, "totp:portal:1:2", plain, 20, again);
		ok(memcmp(box, again, 20 + SEAL_OVERHEAD) != 0,
		    "sealing twice gives two boxes (fresh nonce)");
	}
}

static void
qr(void)
{
	struct buf b;
	char big[4000];

	buf_init(&b, 1024);
	ok(qr_svg(&b, "otpauth://totp/x:y?secret=ABC", "QR \"code\" <x>") == 0,
	    "a URI makes a QR code");
	ok(strncmp(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0,
	    "it is an inline SVG");
	ok(strstr(b.data, "aria-label=\"QR &quot;code&quot; &lt;x&gt;\"") != NULL,
	    "its label is attribute-escaped");
	ok(strstr(b.data, "<script") == NULL && strstr(b.data, "href") == NULL,
	    "no script, no link");
	/* 29 bytes at level M need version 3 (29 modules) + 2 x 4 quiet: 37. */
	ok(strstr(b.data, "viewBox=\"0 0 37 37\"") != NULL, "the square has a quiet zone");
	ok(strstr(b.data, "M4 4h7v1h-7z") != NULL,
	    "the top-left finder pattern's first row is 7 dark modules at the quiet zone");
	buf_free(&b);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 64);
	ok(qr_svg(&b, big, "too big") < 0, "text beyond a QR code's capacity fails");
	buf_free(&b);
}

int
main(void)
{
	rfc4226();
	rfc6238();
	window();
	uri();
	seal();
	qr();
	return tap_done();
}
