#!/usr/bin/env bash
# porch — integration test of sign-in, sessions and the Account page through nginx
# (key cases through Apache too): CSRF, session fixation, logout, ending sessions,
# password change, throttling, disabled users, one tenant's cookie or login on
# another tenant's host, the audit log, a sign-in's rows as one transaction. TAP on
# stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

PW_NEW='a brand new passphrase'

# Cheap argon2 and short throttling windows keep the test quick.
# Waits long enough (60 s) that no check races one on a busy machine; "time passes"
# by ending the waits in SQL.
SIGNIN='signin = { delay_after = 2; first_delay = 60; max_delay = 60; window_seconds = 600; };'
stack_setup "$SIGNIN"
# A customer with an active portal user.
stack_portal_user acme 'Owner One' owner@acme.test "$PW_OWNER"
stack_serve --apache

cookie_value() { awk -v n="$2" '$6 == n { v = $7 } END { print v }' "$1"; }
audit_count() { stack_mysql_porch -N -e "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }

signin_cases() {
	local s=$1 port=$2 j tok
	j=$(fresh_jar "$s-a")

	req "$j" "$port" acme.test /login
	check_eq "$HTTP_STATUS" 200 "$s: GET /login is 200"
	check_match "$HTTP_BODY" '<label for="login">Login</label>' "$s: sign-in form has a Login label"
	check_match "$HTTP_BODY" '<label for="password">Password</label>' "$s: ...and a Password label"
	tok=$(csrf_of "$HTTP_BODY")
	check_match "$tok" '^[A-Za-z0-9_-]{43}$' "$s: the form carries a CSRF token"

	req "$j" "$port" acme.test /login --data-urlencode "login=owner@acme.test" \
		--data-urlencode "password=$PW_OWNER"
	check_eq "$HTTP_STATUS" 403 "$s: sign-in without the CSRF field is 403"
	req "$j" "$port" acme.test /login --data-urlencode "csrf=$tok" \
		--data-urlencode "login=owner@acme.test" --data-urlencode "password=$PW_OWNER" \
		-H 'Origin: http://evil.test'
	check_eq "$HTTP_STATUS" 403 "$s: sign-in posted from another origin is 403"
	check_eq "$(cookie_value "$j" porch_session)" "" "$s: ...and no session was made"

	sign_in "$j" "$port" acme.test /login owner@acme.test "$PW_OWNER"
	check_eq "$HTTP_STATUS" 303 "$s: correct sign-in redirects"
	check_eq "$(http_header Location)" /portal "$s: ...to the portal"
	check_match "$(http_header Set-Cookie)" '^porch_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax' \
		"$s: session cookie is HttpOnly and SameSite=Lax"
	req "$j" "$port" acme.test /account
	check_eq "$HTTP_STATUS" 200 "$s: Account page is 200 when signed in"
	check_contains "$HTTP_BODY" "owner@acme.test" "$s: Account page names the user"
	check_contains "$HTTP_BODY" "This device" "$s: Account page lists this session"
	check_eq "$(http_header Cache-Control)" no-store "$s: Account page is not cached"
	tok=$(csrf_of "$HTTP_BODY")
	req "$j" "$port" acme.test /logout --data-urlencode "csrf=$tok"
	check_eq "$HTTP_STATUS" 303 "$s: sign-out redirects"
	req "$j" "$port" acme.test /account
	check_eq "$HTTP_STATUS" 303 "$s: after sign-out the Account page sends to sign-in"
}

stack_each_server signin_cases

# --- Same answer for an unknown login, a wrong password, a disabled user. ---
ja=$(fresh_jar probe)
answer() { printf '%s' "$HTTP_BODY" | grep -o '<p class="error"[^<]*</p>'; }
t0=$(stack_now_ms); sign_in "$ja" "$P" acme.test /login owner@acme.test 'wrong password here'
t1=$(stack_now_ms); wrong_status=$HTTP_STATUS; wrong=$(answer)
sign_in "$ja" "$P" acme.test /login nobody@acme.test 'wrong password here'
t2=$(stack_now_ms); unknown_status=$HTTP_STATUS; unknown=$(answer)
check_eq "$unknown_status" "$wrong_status" "unknown login and wrong password get the same status"
check_eq "$unknown" "$wrong" "unknown login and wrong password get the same message"
check_contains "$wrong" "not correct" "the message says the sign-in failed"
# Both verify one argon2 hash (the unknown login a dummy one): similar cost.
ok "$([ $(( (t2 - t1) * 3 )) -ge $(( t1 - t0 )) ] && echo 0 || echo 1)" \
	"an unknown login takes about as long as a wrong password ($((t1 - t0)) ms vs $((t2 - t1)) ms)"
check_match "$(stack_mysql_porch -N -e "SELECT detail FROM audit_log WHERE action = 'signin.failure' ORDER BY id DESC LIMIT 1 OFFSET 1")" \
	'^login=owner@acme.test$' "failed sign-ins of an account are audited with its login"
check_match "$(stack_mysql_porch -N -e "SELECT detail FROM audit_log WHERE action = 'signin.failure' ORDER BY id DESC LIMIT 1")" \
	'^login#[0-9a-f]{16}$' "...and of a login that names none, only by a keyed hash"
stack_mysql_porch -e "DELETE FROM auth_failures"

# --- Session fixation: a cookie planted before sign-in is not kept. ---
jf=$(fresh_jar fix)
planted=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
printf 'acme.test\tFALSE\t/\tFALSE\t0\tporch_session\t%s\n' "$planted" >"$jf"
sign_in "$jf" "$P" acme.test /login owner@acme.test "$PW_OWNER"
new=$(cookie_value "$jf" porch_session)
check_match "$new" '^[A-Za-z0-9_-]{43}$' "sign-in with a planted cookie issues a session"
ok "$([ "$new" != "$planted" ] && echo 0 || echo 1)" "the planted session id is replaced at sign-in"
http_req "$P" acme.test /account -b "porch_session=$planted"
check_eq "$HTTP_STATUS" 303 "the planted id grants nothing"

# --- Logout ends the session on the server: the old cookie is dead. ---
old=$new
req "$jf" "$P" acme.test /account
tok=$(csrf_of "$HTTP_BODY")
req "$jf" "$P" acme.test /logout --data-urlencode "csrf=$tok"
http_req "$P" acme.test /account -b "porch_session=$old"
check_eq "$HTTP_STATUS" 303 "a signed-out session's cookie, replayed, is refused"
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions")" 0 "sign-out deleted the session row"

# --- CSRF on session POSTs. ---
j1=$(jar one); j2=$(jar two); rm -f "$j1" "$j2"
sign_in "$j1" "$P" acme.test /login owner@acme.test "$PW_OWNER"
sign_in "$j2" "$P" acme.test /login owner@acme.test "$PW_OWNER"
req "$j1" "$P" acme.test /logout --data-urlencode "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
check_eq "$HTTP_STATUS" 403 "sign-out with a wrong CSRF token is 403"
req "$j1" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "...and the session is still there"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '>End</button>')" 1 "Account page lists the other session with an End button"
check_contains "$HTTP_BODY" '<td title="curl/' "...each by its device's name, what it sent whole on hover"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -cE '[0-9]:[0-5][0-9][.:]')" 0 "...with times to the minute, no seconds or fractions"

