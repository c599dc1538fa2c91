#!/usr/bin/env bash
# porch — integration test of a portal user's access page and Explain through nginx:
# grants over a customer, all properties and one property, with an expiry, removed
# again (seen by the user's next request in the same session); a grant edited in
# place (group, scope, last day; one audit entry with before and after, nothing
# written when nothing differs, the notify.bookings rule, through nginx and Apache);
# portal admin with and without hidden reports; the financial override; Explain
# naming the group a permission comes from; input errors, tenant isolation, CSRF,
# the audit log and portal users kept out. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

stack_setup --fixture acme --fixture beta
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user beta 'Ada Owner' ada@beta.test "$PW_OWNER"
stack_portal_user acme 'Bo Owner' bo@acme.test "$PW_OWNER"
stack_serve --apache

# A group that shows the calendar and no money, next to the default "Owners".
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level,
	field_filter, field_list) VALUES ($ACME, 'Cleaners', 'calendar.view', 'none', 'all', '')"
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
BADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $BETA AND login = 'ada@beta.test'")
gid() { sql "SELECT id FROM permission_groups WHERE tenant_id = $1 AND name = '$2'"; }
cid() { sql "SELECT id FROM customers WHERE tenant_id = $1 AND name = '$2'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $1 AND name = '$2'"; }
OWNERS=$(gid "$ACME" Owners)
CLEANERS=$(gid "$ACME" Cleaners)
SYS=$(gid "$ACME" 'Non-Portal Users')
BGROUP=$(gid "$BETA" Owners)
ADA_C=$(cid "$ACME" 'Ada Owner')
BADA_C=$(cid "$BETA" 'Ada Owner')
LOFT=$(pid "$ACME" 'Bo Loft')
BLOFT=$(pid "$BETA" 'Bo Loft')
ngrants() { sql "SELECT COUNT(*) FROM access_grants WHERE portal_user_id = $1"; }
# The user's row as staff set it: admin, hide reports, override.
urow() { sql "SELECT CONCAT_WS('|', is_admin, hide_reports, IFNULL(fin_override_level, '-'), IFNULL(fin_override_filter, '-'), IFNULL(fin_override_fields, '-')) FROM portal_users WHERE id = $1"; }
PAGE=/staff/portal-users/$ADA
# spost PATH ARGS...: a staff POST with the CSRF token of Ada's page.
spost() { csrf_post "$js" "$PAGE" "$@"; }
# dash: Ada's /portal (the page in HTTP_BODY) and in DASH the property names it
# lists, joined by commas.
dash() {
	req "$ja" "$P" acme.test /portal
	DASH=$(printf '%s\n' "$HTTP_BODY" |
		sed -n 's/.*<li class="property"[^>]*><strong>\([^<]*\)<.*/\1/p' | paste -sd, -)
}
# section NAME: the Explain section of property NAME (from the last page fetched).
section() {
	printf '%s\n' "$HTTP_BODY" | awk -v id="data-property=\"$1\"" '
		index($0, id) { on = 1 } on { print } on && /<\/section>/ { exit }'
}
# perm_row NAME: the row of permission NAME within $SEC.
perm_row() { printf '%s\n' "$SEC" | grep "data-perm=\"$1\"" || true; }

# --- Portal users never reach the staff pages. ---
ja=$(jar ada)
owner_signs_in "$ja" ada@acme.test
check_eq "$HTTP_STATUS" 303 "the portal user signs in"
dash
check_eq "$DASH" "" "without a grant /portal lists no property"
check_contains "$HTTP_BODY" "nothing to show here yet" "...and says so"
req "$ja" "$P" acme.test "$PAGE"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" \
	"a portal user opening the access page is sent to staff sign-in"
req "$ja" "$P" acme.test "$PAGE/explain"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" "...and Explain too"
req "$ja" "$P" acme.test /portal
tok=$(csrf_of "$HTTP_BODY")
req "$ja" "$P" acme.test "$PAGE/admin" --data-urlencode "csrf=$tok" --data-urlencode admin=1
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" \
	"a portal user cannot make themself portal admin"
check_eq "$(urow "$ADA")" "0|0|-|-|-" "...nothing changed"

