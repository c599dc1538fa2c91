#!/usr/bin/env bash
# porch — integration test of staff roles through nginx (key cases through Apache):
# every admin-only POST refused to plain staff (403 page, nothing changed, an
# access.denied audit entry) and to staff with only the "log in as" right, the same
# requests accepted from an admin; the read-only views plain staff get instead of
# forms; one answer (403) for every admin page; and the system group Non-Portal
# Users refused as the default group and as the target of moved grants. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

stack_db_up
{
	stack_tenant acme "Acme Rentals" acme.test
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme office@acme.test --admin
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme helper@acme.test
} >"$T/setup.out" 2>&1
stack_portal_fixture acme
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"

ACME=$(sql "SELECT id FROM tenants WHERE slug = 'acme'")
sql "UPDATE staff_users SET can_impersonate = 1 WHERE email = 'helper@acme.test';
     UPDATE staff_users SET totp_secret_enc = 'sealed secret' WHERE email = 'helper@acme.test';
     INSERT INTO permission_groups (tenant_id, name, permissions, financial_level,
	field_filter, field_list) VALUES ($ACME, 'Cleaners', 'calendar.view', 'none', 'all', '')"
stack_grant acme ada@acme.test Owners 'customer:Ada Owner'
stack_grant acme ada@acme.test Cleaners 'property:Bo Loft'
stack_serve --apache

gid() { sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = '$1'"; }
OWNERS=$(gid Owners)
CLEANERS=$(gid Cleaners)
SYS=$(gid 'Non-Portal Users')
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
CLERK=$(sql "SELECT id FROM staff_users WHERE email = 'clerk@acme.test'")
HELPER=$(sql "SELECT id FROM staff_users WHERE email = 'helper@acme.test'")
GRANT1=$(sql "SELECT MIN(id) FROM access_grants WHERE portal_user_id = $ADA")
PAGE=/staff/portal-users/$ADA

# state: everything an admin-only POST could change, in one line: the groups, the
# grants, portal users' admin switches and overrides, staff MFA secrets, and the
# sessions (a "log in as" makes one), the tenant's brand.
state() {
	sql "SELECT CONCAT_WS(' / ',
	  (SELECT GROUP_CONCAT(CONCAT_WS(',', id, name, permissions, financial_level,
	    field_filter, field_list, is_default) ORDER BY id) FROM permission_groups
	    WHERE tenant_id = $ACME),
	  (SELECT GROUP_CONCAT(CONCAT_WS(',', id, group_id, scope, IFNULL(customer_id, '-'),
	    IFNULL(property_id, '-'), IFNULL(expires_at, '-')) ORDER BY id) FROM access_grants
	    WHERE tenant_id = $ACME),
	  (SELECT GROUP_CONCAT(CONCAT_WS(',', id, is_admin, hide_reports,
	    IFNULL(fin_override_level, '-'), IFNULL(fin_override_filter, '-'),
	    IFNULL(fin_override_fields, '-')) ORDER BY id) FROM portal_users
	    WHERE tenant_id = $ACME),
	  (SELECT GROUP_CONCAT(CONCAT_WS(',', id, email, role, status, can_impersonate,
	    mfa_required, HEX(IFNULL(totp_secret_enc, '-'))) ORDER BY id) FROM staff_users
	    WHERE tenant_id = $ACME),
	  (SELECT COUNT(*) FROM sessions WHERE tenant_id = $ACME),
	  (SELECT COUNT(*) FROM formulas WHERE tenant_id = $ACME),
	  (SELECT CONCAT_WS(',', IFNULL(brand_color, '-'), IFNULL(mail_from_name, '-'), time_zone, number_format,
	    IFNULL(logo_path, '-')) FROM tenants WHERE id = $ACME))"
}
denied() { sql "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor_kind = 'staff' AND actor_id = $1"; }
# staff_as JAR EMAIL: a staff session on nginx; the CSRF token in TOK.
staff_as() {
	rm -f "$1"
	sign_in "$1" "$P" acme.test /staff/login "$2" "$PW_STAFF"
	req "$1" "$P" acme.test /staff/
	TOK=$(csrf_of "$HTTP_BODY")
}
js=$(jar admin); jc=$(jar clerk); jh=$(jar helper)
staff_as "$js" office@acme.test; ATOK=$TOK
staff_as "$jh" helper@acme.test; HTOK=$TOK
staff_as "$jc" clerk@acme.test; CTOK=$TOK
check_eq "$HTTP_STATUS" 200 "a plain staff member signs in and opens the staff home"