tok=$(csrf_of "$HTTP_BODY")
req "$j1" "$P" acme.test /logout --data-urlencode "csrf=$tok" -H 'Origin: null'
check_eq "$HTTP_STATUS" 403 "a POST with Origin: null and no Sec-Fetch-Site: same-origin is 403"
req "$j1" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "...and the session is still there"

# --- Ending another session from the Account page. ---
tok=$(csrf_of "$HTTP_BODY")
other=$(printf '%s' "$HTTP_BODY" | grep -o 'name="session" value="[0-9a-f]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
req "$j1" "$P" acme.test /account/sessions/end --data-urlencode "csrf=$tok" --data-urlencode "session=$other"
check_eq "$HTTP_STATUS" 303 "ending the other session redirects"
req "$j2" "$P" acme.test /account
check_eq "$HTTP_STATUS" 303 "the ended session is signed out"
req "$j1" "$P" acme.test /account/sessions/end --data-urlencode "csrf=$tok" --data-urlencode "session=$other"
check_eq "$HTTP_STATUS" 404 "ending it again is 404"
# A phone's session is named as its owner would.
j3=$T/jar-phone
IPHONE='Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'
req "$j3" "$P" acme.test /login -A "$IPHONE"
req "$j3" "$P" acme.test /login -A "$IPHONE" --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" \
	--data-urlencode "login=owner@acme.test" --data-urlencode "password=$PW_OWNER"
req "$j1" "$P" acme.test /account
check_contains "$HTTP_BODY" '>Safari on iPhone</td>' "a session from an iPhone is listed as Safari on iPhone"

# --- Password change: rules, then the other sessions end. ---
sign_in "$j2" "$P" acme.test /login owner@acme.test "$PW_OWNER"
req "$j1" "$P" acme.test /account/password
check_contains "$HTTP_BODY" '<label for="current">Current password</label>' "password form asks for the current password"
tok=$(csrf_of "$HTTP_BODY")
chpw() { req "$j1" "$P" acme.test /account/password --data-urlencode "csrf=$tok" \
	--data-urlencode "current=$1" --data-urlencode "new=$2" --data-urlencode "confirm=$3"; }
chpw 'not the password' "$PW_NEW" "$PW_NEW"
check_contains "$HTTP_BODY" "current password is not correct" "a wrong current password is refused"
chpw "$PW_OWNER" short short
check_contains "$HTTP_BODY" "at least 12 characters" "a short password is refused"
chpw "$PW_OWNER" password1234 password1234
check_contains "$HTTP_BODY" "too common" "a blocklisted password is refused"
chpw "$PW_OWNER" "$PW_NEW" "$PW_NEW x"
check_contains "$HTTP_BODY" "differ" "mismatched confirmation is refused"
long=$(printf 'x%.0s' $(seq 200))
chpw "$PW_OWNER" "$long" "$long"
check_contains "$HTTP_BODY" "at most 128" "a password over 128 characters is refused, not truncated"
chpw "$PW_OWNER" "$PW_NEW" "$PW_NEW"
check_eq "$HTTP_STATUS" 303 "a good new password is accepted"
req "$j2" "$P" acme.test /account
check_eq "$HTTP_STATUS" 303 "changing the password ended the other session"
req "$j1" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "...but kept the one that changed it"
jn=$(jar new)
owner_signs_in "$jn" owner@acme.test
check_eq "$HTTP_STATUS" 200 "the old password no longer signs in"
sign_in "$jn" "$P" acme.test /login owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 303 "the new password signs in"
stack_mysql_porch -e "DELETE FROM auth_failures"

# --- Throttling (more in throttle.sh): a wait after a few failures; success resets. ---
jt=$(fresh_jar throttle)
for i in 1 2 3; do sign_in "$jt" "$P" acme.test /login owner@acme.test "wrong $i wrong $i"; done
sign_in "$jt" "$P" acme.test /login owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 200 "right after 3 failures even the right password must wait"
check_contains "$(answer)" "not correct" "...with the same message as a wrong password"
check_eq "$(audit_count throttle.wait)" 1 "the wait is audited"
stack_mysql_porch -e "UPDATE auth_failures SET wait_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE wait_until IS NOT NULL"
sign_in "$jt" "$P" acme.test /login owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 303 "after the wait the right password works"
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM auth_failures WHERE scope = 'pair'")" 0 \
	"success reset this address's failure count for the account"

# --- Disabled users. ---
jd=$(jar disabled)
owner_signs_in "$jd" owner@acme.test "$PW_NEW"
stack_mysql_porch -e "UPDATE portal_users SET status = 'disabled' WHERE login = 'owner@acme.test'"
req "$jd" "$P" acme.test /account
check_eq "$HTTP_STATUS" 303 "disabling a user ends their live session"
jd2=$(jar disabled2)
owner_signs_in "$jd2" owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 200 "a disabled user cannot sign in"
check_contains "$(answer)" "not correct" "...and gets the generic message"
stack_mysql_porch -e "UPDATE portal_users SET status = 'active' WHERE login = 'owner@acme.test'; DELETE FROM auth_failures"

# --- One tenant's cookie and login on another tenant's host. ---
jx=$(jar cross)
owner_signs_in "$jx" owner@acme.test "$PW_NEW"
sid=$(cookie_value "$jx" porch_session)
http_req "$P" beta.test /account -b "porch_session=$sid"
check_eq "$HTTP_STATUS" 303 "an acme session cookie opens nothing on beta.test"
jb=$(fresh_jar beta)
sign_in "$jb" "$P" beta.test /login owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 200 "an acme login does not sign in on beta.test"
sign_in "$jb" "$P" beta.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 200 "acme's staff cannot sign in on beta.test"

# --- Staff sign-in. ---
js=$(fresh_jar staff)
req "$js" "$P" acme.test /staff/login
check_match "$HTTP_BODY" '<label for="login">Email</label>' "staff sign-in asks for an Email"
sign_in "$js" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$(http_header Location)" /staff/ "staff sign-in lands on /staff/"
req "$js" "$P" acme.test /staff/
check_contains "$HTTP_BODY" "administrator" "the staff page knows an admin"
http_req "$P" acme.test /staff/ -b "porch_session=$sid"
check_eq "$HTTP_STATUS" 303 "a portal user's session does not open staff pages"

# --- A one-time password must be changed first. ---
stack_mysql_porch -e "UPDATE portal_users SET must_change_password = 1 WHERE login = 'owner@acme.test'"
jm=$(jar must)
owner_signs_in "$jm" owner@acme.test "$PW_NEW"
check_eq "$(http_header Location)" /account/password "sign-in with a one-time password goes to the password form"
req "$jm" "$P" acme.test /account
check_eq "$(http_header Location)" /account/password "...and no other page opens before it is changed"

# --- argon2 parameters changed: the hash is upgraded at the next sign-in. ---
stack_mysql_porch -e "UPDATE portal_users SET must_change_password = 0 WHERE login = 'owner@acme.test'"
stack_porch_config 'argon2 = { t_cost = 2; m_cost = 9216; parallelism = 1; };' "$SIGNIN"
stack_porchd_reload "${PORCH_WORKERS:-2}"
jr=$(jar rehash)
owner_signs_in "$jr" owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 303 "sign-in works after the argon2 parameters changed"
check_match "$(stack_mysql_porch -N -e "SELECT password_hash FROM portal_users WHERE login = 'owner@acme.test'")" \
	'^\$argon2id\$v=19\$m=9216,t=2,p=1\$' "the stored hash now uses the new parameters"

# --- The audit log: the acts are there, with address; no secret anywhere. ---
for a in signin.success signin.failure signout password.change session.end; do
	ok "$([ "$(audit_count "$a")" -ge 1 ] && echo 0 || echo 1)" "audit log has $a"
done
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM audit_log WHERE ip IS NULL OR ip = ''")" 0 \
	"every audit entry has the client address"
dump=$(stack_mysql_porch -N -e "SELECT CONCAT_WS(' ', action, detail) FROM audit_log")
for secret in "$PW_OWNER" "$PW_NEW" "$PW_STAFF" "$sid"; do
	check_not_contains "$dump" "$secret" "no password or session token in the audit log"
	check_not_contains "$(cat "$T/porchd.log")" "$secret" "no password or session token in porchd's log"
done
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions WHERE LENGTH(token_hash) = 32")" \
	"$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions")" "sessions are stored by 32-byte hash"
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions WHERE token_hash = FROM_BASE64('$(printf '%s' "$sid" | tr '_-' '/+')=')")" 0 \
	"the raw session token is not what the database stores"

