#!/usr/bin/env bash
# porch — integration test of MFA through nginx: staff enrolment under the tenant's
# policy (QR decoded with zbarimg), codes computed by oathtool from the secret on the
# enrolment page, replayed and stale codes, recovery codes, staff requiring MFA of
# portal users (one, selected, by customer, by group), reset and re-enrolment, users'
# own MFA, log in as, one-time passwords that do not skip MFA, throttling, and what
# the database holds. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl oathtool zbarimg rsvg-convert
[ -x "$top_builddir/tests/porchd-test" ] || tap_skip_all "tests/porchd-test not built (run make)"

# porchd's test build takes TOTP's "now" from a file the test writes (tests/lib/
# totp_clock.c): every code below is checked at a step the test chose, whenever and
# however slowly it runs. The clock starts 1000 steps (8 hours) from the wall
# clock's, so a porchd that read the wall clock would refuse every code.
PORCHD=$top_builddir/tests/porchd-test
export PORCH_TEST_TOTP_CLOCK=$T/totp.clock
# clock_at STEP: porchd's TOTP clock stands 10 s into 30-second step STEP.
clock_at() {
	STEP=$1
	echo $((STEP * 30 + 10)) >"$PORCH_TEST_TOTP_CLOCK"
	chmod 644 "$PORCH_TEST_TOTP_CLOCK"  # porchd's workers do not run as root
}
clock_at $(($(date +%s) / 30 + 1000))

PW_OWNER='owner chose this passphrase'

stack_db_up 'signin = { delay_after = 4; first_delay = 600; max_delay = 600; address_delay_after = 1000; account_slow_after = 1000; window_seconds = 600; };'
{
	# acme keeps the default policy: staff must use MFA.
	stack_porchctl tenant add acme "Acme Rentals"
	stack_porchctl domain add acme.test acme
	stack_porchctl tenant add beta "Beta Homes"
	stack_porchctl domain add beta.test beta
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme office@acme.test --admin
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add beta office@beta.test
} >"$T/setup.out" 2>&1
for n in 1 2 3 4 5; do
	stack_portal_user acme "Owner $n" "owner$n@acme.test" "$PW_OWNER"
done
stack_portal_user beta 'Beta Owner' owner@beta.test "$PW_OWNER"
uid() { sql "SELECT id FROM portal_users WHERE login = '$1'"; }
U1=$(uid owner1@acme.test) U2=$(uid owner2@acme.test) U3=$(uid owner3@acme.test)
U4=$(uid owner4@acme.test) U5=$(uid owner5@acme.test) UB=$(uid owner@beta.test)
C3=$(sql "SELECT customer_id FROM portal_users WHERE id = $U3")
CB=$(sql "SELECT customer_id FROM portal_users WHERE id = $UB")
# A group held by owner4 and owner5 only, for the bulk change by group.
sql "SET @a = (SELECT id FROM tenants WHERE slug = 'acme');
	INSERT INTO permission_groups (tenant_id, name, permissions) VALUES (@a, 'Cleaners', 'calendar.view');
	INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope)
	  SELECT @a, id, LAST_INSERT_ID(), 'all' FROM portal_users WHERE id IN ($U4, $U5);"
G=$(sql "SELECT id FROM permission_groups WHERE name = 'Cleaners'")
stack_serve

audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }
mails_like() { sql "SELECT COUNT(*) FROM outbox WHERE to_addr = '$1' AND subject LIKE 'Two-step sign-in%'"; }
# post JAR PATH FROM ARGS...: POST with the CSRF token of page FROM.
post() { csrf_post "$1" "$3" "$2" "${@:4}"; }
# Codes are computed by oathtool, the way an authenticator app would. A step is
# accepted once, so tests use the previous, current and next step (the ±1 window)
# and move the clock on when they need more.
code_at() { oathtool --totp -b "$1" --now "@$(( $2 * 30 ))"; }	# SECRET STEP
# fresh_code SECRET: sets CODE to the code of the earliest step within the window
# that was not used yet with SECRET (moving the clock to the next step when none
# is left).
declare -A LAST
fresh_code() {
	local s=$1 c
	c=$((${LAST[$s]:-0} + 1))
	[ "$c" -ge $((STEP - 1)) ] || c=$((STEP - 1))
	[ "$c" -le $((STEP + 1)) ] || clock_at "$c"
	LAST[$s]=$c
	CODE=$(code_at "$s" "$c")
}
# enrol_with JAR SECRET [FROM]: confirms enrolment with a fresh code (the form's
# CSRF token from page FROM, /mfa/enrol by default).
enrol_with() {
	fresh_code "$2"
	post "$1" /mfa/enrol "${3:-/mfa/enrol}" --data-urlencode "code=$CODE"
}
# code_with JAR SECRET: gives a fresh code at the sign-in's code step.
code_with() {
	fresh_code "$2"
	post "$1" /login/mfa /login/mfa --data-urlencode "code=$CODE"
}
secret_of() { printf '%s' "$1" | grep -o '<code id="secret" class="secret">[^<]*' | sed 's/.*>//; s/ //g'; }
codes_of() { printf '%s' "$1" | grep -o '<li><code>[0-9a-z]\{5\}-[0-9a-z]\{5\}</code>' | sed 's/<li><code>//; s/<.code>//'; }

# --- Staff under the default policy: enrolment at first sign-in. ---
js=$(jar staff)
staff_signs_in "$js"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /mfa/enrol" \
	"staff under the tenant's MFA policy go to enrolment after the password"
check_eq "$(audit_count signin.success)" 0 "...and are not signed in yet (no signin.success)"
check_eq "$(sql "SELECT CONCAT(mfa_state, ' ', TIMESTAMPDIFF(SECOND, created_at, expires_at) <= 300) FROM sessions WHERE staff_user_id IS NOT NULL")" \
	"enrol 1" "the half-signed session is marked 'enrol' and lives at most 5 minutes"
for path in /staff/ /staff/customers /account /account/mfa /login/mfa; do
	req "$js" "$P" acme.test "$path"
	check_eq "$HTTP_STATUS $(http_header Location)" "303 /mfa/enrol" "half-signed: $path leads back to enrolment"
done
req "$js" "$P" acme.test /mfa/enrol
check_eq "$HTTP_STATUS" 200 "the enrolment page opens"
check_contains "$HTTP_BODY" '<label for="code">Authentication code</label>' "it asks for an \"Authentication code\""
check_contains "$HTTP_BODY" '<svg xmlns="http://www.w3.org/2000/svg" class="qr"' "it shows the QR code as inline SVG"
check_not_contains "$HTTP_BODY" '<script' "...with no script"
check_not_contains "$HTTP_BODY" '<img' "...and no image request"
check_not_contains "$HTTP_BODY" 'href="/account"' "half-signed pages offer no Account link"
S_STAFF=$(secret_of "$HTTP_BODY")
check_match "$S_STAFF" '^[A-Z2-7]{32}$' "the base32 secret (160 bits) is shown for typing"
printf '%s' "$HTTP_BODY" | tr -d '\n' | grep -o '<svg[^>]*class="qr".*</svg>' >"$T/qr.svg"
rsvg-convert -o "$T/qr.png" "$T/qr.svg" 2>"$T/rsvg.err" || true
uri=$(zbarimg -q --raw "$T/qr.png" 2>/dev/null || true)
check_eq "$uri" "otpauth://totp/Acme%20Rentals:office%40acme.test?secret=$S_STAFF&issuer=Acme%20Rentals&algorithm=SHA1&digits=6&period=30" \
	"the QR code decodes (zbarimg) to the otpauth URI: issuer the tenant, account the login"