# --- Every admin-only POST, as plain staff: 403, nothing changed, audited (the
# staff page's too: no one makes themselves admin or gives themselves "log in as"). ---
# Each case: PATH, then the form fields (without csrf).
CASES=(
	"/staff/groups/new|name=Clerk made|perm=booking.guest_contact|level=all|filter=all"
	"/staff/groups/edit|group=$OWNERS|name=Owners|perm=booking.guest_contact|level=all|filter=all"
	"/staff/groups/default|group=$CLEANERS"
	"/staff/groups/delete|group=$CLEANERS|move_to=$OWNERS"
	"$PAGE/grants/add|group=$OWNERS|scope=all|expires="
	"$PAGE/grants/remove|grant=$GRANT1"
	"$PAGE/admin|admin=1"
	"$PAGE/finance|override=user|level=all|filter=all"
	"/staff/team/mfa-reset|staff=$HELPER"
	"/staff/formulas/new|name=Clerk formula|t0=7"
	"/staff/formulas/edit|formula=1|name=Clerk formula|t0=7"
	"/staff/formulas/delete|formula=1"
	"$PAGE/grants/edit|grant=$GRANT1|group=$CLEANERS|scope=all"
	"/staff/team/invite|email=sneak@acme.test|admin=1"
	"/staff/team/admin|staff=$CLERK|do=on"
	"/staff/team/impersonate|staff=$CLERK|do=on"
	"/staff/team/mfa-require|staff=$HELPER|do=on"
	"/staff/team/disable|staff=$HELPER"
	"/staff/team/enable|staff=$HELPER"
	"/staff/team/reinvite|staff=$HELPER"
	"/staff/brand|color=#ff0000|mail_name=Sneaky Clerk"
	"/staff/brand/local|time_zone=Asia/Tokyo|number_format=apos-dot"
)
# post_case JAR PORT TOKEN CASE: the case's POST.
post_case() {
	local j=$1 port=$2 tok=$3 path fields f
	local -a args=(--data-urlencode "csrf=$tok")
	IFS='|' read -r -a fields <<<"$4"
	path=${fields[0]}
	for f in "${fields[@]:1}"; do args+=(--data-urlencode "$f"); done
	req "$j" "$port" acme.test "$path" "${args[@]}"
}
before=$(state)
n=0
for c in "${CASES[@]}"; do
	path=${c%%|*}
	post_case "$jc" "$P" "$CTOK" "$c"
	check_eq "$HTTP_STATUS" 403 "plain staff: POST $path is 403"
	check_contains "$HTTP_BODY" "Only admins can change this." "...saying only admins can"
	check_contains "$HTTP_BODY" "Nothing was changed." "...and that nothing changed"
	check_eq "$(state)" "$before" "...and nothing changed in the database"
	n=$((n + 1))
	check_eq "$(denied "$CLERK")" "$n" "...and the refusal is audited"
done
tidy_ok "the refusal page passes tidy"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'access.denied' AND actor_id = $CLERK ORDER BY id LIMIT 1")" \
	"POST /staff/groups/new needs admin" "the audit entry names the refused request"
post_case "$jc" "$P" "$CTOK" "/staff/impersonate|user=$ADA"
check_eq "$HTTP_STATUS" 403 "plain staff without the right: POST /staff/impersonate is 403"
check_contains "$HTTP_BODY" "log in as" "...saying who may"
check_eq "$(state)" "$before" "...and no session was made"
check_eq "$(denied "$CLERK")" $((n + 1)) "...audited too"

# Through Apache: the same answer.
post_case "$jc" "$APACHE_PORT" "$CTOK" "${CASES[0]}"
check_eq "$HTTP_STATUS" 403 "apache: plain staff creating a group is 403"
post_case "$jc" "$APACHE_PORT" "$CTOK" "${CASES[6]}"
check_eq "$HTTP_STATUS" 403 "apache: plain staff making a portal admin is 403"
check_eq "$(state)" "$before" "apache: ...nothing changed"

