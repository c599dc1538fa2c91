#!/usr/bin/env bash
# porch — integration test of the staff pages for permission groups through nginx:
# the groups a new tenant starts with, listing, creating, renaming and editing,
# choosing the default, the undeletable system group, deleting with grants moved,
# input errors, tenant isolation, portal users kept out, CSRF and the audit log.
# TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl

stack_db_up
{
	stack_tenant acme "Acme Rentals" acme.test
	stack_tenant beta "Beta Homes" beta.test
	printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme office@acme.test --admin
} >"$T/setup.out" 2>&1
stack_portal_user acme 'Owner One' owner@acme.test "$PW_OWNER"
stack_serve

ACME=$(sql "SELECT id FROM tenants WHERE slug = 'acme'")
gid() { sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = '$1'"; }
ngroups() { sql "SELECT COUNT(*) FROM permission_groups WHERE tenant_id = $ACME"; }
# gpost PATH ARGS...: a staff POST with the CSRF token of the groups page.
gpost() { csrf_post "$js" /staff/groups "$@"; }
# row_of ID: the list's table row of group ID (from the last page fetched).
row_of() { printf '%s\n' "$HTTP_BODY" | grep "<tr data-group=\"$1\">" || true; }

# --- porchctl tenant add made the system and the default group. ---
check_eq "$(sql "SELECT CONCAT(name, '|', permissions, '|', financial_level, '|', is_default) FROM permission_groups WHERE tenant_id = $ACME AND is_system = 1")" \
	"Non-Portal Users|calendar.view|none|0" "tenant add made the system group Non-Portal Users (calendar.view)"
check_eq "$(sql "SELECT CONCAT(name, '|', is_system) FROM permission_groups WHERE tenant_id = $ACME AND is_default = 1")" \
	"Owners|0" "...and one default group"
check_eq "$(sql "SELECT COUNT(*) FROM permission_groups g JOIN tenants t ON t.id = g.tenant_id WHERE t.slug = 'beta' AND (g.is_system = 1 OR g.is_default = 1)")" \
	2 "every tenant gets both"
SYS=$(gid 'Non-Portal Users')
OWNERS=$(gid Owners)
BETA_GROUP=$(sql "SELECT g.id FROM permission_groups g JOIN tenants t ON t.id = g.tenant_id WHERE t.slug = 'beta' AND g.is_default = 1")

# --- Staff only. ---
js=$(fresh_jar staff)
check_needs_staff "$js" /staff/groups
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "staff signs in"
req "$js" "$P" acme.test /staff/
check_contains "$HTTP_BODY" 'href="/staff/groups"' "the staff home links to the groups"
req "$js" "$P" acme.test /staff/groups
check_eq "$HTTP_STATUS" 200 "staff lists the groups"
check_contains "$(row_of "$SYS")" "Non-Portal Users" "the list shows the system group"
check_contains "$(row_of "$SYS")" 'class="marker system"' "...marked as system"
check_not_contains "$(row_of "$SYS")" 'action="/staff/groups/delete"' "...without a delete button"
check_contains "$(row_of "$OWNERS")" 'class="marker default"' "the default group is marked"
check_contains "$(row_of "$OWNERS")" "See the calendar, read owner statements, open public documents" \
	"...with its permissions by name"
check_contains "$(row_of "$OWNERS")" "Owner revenue and payout only" "...and its financial level"
check_not_contains "$(row_of "$OWNERS")" "calendar.view" "...never by the catalog's names"
check_contains "$HTTP_BODY" 'value="notify.bookings"' "the create form has a checkbox per permission"
check_contains "$HTTP_BODY" 'value="payout"' "...and per financial field"
tidy_ok "the groups page passes tidy"

# --- CSRF missing: 403, nothing written. ---
n=$(ngroups)
req "$js" "$P" acme.test /staff/groups/new --data-urlencode "name=Sneaky" \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 403 "creating a group without the CSRF token is 403"
check_eq "$(ngroups)" "$n" "...and nothing was written"

# --- Create. ---
gpost /staff/groups/new --data-urlencode "name=Cleaners" --data-urlencode "perm=calendar.view" \
	--data-urlencode "perm=booking.guest_name" --data-urlencode "level=none" \
	--data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "creating a group redirects"
check_eq "$(http_header Location)" "/staff/groups?done=created" "...saying it was created"
CLEAN=$(gid Cleaners)
check_eq "$(sql "SELECT CONCAT(permissions, '|', financial_level, '|', field_filter, '|', is_default, is_system) FROM permission_groups WHERE id = $CLEAN")" \
	"calendar.view,booking.guest_name|none|all|00" "the group has the ticked permissions"
gpost /staff/groups/new --data-urlencode "name=Accountants" --data-urlencode "perm=statements.view" \
	--data-urlencode "perm=export.csv" --data-urlencode "level=all" \
	--data-urlencode "filter=except" --data-urlencode "field=payout" \
	--data-urlencode "field=channel_commission"
check_eq "$HTTP_STATUS" 303 "creating a group with a field filter redirects"
ACCT=$(gid Accountants)
check_eq "$(sql "SELECT CONCAT(financial_level, '|', field_filter, '|', field_list) FROM permission_groups WHERE id = $ACCT")" \
	"all|except|channel_commission,payout" "the financial level, filter and fields are stored"
gpost /staff/groups/new --data-urlencode "name=Co-hosts" --data-urlencode "perm=calendar.view" \
	--data-urlencode "perm=booking.guest_edit" --data-urlencode "perm=bookings.create" \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "a group with the two booking permissions is created"
check_eq "$(sql "SELECT permissions FROM permission_groups WHERE id = $(gid Co-hosts)")" \
	"calendar.view,bookings.create,booking.guest_edit" "...stored in catalog order, last in the SET"
req "$js" "$P" acme.test /staff/groups
check_contains "$HTTP_BODY" 'value="bookings.create"' "the group form offers bookings.create"
check_contains "$HTTP_BODY" 'value="booking.guest_edit"' "...and booking.guest_edit"
req "$js" "$P" acme.test /staff/groups/delete --data-urlencode "group=$CLEAN"
check_eq "$HTTP_STATUS" 403 "deleting without the CSRF token is 403"
check_eq "$(gid Cleaners)" "$CLEAN" "...and the group is still there"
req "$js" "$P" acme.test "/staff/groups?done=created"
check_contains "$HTTP_BODY" "The group was created." "the list says it was created"
check_contains "$(row_of "$CLEAN")" "See the calendar, see guests&#39; names" "the list shows the new group's permissions"
check_contains "$(row_of "$ACCT")" "All financial figures, except channel commission, payout" "...and its field filter"

# --- Bad input: a clear error, nothing written. ---
n=$(ngroups)
gpost /staff/groups/new --data-urlencode "name=cleaners" --data-urlencode "level=none" \
	--data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 409 "a duplicate name (any case) is 409"
check_contains "$HTTP_BODY" "A group with that name already exists" "...with a message on the page"
check_contains "$HTTP_BODY" 'value="cleaners"' "...and the form keeps what was typed"
gpost /staff/groups/new --data-urlencode "name=   " --data-urlencode "level=none" \
	--data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 400 "an empty name is 400"
check_contains "$HTTP_BODY" "A group needs a name." "...with a message"
gpost /staff/groups/new --data-urlencode "name=Admins" --data-urlencode "perm=admin.all" \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 400 "an unknown permission is 400"
check_contains "$HTTP_BODY" "not a permission porch knows" "...with a message"
gpost /staff/groups/new --data-urlencode "name=Rich" --data-urlencode "level=everything" \
	--data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 400 "an unknown financial level is 400"
gpost /staff/groups/new --data-urlencode "name=Rich" --data-urlencode "level=all" \
	--data-urlencode "filter=only" --data-urlencode "field=tips"
check_eq "$HTTP_STATUS" 400 "an unknown financial field is 400"
gpost /staff/groups/new --data-urlencode "name=$(printf 'x%.0s' $(seq 101))" \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 400 "a name over 100 characters is 400"
check_contains "$HTTP_BODY" "at most 100 characters" "...with a message"
check_eq "$(ngroups)" "$n" "no bad request wrote anything"
gpost /staff/groups/new --data-urlencode "name=$(printf 'é%.0s' $(seq 100))" \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "100 two-byte characters are a valid name"
gpost /staff/groups/new --data-urlencode 'name=<b>Crew & "Co"</b>' \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "a name with markup characters is accepted"
req "$js" "$P" acme.test /staff/groups
check_contains "$HTTP_BODY" '&lt;b&gt;Crew &amp; &quot;Co&quot;&lt;/b&gt;' "...and shown escaped"
check_not_contains "$HTTP_BODY" '<b>Crew' "...never as markup"

# --- Rename and edit. ---
req "$js" "$P" acme.test "/staff/groups/edit?group=$CLEAN"
check_eq "$HTTP_STATUS" 200 "the edit page opens"
check_contains "$HTTP_BODY" 'value="booking.guest_name" checked' "...with the group's permissions ticked"
check_not_contains "$HTTP_BODY" 'value="notes.add" checked' "...and the others not"
tidy_ok "the edit page passes tidy"
gpost /staff/groups/edit --data-urlencode "group=$CLEAN" --data-urlencode "name=Cleaning crew" \
	--data-urlencode "perm=calendar.view" --data-urlencode "perm=notes.view" \
	--data-urlencode "level=owner_revenue" --data-urlencode "filter=only" \
	--data-urlencode "field=owner_revenue"
check_eq "$HTTP_STATUS" 303 "saving an edited group redirects"
check_eq "$(http_header Location)" "/staff/groups?done=updated" "...saying it was saved"
check_eq "$(sql "SELECT CONCAT(name, '|', permissions, '|', financial_level, '|', field_filter, '|', field_list) FROM permission_groups WHERE id = $CLEAN")" \
	"Cleaning crew|calendar.view,notes.view|owner_revenue|only|owner_revenue" "the rename and the new rights are stored"
req "$js" "$P" acme.test /staff/groups
check_contains "$(row_of "$CLEAN")" "Cleaning crew" "the list shows the new name"
check_not_contains "$HTTP_BODY" ">Cleaners<" "...not the old one"
gpost /staff/groups/edit --data-urlencode "group=$CLEAN" --data-urlencode "name=Owners" \
	--data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 409 "renaming to another group's name is 409"
check_contains "$HTTP_BODY" "Another group already has that name" "...with a message"
check_eq "$(sql "SELECT name FROM permission_groups WHERE id = $CLEAN")" "Cleaning crew" "...and nothing changed"
gpost /staff/groups/edit --data-urlencode "group=$CLEAN" --data-urlencode "name=Cleaning crew" \
	--data-urlencode "perm=bookings.delete" --data-urlencode "level=none" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 400 "an unknown permission in an edit is 400"
check_eq "$(sql "SELECT permissions FROM permission_groups WHERE id = $CLEAN")" "calendar.view,notes.view" "...and nothing changed"

# The system group can be edited.
req "$js" "$P" acme.test "/staff/groups/edit?group=$SYS"
check_contains "$HTTP_BODY" "It can be edited, not deleted." "the system group's edit page says what it is"
gpost /staff/groups/edit --data-urlencode "group=$SYS" --data-urlencode "name=Non-Portal Users" \
	--data-urlencode "perm=calendar.view" --data-urlencode "perm=documents.public" \
	--data-urlencode "level=owner_revenue" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "the system group can be edited"
check_eq "$(sql "SELECT CONCAT(permissions, '|', financial_level, '|', is_system) FROM permission_groups WHERE id = $SYS")" \
	"calendar.view,documents.public|owner_revenue|1" "...and stays the system group"

# --- Default: exactly one, switched in one step. ---
gpost /staff/groups/default --data-urlencode "group=$CLEAN"
check_eq "$HTTP_STATUS" 303 "making another group the default redirects"
check_eq "$(sql "SELECT GROUP_CONCAT(id) FROM permission_groups WHERE tenant_id = $ACME AND is_default = 1")" \
	"$CLEAN" "exactly one default group: the new one"
req "$js" "$P" acme.test "/staff/groups?done=default"
check_contains "$(row_of "$CLEAN")" 'class="marker default"' "the list marks the new default"
check_not_contains "$(row_of "$OWNERS")" 'class="marker default"' "...and not the old one"
gpost /staff/groups/default --data-urlencode "group=$OWNERS"
check_eq "$(sql "SELECT GROUP_CONCAT(id) FROM permission_groups WHERE tenant_id = $ACME AND is_default = 1")" \
	"$OWNERS" "switching back leaves exactly one default again"

# --- Delete. ---
gpost /staff/groups/delete --data-urlencode "group=$SYS"
check_eq "$HTTP_STATUS" 409 "the system group cannot be deleted"
check_contains "$HTTP_BODY" "can be edited but not deleted" "...the page says why"
check_eq "$(gid 'Non-Portal Users')" "$SYS" "...and it is still there"
gpost /staff/groups/delete --data-urlencode "group=$OWNERS"
check_eq "$HTTP_STATUS" 409 "the default group cannot be deleted"
check_contains "$HTTP_BODY" "make another group the default" "...the page says what to do"

# A group with grants: the page asks where they go, then moves and deletes at once.
OWNER_USER=$(sql "SELECT id FROM portal_users WHERE login = 'owner@acme.test'")
OWNER_CUST=$(sql "SELECT customer_id FROM portal_users WHERE id = $OWNER_USER")
sql "INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope, customer_id)
	VALUES ($ACME, $OWNER_USER, $ACCT, 'customer', $OWNER_CUST);
     INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope)
	VALUES ($ACME, $OWNER_USER, $ACCT, 'all');"
