#!/usr/bin/env bash
# porch — integration test of the tenant API's permission groups and portal users,
# through nginx and Apache: a group created (201), replaced (200), the same PUT
# again writing nothing, read, listed by cursor, made the default, deleted (204) or
# refused with 409 saying why (the default group, a group grants use); a portal
# user created with its grants and its invitation mailed through the outbox to the
# SMTP sink (none with "invite": false or a username login), replaced (grants as a
# set, MFA, portal admin, status), the same PUT again writing nothing (no audit
# entry, no event, no mail), read, listed, disabled by DELETE; and every refusal
# with its field: an unknown group, customer or contact, a contact of another
# customer, a bad login, a property of another tenant, a login taken, a change of
# who the user is, and a read-only key writing (403). TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

stack_setup --smtp
stack_serve --apache
KEY=$(stack_porchctl apikey add acme "Sync" 2>/dev/null)
ROKEY=$(stack_porchctl apikey add acme "Reader" --read-only 2>/dev/null)
BKEY=$(stack_porchctl apikey add beta "Beta sync" 2>/dev/null)

# api and jqb (tests/lib/stack.sh) use KEY; bapi is beta's own key on beta.test.
bapi() {
	http_req "$P" beta.test "$2" -X "$1" -H "Authorization: Bearer $BKEY" \
		-H 'Content-Type: application/json' --data-binary "$3"
}
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = '$1' ${2:+AND $2}"; }
# writes: every audit entry, event and mail of acme, to see that nothing was written.
writes() {
	sql "SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME),
	     (SELECT COUNT(*) FROM events WHERE tenant_id = $ACME),
	     (SELECT COUNT(*) FROM outbox WHERE tenant_id = $ACME),
	     (SELECT COUNT(*) FROM access_grants WHERE tenant_id = $ACME))"
}
grants_of() {
	sql "SELECT GROUP_CONCAT(CONCAT(g.external_id, ':', a.scope, ':', IFNULL(p.external_id, '-'), ':',
	     IFNULL(DATE(a.expires_at - INTERVAL 1 MICROSECOND), '-')) ORDER BY g.external_id, a.scope SEPARATOR ' ')
	     FROM access_grants a JOIN permission_groups g ON g.id = a.group_id
	     LEFT JOIN properties p ON p.id = a.property_id
	     JOIN portal_users u ON u.id = a.portal_user_id WHERE u.tenant_id = $ACME AND u.external_id = '$1'"
}

# The people and properties, by the API too; beta has a property of its own.
for b in '/api/v1/customers/own-a {"name": "Ada Owner", "email": "ada@owner.test"}' \
	'/api/v1/customers/own-b {"name": "Bo Owner", "email": "bo@owner.test"}' \
	'/api/v1/contacts/con-b {"customer": "own-b", "name": "Di Books"}' \
	'/api/v1/properties/prop-a {"customer": "own-a", "name": "Ada House"}' \
	'/api/v1/properties/prop-b {"customer": "own-b", "name": "Bo Loft"}'; do
	api "$P" PUT "${b%% *}" "${b#* }"
	[ "$HTTP_STATUS" = 201 ] || check_eq "$HTTP_STATUS" 201 "PUT ${b%% *}"
done
bapi PUT /api/v1/customers/own-z '{"name": "Zed Owner"}'
bapi PUT /api/v1/properties/prop-z '{"customer": "own-z", "name": "Zed Hut"}'
check_eq "$HTTP_STATUS" 201 "beta has a property prop-z of its own"
OWNERS=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Owners'")

