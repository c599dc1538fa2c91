#!/usr/bin/env bash
# porch — integration test of sign-in throttling through nginx (a case through Apache):
# no one can shut another person out. An attacker's address gets growing waits, and
# its tries are refused before any argon2 work; the owner, from an address that has
# not been failing, always signs in with the right password, even while the account
# is under attack from many addresses; a failing address is slowed on every login;
# a completed reset, staff (page) and porchctl unlock clear it, audited; the current
# password asked inside a session is throttled and audited the same way; a long
# login is no 500; a login that names no account is never stored as typed.
# Clients come from different loopback addresses (curl --interface 127.0.0.N), which
# the web server passes to porchd as REMOTE_ADDR. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

PW_RESET='the owner reset it to this'
# Typed into the login field by mistake: it must be stored nowhere.
TYPO_PW='Tr0ub4dor&3 horse battery'

# argon2 slow enough that a check shows in the request's time; waits long enough
# (first_delay 60 s) that no test races one. "Time passes" by ending waits in SQL.
stack_setup 'argon2 = { t_cost = 3; m_cost = 65536; parallelism = 1; };' \
	'signin = { delay_after = 2; first_delay = 60; max_delay = 600; address_delay_after = 8; account_slow_after = 6; window_seconds = 600; };'
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme desk@acme.test >/dev/null
stack_portal_user acme 'Owner One' owner@acme.test "$PW_OWNER"
stack_serve --apache

audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }
last_detail() { sql "SELECT detail FROM audit_log WHERE action = '$1' ORDER BY id DESC LIMIT 1"; }
answer() { printf '%s' "$HTTP_BODY" | grep -o '<p class="error"[^<]*</p>' || true; }
OWNER=$(sql "SELECT id FROM portal_users WHERE login = 'owner@acme.test'")
DESK=$(sql "SELECT id FROM staff_users WHERE email = 'desk@acme.test'")
# Rows of the owner's account (pairs and the account-wide count).
owner_rows() { sql "SELECT COUNT(*) FROM auth_failures WHERE scope <> 'address'"; }
# The last request line porchd logged for a POST to PATH: "sql=N ms=M".
last_req() { grep " method=POST .* path=$1 " "$T/porchd.log" | tail -n 1; }
sql_of() { printf '%s' "$1" | sed 's/.* sql=//; s/ .*//'; }
ms_of() { printf '%s' "$1" | sed 's/.* ms=//; s/ .*//'; }
# "Time passes": every wait ends now.
waits_end() { sql "UPDATE auth_failures SET wait_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE wait_until IS NOT NULL"; }

# try ADDR PATH LOGIN PASSWORD [PORT]: a sign-in from 127.0.0.ADDR, in a fresh jar.
try() {
	local j tok port=${5:-$P}
	j=$(fresh_jar "from$1")
	req "$j" "$port" acme.test "$2" --interface "127.0.0.$1"
	tok=$(csrf_of "$HTTP_BODY")
	req "$j" "$port" acme.test "$2" --interface "127.0.0.$1" --data-urlencode "csrf=$tok" \
		--data-urlencode "login=$3" --data-urlencode "password=$4"
}

# --- The attacker at .2: two free failures, then waits that double. ---
try 2 /login owner@acme.test 'wrong guess one'
check_eq "$HTTP_STATUS" 200 "a wrong password is answered on the form"
wrong_answer=$(answer)
check_contains "$wrong_answer" "not correct" "...saying the sign-in failed"
try 2 /login owner@acme.test 'wrong guess two'
check_eq "$(audit_count throttle.wait)" 0 "two failures from one address: no wait yet (delay_after)"
try 2 /login owner@acme.test 'wrong guess three'
check_eq "$(audit_count throttle.wait)" 1 "the third failure starts a wait, audited"
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=3 wait=60s" \
	"...of first_delay seconds, for this login from this address"
check_eq "$(sql "SELECT target_kind, target_id FROM audit_log WHERE action = 'throttle.wait'" | tr '\t' ' ')" \
	"portal $OWNER" "...naming the account"
waits_end
try 2 /login owner@acme.test 'wrong guess four'
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=4 wait=120s" \
	"the next failure after the wait doubles it"