# --- The page. ---
js=$(jar staff)
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "staff signs in"
req "$js" "$P" acme.test /staff/portal-users
check_contains "$HTTP_BODY" "<a href=\"/staff/portal-users/$ADA\">ada@acme.test</a>" \
	"the roster links each portal user to their access page"
req "$js" "$P" acme.test "$PAGE"
check_eq "$HTTP_STATUS" 200 "staff open the access page"
check_contains "$HTTP_BODY" '<dd class="login">ada@acme.test</dd>' "it shows the login"
check_contains "$HTTP_BODY" '<dd class="customer">Ada Owner</dd>' "...the customer"
check_contains "$HTTP_BODY" '<dd class="status">active</dd>' "...the status"
check_contains "$HTTP_BODY" "No grants" "...and that there is no grant"
check_contains "$HTTP_BODY" "<option value=\"$CLEANERS\">Cleaners</option>" "the group select lists the tenant's groups"
check_not_contains "$HTTP_BODY" "Non-Portal Users" "...but not the system group"
check_contains "$HTTP_BODY" "<option value=\"$LOFT\">Bo Loft (Bo Owner)</option>" "the property select names the owner"
check_contains "$HTTP_BODY" 'name="override" value="groups" checked' "the override form starts on the groups' settings"
check_contains "$HTTP_BODY" 'name="field" value="payout"' "...with the financial field checkboxes of the group form"
tidy_ok "the access page passes tidy"

# --- A customer grant: exactly that customer's properties. ---
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=customer \
	--data-urlencode "customer=$ADA_C" --data-urlencode expires=
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=added" "staff add a customer grant"
req "$js" "$P" acme.test "$(http_header Location)"
check_contains "$HTTP_BODY" "The grant was added" "...with a notice"
check_match "$HTTP_BODY" '<td>Owners</td><td>Customer: Ada Owner</td><td>no expiry' "...and the grants table shows it"
tidy_ok "the page with a grant passes tidy"
dash
check_eq "$DASH" "Ada Beach House,Ada Cabin" "the user's next request lists exactly that customer's properties"
G1=$(sql "SELECT MAX(id) FROM access_grants WHERE portal_user_id = $ADA")

# --- Removing it: gone on the next request of the same session. ---
spost "$PAGE/grants/remove" --data-urlencode "grant=$G1"
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=removed" "staff remove the grant"
check_eq "$(ngrants "$ADA")" 0 "...it is gone from the database"
dash
check_eq "$DASH" "" "...and from the user's next request, in the same session"
check_contains "$HTTP_BODY" "nothing to show here yet" "...which still answers, with no property"

# --- "All" and one property. ---
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=all \
	--data-urlencode "customer=$ADA_C" --data-urlencode "property=$LOFT"
check_eq "$HTTP_STATUS" 303 "staff add an all-properties grant"
check_eq "$(sql "SELECT CONCAT_WS('|', scope, IFNULL(customer_id, '-'), IFNULL(property_id, '-')) FROM access_grants WHERE portal_user_id = $ADA")" \
	"all|-|-" "...stored without customer or property"
dash
check_eq "$DASH" "Ada Beach House,Ada Cabin,Bo Loft" "...the user sees every property of the tenant"
spost "$PAGE/grants/remove" --data-urlencode "grant=$(sql "SELECT MAX(id) FROM access_grants WHERE portal_user_id = $ADA")"
spost "$PAGE/grants/add" --data-urlencode "group=$CLEANERS" --data-urlencode scope=property \
	--data-urlencode "property=$LOFT" --data-urlencode expires=2099-12-31
check_eq "$HTTP_STATUS" 303 "staff add a property grant with a last day"
dash
check_eq "$DASH" "Bo Loft" "...the user sees that one property"
check_eq "$(sql "SELECT DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i') FROM access_grants WHERE portal_user_id = $ADA")" \
	"2100-01-01 00:00" "...the last day is stored as the first instant after it (UTC)"
req "$js" "$P" acme.test "$PAGE"
check_match "$HTTP_BODY" '<td>Cleaners</td><td>Property: Bo Loft \(Bo Owner\)</td><td>through <time datetime="2099-12-31">Thu 31 Dec 2099</time></td>' \
	"...and shown as the last day"

# --- A grant whose last day is past gives nothing. ---
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=customer \
	--data-urlencode "customer=$ADA_C" --data-urlencode expires=2020-01-31