# --- A sign-in with nothing on record: the throttle check, the account with its
# second step, then the session, the last sign-in and the audit entry. Counted on
# one worker whose host -> tenant cache outlives the test: the GET of the form
# fills it, so the POST runs the sign-in's statements alone (with two workers the
# POST may land on one that has not looked the host up yet: one statement more).
PORCH_WORKERS=1 PORCH_TENANT_CACHE_SECONDS=3600 \
	stack_porch_config 'argon2 = { t_cost = 2; m_cost = 9216; parallelism = 1; };' "$SIGNIN"
rc=0; stack_porchd_reload 1 || rc=$?
ok "$rc" "porchd reloaded to one worker"
stack_mysql_porch -e "DELETE FROM auth_failures"
jq=$(jar quiet)
owner_signs_in "$jq" owner@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 303 "a sign-in with no failures on record"
check_eq "$(grep ' method=POST .* path=/login ' "$T/porchd.log" | tail -n 1 | sed 's/.* sql=//')" 5 \
	"...runs five SQL statements (no counters to clear, no separate MFA lookup)"

# --- A sign-in's rows are one transaction: the session, a staff user's last
# action and the audit line. When the audit line cannot be written, nothing of the
# sign-in is kept and no cookie goes out; after a conflict on its last statement
# (the server's deadlock error, once), the whole sign-in runs again: one session,
# one audit line, the cookie of the session kept.
owner_sessions() {
	stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions s JOIN portal_users u
		ON u.id = s.portal_user_id WHERE u.login = 'owner@acme.test'"
}
ns=$(owner_sessions); na=$(audit_count signin.success)
stack_mysql_porch <<'SQL'
DELIMITER //
CREATE TRIGGER test_audit_refused BEFORE INSERT ON audit_log FOR EACH ROW
  IF NEW.action = 'signin.success' THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test';
  END IF//