waits_end
try 2 /login owner@acme.test 'wrong guess five'
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=5 wait=240s" \
	"...and doubles again"

# --- While it waits, .2 is refused without a check, even with the right password. ---
fails=$(audit_count signin.failure)
counts=$(sql "SELECT GROUP_CONCAT(failures ORDER BY scope) FROM auth_failures")
try 2 /login owner@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "the right password from the waiting address is refused"
check_eq "$(answer)" "$wrong_answer" "...with the very answer a wrong password gets"
# Its cost: the fewest statements and the least time of three such refused tries
# (a worker that has not looked the host up yet, or whose host -> tenant map just
# expired, runs one statement more; a busy machine may delay any one request).
refused_sql=$(sql_of "$(last_req /login)"); refused_ms=$(ms_of "$(last_req /login)")
for _ in 1 2; do
	try 2 /login owner@acme.test "$PW_OWNER"
	n=$(sql_of "$(last_req /login)"); [ "$n" -lt "$refused_sql" ] && refused_sql=$n
	n=$(ms_of "$(last_req /login)"); [ "$n" -lt "$refused_ms" ] && refused_ms=$n
done
check_eq "$refused_sql" 2 "...after two statements, the account and the throttle (no password check, nothing recorded)"
check_eq "$(sql "SELECT GROUP_CONCAT(failures ORDER BY scope) FROM auth_failures") $(audit_count signin.failure)" \
	"$counts $fails" "...and no failure counted or audited for it"
try 9 /login owner@acme.test 'a wrong one from .9'
checked=$(last_req /login)
ok "$([ $(( refused_ms * 3 )) -lt "$(ms_of "$checked")" ] && echo 0 || echo 1)" \
	"a refused try skips argon2: $refused_ms ms against $(ms_of "$checked") ms for a checked one"
rm -f "$(jar from2)"

# --- The owner, from an address that has not been failing, signs in at once. ---
try 3 /login owner@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "the owner signs in from another address while the attacker waits"
check_eq "$(http_header Location)" /portal "...to the portal"

# --- Many addresses against one account: every failing one waits from its first
# failure, the owner still gets in. (The account has 6 failures: .2 five, .9 one.) ---
try 4 /login owner@acme.test 'botnet guess one'
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=1 wait=60s" \
	"past account_slow_after, a new address waits after its very first failure"
try 5 /login owner@acme.test 'botnet guess two'
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=1 wait=120s" \
	"...and the waits grow with the account's failures"
try 5 /login owner@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "that address is refused, right password or not"
try 6 /login owner@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "the owner, from a clean address, still signs in with the right password"
try 6 /login owner@acme.test "$PW_OWNER" "$APACHE_PORT"
check_eq "$HTTP_STATUS" 303 "...through Apache too"
try 5 /login owner@acme.test "$PW_OWNER" "$APACHE_PORT"
check_eq "$HTTP_STATUS" 200 "...where the waiting address is refused as well"

# --- One address trying many logins is slowed on all of them. ---
for i in 1 2 3 4 5 6 7 8; do
	try 7 /login "nobody$i@acme.test" 'spray password'
done
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'throttle.wait' AND detail LIKE '%scope=address%'")" 0 \
	"eight failures of one address over eight logins: no wait yet"
try 7 /login "$TYPO_PW" 'spray password'
check_eq "$(last_detail throttle.wait)" "check=password scope=address failures=9 wait=60s" \
	"the ninth makes the address wait"
try 7 /login owner@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "...before any login, even the owner's with the right password"
try 7 /login "$TYPO_PW" 'spray password'
try 8 /login "$TYPO_PW" 'spray password'