check_eq "$HTTP_STATUS" 303 "staff add a grant whose last day is past"
dash
check_eq "$DASH" "Bo Loft" "...the user sees nothing more"
req "$js" "$P" acme.test "$PAGE"
check_match "$HTTP_BODY" 'Customer: Ada Owner</td><td>through <time datetime="2020-01-31">Fri 31 Jan 2020</time> <span class="marker expired">expired</span>' \
	"...the page marks it expired"
stack_grant acme ada@acme.test Owners all 'UTC_TIMESTAMP() - INTERVAL 1 HOUR'
dash
check_eq "$DASH" "Bo Loft" "an 'all' grant that expired an hour ago gives nothing either"
sql "DELETE FROM access_grants WHERE portal_user_id = $ADA AND scope = 'all'"

# --- Explain. ---
req "$js" "$P" acme.test "$PAGE/explain"
check_eq "$HTTP_STATUS" 200 "staff open Explain"
tidy_ok "Explain passes tidy"
SEC=$(section "$LOFT")
check_contains "$(perm_row calendar.view)" "<td class=\"yes\">✓</td><td>group <strong class=\"group\">Cleaners</strong>" \
	"Explain: calendar.view on Bo Loft held, from the group Cleaners"
check_contains "$(perm_row calendar.view)" "Property: Bo Loft (Bo Owner)" "...by the property grant"
check_contains "$(perm_row statements.view)" '<td class="no">—</td>' "...statements.view not held: —"
check_contains "$SEC" '<span class="fin-none">none</span>' "...no financial field (Cleaners shows none)"
check_eq "$(section "$(pid "$ACME" 'Ada Cabin')")" "" "a property no live grant covers is not listed"
check_contains "$HTTP_BODY" "Properties not listed here give this user nothing" "...and the page says what that means"
check_match "$HTTP_BODY" '<ul class="expired">.*' "expired grants are listed"
check_contains "$HTTP_BODY" "group Owners over Customer: Ada Owner, expired after <time datetime=\"2020-01-31\">Fri 31 Jan 2020</time>" "...as giving nothing"

# --- Financial override: saved, shown on the page and on Explain. ---
spost "$PAGE/finance" --data-urlencode override=user --data-urlencode level=all \
	--data-urlencode filter=except --data-urlencode field=payout
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=finance" "staff set a financial override"
check_eq "$(urow "$ADA")" "0|0|all|except|payout" "...stored on the user"
req "$js" "$P" acme.test "$PAGE"
check_contains "$HTTP_BODY" 'name="override" value="user" checked' "...the form shows it"
check_contains "$HTTP_BODY" 'name="field" value="payout" checked' "...with its field ticked"
req "$js" "$P" acme.test "$PAGE/explain"
check_contains "$HTTP_BODY" "this user's own setting (All financial figures, except payout) replaces the groups' settings" \
	"Explain says the override replaced the groups' settings"
SEC=$(section "$LOFT")
check_contains "$SEC" 'class="fin-base_rate"' "...Bo Loft now shows base_rate"
check_not_contains "$SEC" 'class="fin-payout"' "...but not payout"
check_not_contains "$SEC" 'fin-none' "...no longer none"
spost "$PAGE/finance" --data-urlencode override=groups
check_eq "$(urow "$ADA")" "0|0|-|-|-" "back to the groups' settings: the override is cleared"

# --- Portal admin, with and without hidden reports. ---
spost "$PAGE/admin" --data-urlencode admin=1
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=admin" "staff make the user portal admin"
dash
check_eq "$DASH" "Ada Beach House,Ada Cabin,Bo Loft" "a portal admin sees every property"
check_contains "$HTTP_BODY" 'href="/portal/reports"' "...and the Reports link"
spost "$PAGE/admin" --data-urlencode admin=1 --data-urlencode hide_reports=1
check_eq "$(urow "$ADA")" "1|1|-|-|-" "staff hide reports"
dash
check_eq "$DASH" "Ada Beach House,Ada Cabin,Bo Loft" "...the admin still sees every property"
check_not_contains "$HTTP_BODY" 'href="/portal/reports"' "...but no Reports link"
req "$js" "$P" acme.test "$PAGE/explain"
tidy_ok "Explain of a portal admin passes tidy"
SEC=$(section "$(pid "$ACME" 'Ada Cabin')")
check_contains "$(perm_row notes.add)" "portal admin" "Explain names portal admin as the source"
check_contains "$(perm_row reports.view)" '<td class="no">—</td><td>portal admin with reports hidden' \
	"...and reports.view withheld by hide reports"
