#!/usr/bin/env bash
# porch — integration test of how recovery codes are stored, through nginx: no
# row holds a code's bare SHA-256 (about 50 bits: a database copy would give the
# codes up); each row is the keyed hash of docs/DESIGN.md (HMAC-SHA256 under a key
# derived from secret_key, bound to its owner), recomputed here in Python; a code
# works once; a row copied to another user, or read under another secret_key,
# does not verify; rows stored before migration 005 are converted by porchctl
# migrate and keep working. Codes for the sign-in come from oathtool. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl oathtool python3

PW='owner chose this passphrase'

# keyed KIND:TENANT:USER CODE: the stored form of a code (canonical: lower case,
# no dash), as upper-case hex.
keyed() {
	python3 -c 'import hashlib, hmac, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
sub = hmac.new(key, b"porch:recovery-code", hashlib.sha256).digest()
sha = hashlib.sha256(sys.argv[3].encode()).digest()
print(hmac.new(sub, sys.argv[2].encode() + b"\0" + sha, hashlib.sha256).hexdigest().upper())' \
		"$T/secret.key" "$1" "$2"
}
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1 | tr a-f A-F; }

# --- A database from before migration 005, with a recovery code in it. ---
stack_mariadb_start
stack_porch_config 'argon2 = { t_cost = 1; m_cost = 8192; parallelism = 1; };'
mkdir -p "$T/schema-old"
for f in "$top_srcdir"/schema/[0-9][0-9][0-9]_*.sql; do
	n=$(basename "$f")
	[ "${n%%_*}" \< 005 ] && cp "$f" "$T/schema-old/"
done
sed -i "s#^schema_dir = .*#schema_dir = \"$T/schema-old\";#" "$T/porch.conf"
stack_porchctl migrate >/dev/null
# Rows as that schema holds them, written by hand: today's porchctl prepares the
# statements of today's schema and is not meant to run against an old one.
sql "INSERT INTO tenants (slug, name) VALUES ('old', 'Old Rentals')"
OLD=$(sql "SELECT id FROM tenants WHERE slug = 'old'")
sql "INSERT INTO staff_users (tenant_id, email, name, role) VALUES ($OLD, 'office@old.test', 'Office', 'admin')"
STAFF=$(sql "SELECT id FROM staff_users WHERE email = 'office@old.test'")
sql "INSERT INTO recovery_codes (tenant_id, staff_user_id, code_hash)
	VALUES ($OLD, $STAFF, UNHEX(SHA2('aaaaa11111', 256)))"
sed -i "s#^schema_dir = .*#schema_dir = \"$top_srcdir/schema\";#" "$T/porch.conf"
out=$(stack_porchctl migrate 2>&1) || true
check_contains "$out" "applied 005_recovery_code_keyed.sql" "migration 005 applies to a database with recovery codes"
check_contains "$out" "recovery codes: 1 converted to the keyed hash" "...and porchctl migrate converts the code stored before"
check_eq "$(sql "SELECT CONCAT(hash_version, ' ', HEX(code_hash)) FROM recovery_codes WHERE staff_user_id = $STAFF")" \
	"2 $(keyed "staff:$OLD:$STAFF" aaaaa11111)" "...to the keyed hash of that code for its owner"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE HEX(code_hash) = '$(sha aaaaa11111)'")" 0 \
	"...and its bare SHA-256 is gone"
check_eq "$(stack_porchctl migrate 2>&1)" "schema is up to date" "a second migrate has nothing to convert"
stack_two_tenants "$PW_STAFF"

# --- Codes made now. ---
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW"
stack_portal_user acme 'Ada Owner' bea@acme.test "$PW"
uid() { sql "SELECT id FROM portal_users WHERE login = '$1'"; }
ADA=$(uid ada@acme.test) BEA=$(uid bea@acme.test)
stack_serve