check_groups() {
	local s=$1 port=$2 g=$1-owners id before
	api "$port" PUT /api/v1/groups/$g "{\"name\": \"$s owners\", \"permissions\": [\"calendar.view\", \"statements.view\"], \"financial_level\": \"owner_revenue\"}"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new group is 201"
	check_eq "$(jqb '[.external_id, .name, (.permissions | join(",")), .financial_level, .financial_filter, (.financial_fields | length), .default] | map(tostring) | join("|")')" \
		"$g|$s owners|calendar.view,statements.view|owner_revenue|all|0|false" "$s: ...answering the group"
	id=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND external_id = '$g'")
	check_eq "$(audits group.create "target_id = $id AND actor_kind = 'api_key'")" 1 "$s: ...audited as the staff page's group.create, by the key"
	before=$(writes)
	api "$port" PUT /api/v1/groups/$g "{\"name\": \"$s owners\", \"permissions\": [\"statements.view\", \"calendar.view\"], \"financial_level\": \"owner_revenue\", \"financial_filter\": \"all\", \"default\": false}"
	check_eq "$HTTP_STATUS" 200 "$s: the same group again is 200"
	check_eq "$(writes)" "$before" "$s: ...writing nothing (no audit entry, no event)"
	api "$port" PUT /api/v1/groups/$g "{\"name\": \"$s Owners\", \"permissions\": [\"calendar.view\", \"statements.view\", \"notes.view\", \"documents.public\"], \"financial_level\": \"all\", \"financial_filter\": \"except\", \"financial_fields\": [\"payout\", \"taxes\"]}"
	check_eq "$HTTP_STATUS" 200 "$s: a PUT replacing the group is 200"
	check_eq "$(jqb '[.name, (.permissions | join(",")), .financial_level, .financial_filter, (.financial_fields | join(","))] | join("|")')" \
		"$s Owners|calendar.view,notes.view,statements.view,documents.public|all|except|taxes,payout" "$s: ...its name and rights replaced"
	check_eq "$(audits group.update "target_id = $id AND detail LIKE '%renamed_from=$s owners'")" 1 "$s: ...audited as group.update"
	api "$port" GET /api/v1/groups/$g
	check_eq "$HTTP_STATUS|$(jqb .name)" "200|$s Owners" "$s: GET of the group"

	# refusals
	api "$port" PUT /api/v1/groups/$s-x '{"name": "X", "permissions": ["calendar.view", "calender.edit"]}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/permissions/1" "$s: a permission not in the catalog is 400 naming it"
	api "$port" PUT /api/v1/groups/$s-x '{"name": "X", "financial_level": "most"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/financial_level" "$s: an unknown financial level is 400"
	api "$port" PUT /api/v1/groups/$s-x '{"name": "Owners"}'
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "409|conflict|/name" "$s: the name of another group (staff's Owners) is 409 /name"
	api "$port" PUT /api/v1/groups/$s-x '{"name": " X"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/name" "$s: a name with a blank around it is 400"
	check_eq "$(sql "SELECT COUNT(*) FROM permission_groups WHERE external_id = '$s-x'")" 0 "$s: ...and none of them wrote a group"
	http_req "$port" acme.test /api/v1/groups/$s-x -X PUT -H "Authorization: Bearer $ROKEY" \
		-H 'Content-Type: application/json' --data-binary '{"name": "X"}'
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "403|forbidden" "$s: a read-only key writing a group is 403"

	# the default group
	api "$port" PUT /api/v1/groups/$s-def "{\"name\": \"$s default\", \"permissions\": [\"calendar.view\"], \"default\": true}"
	check_eq "$HTTP_STATUS|$(jqb .default)" "201|true" "$s: a new group made the default"
	check_eq "$(sql "SELECT GROUP_CONCAT(IFNULL(external_id, name)) FROM permission_groups WHERE tenant_id = $ACME AND is_default = 1")" \
		"$s-def" "$s: ...the only default of the tenant"
	check_eq "$(audits group.default "detail LIKE 'name=$s default %'")" 1 "$s: ...audited as group.default"
	api "$port" PUT /api/v1/groups/$s-def "{\"name\": \"$s default\", \"permissions\": [\"calendar.view\"]}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "409|/default" "$s: the default group sent as not the default is 409"
	check_contains "$(jqb .error.message)" "make another group the default" "$s: ...saying why"
	api "$port" DELETE /api/v1/groups/$s-def
	check_eq "$HTTP_STATUS" 409 "$s: deleting the default group is 409"
	check_contains "$(jqb .error.message)" "default" "$s: ...saying why"

	# delete
	api "$port" PUT /api/v1/groups/$s-tmp '{"name": "'"$s"' temporary"}'
	check_eq "$HTTP_STATUS|$(jqb '.permissions | length')|$(jqb .financial_level)" "201|0|none" "$s: a group with no rights"
	tid=$(sql "SELECT id FROM permission_groups WHERE external_id = '$s-tmp'")
	api "$port" DELETE /api/v1/groups/$s-tmp
	check_eq "$HTTP_STATUS" 204 "$s: deleting a group no grant uses is 204"
	check_eq "$(audits group.delete "target_id = $tid")" 1 "$s: ...audited as group.delete"
	api "$port" GET /api/v1/groups/$s-tmp
	check_eq "$HTTP_STATUS" 404 "$s: ...and it is gone"
	api "$port" DELETE /api/v1/groups/$s-tmp
	check_eq "$HTTP_STATUS" 404 "$s: deleting it again is 404"
	http_req "$port" beta.test /api/v1/groups/$g -H "Authorization: Bearer $BKEY"
	check_eq "$HTTP_STATUS" 404 "$s: beta's key does not see acme's group"
}
stack_each_server check_groups