spost "$PAGE/admin"
check_eq "$(urow "$ADA")" "0|0|-|-|-" "unticking both ends portal admin"
dash
check_eq "$DASH" "Bo Loft" "...and the grants apply again"

# --- Input errors. ---
n=$(ngrants "$ADA")
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=all \
	--data-urlencode expires=2027-02-30
check_eq "$HTTP_STATUS" 400 "a last day that does not exist is a 400"
check_contains "$HTTP_BODY" "The last day must be a date written YYYY-MM-DD" "...saying what was wrong"
tidy_ok "the 400 page passes tidy"
check_eq "$(ngrants "$ADA")" "$n" "...and nothing was added"
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=everything
check_eq "$HTTP_STATUS" 400 "an unknown scope is a 400"
check_contains "$HTTP_BODY" "Choose what the grant covers" "...saying what was wrong"
spost "$PAGE/finance" --data-urlencode override=user --data-urlencode level=most \
	--data-urlencode filter=all
check_eq "$HTTP_STATUS" 400 "an unknown financial level is a 400"
check_eq "$(urow "$ADA")" "0|0|-|-|-" "...nothing changed"

# --- Another tenant's ids: 404, nothing changed. ---
spost "$PAGE/grants/add" --data-urlencode "group=$BGROUP" --data-urlencode scope=all
check_eq "$HTTP_STATUS" 404 "another tenant's group is a 404"
spost "$PAGE/grants/add" --data-urlencode "group=$SYS" --data-urlencode scope=all
check_eq "$HTTP_STATUS" 404 "the system group is a 404"
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=customer \
	--data-urlencode "customer=$BADA_C"
check_eq "$HTTP_STATUS" 404 "another tenant's customer is a 404"
spost "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=property \
	--data-urlencode "property=$BLOFT"
check_eq "$HTTP_STATUS" 404 "another tenant's property is a 404"
check_eq "$(ngrants "$ADA")" "$n" "...none of them added a grant"
stack_grant beta ada@beta.test Owners all
BG=$(sql "SELECT MAX(id) FROM access_grants WHERE portal_user_id = $BADA")
spost "$PAGE/grants/remove" --data-urlencode "grant=$BG"
check_eq "$HTTP_STATUS" 404 "another tenant's grant id is a 404"
check_eq "$(ngrants "$BADA")" 1 "...and it is still there"
req "$js" "$P" acme.test "/staff/portal-users/$BADA"
check_eq "$HTTP_STATUS" 404 "another tenant's user is a 404"
check_not_contains "$HTTP_BODY" "ada@beta.test" "...that names nobody"
req "$js" "$P" acme.test "/staff/portal-users/$BADA/explain"
check_eq "$HTTP_STATUS" 404 "...their Explain too"
spost "/staff/portal-users/$BADA/admin" --data-urlencode admin=1
check_eq "$HTTP_STATUS" 404 "posting to another tenant's user is a 404"
check_eq "$(urow "$BADA")" "0|0|-|-|-" "...and changes nothing"
req "$js" "$P" acme.test "/staff/portal-users/999999"
check_eq "$HTTP_STATUS" 404 "an unknown user is a 404"
req "$js" "$P" acme.test "/staff/portal-users/x1"
check_eq "$HTTP_STATUS" 404 "a malformed id is a 404"

# --- CSRF. ---
req "$js" "$P" acme.test "$PAGE/admin" --data-urlencode admin=1
check_eq "$HTTP_STATUS" 403 "a change without the CSRF token is a 403"
check_eq "$(urow "$ADA")" "0|0|-|-|-" "...and changes nothing"
req "$js" "$P" acme.test "$PAGE/grants/add" --data-urlencode "group=$OWNERS" --data-urlencode scope=all
check_eq "$HTTP_STATUS" 403 "adding a grant without the CSRF token is a 403"
check_eq "$(ngrants "$ADA")" "$n" "...and adds nothing"