# --- A login that names no account is stored only as a keyed hash. ---
dump=$(sql "SELECT CONCAT_WS(' ', action, detail) FROM audit_log")
check_not_contains "$dump" "Tr0ub4dor" "a password typed as login is not in the audit log"
check_not_contains "$dump" "nobody1@acme.test" "...nor any other login that names no account"
check_contains "$dump" "login=owner@acme.test" "a login that names an account is kept as typed"
labels=$(sql "SELECT detail FROM audit_log WHERE action = 'signin.failure' ORDER BY id DESC LIMIT 2")
check_match "$labels" '^login#[0-9a-f]{16}$' "...an unknown one as login# and a keyed hash"
check_eq "$(printf '%s\n' "$labels" | sort -u | wc -l)" 1 "...the same for the same text from two addresses, so repeats can be told"
check_not_contains "$(sql "SELECT * FROM auth_failures")" "Tr0ub4dor" "the throttle keeps no login text either"
js=$(jar staff)
staff_signs_in "$js"
req "$js" "$P" acme.test "/staff/audit?action=signin.failure"
check_eq "$HTTP_STATUS" 200 "the staff audit page lists failed sign-ins"
check_not_contains "$HTTP_BODY" "Tr0ub4dor" "...without the password typed as login"
check_match "$HTTP_BODY" 'login#[0-9a-f]{16}' "...showing its keyed hash"
req "$js" "$P" acme.test "/staff/audit?action=throttle.wait"
check_contains "$HTTP_BODY" "scope=login+address" "the waits are on the staff audit page"

# --- A login as long as the form allows: counted, never a 500. ---
long=$(printf 'a%.0s' $(seq 244))@acme.test
try 10 /login "$long" 'some password'
check_eq "$HTTP_STATUS" 200 "a 254-character login on sign-in is answered on the form, not 500"
check_contains "$(answer)" "not correct" "...as a failed sign-in"
check_match "$(last_detail signin.failure)" '^login#[0-9a-f]{16}$' "...counted and audited under its hash"
check_eq "$(sql "SELECT COUNT(*) FROM auth_failures WHERE scope = 'pair' AND client = '127.0.0.10'")" 1 \
	"...in the throttle like any other login"
try 10 /staff/login "$(printf 'b%.0s' $(seq 240))@acme.test" 'some password'
check_eq "$HTTP_STATUS" 200 "a 250-character email on staff sign-in: the form, not 500"
try 10 /login "$(printf 'c%.0s' $(seq 400))" 'some password'
check_eq "$HTTP_STATUS" 200 "a 400-character login: the form, not 500"
jl=$(fresh_jar reset)
req "$jl" "$P" acme.test /reset
req "$jl" "$P" acme.test /reset --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" --data-urlencode "email=$long"
check_eq "$HTTP_STATUS" 200 "a 260-character address on the reset form: its one answer, not 500"

# --- A completed password reset clears the account's throttle. ---
sql "DELETE FROM auth_failures"
for i in 1 2 3; do try 2 /login owner@acme.test "wrong again $i"; done
try 2 /login owner@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "the attacker's address waits again"
req "$jl" "$P" acme.test /reset
req "$jl" "$P" acme.test /reset --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" --data-urlencode "email=owner@acme.test"
rtoken=$(sql "SELECT body FROM outbox WHERE to_addr = 'owner@acme.test' ORDER BY id DESC LIMIT 1" \
	| grep -o '/reset/[A-Za-z0-9_-]\{43\}' | head -n 1 | sed 's#/reset/##')
check_match "$rtoken" '^[A-Za-z0-9_-]{43}$' "the owner asks for a reset link"
check_eq "$([ "$(owner_rows)" -gt 0 ] && echo some)" some "...while failures of the account are on record"
req "$jl" "$P" acme.test "/reset/$rtoken"
req "$jl" "$P" acme.test /reset/ --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" --data-urlencode "token=$rtoken" \
	--data-urlencode "new=$PW_RESET" --data-urlencode "confirm=$PW_RESET"
check_eq "$HTTP_STATUS" 303 "the reset is completed"
check_eq "$(owner_rows)" 0 "...and every failure and wait of the account is forgotten"
check_match "$(last_detail throttle.unlock)" '^by=reset rows=[0-9]+$' "...audited as an unlock by the reset"
try 2 /login owner@acme.test "$PW_RESET"
check_eq "$HTTP_STATUS" 303 "the address that waited signs in with the new password"