check_users() {
	local s=$1 port=$2 u=$1-u1 id before m
	local grants="[{\"group\": \"$s-owners\", \"scope\": \"customer\"}, {\"group\": \"$s-owners\", \"scope\": \"property\", \"property\": \"prop-b\", \"expires\": \"2027-12-31\"}]"
	local body="{\"customer\": \"own-a\", \"login\": \"$s-ada@owner.test\", \"grants\": $grants}"
	# This server's default group is the default again (the other made its own).
	api "$port" PUT /api/v1/groups/$s-def "{\"name\": \"$s default\", \"permissions\": [\"calendar.view\"], \"default\": true}"
	check_eq "$HTTP_STATUS|$(jqb .default)" "200|true" "$s: $s-def is the default group again"
	api "$port" PUT /api/v1/users/$u "$body"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new portal user is 201"
	check_eq "$(jqb '[.external_id, .customer, .contact, .login, .login_is_email, .status, .mfa_required, .portal_admin, (.grants | length)] | map(tostring) | join("|")')" \
		"$u|own-a|null|$s-ada@owner.test|true|invited|false|false|2" "$s: ...answering the user, invited"
	check_eq "$(jqb '[.grants[] | "\(.group):\(.scope):\(.customer):\(.property):\(.expires)"] | join(" ")')" \
		"$s-owners:customer:own-a:null:null $s-owners:property:null:prop-b:2027-12-31" "$s: ...with its grants by external ids"
	check_eq "$(grants_of $u)" "$s-owners:customer:-:- $s-owners:property:prop-b:2027-12-31" \
		"$s: ...exactly those grants (not the default group's)"
	id=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND external_id = '$u'")
	check_eq "$(audits user.create "target_id = $id AND actor_kind = 'api_key'")|$(audits invite.send "target_id = $id")" "1|1" \
		"$s: ...audited as staff's new user is (user.create, invite.send)"
	check_eq "$(sql "SELECT COUNT(*) FROM events WHERE tenant_id = $ACME AND type LIKE 'portal_user.%' AND subject_id = $id")" 0 \
		"$s: ...and no event (what the tenant's own system did is not sent back to it)"
	outbox_send
	check_eq "$(mails_to "$s-ada@owner.test")" 1 "$s: the invitation mail arrives in the SMTP sink"
	check_match "$(mail_body_to "$s-ada@owner.test")" "/invite/[A-Za-z0-9_-]+" "$s: ...with its link"

	before=$(writes)
	api "$port" PUT /api/v1/users/$u "$body"
	check_eq "$HTTP_STATUS" 200 "$s: the same PUT again is 200"
	check_eq "$(writes)" "$before" "$s: ...writing nothing (no audit entry, no event, no mail, no grant)"
	api "$port" PUT /api/v1/users/$u "$(jqb 'del(.external_id)')"
	check_eq "$HTTP_STATUS" 200 "$s: the user as GET shows it, put back, is 200"
	check_eq "$(writes)" "$before" "$s: ...and writes nothing either"
	outbox_send
	check_eq "$(mails_to "$s-ada@owner.test")" 1 "$s: ...and no second invitation"

	# replace: grants as a set, MFA, portal admin, status
	api "$port" PUT /api/v1/users/$u "{\"customer\": \"own-a\", \"login\": \"$s-ada@owner.test\", \"mfa_required\": true, \"portal_admin\": true, \"grants\": [{\"group\": \"$s-owners\", \"scope\": \"customer\"}, {\"group\": \"$s-def\", \"scope\": \"all\", \"expires\": \"2027-06-30\"}]}"
	check_eq "$HTTP_STATUS" 200 "$s: a PUT replacing the user is 200"
	check_eq "$(jqb '[.mfa_required, .portal_admin, (.grants | length)] | map(tostring) | join("|")')" "true|true|2" "$s: ...answering what changed"
	check_eq "$(grants_of $u)" "$s-def:all:-:2027-06-30 $s-owners:customer:-:-" "$s: ...the grant kept, the extra removed, the missing added"
	check_eq "$(audits grant.remove "target_id = $id")|$(audits grant.add "target_id = $id")" "2|3" \
		"$s: ...through grant.add and grant.remove (one each; the default group's grant was removed at creation)"
	check_eq "$(audits mfa.require "target_id = $id")|$(audits user.portal_admin "target_id = $id")" "1|1" "$s: ...and MFA and portal admin audited"
	api "$port" PUT /api/v1/users/$u "{\"customer\": \"own-a\", \"status\": \"disabled\", \"grants\": []}"
	check_eq "$HTTP_STATUS|$(jqb .status)|$(jqb '.grants | length')|$(jqb .mfa_required)" "200|disabled|0|false" "$s: status disabled, no grants, MFA off"
	api "$port" PUT /api/v1/users/$u "$body"
	check_eq "$HTTP_STATUS|$(jqb .status)|$(jqb '.grants | length')" "200|invited|2" "$s: enabled again (still invited: no password yet)"
	check_eq "$(audits user.enable "target_id = $id")" 1 "$s: ...audited as user.enable"

	api "$port" GET /api/v1/users/$u
	check_eq "$HTTP_STATUS|$(jqb .login)" "200|$s-ada@owner.test" "$s: GET of the user"
	api "$port" GET /api/v1/users/$s-nobody
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "404|not_found" "$s: GET of an unknown user is 404"
	http_req "$port" beta.test /api/v1/users/$u -H "Authorization: Bearer $BKEY"
	check_eq "$HTTP_STATUS" 404 "$s: beta's key does not see acme's user"

	# A username login for a contact, and an email login without the mail.
	api "$port" PUT /api/v1/users/$s-u2 "{\"customer\": \"own-b\", \"contact\": \"con-b\", \"login\": \"$s-di\", \"login_is_email\": false}"
	check_eq "$HTTP_STATUS|$(jqb .contact)|$(jqb .login_is_email)" "201|con-b|false" "$s: a contact's user with a username login"
	check_eq "$(jqb '[.grants[] | "\(.group):\(.scope):\(.customer)"] | join(" ")')" "$s-def:customer:own-b" \
		"$s: ...given the default group over its customer when no grants are sent"
	api "$port" PUT /api/v1/contacts/$s-con-a "{\"customer\": \"own-a\", \"name\": \"Cy Clean\", \"email\": \"$s-cy@crew.test\"}"
	api "$port" PUT /api/v1/users/$s-u3 "{\"customer\": \"own-a\", \"contact\": \"$s-con-a\", \"invite\": false, \"grants\": []}"
	check_eq "$HTTP_STATUS|$(jqb .login)" "201|$s-cy@crew.test" "$s: a contact's user with its email as login"
	check_eq "$(audits invite.send "target_id = $(sql "SELECT id FROM portal_users WHERE external_id = '$s-u3'")")" 0 "$s: ...and invite false sends no invitation"
	outbox_send
	check_eq "$(mails_to "$s-cy@crew.test")" 0 "$s: ...no mail arrives"
	api "$port" DELETE /api/v1/users/$s-u3
	check_eq "$HTTP_STATUS" 204 "$s: DELETE of a user is 204"
	check_eq "$(sql "SELECT status FROM portal_users WHERE external_id = '$s-u3'")" disabled "$s: ...and disables the user"
	api "$port" GET /api/v1/users/$s-u3
	check_eq "$HTTP_STATUS|$(jqb .status)" "200|disabled" "$s: ...still read as disabled"
	before=$(writes)
	api "$port" DELETE /api/v1/users/$s-u3
	check_eq "$HTTP_STATUS|$(writes)" "204|$before" "$s: DELETE again is 204 writing nothing"
	api "$port" DELETE /api/v1/users/$s-nobody
	check_eq "$HTTP_STATUS" 404 "$s: DELETE of an unknown user is 404"

	# refusals, each naming its field, none writing anything
	before=$(writes)
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-x@owner.test\", \"grants\": [{\"group\": \"$s-nogroup\", \"scope\": \"customer\"}]}"
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "422|unprocessable|/grants/0/group" "$s: an unknown group is 422 /grants/0/group"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-nobody\", \"login\": \"$s-x@owner.test\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/customer" "$s: an unknown customer is 422 /customer"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"contact\": \"con-nobody\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/contact" "$s: an unknown contact is 422 /contact"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"contact\": \"con-b\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/contact" "$s: a contact of another customer is 422 /contact"
	check_contains "$(jqb .error.message)" "not a contact of customer own-a" "$s: ...saying so"
	api "$port" PUT /api/v1/users/$s-x '{"customer": "own-a", "login": "two words"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/login" "$s: a login of two words is 422 /login"
	api "$port" PUT /api/v1/users/$s-x '{"customer": "own-a", "login": " ada@owner.test"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/login" "$s: a login with a blank before it is 400 /login"
	api "$port" PUT /api/v1/users/$s-x '{"customer": "own-a", "login": "ada@"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/login" "$s: a broken email login is 422 /login"
	api "$port" PUT /api/v1/users/$s-x '{"customer": "own-a", "login": "ada", "login_is_email": true}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/login" "$s: a username with login_is_email true is 422 /login"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-x@owner.test\", \"grants\": [{\"group\": \"$s-owners\", \"scope\": \"property\", \"property\": \"prop-z\"}]}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/grants/0/property" "$s: a property of another tenant is 422 /grants/0/property"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-x@owner.test\", \"grants\": [{\"group\": \"$s-owners\", \"scope\": \"property\"}]}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/grants/0/property" "$s: a property grant without its property is 422"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-x@owner.test\", \"grants\": [{\"group\": \"$s-owners\", \"scope\": \"house\"}]}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/grants/0/scope" "$s: an unknown scope is 400 /grants/0/scope"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-ada@owner.test\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "409|conflict|/login" "$s: a login another user has is 409 /login"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-x@owner.test\", \"status\": \"disabled\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/status" "$s: a new user sent disabled is 422 /status"
	api "$port" PUT /api/v1/users/$s-x "{\"customer\": \"own-a\", \"login\": \"$s-x@owner.test\", \"role\": \"x\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/role" "$s: an unknown field is 400"
	api "$port" PUT /api/v1/users/$u "{\"customer\": \"own-b\", \"login\": \"$s-ada@owner.test\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "409|/customer" "$s: another customer for an existing user is 409 /customer"
	api "$port" PUT /api/v1/users/$u "{\"customer\": \"own-a\", \"login\": \"$s-ada2@owner.test\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "409|/login" "$s: another login for an existing user is 409 /login"
	check_eq "$(writes)" "$before" "$s: ...and no refusal wrote anything"
	check_eq "$(sql "SELECT COUNT(*) FROM portal_users WHERE login LIKE '$s-x%' OR external_id = '$s-x'")" 0 "$s: ...nor a user"
	http_req "$port" acme.test /api/v1/users/$s-x -X PUT -H "Authorization: Bearer $ROKEY" \
		-H 'Content-Type: application/json' --data-binary '{"customer": "own-a"}'
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "403|forbidden" "$s: a read-only key writing a user is 403"
	http_req "$port" acme.test /api/v1/users/$u -X DELETE -H "Authorization: Bearer $ROKEY"
	check_eq "$HTTP_STATUS" 403 "$s: ...and deleting one"
	http_req "$port" acme.test /api/v1/users/$u -H "Authorization: Bearer $ROKEY"
	check_eq "$HTTP_STATUS" 200 "$s: ...but reads"

	# A group grants use is not deleted.
	api "$port" DELETE /api/v1/groups/$s-owners
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "409|conflict" "$s: deleting a group grants use is 409"
	check_contains "$(jqb .error.message)" "grants of portal users use this group" "$s: ...saying why"
}
stack_each_server check_users