# The "log in as" right is not an admin's: still refused, and audited.
post_case "$jh" "$P" "$HTOK" "${CASES[4]}"
check_eq "$HTTP_STATUS" 403 "staff with the log-in-as right adding a grant is 403"
post_case "$jh" "$P" "$HTOK" "${CASES[1]}"
check_eq "$HTTP_STATUS" 403 "...and editing a group"
check_eq "$(state)" "$before" "...nothing changed"
check_eq "$(denied "$HELPER")" 2 "...both audited"

# Plain staff keep what is theirs: portal users' MFA, token links.
req "$jc" "$P" acme.test /staff/users/mfa --data-urlencode "csrf=$CTOK" \
	--data-urlencode "user=$ADA" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 303 "plain staff may still require MFA of a portal user"
check_eq "$(sql "SELECT mfa_required FROM portal_users WHERE id = $ADA")" 1 "...and it is saved"

# --- One answer for admin pages: 403, for reading as for writing. ---
for path in /staff/audit /staff/team /staff/brand; do
	req "$jc" "$P" acme.test "$path"
	check_eq "$HTTP_STATUS" 403 "plain staff: GET $path is 403"
	check_contains "$HTTP_BODY" "Only admins can open this page." "...saying why"
	http_req "$APACHE_PORT" acme.test "$path" -b "$jc"
	check_eq "$HTTP_STATUS" 403 "apache: GET $path is 403 for plain staff"
	req "$js" "$P" acme.test "$path"
	check_eq "$HTTP_STATUS" 200 "an admin opens $path"
done
rm -f "$(jar nobody)"
req "$(jar nobody)" "$P" acme.test /staff/team
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" "without a session /staff/team sends to staff sign-in"
req "$jc" "$P" acme.test /staff/
check_not_contains "$HTTP_BODY" 'href="/staff/audit"' "plain staff's home does not link the audit log"
check_not_contains "$HTTP_BODY" 'href="/staff/team"' "...nor the staff list"
check_contains "$HTTP_BODY" 'href="/staff/groups"' "...but links the groups (read-only)"
check_contains "$HTTP_BODY" 'href="/staff/bookings"' "...and the bookings, every staff member's"
req "$jc" "$P" acme.test /staff/bookings
check_eq "$HTTP_STATUS" 200 "plain staff open the bookings and block-offs"
check_contains "$HTTP_BODY" 'class="booking-new"' "...with the form for a manual booking"
req "$js" "$P" acme.test /staff/
check_contains "$HTTP_BODY" 'href="/staff/audit"' "an admin's home links the audit log"
check_contains "$HTTP_BODY" 'href="/staff/team"' "...and the staff list"

# --- Read-only views for plain staff. ---
req "$jc" "$P" acme.test /staff/groups
check_eq "$HTTP_STATUS" 200 "plain staff list the groups"
check_contains "$HTTP_BODY" "<tr data-group=\"$CLEANERS\">" "...seeing every group"
check_not_contains "$HTTP_BODY" 'action="/staff/groups/new"' "...without the create form"
check_not_contains "$HTTP_BODY" 'action="/staff/groups/default"' "...without Make default"
check_not_contains "$HTTP_BODY" 'action="/staff/groups/delete"' "...without Delete"
check_contains "$HTTP_BODY" "Only admins can change this." "...with a note saying why"
tidy_ok "the read-only groups page passes tidy"
req "$jc" "$P" acme.test "/staff/groups/edit?group=$OWNERS"
check_eq "$HTTP_STATUS" 200 "plain staff open a group"
check_contains "$HTTP_BODY" '<li data-perm="statements.view">' "...seeing what it allows"
check_contains "$HTTP_BODY" '<p class="money">Owner revenue and payout only</p>' "...and its financial figures"
check_not_contains "$HTTP_BODY" '<form method="post" action="/staff/groups/edit"' "...without the edit form"
check_contains "$HTTP_BODY" "Only admins can change this." "...with the note"
tidy_ok "the read-only group page passes tidy"
req "$jc" "$P" acme.test "$PAGE"
check_eq "$HTTP_STATUS" 200 "plain staff open a portal user's access"
check_contains "$HTTP_BODY" "<tr data-grant=\"$GRANT1\">" "...seeing the grants"
for a in grants/add grants/edit grants/remove admin finance; do
	check_not_contains "$HTTP_BODY" "action=\"$PAGE/$a\"" "...without the form posting to $a"