req "$js" "$P" acme.test /mfa/enrol
check_eq "$(secret_of "$HTTP_BODY")" "$S_STAFF" "reloading enrolment keeps the same secret (an app that scanned it still works)"
post "$js" /mfa/enrol /mfa/enrol --data-urlencode "code=000000"
check_contains "$HTTP_BODY" "That code is not right" "a wrong code at enrolment is refused with a message"
check_eq "$(sql "SELECT mfa_enrolled_at IS NULL FROM staff_users WHERE email = 'office@acme.test'")" 1 "...and enrols nothing"
# The next checks use steps N-2 .. N+1 of the clock's step N.
N=$STEP
old=$(sed -n 's/.*porch_session\t//p' "$js")
post "$js" /mfa/enrol /mfa/enrol --data-urlencode "code=$(code_at "$S_STAFF" $((N - 1)))"
check_eq "$HTTP_STATUS" 200 "the right code confirms enrolment"
codes=$(codes_of "$HTTP_BODY")
check_eq "$(printf '%s\n' "$codes" | grep -c .)" 10 "ten recovery codes are shown"
check_contains "$HTTP_BODY" "they are shown only now" "...once"
check_eq "$(printf '%s\n' "$codes" | sort -u | grep -c .)" 10 "...all different"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE staff_user_id IS NOT NULL AND LENGTH(code_hash) = 32 AND used_at IS NULL")" 10 \
	"...stored as 32-byte hashes"
c1=$(printf '%s\n' "$codes" | sed -n 1p)
c1hex=$(printf '%s' "${c1/-/}" | od -An -tx1 | tr -d ' \n')
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE LOWER(HEX(code_hash)) LIKE '%$c1hex%'")" 0 "...never in clear"
new=$(sed -n 's/.*porch_session\t//p' "$js")
check_eq "$([ -n "$new" ] && [ "$new" != "$old" ] && echo rotated)" rotated "enrolment at sign-in rotates the session"
req "$js" "$P" acme.test /staff/
check_eq "$HTTP_STATUS" 200 "...and the staff member is signed in"
check_eq "$(audit_count mfa.enrol) $(audit_count signin.success)" "1 1" "enrolment and sign-in are audited"
check_eq "$(sql "SELECT LENGTH(totp_secret_enc) FROM staff_users WHERE email = 'office@acme.test'")" 49 \
	"the secret is stored sealed (version, nonce, 20 bytes, tag)"
shex=$(printf '%s' "$S_STAFF" | python3 -c 'import base64,sys; print(base64.b32decode(sys.stdin.read()).hex())')
check_eq "$(sql "SELECT LOWER(HEX(totp_secret_enc)) LIKE '%$shex%' FROM staff_users WHERE email = 'office@acme.test'")" 0 \
	"...not in clear"
check_eq "$(mails_like office@acme.test)" 1 "the staff member gets a mail that MFA was turned on"

# --- Sign in again: the code step; replay and stale codes. ---
signin_code() { # JAR LOGIN [PATH]: password step, expecting the code step
	sign_in "$1" "$P" acme.test "${3:-/login}" "$2" "$PW_STAFF"
}
rm -f "$js"
sign_in "$js" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login/mfa" "an enrolled user is asked for a code after the password"
req "$js" "$P" acme.test /staff/customers
check_eq "$(http_header Location)" /login/mfa "...and reaches no staff page before it"
req "$js" "$P" acme.test /login/mfa
check_contains "$HTTP_BODY" "Authentication code" "the code step asks for the authentication code"
check_contains "$HTTP_BODY" "recovery codes" "...or a recovery code"
post "$js" /login/mfa /login/mfa --data-urlencode "code=$(code_at "$S_STAFF" $((N - 1)))"
check_contains "$HTTP_BODY" "That code is not right" "the code used at enrolment is refused (each step once)"
check_eq "$(audit_count mfa.replay)" 1 "...and the replay is audited"
post "$js" /login/mfa /login/mfa --data-urlencode "code=$(code_at "$S_STAFF" $((N - 2)))"
check_contains "$HTTP_BODY" "That code is not right" "a code from two steps ago is refused"
check_eq "$(audit_count mfa.replay)" 1 "...as too old, not as a replay"
post "$js" /login/mfa /login/mfa --data-urlencode "code=$(code_at "$S_STAFF" $N)"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/" "the current code signs in"
req "$js" "$P" acme.test /staff/
check_eq "$HTTP_STATUS" 200 "...to the staff pages"
check_eq "$(sql "SELECT mfa_state FROM sessions WHERE staff_user_id IS NOT NULL ORDER BY created_at DESC LIMIT 1")" done \
	"the session is marked as past MFA"