DELIMITER ;
SQL
jr=$(jar refused)
owner_signs_in "$jr" owner@acme.test "$PW_NEW"
stack_mysql_porch -e "SET SESSION lock_wait_timeout = 20; DROP TRIGGER test_audit_refused"
check_match "$HTTP_STATUS" '^5[0-9][0-9]$' "a sign-in whose audit line cannot be written fails"
check_eq "$(http_header Set-Cookie | grep -c 'porch_session=')" 0 "...sets no session cookie"
check_eq "$(owner_sessions) $(audit_count signin.success)" "$ns $na" \
	"...and leaves neither a session nor an audit line"
req "$jr" "$P" acme.test /portal
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login" "...so the browser is not signed in"

stack_mysql_porch <<'SQL'
CREATE TABLE test_once (n INT NOT NULL) ENGINE = MyISAM;
INSERT INTO test_once VALUES (0);
DELIMITER //
CREATE TRIGGER test_audit_deadlock BEFORE INSERT ON audit_log FOR EACH ROW
  IF NEW.action = 'signin.success' AND (SELECT n FROM test_once) = 0 THEN
    UPDATE test_once SET n = 1;
    SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock found';
  END IF//
DELIMITER ;
SQL
staff_sessions() {
	stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions s JOIN staff_users u
		ON u.id = s.staff_user_id WHERE u.email = 'office@acme.test'"
}
ns=$(staff_sessions); na=$(audit_count signin.success)
stack_mysql_porch -e "UPDATE staff_users SET last_action_at = NULL WHERE email = 'office@acme.test'"
reruns() { grep -c 'transaction conflict (.*): running it again' "$T/porchd.log" || true; }
nr=$(reruns)
jd=$(jar deadlock)
staff_signs_in "$jd"
stack_mysql_porch -e "SET SESSION lock_wait_timeout = 20; DROP TRIGGER test_audit_deadlock"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/" \
	"a staff sign-in whose audit line meets a deadlock once still signs in"
check_eq "$(stack_mysql_porch -N -e "SELECT n FROM test_once") $(($(reruns) - nr))" "1 1" \
	"...its whole transaction run again after the deadlock"
check_eq "$(staff_sessions) $(audit_count signin.success)" "$((ns + 1)) $((na + 1))" \
	"...with one session and one audit line, nothing of the first run"
check_eq "$(stack_mysql_porch -N -e "SELECT last_action_at IS NOT NULL FROM staff_users
	WHERE email = 'office@acme.test'")" 1 "...and the staff user's last action written"
req "$jd" "$P" acme.test /staff/
check_eq "$HTTP_STATUS" 200 "...and its cookie opens the staff pages"
stack_mysql_porch -e "DROP TABLE test_once"
