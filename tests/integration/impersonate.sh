#!/usr/bin/env bash
# porch — integration test of "log in as" (impersonation) and the staff audit page
# through nginx (key cases through Apache too): who may start it, tenant isolation,
# the banner, refused changes, End, the audit entries and the audit page's filters;
# disabling the staff member ends the session, on a page the worker makes with the
# session it keeps too.
# TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

stack_db_up
{
	stack_porchctl tenant add acme "Acme Rentals"
	stack_porchctl tenant set acme staff-mfa off
	stack_porchctl domain add acme.test acme
	stack_porchctl tenant add beta "Beta Homes"
	stack_porchctl tenant set beta staff-mfa off
	stack_porchctl domain add beta.test beta
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme admin@acme.test --admin
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme helper@acme.test
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add beta admin@beta.test --admin
} >"$T/setup.out" 2>&1
# Portal users in both tenants.
stack_mysql_porch -e "UPDATE staff_users SET can_impersonate = 1 WHERE email = 'helper@acme.test'"
stack_portal_user acme 'Owner One' owner@acme.test "$PW_OWNER"
stack_portal_user beta 'Beta Owner' owner@beta.test "$PW_OWNER"
stack_serve --apache

ACME_OWNER=$(stack_mysql_porch -N -e "SELECT id FROM portal_users WHERE login = 'owner@acme.test'")
BETA_OWNER=$(stack_mysql_porch -N -e "SELECT id FROM portal_users WHERE login = 'owner@beta.test'")