js2=$(jar staff2)
staff_signs_in "$js2"
post "$js2" /login/mfa /login/mfa --data-urlencode "code=$(code_at "$S_STAFF" $N)"
check_contains "$HTTP_BODY" "That code is not right" "the same code in a second session is refused too"
post "$js2" /login/mfa /login/mfa --data-urlencode "code=$(code_at "$S_STAFF" $((N + 1)))"
check_eq "$(http_header Location)" "/staff/" "the next step's code is accepted (±1 step)"
LAST[$S_STAFF]=$((N + 1))

# --- Recovery codes: once each. ---
rm -f "$js2"
sign_in "$js2" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
post "$js2" /login/mfa /login/mfa --data-urlencode "code=$(printf '%s' "$c1" | tr a-z A-Z)"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /account/mfa?recovery=1" "a recovery code signs in (any case)"
req "$js2" "$P" acme.test "/account/mfa?recovery=1"
check_contains "$HTTP_BODY" "9 left" "...and says how many are left"
rm -f "$js2"
sign_in "$js2" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
post "$js2" /login/mfa /login/mfa --data-urlencode "code=$c1"
check_contains "$HTTP_BODY" "That code is not right" "a used recovery code is refused"

# --- Staff require MFA of a portal user. ---
jo=$(jar owner1)
owner_signs_in "$jo" owner1@acme.test
check_eq "$(http_header Location)" /portal "owner1 signs in with a password while MFA is not required"
req "$js" "$P" acme.test /staff/portal-users
check_contains "$HTTP_BODY" "not required, not enrolled" "the roster shows each user's MFA state"
post "$js" /staff/users/mfa /staff/customers --data-urlencode "user=$U1" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 303 "staff require MFA of owner1"
req "$js" "$P" acme.test "$(http_header Location)"
check_contains "$HTTP_BODY" "MFA is now required" "...with a notice"
check_eq "$(sql "SELECT mfa_required FROM portal_users WHERE id = $U1")" 1 "...stored"
check_eq "$(audit_count mfa.require)" 1 "...audited"
check_eq "$(mails_like owner1@acme.test)" 1 "...and owner1 gets a mail"
req "$jo" "$P" acme.test /account
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login" "requiring MFA ended owner1's session"
sign_in "$jo" "$P" acme.test /login owner1@acme.test "$PW_OWNER"
check_eq "$(http_header Location)" /mfa/enrol "at the next sign-in owner1 goes to enrolment"
req "$jo" "$P" acme.test /account
check_eq "$(http_header Location)" /mfa/enrol "...and can reach no other page"
req "$jo" "$P" acme.test /mfa/enrol
S1=$(secret_of "$HTTP_BODY")
check_contains "$HTTP_BODY" "needs two-step sign-in" "the enrolment page says MFA is required"
enrol_with "$jo" "$S1"
check_eq "$(codes_of "$HTTP_BODY" | grep -c .)" 10 "owner1 enrols and gets recovery codes"
req "$jo" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "...and reaches the portal"
req "$jo" "$P" acme.test /account/mfa
check_contains "$HTTP_BODY" "required for your account" "the Account MFA page says it is required"
check_not_contains "$HTTP_BODY" 'value="off"' "...and offers no way to turn it off"
post "$jo" /account/mfa /account/mfa --data-urlencode "do=off" --data-urlencode "password=$PW_OWNER"
check_eq "$HTTP_STATUS" 409 "turning required MFA off is refused (409)"
check_eq "$(sql "SELECT mfa_enrolled_at IS NOT NULL FROM portal_users WHERE id = $U1")" 1 "...and changes nothing"
req "$js" "$P" acme.test /staff/portal-users
check_contains "$HTTP_BODY" "required, enrolled" "the roster shows owner1 required and enrolled"