# --- Staff unlock a portal user from the customers page. ---
for i in 1 2 3; do try 13 /login owner@acme.test "wrong staff $i"; done
try 13 /login owner@acme.test "$PW_RESET"
check_eq "$HTTP_STATUS" 200 "the address waits again"
req "$js" "$P" acme.test /staff/portal-users
check_contains "$HTTP_BODY" '>Unlock sign-in</button>' "the customers page has an Unlock sign-in button"
tok=$(csrf_of "$HTTP_BODY")
req "$js" "$P" acme.test /staff/users/action --data-urlencode "csrf=$tok" \
	--data-urlencode "user=$OWNER" --data-urlencode "do=unlock"
check_eq "$HTTP_STATUS" 303 "staff unlock the owner"
check_eq "$(owner_rows)" 0 "...which forgets the account's failures and waits"
check_eq "$(sql "SELECT CONCAT_WS(' ', actor_kind, target_kind, target_id, detail) FROM audit_log WHERE action = 'throttle.unlock' ORDER BY id DESC LIMIT 1")" \
	"staff portal $OWNER by=staff rows=2" "...audited with the staff member as actor"
try 13 /login owner@acme.test "$PW_RESET"
check_eq "$HTTP_STATUS" 303 "the owner signs in from that address again"

# --- porchctl unlock. ---
for i in 1 2 3; do try 14 /login owner@acme.test "wrong ctl $i"; done
out=$(stack_porchctl unlock acme owner@acme.test 2>&1) || true
check_contains "$out" "portal user owner@acme.test of acme unlocked (2 records cleared)" "porchctl unlock clears the portal user"
check_eq "$(owner_rows)" 0 "...and nothing of the account is left"
check_eq "$(sql "SELECT CONCAT_WS(' ', actor_kind, target_kind, target_id, detail) FROM audit_log WHERE action = 'throttle.unlock' ORDER BY id DESC LIMIT 1")" \
	"system portal $OWNER by=porchctl rows=2" "...audited as done by the system"
rc=0; out=$(stack_porchctl unlock acme nobody@acme.test 2>&1) || rc=$?
check_eq "$rc" 1 "porchctl unlock of an unknown login fails"
check_contains "$out" "neither a portal user nor a staff member" "...saying why"
check_contains "$(stack_porchctl -h)" "unlock SLUG LOGIN" "porchctl's usage names unlock"

# --- Staff accounts: an admin unlocks one on the team page; plain staff cannot. ---
for i in 1 2 3; do try 8 /staff/login desk@acme.test "wrong desk $i"; done
try 8 /staff/login desk@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 200 "a staff account waits after failures from an address"
req "$js" "$P" acme.test /staff/team
check_contains "$HTTP_BODY" 'action="/staff/team/unlock"' "the team page has an unlock button"
tok=$(csrf_of "$HTTP_BODY")
jd=$(jar desk)
staff_signs_in "$jd" desk@acme.test
req "$jd" "$P" acme.test /staff/
req "$jd" "$P" acme.test /staff/team/unlock --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" \
	--data-urlencode "staff=$DESK"
check_eq "$HTTP_STATUS" 403 "plain staff cannot unlock staff accounts"
req "$js" "$P" acme.test /staff/team/unlock --data-urlencode "csrf=$tok" --data-urlencode "staff=$DESK"
check_eq "$HTTP_STATUS" 303 "an admin unlocks the staff member"
check_eq "$(sql "SELECT CONCAT_WS(' ', actor_kind, target_kind, target_id, detail) FROM audit_log WHERE action = 'throttle.unlock' ORDER BY id DESC LIMIT 1")" \
	"staff staff $DESK by=staff rows=2" "...audited"
try 8 /staff/login desk@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 303 "the staff member signs in from that address again"
BETA=$(sql "SELECT id FROM staff_users WHERE email = 'office@beta.test'")
req "$js" "$P" acme.test /staff/team/unlock --data-urlencode "csrf=$tok" --data-urlencode "staff=$BETA"
check_eq "$HTTP_STATUS" 404 "another tenant's staff member is 404"

# --- Inside a session, the current password is throttled and audited too. ---
jo=$(fresh_jar owner)
req "$jo" "$P" acme.test /login --interface 127.0.0.11
req "$jo" "$P" acme.test /login --interface 127.0.0.11 --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" \
	--data-urlencode "login=owner@acme.test" --data-urlencode "password=$PW_RESET"