done
check_contains "$HTTP_BODY" "Not a portal admin." "...with the admin switch as text"
check_contains "$HTTP_BODY" "The groups' settings." "...and the financial setting as text"
check_contains "$HTTP_BODY" "Only admins can change this." "...and the note"
tidy_ok "the read-only access page passes tidy"
req "$jc" "$P" acme.test "$PAGE/explain"
check_eq "$HTTP_STATUS" 200 "plain staff open Explain"
req "$js" "$P" acme.test "$PAGE"
for a in grants/add grants/edit grants/remove admin finance; do
	check_contains "$HTTP_BODY" "action=\"$PAGE/$a\"" "an admin's access page has the form posting to $a"
done
check_not_contains "$HTTP_BODY" "Only admins can change this." "...and no read-only note"

# --- The same POSTs from an admin go through (the refusals were the role's). ---
post_case "$js" "$P" "$ATOK" "$PAGE/admin|admin=1"
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=admin" "an admin makes the user portal admin"
check_eq "$(sql "SELECT is_admin FROM portal_users WHERE id = $ADA")" 1 "...saved"
post_case "$js" "$P" "$ATOK" "${CASES[0]}"
check_eq "$HTTP_STATUS" 303 "an admin creates the group plain staff could not"
check_eq "$(gid 'Clerk made')" "$(sql "SELECT MAX(id) FROM permission_groups WHERE tenant_id = $ACME")" "...saved"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor_kind = 'staff' AND actor_id NOT IN ($CLERK, $HELPER)")" 0 \
	"no admin request was refused"

# --- The system group: never the default, never where grants move. ---
req "$js" "$P" acme.test /staff/groups
# row GROUP: the groups table's row of GROUP, over all its lines.
row() {
	printf '%s\n' "$HTTP_BODY" | awk -v id="<tr data-group=\"$1\">" '
		index($0, id) { on = 1 } on { print } on && /<\/tr>/ { exit }'
}
check_contains "$(row "$CLEANERS")" "Make default" "an admin sees Make default on a portal group"
check_not_contains "$(row "$SYS")" "Make default" "...but not on the system group"
before=$(state)
req "$js" "$P" acme.test /staff/groups/default --data-urlencode "csrf=$ATOK" --data-urlencode "group=$SYS"
check_eq "$HTTP_STATUS" 409 "making Non-Portal Users the default is 409"
check_contains "$HTTP_BODY" "It cannot be the default group" "...saying why"
check_eq "$(state)" "$before" "...and the default is unchanged"
req "$js" "$P" acme.test /staff/groups/delete --data-urlencode "csrf=$ATOK" --data-urlencode "group=$CLEANERS"
check_eq "$HTTP_STATUS" 200 "deleting a group with grants asks where they go"
check_not_contains "$HTTP_BODY" "<option value=\"$SYS\">" "...never offering Non-Portal Users"
req "$js" "$P" acme.test /staff/groups/delete --data-urlencode "csrf=$ATOK" \
	--data-urlencode "group=$CLEANERS" --data-urlencode "move_to=$SYS"
check_eq "$HTTP_STATUS" 409 "moving grants to Non-Portal Users is 409"
check_contains "$HTTP_BODY" "Grants cannot move to it" "...saying why"
check_eq "$(state)" "$before" "...nothing moved or deleted"
req "$js" "$P" acme.test /staff/groups/delete --data-urlencode "csrf=$ATOK" \
	--data-urlencode "group=$CLEANERS" --data-urlencode "move_to=$OWNERS"
check_eq "$HTTP_STATUS" 303 "moving them to a portal group and deleting works"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants WHERE group_id = $SYS")" 0 "the system group holds no grant"

# --- The admin reads the refusals in the audit log. ---
req "$js" "$P" acme.test "/staff/audit?action=access.denied"
check_eq "$HTTP_STATUS" 200 "the audit page filters on access.denied"
check_contains "$HTTP_BODY" "POST $PAGE/finance needs admin" "...showing the refused requests"
check_contains "$HTTP_BODY" "clerk@acme.test" "...and who made them"