# --- A one-time password (like a reset) never skips MFA. ---
post "$js" /staff/users/action /staff/customers --data-urlencode "user=$U1" --data-urlencode "do=onetime"
otp=$(printf '%s' "$HTTP_BODY" | grep -o '<code class="onetime">[^<]*' | sed 's/.*>//')
rm -f "$jo"
sign_in "$jo" "$P" acme.test /login owner1@acme.test "$otp"
check_eq "$(http_header Location)" /login/mfa "after a one-time password, an enrolled user still gives a code"
req "$jo" "$P" acme.test /account/password
check_eq "$(http_header Location)" /login/mfa "...before even changing the password"
code_with "$jo" "$S1"
check_eq "$(http_header Location)" /portal "the code signs in"
req "$jo" "$P" acme.test /account
check_eq "$(http_header Location)" /account/password "...and then the one-time password must be replaced"

# --- Staff reset owner1's MFA: re-enrolment. ---
post "$js" /staff/users/mfa /staff/customers --data-urlencode "user=$U1" --data-urlencode "do=reset" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "staff reset owner1's MFA"
check_eq "$(sql "SELECT CONCAT(mfa_required, ' ', totp_secret_enc IS NULL, ' ', mfa_enrolled_at IS NULL) FROM portal_users WHERE id = $U1")" \
	"1 1 1" "...the secret is gone, MFA still required"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE portal_user_id = $U1")" 0 "...and the recovery codes too"
check_eq "$(audit_count mfa.reset)" 1 "...audited"
check_eq "$(mails_like owner1@acme.test)" 3 "...and mailed (required, enrolled, reset)"
req "$jo" "$P" acme.test /account
check_eq "$(http_header Location)" /login "...and owner1 was signed out"
sign_in "$jo" "$P" acme.test /login owner1@acme.test "$otp"
check_eq "$(http_header Location)" /mfa/enrol "owner1 enrols again at the next sign-in"
req "$jo" "$P" acme.test /mfa/enrol
S1b=$(secret_of "$HTTP_BODY")
check_eq "$([ -n "$S1b" ] && [ "$S1b" != "$S1" ] && echo new)" new "...with a new secret"

# --- Bulk: selected users, all of a customer, all of a group. ---
post "$js" /staff/users/mfa /staff/customers --data-urlencode "scope=selected" \
	--data-urlencode "user=$U2" --data-urlencode "user=$U3" --data-urlencode "do=require"
check_eq "$(http_header Location)" "/staff/portal-users?done=mfa_require&n=2" "bulk require for two selected users changes two"
check_eq "$(sql "SELECT GROUP_CONCAT(mfa_required ORDER BY id) FROM portal_users WHERE id IN ($U2, $U3, $U4)")" "1,1,0" \
	"...exactly those two"
post "$js" /staff/users/mfa /staff/customers --data-urlencode "scope=customer" \
	--data-urlencode "customer=$C3" --data-urlencode "do=unrequire"
check_eq "$(sql "SELECT GROUP_CONCAT(mfa_required ORDER BY id) FROM portal_users WHERE id IN ($U2, $U3)")" "1,0" \
	"bulk by customer changes that customer's users only"
post "$js" /staff/users/mfa /staff/customers --data-urlencode "scope=group" \
	--data-urlencode "group=$G" --data-urlencode "do=require"
check_eq "$(http_header Location)" "/staff/portal-users?done=mfa_require&n=2" "bulk by permission group changes its two users"
check_eq "$(sql "SELECT GROUP_CONCAT(mfa_required ORDER BY id) FROM portal_users WHERE id IN ($U3, $U4, $U5)")" "0,1,1" \
	"...exactly the group's users"
n_before=$(sql "SELECT SUM(mfa_required) FROM portal_users")
post "$js" /staff/users/mfa /staff/customers --data-urlencode "scope=selected" \
	--data-urlencode "user=$U3" --data-urlencode "user=$UB" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 404 "bulk naming another tenant's user is 404"
