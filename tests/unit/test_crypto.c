/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the crypto helpers and password rules: base64url, token hashing,
 * SHA-256 and argon2id against published vectors, the length and blocklist rules, the
 * cap on argon2 work at once across processes.
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <argon2.h>

#include "cfg.h"
#include "crypto.h"
#include "password.h"
#include "tap.h"
#include "tokenlink.h"
#include "util.h"

/* A child that takes an argon2 slot and holds it until killed; -1 if it got none. */
static pid_t
holder(void)
{
	int ready[2];
	char got = 'n';
	pid_t kid;

	if (pipe(ready) < 0 || (kid = fork()) < 0)
		return -1;
	if (kid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(ready[0]);
		got = password_gate_enter() == 0 ? 'y' : 'n';
		(void)!write(ready[1], &got, 1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &got, 1) != 1)
		got = 'n';
	close(ready[0]);
	if (got != 'y') {
		kill(kid, SIGKILL);
		waitpid(kid, NULL, 0);
		return -1;
	}
	return kid;
}

static void
reap(pid_t kid)
{
	if (kid > 0) {
		kill(kid, SIGKILL);
		waitpid(kid, NULL, 0);
	}
}

/* The gate of password.c, with the processes porchd's workers would be. */
static void
gate_tests(const char *hash)
{
	struct cfg_argon2 cheap = { 1, 8192, 1, 0 };
	char out[PASSWORD_HASH_MAX];
	pid_t a, b;

	ok(password_cap_auto(2, 2, 1) == 1, "auto cap: 2 CPUs, 2 workers: 1");
	ok(password_cap_auto(4, 8, 1) == 3, "auto cap: one worker always left for pages");
	ok(password_cap_auto(16, 8, 1) == 4, "auto cap: half the CPUs");
	ok(password_cap_auto(16, 8, 2) == 2, "auto cap: a hash of 2 lanes counts twice");
	ok(password_cap_auto(1, 1, 4) == 1, "auto cap: never below 1");

	ok(password_check(hash, "correct horse battery") == PASSWORD_MATCH,
	    "without a gate (porchctl) there is no cap");
	ok(password_gate_setup(0) < 0, "a cap of 0 is refused");
	ok(password_gate_setup(1) == 0, "a gate of one slot");
	a = holder();
	ok(a > 0, "another process takes the slot");
	ok(password_hash(&cheap, "correct horse battery", out, sizeof(out)) == PASSWORD_BUSY,
	    "...then hashing here is refused at once");
	ok(password_check(hash, "correct horse battery") == PASSWORD_BUSY,
	    "...and so is checking a password (busy is not a match)");
	reap(a);
	ok(password_check(hash, "correct horse battery") == PASSWORD_MATCH,
	    "a holder killed with SIGKILL leaves its slot free");
	ok(password_check(hash, "correct horse battery") == PASSWORD_MATCH,
	    "a slot is given back after each check");

	ok(password_gate_setup(2) == 0, "the cap raised to 2 (a new generation)");
	a = holder();
	ok(password_hash(&cheap, "correct horse battery", out, sizeof(out)) == 0,
	    "one slot held of two: hashing goes on");
	b = holder();
	ok(a > 0 && b > 0, "two processes hold the two slots");
	ok(password_check(hash, "correct horse battery") == PASSWORD_BUSY,
	    "both held: refused");
	reap(b);
	ok(password_check(hash, "correct horse battery") == PASSWORD_MATCH,
	    "one holder killed: its slot is free again");
	reap(a);
}