req "$js" "$P" acme.test /staff/groups
check_match "$(row_of "$ACCT")" '<td class="grants">2</td>' "the list counts the group's grants"
owners_before=$(sql "SELECT COUNT(*) FROM access_grants WHERE group_id = $OWNERS")
gpost /staff/groups/delete --data-urlencode "group=$ACCT"
check_eq "$HTTP_STATUS" 200 "deleting a group with grants asks first"
check_contains "$HTTP_BODY" "2 access grants use this group" "...saying how many grants use it"
check_contains "$HTTP_BODY" 'name="move_to"' "...with a choice of group to move them to"
check_not_contains "$HTTP_BODY" "<option value=\"$ACCT\">" "...that does not offer the group itself"
tidy_ok "the move page passes tidy"
check_eq "$(gid Accountants)" "$ACCT" "asking deleted nothing"
gpost /staff/groups/delete --data-urlencode "group=$ACCT" --data-urlencode "move_to=$BETA_GROUP"
check_eq "$HTTP_STATUS" 404 "moving grants to another tenant's group is 404"
gpost /staff/groups/delete --data-urlencode "group=$ACCT" --data-urlencode "move_to=$ACCT"
check_eq "$HTTP_STATUS" 400 "moving grants to the group itself is 400"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants WHERE group_id = $ACCT")" 2 "...neither moved a grant"
gpost /staff/groups/delete --data-urlencode "group=$ACCT" --data-urlencode "move_to=$OWNERS"
check_eq "$HTTP_STATUS" 303 "moving the grants and deleting redirects"
check_eq "$(http_header Location)" "/staff/groups?done=deleted" "...saying it was deleted"
check_eq "$(gid Accountants)" "" "the group is gone"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants WHERE group_id = $OWNERS")" "$((owners_before + 2))" \
	"its grants moved to the chosen group"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants WHERE portal_user_id = $OWNER_USER AND group_id = $OWNERS AND scope IN ('customer', 'all')")" \
	"$((owners_before + 2))" "...with their scopes kept"