check_eq "$(sql "SELECT SUM(mfa_required) FROM portal_users")" "$n_before" "...and changes nothing at all"
post "$js" /staff/users/mfa /staff/customers --data-urlencode "scope=customer" \
	--data-urlencode "customer=$CB" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 404 "another tenant's customer is 404"
req "$js" "$P" acme.test /staff/users/mfa --data-urlencode "user=$U3" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 403 "without the CSRF token: 403"
post "$js" /staff/users/mfa /staff/customers --data-urlencode "user=$U3" --data-urlencode "do=explode"
check_eq "$HTTP_STATUS" 400 "an unknown change is 400"

# --- A user's own MFA: on and off, with the password. ---
jf=$(jar owner3)
owner_signs_in "$jf" owner3@acme.test
req "$jf" "$P" acme.test /account
check_contains "$HTTP_BODY" 'href="/account/mfa"' "the Account page links to the MFA settings"
post "$jf" /account/mfa /account/mfa --data-urlencode "do=on" --data-urlencode "password=wrong password here"
check_eq "$HTTP_STATUS" 400 "turning MFA on with a wrong password is refused"
check_contains "$HTTP_BODY" "current password is not correct" "...with a message"
post "$jf" /account/mfa /account/mfa --data-urlencode "do=on" --data-urlencode "password=$PW_OWNER"
check_contains "$HTTP_BODY" "Authentication code" "with the password, the enrolment page opens"
S3=$(secret_of "$HTTP_BODY")
enrol_with "$jf" "$S3" /account/mfa
check_eq "$(codes_of "$HTTP_BODY" | grep -c .)" 10 "owner3 turns MFA on and gets recovery codes"
req "$jf" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "...and stays signed in"
post "$jf" /account/mfa /account/mfa --data-urlencode "do=codes" --data-urlencode "password=$PW_OWNER"
check_eq "$(codes_of "$HTTP_BODY" | grep -c .)" 10 "new recovery codes need the password and replace the old"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE portal_user_id = $U3")" 10 "...ten in all"
post "$jf" /account/mfa /account/mfa --data-urlencode "do=off" --data-urlencode "password=$PW_OWNER"
check_eq "$(http_header Location)" "/account/mfa?done=off" "owner3 turns MFA off (not required)"
check_eq "$(sql "SELECT CONCAT(totp_secret_enc IS NULL, ' ', (SELECT COUNT(*) FROM recovery_codes WHERE portal_user_id = $U3)) FROM portal_users WHERE id = $U3")" "1 0" \
	"...secret and recovery codes removed"
check_eq "$(audit_count mfa.disable)" 1 "...audited"
check_eq "$(mails_like owner3@acme.test)" 5 "owner3 got a mail for each change (required, not required, on, codes, off)"

# --- Log in as cannot change MFA. ---
sql "UPDATE staff_users SET can_impersonate = 1 WHERE email = 'office@acme.test'" 2>/dev/null || true
# Log in as replaces the staff session it starts from: a session of its own.
ji=$(jar imp)
staff_signs_in "$ji"
code_with "$ji" "$S_STAFF"
post "$ji" /staff/impersonate /staff/users --data-urlencode "user=$U3"
req "$ji" "$P" acme.test /account
check_contains "$HTTP_BODY" "Viewing as" "staff view the portal as owner3"
req "$ji" "$P" acme.test /account/mfa
check_contains "$HTTP_BODY" "not available while staff view the portal" "the MFA page says changes are not available"
post "$ji" /account/mfa /account/mfa --data-urlencode "do=on" --data-urlencode "password=$PW_OWNER"
check_eq "$HTTP_STATUS" 403 "turning MFA on as an impersonator is 403"
req "$ji" "$P" acme.test /mfa/enrol
check_eq "$HTTP_STATUS" 403 "the enrolment page is 403 while impersonating"
check_eq "$(sql "SELECT totp_secret_enc IS NULL FROM portal_users WHERE id = $U3")" 1 "...and no secret was made"