# --- Audit. ---
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = '$1' AND actor_kind = 'staff' AND target_kind = 'portal_user' AND target_id = $ADA"; }
check_eq "$(audits grant.add)" 4 "every grant added is audited by staff on the user"
check_eq "$(audits grant.remove)" 2 "...every grant removed"
check_eq "$(audits user.portal_admin)" 3 "...every portal-admin change"
check_eq "$(audits user.fin_override)" 2 "...every override change"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'grant.add' AND target_id = $ADA ORDER BY id LIMIT 1")" \
	"grant=$G1 group=$OWNERS scope=customer customer=$ADA_C property=0 expires=none" "...with what was granted"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'user.fin_override' AND target_id = $ADA ORDER BY id LIMIT 1")" \
	"level=all filter=except fields=payout" "...and the override set"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $BETA AND action LIKE 'grant.%'")" 0 \
	"nothing was audited in the other tenant"

# --- A grant edited in place. ---
GE=$(sql "SELECT id FROM access_grants WHERE portal_user_id = $ADA AND scope = 'property'")
grow() { sql "SELECT CONCAT_WS('|', group_id, scope, IFNULL(customer_id, '-'), IFNULL(property_id, '-'), IFNULL(DATE_FORMAT(expires_at, '%Y-%m-%d'), '-')) FROM access_grants WHERE id = $1"; }
edits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'grant.edit'"; }
req "$js" "$P" acme.test "$PAGE"
check_contains "$HTTP_BODY" "<input type=\"hidden\" name=\"grant\" value=\"$GE\">" \
	"each grant row has an edit form naming the grant"
check_contains "$HTTP_BODY" "action=\"$PAGE/grants/edit\"" "...posting to grants/edit"
check_contains "$HTTP_BODY" "<option value=\"$LOFT\" selected>Bo Loft (Bo Owner)</option>" \
	"...showing the grant's property chosen"
check_contains "$HTTP_BODY" "id=\"grant-$GE-expires\" name=\"expires\" type=\"date\" value=\"2099-12-31\"" \
	"...and its last day"
tidy_ok "the access page with edit forms passes tidy"
dash
check_eq "$DASH" "Bo Loft" "before the edit the user sees the one property"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=customer --data-urlencode "customer=$ADA_C" \
	--data-urlencode "property=$LOFT" --data-urlencode expires=
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=edited" \
	"staff change the grant's group, scope and last day"
check_eq "$(grow "$GE")" "$OWNERS|customer|$ADA_C|-|-" "...the same grant now gives that"
req "$js" "$P" acme.test "$(http_header Location)"
check_contains "$HTTP_BODY" "The grant was changed" "...with a notice"
dash
check_eq "$DASH" "Ada Beach House,Ada Cabin" "the user's next page follows the new scope, in the same session"
check_eq "$(edits)" 1 "the edit is one audit entry"
check_eq "$(sql "SELECT CONCAT_WS('|', actor_kind, target_kind, target_id, detail) FROM audit_log WHERE action = 'grant.edit'")" \
	"staff|portal_user|$ADA|grant=$GE before: group=$CLEANERS scope=property customer=0 property=$LOFT expires=2099-12-31 after: group=$OWNERS scope=customer customer=$ADA_C property=0 expires=none" \
	"...by staff on the user, with what the grant gave before and after"
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME")
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=customer --data-urlencode "customer=$ADA_C" --data-urlencode expires=
check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=unchanged" "saving the grant unchanged goes back to the page"
req "$js" "$P" acme.test "$(http_header Location)"
check_contains "$HTTP_BODY" "nothing was changed" "...saying nothing changed"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME")" "$n" "...and writes no audit entry"
check_eq "$(grow "$GE")" "$OWNERS|customer|$ADA_C|-|-" "...nor the grant"

# Through Apache: the edit and the user's next page.
apache_edit() {
	csrf_post_at "$js" "$APACHE_PORT" acme.test "$PAGE" "$PAGE/grants/edit" \
		--data-urlencode "grant=$GE" --data-urlencode "group=$CLEANERS" \
		--data-urlencode scope=property --data-urlencode "property=$LOFT" \
		--data-urlencode expires=2099-06-30
	check_eq "$HTTP_STATUS $(http_header Location)" "303 $PAGE?done=edited" "apache: staff edit the grant"
	check_eq "$(grow "$GE")" "$CLEANERS|property|-|$LOFT|2099-07-01" "apache: ...saved"
	http_req "$APACHE_PORT" acme.test /portal -b "$ja"
	check_contains "$HTTP_BODY" "Bo Loft" "apache: the user's next page shows the new property"
	check_not_contains "$HTTP_BODY" "Ada Cabin" "apache: ...and no longer the customer's"
}
apache_edit

