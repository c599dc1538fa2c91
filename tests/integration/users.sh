#!/usr/bin/env bash
# porch — integration test of staff management of portal users through nginx (key
# cases through Apache too): the customer roster, creating users, invitations and
# their links, disabling and re-enabling, bulk creation, self-serve password reset,
# one-time passwords, tenant isolation, CSRF and the audit log. Mail goes through
# the outbox to an SMTP sink. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

PW_OWNER='owner chose this passphrase'
PW_RESET='a reset passphrase for owner'

stack_setup --smtp
stack_mysql_porch -e "
	SET @a = (SELECT id FROM tenants WHERE slug = 'acme');
	INSERT INTO customers (tenant_id, name, email) VALUES
	  (@a, 'Owner One', 'owner1@example.test'),
	  (@a, 'Owner Two', 'owner2@example.test'),
	  (@a, 'Owner Nomail', NULL);
	INSERT INTO contacts (tenant_id, customer_id, name, email) VALUES
	  (@a, (SELECT id FROM customers WHERE name = 'Owner One'), 'Cleo Cleaner', 'cleo@example.test'),
	  (@a, (SELECT id FROM customers WHERE name = 'Owner One'), 'Art Accountant', NULL),
	  (@a, (SELECT id FROM customers WHERE name = 'Owner Two'), 'Tom Twin', 'tom@example.test');"
C1=$(stack_mysql_porch -N -e "SELECT id FROM customers WHERE name = 'Owner One'")
C2=$(stack_mysql_porch -N -e "SELECT id FROM customers WHERE name = 'Owner Two'")
C3=$(stack_mysql_porch -N -e "SELECT id FROM customers WHERE name = 'Owner Nomail'")
K_CLEO=$(stack_mysql_porch -N -e "SELECT id FROM contacts WHERE name = 'Cleo Cleaner'")
stack_serve --apache

audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }
# staff_post JAR PORT HOST PATH ARGS...: POST with the CSRF token of /staff/customers.
staff_post() { csrf_post_at "$1" "$2" "$3" /staff/customers "${@:4}"; }
link_of() { printf '%s' "$1" | grep -o "https\?://[^ ]*/$2/[A-Za-z0-9_-]*" | head -n 1; }
# lpath LINK: the path of a link (after its scheme, host and port).
lpath() { local p=${1#*://}; printf '/%s' "${p#*/}"; }
# reset_sets JAR PORT PATH PASSWORD LABEL: opens the reset link at PATH, which
# shows its form with Referrer-Policy no-referrer, and sets PASSWORD through it.
reset_sets() {
	local jar=$1 port=$2 path=$3 pw=$4 label=$5 tok
	req "$jar" "$port" acme.test "$path"
	check_eq "$HTTP_STATUS" 200 "$label: the link shows a form"
	check_eq "$(http_header Referrer-Policy)" no-referrer "$label: ...with Referrer-Policy no-referrer"
	tok=$(csrf_of "$HTTP_BODY")
	req "$jar" "$port" acme.test /reset/ --data-urlencode "csrf=$tok" \
		--data-urlencode "token=${path#/reset/}" \
		--data-urlencode "new=$pw" --data-urlencode "confirm=$pw"
	check_eq "$HTTP_STATUS" 303 "$label: setting the new password redirects"
}

# --- Staff pages need a staff session. ---
js=$(fresh_jar staff)
check_needs_staff "$js" /staff/customers
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "staff signs in"
req "$js" "$P" acme.test /staff/portal-users
check_eq "$HTTP_STATUS" 200 "staff lists customers"
check_contains "$HTTP_BODY" "Owner One" "the roster shows customers"
check_contains "$HTTP_BODY" "Cleo Cleaner" "...and their contacts"
check_contains "$HTTP_BODY" "Create portal user" "...with a way to create a portal user"

# --- CSRF missing: 403 and nothing written. ---
req "$js" "$P" acme.test /staff/users/new --data-urlencode "customer=$C1"
check_eq "$HTTP_STATUS" 403 "creating a user without the CSRF token is 403"
check_eq "$(sql "SELECT COUNT(*) FROM portal_users")" 0 "...and nothing was written"

# --- Create + invite. ---
staff_post "$js" "$P" acme.test /staff/users/new --data-urlencode "customer=$C1"
check_eq "$HTTP_STATUS" 303 "creating a portal user for a customer redirects"
check_eq "$(http_header Location)" "/staff/portal-users?done=invited" "...saying it was invited"
check_eq "$(sql "SELECT CONCAT(login, ' ', status, ' ', login_is_email) FROM portal_users WHERE customer_id = $C1 AND contact_id IS NULL")" \
	"owner1@example.test invited 1" "the login is the customer's email, status invited"
U1=$(sql "SELECT id FROM portal_users WHERE login = 'owner1@example.test'")
check_eq "$(sql "SELECT CONCAT(g.is_default, ' ', a.scope, ' ', a.customer_id) FROM access_grants a JOIN permission_groups g ON g.id = a.group_id WHERE a.portal_user_id = $U1")" \
	"1 customer $C1" "the user got the default group over the customer"
check_eq "$(sql "SELECT CONCAT(kind, ' ', LENGTH(token_hash), ' ', TIMESTAMPDIFF(HOUR, UTC_TIMESTAMP(6), expires_at)) FROM action_tokens WHERE portal_user_id = $U1")" \
	"invite 32 71" "an invite token is stored as a 32-byte hash, expiring in 72 hours"
req "$js" "$P" acme.test /staff/portal-users
check_contains "$HTTP_BODY" "owner1@example.test" "the roster shows the portal user"
check_contains "$HTTP_BODY" "invited" "...with its status"
tidy_ok "the roster passes tidy"

# Duplicate login: 409 on the page, nothing written.
n_users=$(sql "SELECT COUNT(*) FROM portal_users")
staff_post "$js" "$P" acme.test /staff/users/new --data-urlencode "customer=$C1" \
	--data-urlencode "contact=$K_CLEO" --data-urlencode "login=owner1@example.test"
check_eq "$HTTP_STATUS" 409 "a duplicate login is 409"
check_contains "$HTTP_BODY" "already taken" "...with a message on the page"
check_eq "$(sql "SELECT COUNT(*) FROM portal_users")" "$n_users" "...and nothing was written"

outbox_send
m=$(mail_file_to owner1@example.test)
check_match "$m" '\.eml$' "the invitation mail arrived"
body=$(mail_part "$m" body)
check_contains "$(mail_part "$m" subject)" "Acme Rentals" "the invitation subject names the tenant"
check_contains "$body" "Acme Rentals invites you" "the invitation body names the tenant"
link=$(link_of "$body" invite)
check_match "$link" '^http://acme\.test:'"$P"'/invite/[A-Za-z0-9_-]{43}$' "the link is on the tenant's host, at the port used"
ipath=$(lpath "$link")
token=${ipath#/invite/}
check_eq "$(sql "SELECT COUNT(*) FROM action_tokens WHERE token_hash = UNHEX(SHA2(FROM_BASE64('$(printf '%s' "$token" | tr '_-' '/+')='), 256))")" 1 \
	"the database holds the SHA-256 of the token"

# --- Following the invitation. ---
ji=$(fresh_jar invite)
req "$ji" "$P" acme.test "$ipath"
check_eq "$HTTP_STATUS" 200 "the invitation link shows a form"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
check_contains "$HTTP_BODY" 'name="token"' "...carrying the token in a hidden field"
tidy_ok "the set-password form passes tidy"
tok=$(csrf_of "$HTTP_BODY")
req "$ji" "$P" acme.test /invite/ --data-urlencode "csrf=$tok" --data-urlencode "token=$token" \
	--data-urlencode "new=short" --data-urlencode "confirm=short"
check_eq "$HTTP_STATUS" 200 "a too-short password is refused on the form"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U1")" invited "...and nothing changed"
req "$ji" "$P" acme.test /invite/ --data-urlencode "token=$token" \
	--data-urlencode "new=$PW_OWNER" --data-urlencode "confirm=$PW_OWNER"
check_eq "$HTTP_STATUS" 403 "setting the password without CSRF is 403"
req "$ji" "$P" acme.test /invite/ --data-urlencode "csrf=$tok" --data-urlencode "token=$token" \
	--data-urlencode "new=$PW_OWNER" --data-urlencode "confirm=$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "setting the password redirects"
check_eq "$(http_header Location)" "/login?welcome=1" "...to sign-in with a message"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U1")" active "the user is now active"
req "$ji" "$P" acme.test "$ipath"
check_eq "$HTTP_STATUS" 404 "the invitation link is single use"
req "$ji" "$P" acme.test /invite/ --data-urlencode "csrf=$tok" --data-urlencode "token=$token" \
	--data-urlencode "new=$PW_RESET" --data-urlencode "confirm=$PW_RESET"
check_eq "$HTTP_STATUS" 404 "...also when posted again"
req "$ji" "$P" acme.test /invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
check_eq "$HTTP_STATUS" 404 "an unknown invitation token is 404"
tidy_ok "the invalid-link page passes tidy"
gone=$HTTP_BODY

jo=$(fresh_jar owner)
req "$jo" "$P" acme.test /login
check_contains "$HTTP_BODY" 'href="/reset">Forgot your password?' "/login links to the reset form"
sign_in "$jo" "$P" acme.test /login owner1@example.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "the invited user signs in"
check_eq "$(http_header Location)" /portal "...to the portal"

# --- An expired invitation is 404 like an unknown one. ---
staff_post "$js" "$P" acme.test /staff/users/new --data-urlencode "customer=$C1" \
	--data-urlencode "contact=$K_CLEO"
check_eq "$HTTP_STATUS" 303 "creating a user for a contact"
check_eq "$(sql "SELECT CONCAT(login, ' ', contact_id) FROM portal_users WHERE contact_id = $K_CLEO")" \
	"cleo@example.test $K_CLEO" "...with the contact's email as login"
outbox_send
clink=$(link_of "$(mail_part "$(mail_file_to cleo@example.test)" body)" invite)
check_match "$clink" '/invite/' "the contact's invitation arrived"
sql "UPDATE action_tokens t JOIN portal_users p ON p.id = t.portal_user_id SET t.expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE p.login = 'cleo@example.test'"
req "$ji" "$P" acme.test "$(lpath "$clink")"
check_eq "$HTTP_STATUS" 404 "an expired invitation is 404"
check_eq "$HTTP_BODY" "$gone" "...with the same page as an unknown one"

# --- Tenant B's staff cannot see or act on tenant A's users. ---
jb=$(fresh_jar beta)
sign_in "$jb" "$P" beta.test /staff/login office@beta.test "$PW_STAFF"
req "$jb" "$P" beta.test /staff/portal-users
check_eq "$HTTP_STATUS" 200 "tenant B's staff sees its own roster"
check_not_contains "$HTTP_BODY" "Owner One" "...without tenant A's customers"
for act in disable reset; do
	staff_post "$jb" "$P" beta.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=$act" --data-urlencode confirm=1
	check_eq "$HTTP_STATUS" 404 "tenant B's staff: $act on tenant A's user is 404"
done
staff_post "$jb" "$P" beta.test /staff/users/new --data-urlencode "customer=$C2"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: creating a user for tenant A's customer is 404"
staff_post "$jb" "$P" beta.test /staff/users/bulk --data-urlencode "customer=$C2"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: bulk over tenant A's customer is 404"
staff_post "$js" "$P" acme.test /staff/users/bulk --data-urlencode "customer=$C2" \
	--data-urlencode "customer=999999"
check_eq "$HTTP_STATUS" 404 "bulk with an unknown customer id is 404"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U1")" active "...and tenant A's user is unchanged"
check_eq "$(sql "SELECT COUNT(*) FROM portal_users WHERE customer_id = $C2")" 0 "...and nothing was created"

# --- Disable ends the sessions and blocks sign-in; enable lets them back. ---
req "$jo" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "the user's session works before disabling"
staff_post "$js" "$P" acme.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=disable" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "staff disables the user"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U1")" disabled "...status disabled"
check_eq "$(sql "SELECT COUNT(*) FROM sessions WHERE portal_user_id = $U1")" 0 "...all their sessions are gone"
req "$jo" "$P" acme.test /account
check_eq "$HTTP_STATUS" 303 "the disabled user's session no longer opens pages"
sign_in "$jo" "$P" acme.test /login owner1@example.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "a disabled user cannot sign in"
check_contains "$HTTP_BODY" "not correct" "...and gets the usual failure"
staff_post "$js" "$P" acme.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=enable"
check_eq "$HTTP_STATUS" 303 "staff enables the user again"
sign_in "$jo" "$P" acme.test /login owner1@example.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "the re-enabled user signs in"

# --- Bulk: create and invite, skipping who has no email or is a user already. ---
before=$(sql "SELECT COUNT(*) FROM outbox")
staff_post "$js" "$P" acme.test /staff/users/bulk --data-urlencode "customer=$C1" \
	--data-urlencode "customer=$C2" --data-urlencode "customer=$C3"
check_eq "$HTTP_STATUS" 200 "bulk creation shows a summary"
tidy_ok "the bulk summary passes tidy"
created=$(printf '%s' "$HTTP_BODY" | sed -n '/<ul class="created">/,/<\/ul>/p')
skipped=$(printf '%s' "$HTTP_BODY" | sed -n '/<ul class="skipped">/,/<\/ul>/p')
check_contains "$created" "Owner Two" "bulk: the customer with an email is created"
check_contains "$created" "Tom Twin" "bulk: ...and its contact"
check_match "$skipped" "Owner One[^<]*already a portal user" "bulk: an existing user is skipped"
check_match "$skipped" "Cleo Cleaner[^<]*already a portal user" "bulk: ...also a contact's"
check_match "$skipped" "Art Accountant[^<]*no usable email" "bulk: a contact without email is skipped"
check_match "$skipped" "Owner Nomail[^<]*no usable email" "bulk: a customer without email is skipped"
check_eq "$(sql "SELECT GROUP_CONCAT(login ORDER BY login) FROM portal_users WHERE customer_id = $C2 AND status = 'invited'")" \
	"owner2@example.test,tom@example.test" "bulk: the users were written, invited"
check_eq "$(sql "SELECT COUNT(*) FROM outbox")" "$((before + 2))" "bulk: two invitations queued"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants a JOIN portal_users p ON p.id = a.portal_user_id WHERE p.customer_id = $C2 AND a.customer_id = $C2")" 2 \
	"bulk: each got the default grant over its customer"

# --- Self-serve reset: same answer for known and unknown; mail only to the known. ---
jr=$(fresh_jar reset)
req "$jr" "$P" acme.test /reset
check_eq "$HTTP_STATUS" 200 "/reset shows a form"
check_contains "$HTTP_BODY" '<label for="email">Email</label>' "...asking for the email"
tidy_ok "the reset form passes tidy"
tok=$(csrf_of "$HTTP_BODY")
outbox_send
known_before=$(mails_to owner1@example.test)
all_before=$(stack_smtp_count)
req "$jr" "$P" acme.test /reset --data-urlencode "csrf=$tok" --data-urlencode "email=owner1@example.test"
known_status=$HTTP_STATUS; known=$(printf '%s' "$HTTP_BODY" | grep -o '<p class="notice"[^<]*</p>')
req "$jr" "$P" acme.test /reset --data-urlencode "csrf=$tok" --data-urlencode "email=nobody@example.test"
check_eq "$HTTP_STATUS" "$known_status" "reset: unknown address gets the same status"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -o '<p class="notice"[^<]*</p>')" "$known" "reset: ...and the same answer"
check_contains "$known" "If that address belongs" "reset: the answer does not tell"
req "$jr" "$P" acme.test /reset --data-urlencode "email=owner1@example.test"
check_eq "$HTTP_STATUS" 403 "reset: without CSRF is 403"
outbox_send
check_eq "$(mails_to owner1@example.test)" "$((known_before + 1))" "reset: the known address got one mail"
check_eq "$(stack_smtp_count)" "$((all_before + 1))" "reset: ...and nobody else got any"
check_eq "$(sql "SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(6), MAX(expires_at)) FROM action_tokens WHERE portal_user_id = $U1 AND kind = 'reset'")" 29 \
	"reset: the link expires in 30 minutes"