# --- Admins reset a colleague's MFA; non-admins cannot. ---
jc=$(jar clerk)
staff_signs_in "$jc" clerk@acme.test
req "$jc" "$P" acme.test /mfa/enrol
SC=$(secret_of "$HTTP_BODY")
enrol_with "$jc" "$SC"
req "$jc" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS" 403 "the staff list is for admins only (403 for staff, as every admin page)"
CLERK=$(sql "SELECT id FROM staff_users WHERE email = 'clerk@acme.test'")
req "$js" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS" 200 "an admin opens the staff list"
check_contains "$HTTP_BODY" "Staff must use two-step sign-in: <strong>yes</strong>" "...which shows the tenant's policy"
check_match "$HTTP_BODY" "clerk@acme.test</td><td>[^<]*</td><td>staff</td><td>active</td><td>enrolled<" "...and each one's MFA state"
post "$js" /staff/team/mfa-reset /staff/team --data-urlencode "staff=$CLERK" --data-urlencode confirm=1
check_eq "$(http_header Location)" "/staff/team?done=reset" "the admin resets the clerk's MFA"
check_eq "$(sql "SELECT totp_secret_enc IS NULL FROM staff_users WHERE id = $CLERK")" 1 "...the secret is gone"
req "$jc" "$P" acme.test /staff/
check_eq "$(http_header Location)" /staff/login "...and the clerk was signed out"
sign_in "$jc" "$P" acme.test /staff/login clerk@acme.test "$PW_STAFF"
check_eq "$(http_header Location)" /mfa/enrol "...and enrols again at the next sign-in"
# The operator's way out for a locked-out admin.
rc=0; out=$(stack_porchctl staff reset-mfa acme office@acme.test 2>&1) || rc=$?
check_eq "$rc" 0 "porchctl staff reset-mfa resets a staff member's MFA"
check_contains "$out" "set it up again at their next sign-in" "...and says what happens next"
check_eq "$(sql "SELECT totp_secret_enc IS NULL FROM staff_users WHERE email = 'office@acme.test'")" 1 "...the secret is gone"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'mfa.reset' AND actor_kind = 'system'")" 1 "...audited"
rc=0; out=$(stack_porchctl staff reset-mfa acme nobody@acme.test 2>&1) || rc=$?
check_eq "$rc" 1 "porchctl staff reset-mfa of an unknown email fails"
check_contains "$out" "nobody@acme.test is not a staff member of acme" "...naming it"
rm -f "$js"
sign_in "$js" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$(http_header Location)" /mfa/enrol "the admin enrols again at the next sign-in"
req "$js" "$P" acme.test /mfa/enrol
S_STAFF=$(secret_of "$HTTP_BODY")
enrol_with "$js" "$S_STAFF"
BOFFICE=$(sql "SELECT id FROM staff_users WHERE email = 'office@beta.test'")
post "$js" /staff/team/mfa-reset /staff/team --data-urlencode "staff=$BOFFICE" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 404 "another tenant's staff member is 404"

# --- Throttling: repeated wrong codes pause the account. ---
jt=$(jar throttle)
owner_signs_in "$jt" owner1@acme.test "$otp"
req "$jt" "$P" acme.test /mfa/enrol
S1c=$(secret_of "$HTTP_BODY")
check_eq "$S1c" "$S1b" "an abandoned enrolment resumes with the same pending secret"
enrol_with "$jt" "$S1c"
rm -f "$jt"
sign_in "$jt" "$P" acme.test /login owner1@acme.test "$otp"
for i in 1 2 3 4 5; do
	post "$jt" /login/mfa /login/mfa --data-urlencode "code=00000$i"
done
code_with "$jt" "$S1c"
check_contains "$HTTP_BODY" "That code is not right" "after five wrong codes even the right one is refused for a while"
check_eq "$([ "$(audit_count mfa.refused_locked)" -ge 1 ] && echo yes)" yes "...and that is audited"

# --- Across tenants: a session of acme means nothing on beta. ---
req "$js" "$P" beta.test /staff/
check_eq "$(http_header Location)" /staff/login "an acme staff session is not a session on beta"
check_not_contains "$(cat "$T/porchd.log")" "$S_STAFF" "no TOTP secret in porchd's log"