# post JAR PATH FROM ARGS...: POST with the CSRF token of page FROM.
post() { csrf_post "$1" "$3" "$2" "${@:4}"; }
secret_of() { printf '%s' "$1" | grep -o '<code id="secret" class="secret">[^<]*' | sed 's/.*>//; s/ //g'; }
codes_of() { printf '%s' "$1" | grep -o '<li><code>[0-9a-z]\{5\}-[0-9a-z]\{5\}</code>' | sed 's/<li><code>//; s/<.code>//'; }
# mfa_on JAR LOGIN: signs in, turns MFA on with a code from oathtool; sets CODES.
mfa_on() {
	local j=$1 s
	rm -f "$j"
	sign_in "$j" "$P" acme.test /login "$2" "$PW"
	post "$j" /account/mfa /account/mfa --data-urlencode "do=on" --data-urlencode "password=$PW"
	s=$(secret_of "$HTTP_BODY")
	post "$j" /mfa/enrol /account/mfa --data-urlencode "code=$(oathtool --totp -b "$s")"
	CODES=$(codes_of "$HTTP_BODY")
}
# recover LOGIN CODE: password, then CODE at the code step; sets the page.
recover() {
	local j
	j=$(fresh_jar recover)
	sign_in "$j" "$P" acme.test /login "$1" "$PW"
	post "$j" /login/mfa /login/mfa --data-urlencode "code=$2"
}

mfa_on "$(jar ada)" ada@acme.test
ADA_CODES=$CODES
check_eq "$(printf '%s\n' "$ADA_CODES" | grep -c .)" 10 "Ada turns MFA on and gets ten recovery codes"
mfa_on "$(jar bea)" bea@acme.test
BEA_CODES=$CODES
check_eq "$(printf '%s\n' "$BEA_CODES" | grep -c .)" 10 "...and so does Bea"

plain=0 keyed_ok=0
for c in $ADA_CODES; do
	c=${c/-/}
	plain=$((plain + $(sql "SELECT COUNT(*) FROM recovery_codes WHERE HEX(code_hash) = '$(sha "$c")'")))
	keyed_ok=$((keyed_ok + $(sql "SELECT COUNT(*) FROM recovery_codes WHERE portal_user_id = $ADA AND hash_version = 2 AND HEX(code_hash) = '$(keyed "portal:$ACME:$ADA" "$c")'")))
done
check_eq "$plain" 0 "no stored row is the SHA-256 of one of Ada's codes"
check_eq "$keyed_ok" 10 "...each is the keyed hash of its code, bound to Ada"

c1=$(printf '%s\n' "$ADA_CODES" | sed -n 1p)
recover ada@acme.test "$c1"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /account/mfa?recovery=1" "one of Ada's codes signs her in"
recover ada@acme.test "$c1"
check_contains "$HTTP_BODY" "That code is not right" "...once: used again it is refused"

# A row copied to another user does not verify for them.
c2=$(printf '%s\n' "$ADA_CODES" | sed -n 2p)
sql "INSERT INTO recovery_codes (tenant_id, portal_user_id, code_hash, hash_version)
	SELECT tenant_id, $BEA, code_hash, hash_version FROM recovery_codes
	WHERE portal_user_id = $ADA AND HEX(code_hash) = '$(keyed "portal:$ACME:$ADA" "${c2/-/}")'"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE portal_user_id = $BEA")" 11 "Ada's row for a code is copied to Bea"
recover bea@acme.test "$c2"
check_contains "$HTTP_BODY" "That code is not right" "...and Ada's code does not sign Bea in"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE portal_user_id = $BEA AND used_at IS NOT NULL")" 0 "...nor uses any of Bea's rows"

# Under another secret_key the rows do not verify.
stack_nginx_stop
stack_porchd_stop
cp "$T/porch.conf" "$T/porch.conf.right"
sed -i "s#^secret_key = .*#secret_key = \"$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')\";#" "$T/porch.conf"
stack_serve
c3=$(printf '%s\n' "$ADA_CODES" | sed -n 3p)
recover ada@acme.test "$c3"
check_contains "$HTTP_BODY" "That code is not right" "under another secret_key Ada's code is refused"
stack_nginx_stop
stack_porchd_stop
mv "$T/porch.conf.right" "$T/porch.conf"
stack_serve
recover ada@acme.test "$c3"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /account/mfa?recovery=1" "...and accepted again under the right one"

# A row an older porchd wrote after the migration (hash_version left at 1) matches
# nothing until porchctl migrate converts it; then its code works.
sql "INSERT INTO recovery_codes (tenant_id, portal_user_id, code_hash)
	VALUES ($ACME, $ADA, UNHEX(SHA2('bbbbb22222', 256)))"
recover ada@acme.test bbbbb-22222
check_contains "$HTTP_BODY" "That code is not right" "a bare SHA-256 row is not accepted as it is"
check_contains "$(stack_porchctl migrate 2>&1)" "recovery codes: 1 converted" "porchctl migrate converts it"
recover ada@acme.test bbbbb-22222
check_eq "$HTTP_STATUS $(http_header Location)" "303 /account/mfa?recovery=1" "...and then its code signs in"