audit_count() { stack_mysql_porch -N -e "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }
sessions_of_owner() { stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions WHERE portal_user_id = $ACME_OWNER"; }

# staff_as JAR PORT HOST EMAIL: a staff session; leaves the CSRF token in TOK.
staff_as() {
	rm -f "$1"
	sign_in "$1" "$2" "$3" /staff/login "$4" "$PW_STAFF"
	req "$1" "$2" "$3" /staff/users
	TOK=$(csrf_of "$HTTP_BODY")
}

impersonate_cases() {
	local s=$1 port=$2 j
	j=$(jar "$s-admin")

	staff_as "$j" "$port" acme.test admin@acme.test
	check_eq "$HTTP_STATUS" 200 "$s: staff users page is 200 for an admin"
	check_contains "$HTTP_BODY" "owner@acme.test" "$s: it lists the tenant's portal user"
	check_not_contains "$HTTP_BODY" "owner@beta.test" "$s: ...and not another tenant's"
	check_contains "$HTTP_BODY" ">Log in as</button>" "$s: with a Log in as button"
	tidy_ok "$s: the portal users page passes tidy without warnings"

	req "$j" "$port" acme.test /staff/impersonate --data-urlencode "user=$ACME_OWNER"
	check_eq "$HTTP_STATUS" 403 "$s: log in as without the CSRF field is 403"
	req "$j" "$port" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" \
		--data-urlencode "user=$BETA_OWNER"
	check_eq "$HTTP_STATUS" 404 "$s: another tenant's user id is 404"
	req "$j" "$port" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" \
		--data-urlencode "user=999999"
	check_eq "$HTTP_STATUS" 404 "$s: an unknown user id is 404"
	check_eq "$(sessions_of_owner)" 0 "$s: ...and no session was made"

	req "$j" "$port" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" \
		--data-urlencode "user=$ACME_OWNER"
	check_eq "$HTTP_STATUS" 303 "$s: log in as redirects"
	check_eq "$(http_header Location)" /portal "$s: ...to the user's portal"
	req "$j" "$port" acme.test /account
	check_eq "$HTTP_STATUS" 200 "$s: the Account page opens as the user"
	check_contains "$HTTP_BODY" "Signed in as <strong>owner@acme.test</strong>" "$s: ...it is the user's"
	check_match "$HTTP_BODY" 'Viewing as <strong>owner@acme.test</strong> — signed in as staff <strong>admin@acme.test</strong>' \
		"$s: the page shows the impersonation banner"
	check_contains "$HTTP_BODY" 'action="/impersonate/end"' "$s: ...with an End button"
	tidy_ok "$s: a page with the banner passes tidy without warnings"
	check_eq "$(stack_mysql_porch -N -e "SELECT impersonator_staff_id FROM sessions WHERE portal_user_id = $ACME_OWNER")" \
		"$(stack_mysql_porch -N -e "SELECT id FROM staff_users WHERE email = 'admin@acme.test'")" \
		"$s: the session records the staff member"
	req "$j" "$port" acme.test /staff/
	check_eq "$HTTP_STATUS" 303 "$s: the staff pages are closed while impersonating"
	req "$j" "$port" acme.test /account
	TOK=$(csrf_of "$HTTP_BODY")
	req "$j" "$port" acme.test /impersonate/end --data-urlencode "x=1"
	check_eq "$HTTP_STATUS" 403 "$s: End without the CSRF field is 403"
	req "$j" "$port" acme.test /impersonate/end --data-urlencode "csrf=$TOK"
	check_eq "$HTTP_STATUS" 303 "$s: End redirects"
	check_eq "$(http_header Location)" /staff/login "$s: ...to the staff sign-in"
	check_eq "$(sessions_of_owner)" 0 "$s: End deleted the impersonation session"
	req "$j" "$port" acme.test /account
	check_eq "$HTTP_STATUS" 303 "$s: after End the cookie opens nothing"
}

stack_each_server impersonate_cases
check_eq "$(audit_count impersonation.start)" 2 "each start is audited"
check_eq "$(audit_count impersonation.end)" 2 "each end is audited"
check_eq "$(stack_mysql_porch -N -e "SELECT CONCAT_WS(',', a.actor_kind, a.actor_id = s.id, a.impersonator_staff_id = s.id, a.target_kind, a.target_id) FROM audit_log a JOIN staff_users s ON s.email = 'admin@acme.test' WHERE a.action = 'impersonation.end' LIMIT 1")" \
	"staff,1,1,portal,$ACME_OWNER" "the entry has actor staff, impersonator staff, target the portal user"

# --- Non-admin staff: refused, nothing created; can_impersonate grants it. ---
jc=$(jar clerk)
staff_as "$jc" "$P" acme.test clerk@acme.test
check_not_contains "$HTTP_BODY" ">Log in as</button>" "staff without the right see no Log in as button"
req "$jc" "$P" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" --data-urlencode "user=$ACME_OWNER"
check_eq "$HTTP_STATUS" 403 "staff without the right get 403"
check_eq "$(sessions_of_owner)" 0 "...and no session was made"
check_eq "$(audit_count impersonation.start)" 2 "...and nothing audited"
req "$jc" "$P" acme.test /staff/
check_eq "$HTTP_STATUS" 200 "...and their staff session is kept"
req "$jc" "$P" acme.test /staff/audit
check_eq "$HTTP_STATUS" 403 "the audit page is 403 for non-admin staff"
jh=$(jar helper)
staff_as "$jh" "$P" acme.test helper@acme.test
req "$jh" "$P" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" --data-urlencode "user=$ACME_OWNER"
check_eq "$HTTP_STATUS" 303 "staff with can_impersonate may log in as"

# --- Refused while impersonating: password change and ending sessions. ---
jo=$(jar owner)
owner_signs_in "$jo" owner@acme.test
check_eq "$HTTP_STATUS" 303 "the user signs in in another browser"
req "$jh" "$P" acme.test /account
TOK=$(csrf_of "$HTTP_BODY")
check_not_contains "$HTTP_BODY" 'action="/account/sessions/end"' "the impersonated Account page offers no End for sessions"
check_not_contains "$HTTP_BODY" 'href="/account/password"' "...nor a password change"
check_contains "$HTTP_BODY" "not available while staff view the portal" "...and says why"
other=$(stack_mysql_porch -N -e "SELECT LOWER(HEX(token_hash)) FROM sessions WHERE portal_user_id = $ACME_OWNER AND impersonator_staff_id IS NULL")
check_match "$other" '^[0-9a-f]{64}$' "the user has their own session"
req "$jh" "$P" acme.test /account/sessions/end --data-urlencode "csrf=$TOK" --data-urlencode "session=$other"
check_eq "$HTTP_STATUS" 403 "ending a session is refused while impersonating"
req "$jo" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "...and the user's session lives on"
req "$jh" "$P" acme.test /account/password
check_eq "$HTTP_STATUS" 403 "the password form is refused while impersonating"
req "$jh" "$P" acme.test /account/password --data-urlencode "csrf=$TOK" \
	--data-urlencode "current=$PW_OWNER" --data-urlencode "new=another long passphrase" \
	--data-urlencode "confirm=another long passphrase"
check_eq "$HTTP_STATUS" 403 "changing the password is refused while impersonating"
check_eq "$(audit_count password.change)" 0 "...and nothing changed"
req "$jh" "$P" acme.test /logout --data-urlencode "csrf=$TOK"
check_eq "$HTTP_STATUS" 303 "signing out of an impersonation works"
check_eq "$(audit_count impersonation.end)" 3 "...and is audited as its end"
req "$jo" "$P" acme.test /account
TOK=$(csrf_of "$HTTP_BODY")
check_not_contains "$HTTP_BODY" "Viewing as" "the user's own session has no banner"
req "$jo" "$P" acme.test /impersonate/end --data-urlencode "csrf=$TOK"
check_eq "$HTTP_STATUS" 403 "End is 403 outside an impersonation"

# --- The audit page. ---
ja=$(jar audit)
staff_as "$ja" "$P" acme.test admin@acme.test
ATOK=$TOK
req "$ja" "$P" acme.test /staff/audit
check_eq "$HTTP_STATUS" 200 "the audit page is 200 for an admin"
check_eq "$(http_header Cache-Control)" no-store "...and not cached"
tidy_ok "the audit page passes tidy without warnings"
for a in signin.success impersonation.start impersonation.end; do
	check_contains "$HTTP_BODY" "<td data-action=\"$a\">" "the audit page lists $a"
done
check_contains "$HTTP_BODY" "<td>staff admin@acme.test</td>" "the actor is named by kind and email"
check_contains "$HTTP_BODY" "<td>portal owner@acme.test</td>" "the target is named by kind and login"
check_contains "$HTTP_BODY" "<th>Impersonator</th>" "there is an impersonator column"
check_match "$HTTP_BODY" '<td><time datetime="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z">[A-Z][a-z]{2} [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC</time></td>' "times are shown, in the tenant's zone"
check_contains "$HTTP_BODY" "<td>127.0.0.1</td>" "the client address is shown"
first=$(printf '%s' "$HTTP_BODY" | grep -o '<td data-action="[a-z_.]*">[^<]*</td>' | head -n 1)
check_eq "$first" '<td data-action="signin.success">Signed in</td>' "newest first (the admin's own sign-in), said in words"
req "$ja" "$P" acme.test "/staff/audit?action=impersonation.start"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '<tr><td>')" 3 "the action filter keeps only that action"
check_not_contains "$HTTP_BODY" 'data-action="signin.success"' "...and drops the others"
check_contains "$HTTP_BODY" '<option value="signin.success">Signed in</option>' "...offering each action by its phrase"
check_contains "$HTTP_BODY" '<option value="impersonation.start" selected>' "...and stays selected"
req "$ja" "$P" acme.test "/staff/audit?user=clerk%40acme.test"
rows=$(printf '%s' "$HTTP_BODY" | grep '<tr><td>' || true)
check_contains "$rows" "clerk@acme.test" "the user filter finds the user's entries"
check_not_contains "$rows" "helper@acme.test" "...and not other users'"
req "$ja" "$P" acme.test "/staff/audit?user=owner%40acme.test&action=impersonation.end"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '<tr><td>')" 3 "user and action filters combine (target matches)"
req "$ja" "$P" acme.test "/staff/audit?action=%3Cscript%3E"
check_eq "$HTTP_STATUS" 400 "an unknown action is 400"
req "$ja" "$P" acme.test "/staff/audit?user=%3Cb%3Ex%22"
check_contains "$HTTP_BODY" 'value="&lt;b&gt;x&quot;"' "the user filter is echoed escaped"
req "$ja" "$P" acme.test "/staff/audit?before=abc"
check_eq "$HTTP_STATUS" 400 "a malformed before is 400"
# Paging: 50 a page, then the older ones.
stack_mysql_porch -e "INSERT INTO audit_log (tenant_id, action, ip)
	SELECT t.id, 'signout', '192.0.2.1' FROM tenants t, (SELECT seq FROM seq_1_to_60) n WHERE t.slug = 'acme'"
