#!/usr/bin/env bash
# porch — integration test through nginx: invitation and password-reset links die
# with the password they were sent to replace, whichever way it changes — the user's
# own change on /account/password (also the forced one after a one-time password),
# a staff one-time password, another reset link, an accepted invitation. Links come
# from real mail (outbox to the SMTP sink). TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

PW_A='first passphrase of the owner'
PW_B='second passphrase of the owner'
PW_C='third passphrase of the owner'

stack_setup --smtp
stack_mysql_porch -e "
	SET @a = (SELECT id FROM tenants WHERE slug = 'acme');
	INSERT INTO customers (tenant_id, name, email) VALUES
	  (@a, 'Ivy Invited', 'ivy@example.test'),
	  (@a, 'Ron Reset', 'ron@example.test'),
	  (@a, 'Sue Staff', 'sue@example.test');"
stack_serve

cust() { sql "SELECT id FROM customers WHERE name = '$1'"; }
user() { sql "SELECT id FROM portal_users WHERE login = '$1'"; }
# mail_link ADDR KIND: the KIND ("invite" or "reset") link of the newest mail to ADDR,
# as a path on the tenant's host (links keep the port the visitor used).
mail_link() {
	outbox_send
	mail_body_to "$1" | grep -oE "http://acme\.test(:[0-9]+)?/$2/[A-Za-z0-9_-]*" \
		| head -n 1 | sed -E 's|^http://acme\.test(:[0-9]+)?||'
}
# staff_post PATH ARGS...: a staff POST with the CSRF token of /staff/customers.
js=$(fresh_jar staff)
staff_post() { csrf_post "$js" /staff/customers "$@"; }
# self_reset EMAIL: the self-serve form at /reset, as a visitor would use it.
self_reset() {
	local j tok
	j=$(fresh_jar "reset-form")
	req "$j" "$P" acme.test /reset
	tok=$(csrf_of "$HTTP_BODY")
	req "$j" "$P" acme.test /reset --data-urlencode "csrf=$tok" --data-urlencode "email=$1"
}
# link_opens PATH: the status of GET PATH in a fresh browser.
link_opens() {
	local j
	j=$(fresh_jar "link")
	req "$j" "$P" acme.test "$1"
	printf '%s' "$HTTP_STATUS"
}
# link_sets PATH PASSWORD: follows the link and posts its form (a dead link shows
# none: the sign-in form's CSRF token of /reset then); prints the status.
link_sets() {
	local j tok token=${1##*/} prefix=${1%/*}/
	j=$(fresh_jar "link-set")
	req "$j" "$P" acme.test "$1"
	tok=$(csrf_of "$HTTP_BODY")
	if [ -z "$tok" ]; then
		req "$j" "$P" acme.test /reset
		tok=$(csrf_of "$HTTP_BODY")
	fi
	req "$j" "$P" acme.test "$prefix" --data-urlencode "csrf=$tok" \
		--data-urlencode "token=$token" --data-urlencode "new=$2" --data-urlencode "confirm=$2"
	printf '%s' "$HTTP_STATUS"
}
# change_password JAR CURRENT NEW: the user's own change on /account/password.
change_password() {
	local tok
	req "$1" "$P" acme.test /account/password
	tok=$(csrf_of "$HTTP_BODY")
	req "$1" "$P" acme.test /account/password --data-urlencode "csrf=$tok" \
		--data-urlencode "current=$2" --data-urlencode "new=$3" --data-urlencode "confirm=$3"
}
open_links() { sql "SELECT COUNT(*) FROM action_tokens WHERE portal_user_id = $1 AND used_at IS NULL"; }

sign_in "$js" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 303 "staff sign in"

# --- A staff one-time password ends an open invitation. ---
staff_post /staff/users/new --data-urlencode "customer=$(cust 'Ivy Invited')"
check_eq "$(http_header Location)" "/staff/portal-users?done=invited" "staff invite Ivy"
IVY=$(user ivy@example.test)
ilink=$(mail_link ivy@example.test invite)
check_match "$ilink" '^/invite/[A-Za-z0-9_-]{43}$' "the invitation arrives by mail"
check_eq "$(link_opens "$ilink")" 200 "...and opens its form"
staff_post /staff/users/action --data-urlencode "user=$IVY" --data-urlencode "do=onetime"
check_eq "$HTTP_STATUS" 200 "staff then set a one-time password for Ivy"
otp=$(printf '%s' "$HTTP_BODY" | sed -n 's/.*<code class="onetime">\([^<]*\)<.*/\1/p')
check_eq "$(link_opens "$ilink")" 404 "the open invitation is dead once a password is set"
check_eq "$(link_sets "$ilink" "$PW_A")" 404 "...and cannot set a password either"
check_eq "$(open_links "$IVY")" 0 "...no open link is left in the database"
ji=$(jar ivy)
owner_signs_in "$ji" ivy@example.test "$otp"
check_eq "$(http_header Location)" /account/password "Ivy signs in with the one-time password"

# --- The forced change after a one-time password ends a reset link. ---
self_reset ivy@example.test
rlink=$(mail_link ivy@example.test reset)
check_match "$rlink" '^/reset/[A-Za-z0-9_-]{43}$' "a reset link for Ivy arrives"
change_password "$ji" "$otp" "$PW_A"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /account?changed=1" \
	"Ivy replaces the one-time password on /account/password"
check_eq "$(link_opens "$rlink")" 404 "the reset link sent before is dead"
check_eq "$(link_sets "$rlink" "$PW_B")" 404 "...and cannot set a password"
sign_in "$(jar ivy2)" "$P" acme.test /login ivy@example.test "$PW_A"
check_eq "$HTTP_STATUS" 303 "...Ivy's own password still works"

# --- The user's own change ends a reset link (and an invitation sent meanwhile). ---
staff_post /staff/users/new --data-urlencode "customer=$(cust 'Ron Reset')"
RON=$(user ron@example.test)
rinv=$(mail_link ron@example.test invite)
check_eq "$(link_sets "$rinv" "$PW_A")" 303 "Ron accepts his invitation"
jr=$(jar ron)
owner_signs_in "$jr" ron@example.test "$PW_A"
check_eq "$HTTP_STATUS" 303 "Ron signs in"
self_reset ron@example.test
r1=$(mail_link ron@example.test reset)
check_match "$r1" '^/reset/' "a reset link for Ron arrives"
staff_post /staff/users/action --data-urlencode "user=$RON" --data-urlencode "do=invite"
r_inv=$(mail_link ron@example.test invite)
check_match "$r_inv" '^/invite/' "...and a second invitation staff sent"
check_eq "$(open_links "$RON")" 2 "two links are open"
change_password "$jr" "$PW_A" "$PW_B"
check_eq "$HTTP_STATUS" 303 "Ron changes his password himself"
check_eq "$(link_opens "$r1")" 404 "his open reset link is dead"
check_eq "$(link_opens "$r_inv")" 404 "...and so is the invitation"
check_eq "$(open_links "$RON")" 0 "...no open link is left in the database"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'password.change' AND target_id = $RON")" 1 \
	"the change is audited once"

# --- A staff one-time password ends a reset link of an active user. ---
self_reset ron@example.test
r2=$(mail_link ron@example.test reset)
check_eq "$(link_opens "$r2")" 200 "a new reset link for Ron works"
staff_post /staff/users/action --data-urlencode "user=$RON" --data-urlencode "do=onetime"
check_eq "$HTTP_STATUS" 200 "staff set a one-time password for Ron"
check_eq "$(link_opens "$r2")" 404 "the reset link is dead"

# --- Another reset, and an accepted invitation, end the links still open. ---
staff_post /staff/users/new --data-urlencode "customer=$(cust 'Sue Staff')"
SUE=$(user sue@example.test)
sinv=$(mail_link sue@example.test invite)
staff_post /staff/users/action --data-urlencode "user=$SUE" --data-urlencode "do=reset"
sres=$(mail_link sue@example.test reset)
check_match "$sres" '^/reset/' "Sue has an invitation and a reset link from staff"
check_eq "$(link_sets "$sinv" "$PW_A")" 303 "Sue accepts the invitation"
check_eq "$(link_opens "$sres")" 404 "the reset link is dead"
self_reset sue@example.test
s1=$(mail_link sue@example.test reset)
staff_post /staff/users/action --data-urlencode "user=$SUE" --data-urlencode "do=reset"
s2=$(mail_link sue@example.test reset)
check_eq "$(link_sets "$s2" "$PW_B")" 303 "Sue sets a password through the newer of two reset links"
check_eq "$(link_opens "$s1")" 404 "the older one is dead"
check_eq "$(link_sets "$s1" "$PW_C")" 404 "...and cannot set a password"
sign_in "$(jar sue)" "$P" acme.test /login sue@example.test "$PW_B"
check_eq "$HTTP_STATUS" 303 "the password set through the link stands"

# --- Renewing a hash at sign-in (new argon2 costs) is no password change. ---
staff_post /staff/users/action --data-urlencode "user=$SUE" --data-urlencode "do=reset"
s3=$(mail_link sue@example.test reset)
check_eq "$(link_opens "$s3")" 200 "staff send Sue another reset link"
stack_porchd_stop
stack_porch_config 'argon2 = { t_cost = 2; m_cost = 8192; parallelism = 1; };' \
	"smtp = { host = \"127.0.0.1\"; port = $SMTP_PORT; starttls = \"off\"; from = \"portal@porch.test\"; timeout = 5; };"
stack_porchd_start
sign_in "$(jar sue2)" "$P" acme.test /login sue@example.test "$PW_B"
check_eq "$HTTP_STATUS" 303 "after the argon2 costs change, Sue signs in"
check_match "$(sql "SELECT password_hash FROM portal_users WHERE id = $SUE")" ',t=2,' \
	"...and porch renews her hash"
check_eq "$(link_opens "$s3")" 200 "...while her open reset link still works"
