#!/usr/bin/env bash
# porch — integration test of housekeeping: porchctl purge removes expired and idle
# sessions, token sessions whose link ended, used or expired invitation/reset links
# (past the reset form's hourly window) and mail sent over a week ago, and leaves
# everything live working through nginx; the outbox sender's loop runs the same
# pass. Rows are made by real flows (sign-in, token links, mail from the SMTP sink)
# and then aged in the database, as time passing would. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

stack_setup --smtp
stack_portal_user acme 'Olga Owner' owner@acme.test "$PW_OWNER"
stack_mysql_porch -e "INSERT INTO customers (tenant_id, name) VALUES
	((SELECT id FROM tenants WHERE slug = 'acme'), 'Tina Token'),
	((SELECT id FROM tenants WHERE slug = 'acme'), 'Dora Done')"
stack_porchctl tokenlink issue acme >/dev/null
stack_serve

TINA=$(sql "SELECT id FROM customers WHERE name = 'Tina Token'")
DORA=$(sql "SELECT id FROM customers WHERE name = 'Dora Done'")
OLGA_USER=$(sql "SELECT id FROM portal_users WHERE login = 'owner@acme.test'")
# hash_of TOKEN: the SQL for the SHA-256 of a base64url token, as porch stores it.
hash_of() { printf "UNHEX(SHA2(FROM_BASE64('%s='), 256))" "$(printf '%s' "$1" | tr '_-' '/+')"; }
# session_of JAR: the SQL condition naming the session of the jar's cookie.
session_of() {
	local tok
	tok=$(awk '$6 == "porch_session" { print $7 }' "$1" | tail -n 1)
	printf "token_hash = %s" "$(hash_of "$tok")"
}
alive() { sql "SELECT COUNT(*) FROM sessions WHERE $(session_of "$1")"; }
# page JAR PATH: the status of GET PATH with the jar.
page() { req "$1" "$P" acme.test "$2"; printf '%s' "$HTTP_STATUS"; }
staff_link() {
	req "$JS" "$P" acme.test "/staff/customers/$1"
	printf '%s' "$HTTP_BODY" | grep -o 'value="http://acme.test\(:[0-9]*\)\?/t/[A-Za-z0-9_-]*"' \
		| head -n 1 | sed 's|.*/t/||; s/"$//'
}
# reset_link: staff send Olga a reset link; prints its token (from the mail).
reset_link() {
	local tok f
	req "$JS" "$P" acme.test /staff/customers
	tok=$(csrf_of "$HTTP_BODY")
	req "$JS" "$P" acme.test /staff/users/action --data-urlencode "csrf=$tok" \
		--data-urlencode "user=$OLGA_USER" --data-urlencode "do=reset"
	stack_porchctl outbox send >/dev/null
	f=$(grep -lx "to owner@acme.test" "$SMTP_DIR"/*.env | sort | tail -n 1)
	grep -o '/reset/[A-Za-z0-9_-]*' "${f%.env}.eml" | head -n 1 | sed 's|/reset/||'
}

# --- Live rows: a staff session, a portal user's, a token visitor's. ---
JS=$(jar staff)
staff_signs_in "$JS"
JP=$(jar portal)
owner_signs_in "$JP" owner@acme.test
JT=$(fresh_jar token)
req "$JT" "$P" acme.test "/t/$(staff_link "$TINA")"
check_eq "$(page "$JS" /staff/customers) $(page "$JP" /portal) $(page "$JT" /portal)" \
	"200 200 200" "a staff, a portal and a token session work"

# --- Dead sessions: past their expiry, idle too long, their link expired. ---
JX=$(jar expired)
owner_signs_in "$JX" owner@acme.test
sql "UPDATE sessions SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE $(session_of "$JX")"
JI=$(jar idle)
staff_signs_in "$JI"
sql "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 1801 SECOND WHERE $(session_of "$JI")"
JD=$(fresh_jar link-gone)
req "$JD" "$P" acme.test "/t/$(staff_link "$DORA")"
sql "UPDATE customers SET token_expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = $DORA"
check_eq "$(alive "$JX")$(alive "$JI")$(alive "$JD")" 111 "three dead sessions are still in the table"

# --- Links: used long ago, expired long ago, used just now, still open. ---
L_USED_OLD=$(reset_link)
L_EXPIRED=$(reset_link)
L_USED_NEW=$(reset_link)
L_OPEN=$(reset_link)
check_eq "$(sql "SELECT COUNT(*) FROM action_tokens")" 4 "staff sent four reset links"
sql "UPDATE action_tokens SET used_at = UTC_TIMESTAMP(6), created_at = UTC_TIMESTAMP(6) - INTERVAL 2 HOUR
	WHERE token_hash = $(hash_of "$L_USED_OLD");
	UPDATE action_tokens SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 3 DAY,
	  created_at = UTC_TIMESTAMP(6) - INTERVAL 4 DAY WHERE token_hash = $(hash_of "$L_EXPIRED");
	UPDATE action_tokens SET used_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE,
	  created_at = UTC_TIMESTAMP(6) - INTERVAL 20 MINUTE WHERE token_hash = $(hash_of "$L_USED_NEW")"
link_rows() { sql "SELECT COUNT(*) FROM action_tokens WHERE token_hash = $(hash_of "$1")"; }

# --- Mail: sent eight days ago, sent now, queued, failed. ---
sql "UPDATE outbox SET sent_at = UTC_TIMESTAMP(6) - INTERVAL 8 DAY WHERE id = (SELECT MIN(id) FROM outbox)"
OLD_MAIL=$(sql "SELECT MIN(id) FROM outbox")
stack_porchctl mail test queued@example.test >/dev/null
stack_porchctl mail test failed@example.test >/dev/null
sql "UPDATE outbox SET status = 'failed' WHERE to_addr = 'failed@example.test'"
mail_rows() { sql "SELECT GROUP_CONCAT(status ORDER BY id) FROM outbox"; }
mail_before=$(mail_rows)

# --- Other tables purge leaves alone. ---
jf=$(fresh_jar failing)
sign_in "$jf" "$P" acme.test /login owner@acme.test "not the password at all"
counters=$(sql "SELECT COUNT(*), COALESCE(SUM(failures), 0) FROM auth_failures")
check_match "$counters" '^[1-9]' "a failed sign-in left throttle counters"
# A record whose window and wait are long over: the throttle's own purge takes it.
sql "INSERT INTO auth_failures (tenant_id, scope, account, client, failures, first_at, last_at)
     SELECT tenant_id, 'address', account, '127.9.9.9', 7, UTC_TIMESTAMP(6) - INTERVAL 2 DAY,
            UTC_TIMESTAMP(6) - INTERVAL 2 DAY FROM auth_failures LIMIT 1"
audit=$(sql "SELECT COUNT(*) FROM audit_log")

# --- porchctl purge ---
rc=0; stack_porchctl purge now >"$T/out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchctl purge with an argument is a usage error"
check_contains "$(cat "$T/out")" "usage: porchctl purge" "...saying how to call it"
rc=0; out=$(stack_porchctl purge 2>&1) || rc=$?
check_eq "$rc" 0 "porchctl purge exits 0"
check_eq "$out" "purged 3 sessions, 2 links, 1 sent mail, 1 throttle record" "...and says what it removed"
check_eq "$(alive "$JX")$(alive "$JI")$(alive "$JD")" 000 \
	"the expired, the idle and the dead link's sessions are gone"
check_eq "$(alive "$JS")$(alive "$JP")$(alive "$JT")" 111 "the live sessions stay"
check_eq "$(page "$JS" /staff/customers) $(page "$JP" /portal) $(page "$JT" /portal)" \
	"200 200 200" "...and still work"
check_eq "$(link_rows "$L_USED_OLD")$(link_rows "$L_EXPIRED")" 00 \
	"links used or expired before the last hour are gone"
check_eq "$(link_rows "$L_USED_NEW")$(link_rows "$L_OPEN")" 11 \
	"a link used within the hour (the reset form counts it) and an open one stay"
jo=$(fresh_jar open-link)
check_eq "$(page "$jo" "/reset/$L_OPEN")" 200 "...and the open link still works"
check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE id = $OLD_MAIL")" 0 "mail sent eight days ago is gone"
check_eq "$(mail_rows)" "${mail_before#sent,}" "recent sent, queued and failed mail stay"
check_eq "$(sql "SELECT COUNT(*), COALESCE(SUM(failures), 0) FROM auth_failures")" "$counters" \
	"live throttle counters stay"
check_eq "$(sql "SELECT COUNT(*) FROM auth_failures WHERE client = '127.9.9.9'")" 0 \
	"a throttle record past its window is gone"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log")" "$audit" "the audit log is left alone"
rc=0; out=$(stack_porchctl purge 2>&1) || rc=$?
check_eq "$rc/$out" "0/purged 0 sessions, 0 links, 0 sent mails, 0 throttle records" "a second purge finds nothing"

# --- The outbox sender's loop purges too. ---
JY=$(jar loop)
owner_signs_in "$JY" owner@acme.test
sql "UPDATE sessions SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE $(session_of "$JY")"
"$top_builddir/porchctl" -c "$T/porch.conf" outbox send --loop \
	>"$T/loop.out" 2>"$T/loop.err" &
loop=$!
stack_track_pid "$loop"
for _ in $(seq 100); do
	[ "$(alive "$JY")" = 0 ] && break
	sleep 0.1
done
check_eq "$(alive "$JY")" 0 "the sender's loop removes an expired session when it starts"
check_contains "$(cat "$T/loop.err")" "purge: 1 sessions, 0 links, 0 sent mails, 0 throttle records removed" \
	"...and logs what it removed"
kill -TERM "$loop"
stopped=0; stack_wait_exit "$loop" 10 && stopped=1
check_eq "$stopped/$STACK_EXIT_STATUS" "1/0" "...and still stops cleanly on SIGTERM"
check_eq "$(page "$JP" /portal)" 200 "the portal user's live session still works"