rlink=$(link_of "$(mail_part "$(mail_file_to owner1@example.test)" body)" reset)
check_match "$rlink" '^http://acme\.test:'"$P"'/reset/[A-Za-z0-9_-]{43}$' "reset: the mail holds a link on the tenant's host, at the port used"
rpath=$(lpath "$rlink")
rtoken=${rpath#/reset/}
jx=$(jar other)
owner_signs_in "$jx" owner1@example.test
reset_sets "$jr" "$P" "$rpath" "$PW_RESET" reset
check_eq "$(http_header Location)" "/login?reset=1" "reset: ...to sign-in"
req "$jx" "$P" acme.test /account
check_eq "$HTTP_STATUS" 303 "reset: the user's other sessions ended"
req "$jr" "$P" acme.test "$rpath"
check_eq "$HTTP_STATUS" 404 "reset: the link is single use"
sign_in "$jx" "$P" acme.test /login owner1@example.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "reset: the old password no longer works"
sign_in "$jx" "$P" acme.test /login owner1@example.test "$PW_RESET"
check_eq "$HTTP_STATUS" 303 "reset: the new password works"
outbox_send
check_contains "$(mail_part "$(mail_file_to owner1@example.test)" subject)" "was changed" \
	"reset: a 'your password was changed' mail was sent"

# Throttle: after reset_max_per_hour links, the same answer and no more mail.
for i in 1 2 3; do
	req "$jr" "$P" acme.test /reset --data-urlencode "csrf=$tok" --data-urlencode "email=owner2@example.test"
done
check_eq "$(sql "SELECT COUNT(*) FROM action_tokens t JOIN portal_users p ON p.id = t.portal_user_id WHERE p.login = 'owner2@example.test' AND kind = 'reset'")" 3 \
	"reset: links up to the hourly limit"
req "$jr" "$P" acme.test /reset --data-urlencode "csrf=$tok" --data-urlencode "email=owner2@example.test"
check_eq "$HTTP_STATUS" "$known_status" "reset: a throttled request gets the same status"
check_eq "$(sql "SELECT COUNT(*) FROM action_tokens t JOIN portal_users p ON p.id = t.portal_user_id WHERE p.login = 'owner2@example.test' AND kind = 'reset'")" 3 \
	"reset: ...and no new link"

# Staff-triggered reset.
staff_post "$js" "$P" acme.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=reset"
check_eq "$(http_header Location)" "/staff/portal-users?done=reset" "staff sends a password reset"
outbox_send
slink=$(link_of "$(mail_part "$(mail_file_to owner1@example.test)" body)" reset)
check_match "$slink" '/reset/' "...and the mail arrives"

# --- One-time password for a username login. ---
staff_post "$js" "$P" acme.test /staff/users/new --data-urlencode "customer=$C3" --data-urlencode "login=nomail-owner"
check_eq "$(http_header Location)" "/staff/portal-users?done=created" "staff creates a username login"
UN=$(sql "SELECT id FROM portal_users WHERE login = 'nomail-owner'")
check_eq "$(sql "SELECT login_is_email FROM portal_users WHERE id = $UN")" 0 "...not an email login"
staff_post "$js" "$P" acme.test /staff/users/action --data-urlencode "user=$UN" --data-urlencode "do=onetime"
check_eq "$HTTP_STATUS" 200 "staff sets a one-time password"
otp=$(printf '%s' "$HTTP_BODY" | sed -n 's/.*<code class="onetime">\([^<]*\)<.*/\1/p')
check_match "$otp" '^[A-Za-z0-9_-]{20}$' "...shown once on the page"
tidy_ok "the one-time password page passes tidy"
check_eq "$(sql "SELECT must_change_password FROM portal_users WHERE id = $UN")" 1 "...which must be changed"
ju=$(jar username)
owner_signs_in "$ju" nomail-owner "$otp"
check_eq "$(http_header Location)" /account/password "signing in with it leads to the password change"
req "$jr" "$P" acme.test /reset --data-urlencode "csrf=$tok" --data-urlencode "email=nomail-owner"
check_eq "$(sql "SELECT COUNT(*) FROM action_tokens WHERE portal_user_id = $UN")" 0 "no reset link for a username login"

# Disabling and enabling a user who never set a password leaves them invited.
UC=$(sql "SELECT id FROM portal_users WHERE login = 'cleo@example.test'")
staff_post "$js" "$P" acme.test /staff/users/action --data-urlencode "user=$UC" --data-urlencode "do=disable" --data-urlencode confirm=1
staff_post "$js" "$P" acme.test /staff/users/action --data-urlencode "user=$UC" --data-urlencode "do=enable"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $UC")" invited "a re-enabled user without a password is invited again"

# --- Apache: key cases. ---
A=$APACHE_PORT
ja=$(fresh_jar apache)
sign_in "$ja" "$A" acme.test /staff/login office@acme.test "$PW_STAFF"
req "$ja" "$A" acme.test /staff/portal-users
check_eq "$HTTP_STATUS" 200 "apache: staff lists customers"
check_contains "$HTTP_BODY" "owner1@example.test" "apache: ...with portal users"
req "$ja" "$A" acme.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=disable"
check_eq "$HTTP_STATUS" 403 "apache: an action without CSRF is 403"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U1")" active "apache: ...and nothing changed"
staff_post "$ja" "$A" acme.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=reset"
outbox_send
alink=$(link_of "$(mail_part "$(mail_file_to owner1@example.test)" body)" reset)
check_match "$alink" '^http://acme\.test:'"$A"'/reset/' "apache: the link keeps the port the staff member used"
jk=$(fresh_jar apache-reset)
reset_sets "$jk" "$A" "$(lpath "$alink")" "$PW_OWNER" "apache: reset"
req "$jk" "$A" acme.test "$(lpath "$alink")"
check_eq "$HTTP_STATUS" 404 "apache: ...once"
req "$jk" "$A" acme.test "$(lpath "$slink")"
check_eq "$HTTP_STATUS" 404 "an older reset link dies when a password is set through another"
jb2=$(fresh_jar apache-beta)
sign_in "$jb2" "$A" beta.test /staff/login office@beta.test "$PW_STAFF"
staff_post "$jb2" "$A" beta.test /staff/users/action --data-urlencode "user=$U1" --data-urlencode "do=disable"
check_eq "$HTTP_STATUS" 404 "apache: tenant B's staff acting on tenant A's user is 404"

# --- The audit log and the logs. ---
for a in user.create invite.send invite.accept reset.request reset.complete user.disable user.enable password.set_onetime; do
	ok "$([ "$(audit_count "$a")" -ge 1 ] && echo 0 || echo 1)" "audit log has $a"
done
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'user.disable' AND actor_kind = 'staff' AND target_kind = 'portal_user' AND target_id = $U1 AND ip <> ''")" 1 \
	"user.disable names the staff actor, the target and the address"
dump=$(sql "SELECT CONCAT_WS(' ', action, detail) FROM audit_log")
for secret in "$token" "$rtoken" "$PW_OWNER" "$PW_RESET" "$otp"; do
	check_not_contains "$dump" "$secret" "no token or password in the audit log"
	check_not_contains "$(cat "$T/porchd.log")" "$secret" "no token or password in porchd's log"
done
check_contains "$(cat "$T/porchd.log")" "path=/invite/..." "the request log cuts invitation paths"