req "$ja" "$P" acme.test /staff/audit
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '<tr><td>')" 50 "a page has 50 rows"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '192.0.2.1')" 50 "...the newest 50"
older=$(printf '%s' "$HTTP_BODY" | grep -o 'href="/staff/audit?before=[0-9]*">Older' | sed 's/href="//; s/">Older$//')
check_match "$older" '^/staff/audit\?before=[0-9]+$' "...and a link to older entries"
req "$ja" "$P" acme.test "$older"
check_contains "$HTTP_BODY" "<td data-action=\"impersonation.start\">Log in as started</td>" "the older page holds the earlier entries"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '192.0.2.1')" 10 "...after the last 10 of the newest"
check_contains "$HTTP_BODY" '<a href="/staff/audit">Newest entries</a>' "...with a link back to the newest"
tidy_ok "an older audit page passes tidy without warnings"
req "$ja" "$P" acme.test "/staff/audit?action=signout"
check_contains "$HTTP_BODY" "&amp;action=signout\">Older entries</a>" "the older link keeps the filters"

# --- Tenant B's admin sees none of tenant A's rows. ---
jb=$(jar beta)
staff_as "$jb" "$P" beta.test admin@beta.test
req "$jb" "$P" beta.test /staff/audit
check_eq "$HTTP_STATUS" 200 "beta's admin opens beta's audit page"
check_contains "$HTTP_BODY" "admin@beta.test" "...seeing beta's own sign-in"
check_not_contains "$HTTP_BODY" "acme.test" "...and nothing of acme's"
check_not_contains "$HTTP_BODY" "<td>impersonation" "...no impersonation rows of acme's"
req "$jb" "$P" beta.test /staff/impersonate --data-urlencode "csrf=$ATOK" --data-urlencode "user=$ACME_OWNER"
check_eq "$HTTP_STATUS" 403 "another session's CSRF token is refused"
req "$jb" "$P" beta.test /staff/users
TOK=$(csrf_of "$HTTP_BODY")
req "$jb" "$P" beta.test /staff/impersonate --data-urlencode "csrf=$TOK" --data-urlencode "user=$ACME_OWNER"
check_eq "$HTTP_STATUS" 404 "beta's admin logging in as acme's user is 404"
http_req "$APACHE_PORT" beta.test /staff/audit -b "$jb"
check_eq "$HTTP_STATUS" 200 "apache: beta's audit page is 200"
check_not_contains "$HTTP_BODY" "acme.test" "apache: ...and shows nothing of acme's"