check_eq "$HTTP_STATUS" 303 "a session from .11"
chpw() {
	req "$jo" "$P" acme.test /account/password --interface 127.0.0.11
	req "$jo" "$P" acme.test /account/password --interface 127.0.0.11 \
		--data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" --data-urlencode "current=$1" \
		--data-urlencode "new=$PW_OWNER" --data-urlencode "confirm=$PW_OWNER"
}
for i in 1 2 3; do chpw "stolen cookie guess $i"; done
check_contains "$HTTP_BODY" "current password is not correct" "a wrong current password is refused"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'password.check_failure' AND detail = 'where=/account/password' AND target_id = $OWNER")" 3 \
	"each wrong current password is audited"
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=3 wait=60s" \
	"the third starts a wait"
chpw "$PW_RESET"
check_eq "$HTTP_STATUS" 200 "while it lasts the right current password is refused too"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'password.change'")" 0 "...and the password is not changed"
req "$jo" "$P" acme.test /account/mfa --interface 127.0.0.11
req "$jo" "$P" acme.test /account/mfa --interface 127.0.0.11 --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" \
	--data-urlencode "do=on" --data-urlencode "password=$PW_RESET"
check_contains "$HTTP_BODY" "current password is not correct" "/account/mfa shares the wait"
check_not_contains "$HTTP_BODY" "Authentication code" "...and does not open enrolment"
req "$jo" "$P" acme.test /account/mfa --interface 127.0.0.11
req "$jo" "$P" acme.test /account/mfa --interface 127.0.0.11 --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" \
	--data-urlencode "do=on" --data-urlencode "password=mfa page guess"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'password.check_failure'")" 3 \
	"a refused check is not a password check: nothing more recorded"
waits_end
req "$jo" "$P" acme.test /account/mfa --interface 127.0.0.11
req "$jo" "$P" acme.test /account/mfa --interface 127.0.0.11 --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" \
	--data-urlencode "do=on" --data-urlencode "password=mfa page guess"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'password.check_failure' AND detail = 'where=/account/mfa'")" 1 \
	"a wrong password on /account/mfa is audited"
check_eq "$(last_detail throttle.wait)" "check=password scope=login+address failures=4 wait=120s" \
	"...and counts with the others: the wait doubles"
try 12 /login owner@acme.test "$PW_RESET"
check_eq "$HTTP_STATUS" 303 "the owner still signs in from another address"

# --- IPv6 clients count by their /64 (porchd asked over FastCGI, any REMOTE_ADDR). ---
# v6try ADDR PASSWORD: a sign-in of the owner from ADDR; prints the status line.
v6try() {
	local out cookie tok
	out=$(python3 "$stack_lib_dir/fcgi_client.py" "$T/porchd.sock" --uri /login \
		--host acme.test --param "REMOTE_ADDR=$1" | tr -d '\r')
	cookie=$(printf '%s\n' "$out" | sed -n 's/^Set-Cookie: \(porch_signin=[^;]*\).*/\1/p')
	tok=$(csrf_of "$out")
	python3 "$stack_lib_dir/fcgi_client.py" "$T/porchd.sock" --uri /login --method POST \
		--host acme.test --param "REMOTE_ADDR=$1" --param "HTTP_COOKIE=$cookie" \
		--param "CONTENT_TYPE=application/x-www-form-urlencoded" \
		--param "HTTP_SEC_FETCH_SITE=same-origin" \
		--stdin "csrf=$tok&login=owner%40acme.test&password=$(printf '%s' "$2" | sed 's/ /+/g')" \
		| tr -d '\r' | sed -n 's/^Status: //p'
}
for i in 1 2 3; do v6try 2001:db8:1:2::a "wrong v6 $i" >/dev/null; done
check_eq "$(sql "SELECT client FROM auth_failures WHERE scope = 'pair' AND client LIKE '%:%'")" "2001:db8:1:2::/64" \
	"an IPv6 client is counted by its /64"
check_match "$(v6try 2001:db8:1:2::ffff "$PW_RESET")" '^200' "another address of that /64 waits with it"
check_match "$(v6try 2001:db8:1:3::a "$PW_RESET")" '^303' "an address of another /64 signs in"