req "$js" "$P" acme.test /staff/groups
check_match "$(row_of "$OWNERS")" "<td class=\"grants\">$((owners_before + 2))</td>" "the list counts them there"

# Without grants: deleted at once.
TEMP=$(gid "$(printf 'é%.0s' $(seq 100))")
gpost /staff/groups/delete --data-urlencode "group=$TEMP" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "a group without grants is deleted at once"
check_eq "$(sql "SELECT COUNT(*) FROM permission_groups WHERE id = $TEMP")" 0 "...and is gone"

# --- Another tenant's group: 404 everywhere, nothing changed. ---
beta_before=$(sql "SELECT CONCAT(name, permissions, is_default) FROM permission_groups WHERE id = $BETA_GROUP")
req "$js" "$P" acme.test "/staff/groups/edit?group=$BETA_GROUP"
check_eq "$HTTP_STATUS" 404 "another tenant's group: edit page 404"
gpost /staff/groups/edit --data-urlencode "group=$BETA_GROUP" --data-urlencode "name=Hijacked" \
	--data-urlencode "level=all" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 404 "...saving it 404"
gpost /staff/groups/default --data-urlencode "group=$BETA_GROUP"
check_eq "$HTTP_STATUS" 404 "...making it the default 404"
gpost /staff/groups/delete --data-urlencode "group=$BETA_GROUP"
check_eq "$HTTP_STATUS" 404 "...deleting it 404"
check_eq "$(sql "SELECT CONCAT(name, permissions, is_default) FROM permission_groups WHERE id = $BETA_GROUP")" \
	"$beta_before" "...and it is unchanged"