# Bad input: 400 with a sentence, nothing written.
before=$(grow "$GE")
n=$(edits)
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=all --data-urlencode expires=2027-13-01
check_eq "$HTTP_STATUS" 400 "an edit with a last day that is no day is a 400"
check_contains "$HTTP_BODY" "The last day must be a date written YYYY-MM-DD" "...saying what was wrong"
tidy_ok "the edit's 400 page passes tidy"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=somewhere
check_eq "$HTTP_STATUS" 400 "an edit with an unknown scope is a 400"
check_contains "$HTTP_BODY" "Choose what the grant covers" "...saying what was wrong"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=property
check_eq "$HTTP_STATUS" 400 "an edit to one property without naming it is a 400"
check_contains "$HTTP_BODY" "Choose the property the grant covers." "...saying so"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode scope=all
check_eq "$HTTP_STATUS" 400 "an edit without a group is a 400"
check_eq "$(grow "$GE") $(edits)" "$before $n" "...none of them changed the grant or wrote an entry"

# Another user's grant, another tenant's group or property: 404.
stack_grant acme bo@acme.test Cleaners property:'Bo Loft'
BO=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'bo@acme.test'")
BOG=$(sql "SELECT MAX(id) FROM access_grants WHERE portal_user_id = $BO")
spost "$PAGE/grants/edit" --data-urlencode "grant=$BOG" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=all
check_eq "$HTTP_STATUS" 404 "editing another user's grant through this user's page is a 404"
check_eq "$(grow "$BOG")" "$CLEANERS|property|-|$LOFT|-" "...it is unchanged"
spost "$PAGE/grants/edit" --data-urlencode "grant=$BG" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=all
check_eq "$HTTP_STATUS" 404 "another tenant's grant is a 404"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$BGROUP" \
	--data-urlencode scope=all
check_eq "$HTTP_STATUS" 404 "moving the grant to another tenant's group is a 404"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$SYS" \
	--data-urlencode scope=all
check_eq "$HTTP_STATUS" 404 "...to the system group too"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=property --data-urlencode "property=$BLOFT"
check_eq "$HTTP_STATUS" 404 "...over another tenant's property too"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$OWNERS" \
	--data-urlencode scope=customer --data-urlencode "customer=$BADA_C"
check_eq "$HTTP_STATUS" 404 "...over another tenant's customer too"
check_eq "$(grow "$GE") $(edits) $(grow "$BG")" "$before $n $(grow "$BG")" "...nothing changed"

# notify.bookings: an edit that would give it to a second user of a property is 409.
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level,
	field_filter, field_list) VALUES ($ACME, 'Notified', 'calendar.view,notify.bookings', 'none', 'all', '')"
NOTIFIED=$(gid "$ACME" Notified)
sql "UPDATE access_grants SET group_id = $NOTIFIED WHERE id = $BOG"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$NOTIFIED" \
	--data-urlencode scope=all
check_eq "$HTTP_STATUS" 409 "an edit giving notify.bookings where another user holds it is a 409"
check_contains "$HTTP_BODY" "bo@acme.test holds it already for Bo Loft" "...naming the holder"
check_contains "$HTTP_BODY" "Nothing was changed." "...and saying nothing changed"
check_eq "$(grow "$GE") $(edits)" "$before $n" "...and nothing was written"
spost "$PAGE/grants/edit" --data-urlencode "grant=$GE" --data-urlencode "group=$NOTIFIED" \
	--data-urlencode scope=customer --data-urlencode "customer=$ADA_C"
check_eq "$HTTP_STATUS $(grow "$GE")" "303 $NOTIFIED|customer|$ADA_C|-|-" \
	"...while over properties no one else is notified for it is saved"

# CSRF.
before=$(grow "$GE")
req "$js" "$P" acme.test "$PAGE/grants/edit" --data-urlencode "grant=$GE" \
	--data-urlencode "group=$OWNERS" --data-urlencode scope=all
check_eq "$HTTP_STATUS" 403 "an edit without the CSRF token is a 403"
check_eq "$(grow "$GE")" "$before" "...and changes nothing"