# --- A user with a one-time password: staff still see their pages and can End. ---
stack_mysql_porch -e "UPDATE portal_users SET must_change_password = 1 WHERE id = $ACME_OWNER"
staff_as "$jh" "$P" acme.test helper@acme.test
req "$jh" "$P" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" --data-urlencode "user=$ACME_OWNER"
req "$jh" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "viewing a user with a one-time password opens their Account page"
check_contains "$HTTP_BODY" "Viewing as" "...with the banner"
req "$jh" "$P" acme.test /impersonate/end --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")"
check_eq "$(http_header Location)" /staff/login "...and End still ends it"
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions WHERE impersonator_staff_id IS NOT NULL")" 0 \
	"no impersonation session is left"

# --- Disabling the staff member ends their impersonation session. ---
stack_mysql_porch -e "UPDATE portal_users SET must_change_password = 0 WHERE id = $ACME_OWNER"
staff_as "$jh" "$P" acme.test helper@acme.test
req "$jh" "$P" acme.test /staff/impersonate --data-urlencode "csrf=$TOK" --data-urlencode "user=$ACME_OWNER"
req "$jh" "$P" acme.test /account
check_eq "$HTTP_STATUS" 200 "helper views the user again"
# The user's calendar until every worker keeps the session: the page's statement
# then carries the session's check (docs/DESIGN.md, "A page in one round trip").
stack_mysql_porch -e "INSERT INTO permission_groups (tenant_id, name, permissions)
	SELECT id, 'Viewers', 'calendar.view' FROM tenants WHERE slug = 'acme';
	INSERT INTO properties (tenant_id, customer_id, name) SELECT tenant_id, id,
	'Owner Lake House' FROM customers WHERE name = 'Owner One'"
stack_grant acme owner@acme.test Viewers 'customer:Owner One'
cal_line() { grep ' path=/portal/calendar ' "$T/porchd.log" | tail -n 1; }
# (Until each worker has made one so: which worker takes a request is the
# kernel's choice.)
mark=$(wc -l <"$T/porchd.log")
kept_workers() {
	tail -n +"$((mark + 1))" "$T/porchd.log" | grep ' path=/portal/calendar ' |
		grep -E ' session=(twin|alone) ' | sed 's/^porchd\[\([0-9]*\)\].*/\1/' |
		sort -u | wc -l
}
nw=$(porchd_worker_pids | wc -l)
for _ in $(seq 40); do
	req "$jh" "$P" acme.test /portal/calendar
	[ "$(kept_workers)" -lt "$nw" ] || break
done
check_eq "$HTTP_STATUS" 200 "...and their calendar"
check_contains "$HTTP_BODY" "Owner Lake House" "...with their property"
check_match "$(cal_line)" ' session=(twin|alone) ' "...made with the session as the worker keeps it"
stack_mysql_porch -e "UPDATE staff_users SET status = 'disabled' WHERE email = 'helper@acme.test'"
req "$jh" "$P" acme.test /portal/calendar
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login" \
	"once the staff member is disabled, the kept session's next calendar page is a sign-in"
check_not_contains "$HTTP_BODY" "Owner Lake House" "...showing nothing of the page"
check_match "$(cal_line)" ' session=again ' "...the check found the session changed and the page was made again"
check_eq "$(stack_mysql_porch -N -e "SELECT COUNT(*) FROM sessions WHERE impersonator_staff_id IS NOT NULL")" 0 \
	"...which ended the impersonation session"
req "$jh" "$P" acme.test /account
check_eq "$HTTP_STATUS" 303 "once the staff member is disabled the impersonation session is over"