check_eq "$(sql "SELECT COUNT(*) FROM permission_groups WHERE tenant_id = $ACME AND is_default = 1")" 1 \
	"...and acme still has one default"
req "$js" "$P" acme.test "/staff/groups/edit?group=abc"
check_eq "$HTTP_STATUS" 400 "a malformed group id is 400"

# --- A portal user gets no access. ---
jp=$(jar portal)
owner_signs_in "$jp" owner@acme.test
check_eq "$HTTP_STATUS" 303 "the portal user signs in"
req "$jp" "$P" acme.test /staff/groups
check_eq "$HTTP_STATUS" 303 "a portal user is sent away from /staff/groups"
check_eq "$(http_header Location)" /staff/login "...to staff sign-in"
req "$jp" "$P" acme.test /account
ptok=$(csrf_of "$HTTP_BODY")
n=$(ngroups)
req "$jp" "$P" acme.test /staff/groups/new --data-urlencode "csrf=$ptok" \
	--data-urlencode "name=Portal made" --data-urlencode "level=all" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "a portal user's POST with a valid CSRF token is sent away too"
req "$jp" "$P" acme.test /staff/groups/default --data-urlencode "csrf=$ptok" \
	--data-urlencode "group=$CLEAN"
check_eq "$HTTP_STATUS" 303 "...and so is making a default"
check_eq "$(ngroups)" "$n" "...nothing was written"
check_eq "$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND is_default = 1")" "$OWNERS" \
	"...and the default is unchanged"

