#!/usr/bin/env bash
# porch — integration test of staff accounts run from the web (/staff/team) through
# nginx, key cases through Apache: an admin invites a staff member by email (the
# mail reaches the SMTP sink, its link sets a password, the new member signs in),
# the admin and "log in as" rights and MFA required switched on and off (each from
# the member's next request), disabling (every session ends at once, sign-in
# refused) and enabling, the refusals that keep the tenant an admin, two rights
# switched at the same moment (both kept), plain staff refused, another tenant's staff member, bad input, CSRF and the audit log. TAP
# on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

PW_NEW='the new colleague chose this'

stack_setup --smtp
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test >/dev/null
stack_serve --apache

OFFICE=$(sql "SELECT id FROM staff_users WHERE email = 'office@acme.test'")
CLERK=$(sql "SELECT id FROM staff_users WHERE email = 'clerk@acme.test'")
BOFFICE=$(sql "SELECT id FROM staff_users WHERE email = 'office@beta.test'")
ADA=$(sql "SELECT id FROM portal_users WHERE login = 'ada@acme.test'")
# row EMAIL: what the staff page changes on a member: role|status|impersonate|mfa.
row() { sql "SELECT CONCAT_WS('|', role, status, can_impersonate, mfa_required) FROM staff_users WHERE tenant_id = $ACME AND email = '$1'"; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = '$1'"; }
last_detail() { sql "SELECT CONCAT_WS('|', actor_kind, actor_id, target_kind, target_id, IFNULL(detail, '-')) FROM audit_log WHERE action = '$1' ORDER BY id DESC LIMIT 1"; }
staff_sessions() { sql "SELECT COUNT(*) FROM sessions WHERE staff_user_id = $1"; }
link_of() { printf '%s' "$1" | grep -o "https\?://[^ ]*/$2/[A-Za-z0-9_-]*" | head -n 1; }
lpath() { local p=${1#*://}; printf '/%s' "${p#*/}"; }
# team JAR ACTION ARGS...: an admin's POST from the staff page.
team() { csrf_post "$1" /staff/team "/staff/team/$2" "${@:3}"; }

js=$(jar admin)
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "the admin signs in"
jc=$(jar clerk)
staff_signs_in "$jc" clerk@acme.test
check_eq "$HTTP_STATUS" 303 "a plain staff member signs in"

# --- The page. ---
req "$js" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS" 200 "an admin opens the staff page"
check_contains "$HTTP_BODY" 'action="/staff/team/invite"' "...with the invitation form"
check_contains "$HTTP_BODY" "<tr data-staff=\"$CLERK\">" "...and a row per staff member"
check_contains "$HTTP_BODY" 'action="/staff/team/disable"' "...with Disable for a colleague"
check_not_contains "$HTTP_BODY" ">Remove admin</button>" "...and no Remove admin for oneself, the only admin"
tidy_ok "the staff page passes tidy"

# --- Plain staff are refused, reading and writing; nothing changes. ---
refused() {
	local name=$1 port=$2 n
	http_req "$port" acme.test /staff/team -b "$jc"
	check_eq "$HTTP_STATUS" 403 "$name: plain staff opening the staff page get 403"
	http_req "$port" acme.test /staff/ -b "$jc"
	n=$(sql "SELECT COUNT(*) FROM staff_users")
	http_req "$port" acme.test /staff/team/invite -b "$jc" \
		--data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" --data-urlencode email=sneak@acme.test
	check_eq "$HTTP_STATUS" 403 "$name: plain staff inviting get 403"
	check_eq "$(sql "SELECT COUNT(*) FROM staff_users")" "$n" "$name: ...nobody was invited"
	http_req "$port" acme.test /staff/ -b "$jc"
	http_req "$port" acme.test /staff/team/admin -b "$jc" \
		--data-urlencode "csrf=$(csrf_of "$HTTP_BODY")" --data-urlencode "staff=$CLERK" \
		--data-urlencode do=on
	check_eq "$HTTP_STATUS" 403 "$name: plain staff making themselves admin get 403"
	check_eq "$(row clerk@acme.test)" "staff|active|0|0" "$name: ...and are not"
}
stack_each_server refused

# --- Inviting. ---
team "$js" invite --data-urlencode email=new@acme.test --data-urlencode 'name=Nia New' \
	--data-urlencode impersonate=1
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/team?done=invited" "the admin invites a staff member by email"
check_eq "$(row new@acme.test)" "staff|invited|1|0" "...invited, plain staff, with the log-in-as right ticked"
check_eq "$(sql "SELECT password_hash IS NULL FROM staff_users WHERE email = 'new@acme.test'")" 1 "...and no password"
NEW=$(sql "SELECT id FROM staff_users WHERE email = 'new@acme.test'")
check_eq "$(last_detail staff.invite)" "staff|$OFFICE|staff|$NEW|email=new@acme.test admin=0 impersonate=1 mfa=0" \
	"...audited with what was chosen"
req "$js" "$P" acme.test /staff/team?done=invited
check_contains "$HTTP_BODY" "The invitation was sent" "...with a notice"
check_contains "$HTTP_BODY" "new@acme.test</td><td>Nia New</td><td>staff</td><td>invited</td>" "...and the new row"
check_contains "$HTTP_BODY" '>Send the invitation again</button>' "...which can be sent again"
outbox_send
check_eq "$(mails_to new@acme.test)" 1 "the invitation mail arrives"
m=$(mail_file_to new@acme.test)
body=$(mail_part "$m" body)
check_contains "$(mail_part "$m" subject)" "Acme Rentals" "...its subject names the tenant"
check_contains "$body" "as a member of its staff" "...its body says it is for the staff"
link=$(link_of "$body" invite)
check_match "$link" '^http://acme\.test:'"$P"'/invite/[A-Za-z0-9_-]{43}$' "...with a link on the tenant's host"
ipath=$(lpath "$link")
token=${ipath#/invite/}

# Before accepting, the invitee cannot sign in.
jn=$(jar new)
sign_in "$jn" "$P" acme.test /staff/login new@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS" 200 "the invitee cannot sign in before choosing a password"

# Bad input, duplicates, CSRF: nothing written.
n=$(sql "SELECT COUNT(*) FROM staff_users")
team "$js" invite --data-urlencode email=not-an-address
check_eq "$HTTP_STATUS" 400 "an invitation to something that is no address is a 400"
check_contains "$HTTP_BODY" "email address (at most 254 characters)" "...with a sentence"
check_contains "$HTTP_BODY" 'value="not-an-address"' "...and the form keeps what was typed"
tidy_ok "the 400 page passes tidy"
team "$js" invite
check_eq "$HTTP_STATUS" 400 "an invitation without an address is a 400"
team "$js" invite --data-urlencode email=clerk@acme.test
check_eq "$HTTP_STATUS" 409 "inviting a staff member's address again is a 409"
check_contains "$HTTP_BODY" "clerk@acme.test is already a staff member" "...saying so"
req "$js" "$P" acme.test /staff/team/invite --data-urlencode email=nocsrf@acme.test
check_eq "$HTTP_STATUS" 403 "an invitation without the CSRF token is a 403"
check_eq "$(sql "SELECT COUNT(*) FROM staff_users")" "$n" "...none of them wrote a staff member"
check_eq "$(audits staff.invite)" 1 "...or an audit entry"

# Accepting: the password is set through the portal users' own invitation page.
ji=$(fresh_jar invite)
req "$ji" "$P" acme.test "$ipath"
check_eq "$HTTP_STATUS" 200 "the invitation link shows the set-password form"
check_contains "$HTTP_BODY" "<strong>new@acme.test</strong>" "...naming the staff login"
tok=$(csrf_of "$HTTP_BODY")
req "$ji" "$P" acme.test /invite/ --data-urlencode "csrf=$tok" --data-urlencode "token=$token" \
	--data-urlencode "new=$PW_NEW" --data-urlencode "confirm=$PW_NEW"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login?welcome=1" "choosing the password sends to the staff sign-in"
check_eq "$(row new@acme.test)" "staff|active|1|0" "...the staff member is active"
check_eq "$(last_detail invite.accept)" "staff|$NEW|staff|$NEW|kind=invite" "...audited as them"
req "$ji" "$P" acme.test "$ipath"
check_eq "$HTTP_STATUS" 404 "the link works once"
sign_in "$jn" "$P" acme.test /staff/login new@acme.test "$PW_NEW"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/" "the new staff member signs in"
req "$jn" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS" 403 "...as plain staff: the staff page is refused"
team "$js" reinvite --data-urlencode "staff=$NEW"
check_eq "$HTTP_STATUS" 409 "an accepted invitation is not sent again (409)"

# --- The admin right, from the member's next request. ---
team "$js" admin --data-urlencode "staff=$NEW" --data-urlencode do=on
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/team?done=admin" "the admin makes the new member admin"
check_eq "$(row new@acme.test)" "admin|active|1|0" "...saved"
check_eq "$(last_detail staff.admin)" "staff|$OFFICE|staff|$NEW|admin=1" "...audited"
req "$jn" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS" 200 "...their next request opens the staff page"
n=$(audits staff.admin)
team "$js" admin --data-urlencode "staff=$NEW" --data-urlencode do=on
check_eq "$(http_header Location) $(audits staff.admin)" "/staff/team?done=unchanged $n" "making an admin admin again writes nothing"
# No admin removes their own right or disables themselves: 409, nothing changed.
team "$jn" admin --data-urlencode "staff=$NEW" --data-urlencode do=off
check_eq "$HTTP_STATUS" 409 "an admin removing their own admin right gets 409"
check_contains "$HTTP_BODY" "You cannot remove your own admin right" "...with a sentence"
check_eq "$(row new@acme.test)" "admin|active|1|0" "...and stays admin"
team "$js" disable --data-urlencode "staff=$OFFICE" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 409 "an admin disabling themselves gets 409"
check_contains "$HTTP_BODY" "You cannot disable your own account" "...with a sentence"
check_eq "$(row office@acme.test)" "admin|active|0|0" "...and stays active"
tidy_ok "the 409 page passes tidy"
team "$js" admin --data-urlencode "staff=$NEW" --data-urlencode do=off
check_eq "$HTTP_STATUS" 303 "another admin removes the right"
check_eq "$(last_detail staff.admin)" "staff|$OFFICE|staff|$NEW|admin=0" "...audited"
req "$jn" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS" 403 "...and the member's next request is refused the staff page"

# --- "Log in as": the per-staff right. ---
imp() { csrf_post "$1" /staff/users /staff/impersonate --data-urlencode "user=$ADA"; }
jcl=$(jar clerk-as)
staff_signs_in "$jcl" clerk@acme.test
imp "$jcl"
check_eq "$HTTP_STATUS" 403 "staff without the right cannot log in as a portal user"
team "$js" impersonate --data-urlencode "staff=$CLERK" --data-urlencode do=on
check_eq "$HTTP_STATUS" 303 "the admin allows the clerk to log in as"
check_eq "$(last_detail staff.impersonate)" "staff|$OFFICE|staff|$CLERK|allowed=1" "...audited"
imp "$jcl"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "...and the clerk now logs in as the portal user"
staff_signs_in "$jcl" clerk@acme.test
team "$js" impersonate --data-urlencode "staff=$CLERK" --data-urlencode do=off
check_eq "$(row clerk@acme.test)" "staff|active|0|0" "the admin takes the right back"
imp "$jcl"
check_eq "$HTTP_STATUS" 403 "...and the clerk is refused again"

# --- Disabling ends every session at once; enabling lets them back. ---
team "$js" impersonate --data-urlencode "staff=$CLERK" --data-urlencode do=on
staff_signs_in "$jc" clerk@acme.test
imp "$jcl"
check_eq "$(sql "SELECT COUNT(*) > 0 FROM sessions WHERE impersonator_staff_id = $CLERK")" 1 "the clerk is logged in as the portal user"
check_eq "$(sql "SELECT COUNT(*) > 0 FROM sessions WHERE staff_user_id = $CLERK")" 1 "...and has a staff session too"
# Disable asks first: a POST without confirm=1 is the page that says what will
# happen, with the real button and a way back, and changes nothing.
n_clerk=$(staff_sessions "$CLERK")
team "$js" disable --data-urlencode "staff=$CLERK"
check_eq "$HTTP_STATUS" 200 "Disable without the confirmation is a page asking first"
check_contains "$HTTP_BODY" "clerk@acme.test: they are signed out everywhere" "...naming them and what happens"
check_contains "$HTTP_BODY" '<input type="hidden" name="confirm" value="1">' "...with the confirming form"
check_contains "$HTTP_BODY" "<input type=\"hidden\" name=\"staff\" value=\"$CLERK\">" "...posting the same staff member"
check_contains "$HTTP_BODY" 'href="/staff/team">Cancel</a>' "...and a Cancel link"
tidy_ok "the confirmation page passes tidy"
check_eq "$(row clerk@acme.test) $(staff_sessions "$CLERK")" "staff|active|1|0 $n_clerk" "...and nothing changed yet"
team "$js" disable --data-urlencode "staff=$CLERK" --data-urlencode confirm=1
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/team?done=disabled" "the admin disables the clerk"
check_eq "$(row clerk@acme.test)" "staff|disabled|1|0" "...saved"
check_eq "$(staff_sessions "$CLERK") $(sql "SELECT COUNT(*) FROM sessions WHERE impersonator_staff_id = $CLERK")" "0 0" \
	"...every session of theirs, log in as too, is gone at once"
req "$jc" "$P" acme.test /staff/
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" "...their next request is sent to sign in"
req "$jcl" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "...and the portal page they were logged in as is gone too"
sign_in "$jc" "$P" acme.test /staff/login clerk@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 200 "a disabled staff member cannot sign in"
check_eq "$(last_detail staff.disable)" "staff|$OFFICE|staff|$CLERK|-" "the disabling is audited"
n=$(audits staff.disable)
team "$js" disable --data-urlencode "staff=$CLERK" --data-urlencode confirm=1
check_eq "$(http_header Location) $(audits staff.disable)" "/staff/team?done=unchanged $n" "disabling again writes nothing"
team "$js" enable --data-urlencode "staff=$CLERK"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/team?done=enabled" "the admin enables the clerk again"
check_eq "$(row clerk@acme.test)" "staff|active|1|0" "...active"
check_eq "$(last_detail staff.enable)" "staff|$OFFICE|staff|$CLERK|-" "...audited"
staff_signs_in "$jc" clerk@acme.test
check_eq "$HTTP_STATUS" 303 "...and the clerk signs in again"

# Through Apache: disabling ends the session at the next request.
apache_disable() {
	local name=$1 port=$2
	staff_signs_in "$jc" clerk@acme.test
	http_req "$port" acme.test /staff/ -b "$jc"
	check_eq "$HTTP_STATUS" 200 "$name: the clerk works"
	csrf_post_at "$js" "$port" acme.test /staff/team /staff/team/disable --data-urlencode "staff=$CLERK" --data-urlencode confirm=1
	check_eq "$HTTP_STATUS" 303 "$name: the admin disables the clerk"
	http_req "$port" acme.test /staff/ -b "$jc"
	check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" "$name: ...the clerk's next request is sent to sign in"
	csrf_post_at "$js" "$port" acme.test /staff/team /staff/team/enable --data-urlencode "staff=$CLERK"
	check_eq "$(row clerk@acme.test)" "staff|active|1|0" "$name: ...and enabled again"
}
stack_each_server apache_disable

# --- MFA required of one staff member (the tenant's policy is off here). ---
rm -f "$jn"
sign_in "$jn" "$P" acme.test /staff/login new@acme.test "$PW_NEW"
check_eq "$(http_header Location)" /staff/ "without the requirement the member signs in with a password alone"
team "$js" mfa-require --data-urlencode "staff=$NEW" --data-urlencode do=on
check_eq "$HTTP_STATUS" 303 "the admin requires MFA of the new member"
check_eq "$(row new@acme.test)" "staff|active|1|1" "...saved"
check_eq "$(last_detail staff.mfa)" "staff|$OFFICE|staff|$NEW|required=1" "...audited"
check_eq "$(staff_sessions "$NEW")" 0 "...and the member, not enrolled, was signed out"
sign_in "$jn" "$P" acme.test /staff/login new@acme.test "$PW_NEW"
check_eq "$(http_header Location)" /mfa/enrol "...and must enrol at the next sign-in"
outbox_send
check_contains "$(mail_body_to new@acme.test)" "now requires two-step sign-in" "...and was told by mail"
team "$js" mfa-require --data-urlencode "staff=$NEW" --data-urlencode do=off
rm -f "$jn"
sign_in "$jn" "$P" acme.test /staff/login new@acme.test "$PW_NEW"
check_eq "$(http_header Location)" /staff/ "once no longer required, a password is enough again"

# --- An invitation with every box ticked, through Apache. ---
csrf_post_at "$js" "$APACHE_PORT" acme.test /staff/team /staff/team/invite \
	--data-urlencode email=boss@acme.test --data-urlencode admin=1 --data-urlencode mfa=1
check_eq "$HTTP_STATUS" 303 "apache: the admin invites an admin who must use MFA"
check_eq "$(row boss@acme.test)" "admin|invited|0|1" "apache: ...saved"
outbox_send
check_eq "$(mails_to boss@acme.test)" 1 "apache: ...mailed"
BOSS=$(sql "SELECT id FROM staff_users WHERE email = 'boss@acme.test'")
team "$js" reinvite --data-urlencode "staff=$BOSS"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/team?done=reinvited" "the invitation is sent again"
outbox_send
check_eq "$(mails_to boss@acme.test)" 2 "...a second mail"
check_eq "$(last_detail staff.invite)" "staff|$OFFICE|staff|$BOSS|again" "...audited"

# --- Another tenant's staff member, bad ids: 404 / 400, nothing changed. ---
for a in admin impersonate mfa-require; do
	team "$js" "$a" --data-urlencode "staff=$BOFFICE" --data-urlencode do=on
	check_eq "$HTTP_STATUS" 404 "$a on another tenant's staff member is a 404"
done
for a in disable enable reinvite; do
	team "$js" "$a" --data-urlencode "staff=$BOFFICE"
	check_eq "$HTTP_STATUS" 404 "$a of another tenant's staff member is a 404"
done
check_eq "$(sql "SELECT CONCAT_WS('|', role, status, can_impersonate, mfa_required) FROM staff_users WHERE id = $BOFFICE")" \
	"staff|active|0|0" "...which changed nothing"
team "$js" admin --data-urlencode "staff=$CLERK" --data-urlencode do=maybe
check_eq "$HTTP_STATUS" 400 "a switch that is neither on nor off is a 400"
team "$js" disable
check_eq "$HTTP_STATUS" 400 "a change naming nobody is a 400"
req "$js" "$P" acme.test /staff/team/disable --data-urlencode "staff=$CLERK"
check_eq "$HTTP_STATUS" 403 "disabling without the CSRF token is a 403"
check_eq "$(row clerk@acme.test)" "staff|active|1|0" "...and changes nothing"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $BETA AND action LIKE 'staff.%'")" 0 \
	"nothing was audited in the other tenant"

# --- Two rights of one member switched on at the same moment, by two requests on
# two workers: each change decides on the member's row as its transaction reads
# it (locked), so neither writes back the other right as it was before. ---
req "$js" "$P" acme.test /staff/team
tok=$(csrf_of "$HTTP_BODY")
at_once() {		# at_once ACTION...: the admin's POSTs of do=on for the clerk, together
	local a pids=()
	for a in "$@"; do
		curl -s -o /dev/null --max-time 30 --resolve "acme.test:$P:127.0.0.1" \
			-b "$js" --data-urlencode "csrf=$tok" --data-urlencode "staff=$CLERK" \
			--data-urlencode do=on "http://acme.test:$P/staff/team/$a" &
		pids+=($!)
	done
	wait "${pids[@]}"
}
lost=0
for _ in 1 2 3 4 5 6 7 8; do
	sql "UPDATE staff_users SET can_impersonate = 0, mfa_required = 0 WHERE id = $CLERK"
	at_once impersonate mfa-require
	[ "$(row clerk@acme.test)" = "staff|active|1|1" ] || lost=$((lost + 1))
done
check_eq "$lost" 0 "two rights switched on at once, 8 times: both kept every time"

# --- porchctl staff still makes the first admin. ---
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add beta first@beta.test --admin >/dev/null
check_eq "$(sql "SELECT CONCAT_WS('|', role, status) FROM staff_users WHERE email = 'first@beta.test'")" \
	"admin|active" "porchctl staff add makes an active admin"