# --- lists: a stable cursor over pages ---
check_list() {
	local s=$1 port=$2 res=$3 want got="" cursor="" pages=0
	want=$(sql "SELECT external_id FROM $4 WHERE tenant_id = $ACME AND external_id IS NOT NULL ORDER BY external_id" | tr '\n' ' ')
	while :; do
		api "$port" GET "/api/v1/$res?limit=2${cursor:+&after=$cursor}"
		[ "$HTTP_STATUS" = 200 ] || break
		pages=$((pages + 1))
		got="$got$(jqb '.items[].external_id' | tr '\n' ' ')"
		cursor=$(jqb '.next')
		[ "$cursor" != null ] && [ "$pages" -lt 10 ] || break
	done
	check_eq "$got" "$want" "$s: following next through pages of 2 gives every one of $res once, in order"
	check_cmd "$s: ...in more than one page ($pages)" [ "$pages" -gt 1 ]
}
list_both() { check_list "$1" "$2" groups permission_groups; check_list "$1" "$2" users portal_users; }
stack_each_server list_both
api "$P" GET /api/v1/users?limit=1
check_eq "$(jqb '.items[0] | keys | join(",")')" "contact,customer,external_id,grants,login,login_is_email,mfa_required,portal_admin,status" \
	"a user in a list has its fields and grants"

# --- the batch takes both ---
printf '%s\n' '{"op":"put","resource":"groups","external_id":"batch-g","data":{"name":"Batch group","permissions":["calendar.view"]}}' \
	'{"op":"put","resource":"users","external_id":"batch-u","data":{"customer":"own-b","login":"batch@owner.test","grants":[{"group":"batch-g","scope":"customer"}]}}' \
	'{"op":"put","resource":"users","external_id":"batch-bad","data":{"customer":"own-b","login":"bad@owner.test","grants":[{"group":"nope","scope":"all"}]}}' \
	>"$T/batch.ndjson"
http_req "$P" acme.test /api/v1/batch -X POST -H "Authorization: Bearer $KEY" \
	-H 'Content-Type: application/x-ndjson' --data-binary "@$T/batch.ndjson"
check_eq "$HTTP_STATUS|$(printf '%s\n' "$HTTP_BODY" | jq -r '.status' | tr '\n' ' ')" "200|201 201 422 " \
	"the batch puts groups and users (and refuses a bad line alone)"
check_eq "$(grants_of batch-u)" "batch-g:customer:-:-" "...the user with its grant of the batch's group"
outbox_send
check_eq "$(mails_to batch@owner.test)" 1 "...and invited"