int
main(void)
{
	unsigned char raw[32], back[32], h[32];
	char text[TOKEN_B64_LEN + 1], hex[65], enc[8];
	struct cfg_argon2 cheap = { 1, 8192, 1 };
	char hash[PASSWORD_HASH_MAX];

	crypto_sha256("abc", 3, h);
	hex_encode(h, 32, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "SHA-256 of \"abc\" (FIPS 180-2 vector)");

	b64url_encode((const unsigned char *)"\xfb\xff", 2, enc);
	is_str(enc, "-_8", "base64url uses - and _ and no padding");
	ok(b64url_decode("-_8", back, 2) == 0 && back[0] == 0xfb && back[1] == 0xff,
	    "base64url decodes its own output");
	ok(b64url_decode("-_9", back, 2) < 0, "non-zero leftover bits are refused");
	ok(b64url_decode("-_8=", back, 2) < 0, "padding is refused");
	ok(b64url_decode("+/8", back, 2) < 0, "standard base64 characters are refused");

	token_new(raw, text);
	ok(strlen(text) == TOKEN_B64_LEN, "a token is 43 characters");
	ok(b64url_decode(text, back, 32) == 0 && memcmp(raw, back, 32) == 0,
	    "a token decodes to its 256 random bits");
	ok(token_hash(text, h) == 0, "a token hashes");
	crypto_sha256(raw, 32, back);
	ok(memcmp(h, back, 32) == 0, "the stored form is SHA-256 of the raw bits");
	ok(token_hash("short", h) < 0, "a malformed token does not hash");
	token_new(back, text);
	ok(memcmp(raw, back, 32) != 0, "two tokens differ");

	/* libargon2's own test vector for argon2id (v=19, t=2, m=64 KiB, p=1). */
	{
		char out[128];

		argon2id_hash_encoded(2, 1 << 16, 1, "password", 8, "somesalt", 8, 32,
		    out, sizeof(out));
		is_str(out, "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ"
		    "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		    "argon2id matches the libargon2 test vector");
	}
	ok(password_hash(&cheap, "correct horse battery", hash, sizeof(hash)) == 0,
	    "a password hashes");
	ok(strncmp(hash, "$argon2id$v=19$m=8192,t=1,p=1$", 30) == 0,
	    "the hash records argon2id and its parameters");
	ok(password_check(hash, "correct horse battery") == PASSWORD_MATCH,
	    "the right password verifies");
	ok(password_check(hash, "correct horse batterY") == PASSWORD_WRONG,
	    "a wrong password does not");
	ok(!password_needs_rehash(&cheap, hash), "same parameters: no rehash");
	cheap.m_cost = 9216;
	ok(password_needs_rehash(&cheap, hash), "changed parameters: rehash");

	gate_tests(hash);

	ok(password_problem("eleven char") != NULL, "11 characters are too few");
	ok(password_problem("twelve chars") == NULL, "12 characters are enough");
	ok(password_problem("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9") != NULL,
	    "length counts characters, not bytes");
	ok(password_problem("Password1234") != NULL, "blocklisted, whatever the case");
	ok(password_problem("no rules about digits or symbols") == NULL,
	    "no composition rules");

	/* Token links: the sealed copy opens only for its own tenant and customer. */
	{
		unsigned char key[SEAL_KEY_BYTES] = { 7 }, other[SEAL_KEY_BYTES] = { 8 };
		unsigned char link_raw[TOKEN_BYTES], box[TOKEN_BYTES + SEAL_OVERHEAD];
		char link_text[TOKEN_B64_LEN + 1], shown[TOKEN_B64_LEN + 1];

		token_new(link_raw, link_text);
		ok(crypto_seal(key, "tokenlink:1:2", link_raw, sizeof(link_raw), box) == 0,
		    "a token-link copy seals");
		ok(tokenlink_reveal(key, 1, 2, box, sizeof(box), shown) == 0 &&
		    strcmp(shown, link_text) == 0, "...and reveals the link's text on its row");
		ok(tokenlink_reveal(key, 1, 3, box, sizeof(box), shown) < 0,
		    "...not on another customer's row");
		ok(tokenlink_reveal(key, 2, 2, box, sizeof(box), shown) < 0,
		    "...nor in another tenant");
		ok(tokenlink_reveal(other, 1, 2, box, sizeof(box), shown) < 0,
		    "...nor under another key");
		ok(tokenlink_reveal(key, 1, 2, box, sizeof(box) - 1, shown) < 0,
		    "...nor cut short");
		ok(tokenlink_reveal(key, 1, 2, NULL, 0, shown) < 0, "no copy: nothing shown");
	}
	return tap_done();
}