# --- The audit log. ---
req "$js" "$P" acme.test "/staff/audit?action=group.create"
check_eq "$HTTP_STATUS" 200 "the audit page filters on group.create"
check_contains "$HTTP_BODY" "name=Cleaners perms=See the calendar, See guests&#39; names level=none" \
	"group.create is audited with the group's rights, by their names people read"
check_contains "$HTTP_BODY" '<td data-action="group.create">Group created</td>' \
	"...and the action by a phrase"
check_contains "$(sql "SELECT detail FROM audit_log WHERE tenant_id = $ACME AND action = 'group.create' AND detail LIKE 'name=Cleaners %'")" \
	"name=Cleaners perms=calendar.view,booking.guest_name level=none" "...while the log keeps the catalog's names"
req "$js" "$P" acme.test "/staff/audit?action=group.update"
check_contains "$HTTP_BODY" "name=Cleaning crew" "group.update is audited"
check_contains "$HTTP_BODY" "renamed_from=Cleaners" "...naming the old name of a rename"
req "$js" "$P" acme.test "/staff/audit?action=group.default"
check_contains "$HTTP_BODY" "name=Cleaning crew" "group.default is audited"
req "$js" "$P" acme.test "/staff/audit?action=group.delete"
check_contains "$HTTP_BODY" "name=Accountants" "group.delete is audited"
check_contains "$HTTP_BODY" "grants_moved=2 to_group=$OWNERS" "...with the grants it moved"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'group.%' AND actor_kind = 'staff'")" \
	"$(sql "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'group.%'")" "every group entry names the staff member"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'group.default'")" 2 \
	"one entry per default switch"
