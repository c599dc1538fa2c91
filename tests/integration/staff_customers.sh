#!/usr/bin/env bash
# porch — integration test of the back office's customers, contacts and properties
# through nginx (key cases through Apache too): creating, editing and archiving each
# kind through the change functions the tenant API uses; validation errors (a 400
# page with its sentence, nothing written); another tenant's ids (404); CSRF;
# portal users kept out; search, sort and pages over 1,500 customers; the new-user
# form (contact made from name and email, chosen group and scope, MFA required)
# sending the invitation; a new customer's token link, which stops once the
# customer has an active portal user; what archiving does to the portal. TAP on
# stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq python3
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

PW_NEW='a passphrase the new user chose'
stack_setup --smtp --fixture beta
stack_portal_user beta 'Ada Owner' ada@beta.test "$PW_OWNER"
stack_portal_user acme 'Pat Portal' pat@acme.test "$PW_OWNER"
stack_serve --apache

audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }
rows() { sql "SELECT COUNT(*) FROM $1 WHERE tenant_id = $ACME"; }
gid() { sql "SELECT id FROM permission_groups WHERE tenant_id = $1 AND name = '$2'"; }
# spost PATH ARGS...: a staff POST on acme.test with the CSRF token of /staff/customers.
spost() { csrf_post "$js" /staff/customers "$@"; }
link_of() { printf '%s' "$1" | grep -o "https\?://[^ ]*/$2/[A-Za-z0-9_-]*" | head -n 1; }
lpath() { local p=${1#*://}; printf '/%s' "${p#*/}"; }
# The table rows of the list in HTTP_BODY, one customer name per line.
names() { printf '%s\n' "$HTTP_BODY" | sed -n 's|.*<tr[^>]*><td><a href="/staff/customers/[0-9]*">\([^<]*\)</a>.*|\1|p'; }

# --- Only staff: sign-in first, portal users sent to staff sign-in. ---
js=$(fresh_jar staff)
check_needs_staff "$js" /staff/customers
check_needs_staff "$js" /staff/properties
jp=$(fresh_jar pat)
owner_signs_in "$jp" pat@acme.test
check_eq "$HTTP_STATUS" 303 "a portal user signs in"
req "$jp" "$P" acme.test /portal
tok=$(csrf_of "$HTTP_BODY")
n=$(rows customers)
req "$jp" "$P" acme.test /staff/customers/new --data-urlencode "csrf=$tok" --data-urlencode "name=Sneaky"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" "a portal user posting a new customer is sent to staff sign-in"
check_eq "$(rows customers)" "$n" "...and nothing was written"
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "staff sign in"

# --- A new customer. ---
req "$js" "$P" acme.test /staff/customers
check_eq "$HTTP_STATUS" 200 "the customers list opens"
check_contains "$HTTP_BODY" 'action="/staff/customers/new"' "...with the new-customer form"
tidy_ok "the customers list passes tidy"
req "$js" "$P" acme.test /staff/customers/new --data-urlencode "name=No Token"
check_eq "$HTTP_STATUS" 403 "a new customer without the CSRF token is 403"
check_eq "$(rows customers)" "$n" "...and nothing was written"
spost /staff/customers/new --data-urlencode "name=" --data-urlencode "email=x@example.test"
check_eq "$HTTP_STATUS" 400 "a customer without a name is 400"
check_contains "$HTTP_BODY" "name must be 1 to 200 characters" "...with the sentence on the page"
spost /staff/customers/new --data-urlencode "name=Bad Mail" --data-urlencode "email=not an address"
check_eq "$HTTP_STATUS" 400 "a customer with a bad email is 400"
check_contains "$HTTP_BODY" "email must be one plain address" "...saying why"
check_eq "$(rows customers)" "$n" "...and nothing was written"
spost /staff/customers/new --data-urlencode "name=Nora Newcomer" \
	--data-urlencode "email=nora@example.test" --data-urlencode "phone=+1 555 0100"
check_eq "$HTTP_STATUS" 303 "staff create a customer"
C=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Nora Newcomer'")
check_eq "$(http_header Location)" "/staff/customers/$C?done=created" "...and land on its page"
check_eq "$(sql "SELECT CONCAT_WS('|', email, phone, IFNULL(external_id, '-'), LENGTH(token_hash), archived_at IS NULL) FROM customers WHERE id = $C")" \
	"nora@example.test|+1 555 0100|-|32|1" "the row has no external id and already a token link"
check_eq "$(audit_count customer.create)" 1 "the creation is audited once"
req "$js" "$P" acme.test "/staff/customers/$C?done=created"
check_eq "$HTTP_STATUS" 200 "the customer's page opens"
check_contains "$HTTP_BODY" "The customer was created, with its token link." "...with the notice"
check_contains "$HTTP_BODY" 'id="tokenlink"' "...and the token link"
tidy_ok "the customer's page passes tidy"
LINK=$(printf '%s' "$HTTP_BODY" | grep -o "value=\"http://acme.test:$P/t/[A-Za-z0-9_-]*\"" | head -n 1 | sed 's/^value="//; s/"$//')
TOKEN=${LINK##*/t/}
jt=$(fresh_jar visitor)
req "$jt" "$P" acme.test "/t/$TOKEN"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "the new customer's token link works at once"

# --- Editing the customer. ---
spost /staff/customers/edit --data-urlencode "customer=$C" --data-urlencode "name=Nora Newman" \
	--data-urlencode "email=nora@example.test" --data-urlencode "phone=+1 555 0199"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/customers/$C?done=saved" "staff edit the customer"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'customer.update' AND target_id = $C")" \
	"name,phone" "...audited with the fields changed"
spost /staff/customers/edit --data-urlencode "customer=$C" --data-urlencode "name=Nora Newman" \
	--data-urlencode "email=nora@example.test" --data-urlencode "phone=+1 555 0199"
check_eq "$(http_header Location)" "/staff/customers/$C?done=unchanged" "the same data again changes nothing"
check_eq "$(audit_count customer.update)" 1 "...and is not audited"
spost /staff/customers/edit --data-urlencode "customer=$C" --data-urlencode "name=$(printf 'x%.0s' {1..201})"
check_eq "$HTTP_STATUS" 400 "a name too long is 400"
check_contains "$HTTP_BODY" "name must be 1 to 200 characters" "...on the customer's page"
check_eq "$(sql "SELECT name FROM customers WHERE id = $C")" "Nora Newman" "...and nothing was written"

# --- Contacts. ---
spost /staff/contacts/save --data-urlencode "customer=$C" --data-urlencode "name=Carl Cleaner" \
	--data-urlencode "email=carl@example.test" --data-urlencode "role=cleaner"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/customers/$C?done=contact" "staff add a contact"
K=$(sql "SELECT id FROM contacts WHERE customer_id = $C AND name = 'Carl Cleaner'")
check_eq "$(sql "SELECT CONCAT_WS('|', email, role, IFNULL(external_id, '-')) FROM contacts WHERE id = $K")" \
	"carl@example.test|cleaner|-" "...with its fields"
spost /staff/contacts/save --data-urlencode "customer=$C" --data-urlencode "contact=$K" \
	--data-urlencode "name=Carl Cleaner" --data-urlencode "email=carl@example.test" \
	--data-urlencode "role=housekeeper"
check_eq "$(http_header Location)" "/staff/customers/$C?done=contact" "staff edit the contact"
check_eq "$(sql "SELECT role FROM contacts WHERE id = $K")" housekeeper "...and it is saved"
check_eq "$(audit_count contact.create) $(audit_count contact.update)" "1 1" "...each change audited"
spost /staff/contacts/save --data-urlencode "customer=$C" --data-urlencode "name=Bad" \
	--data-urlencode "email=bad@@example.test"
check_eq "$HTTP_STATUS" 400 "a contact with a bad email is 400"
check_eq "$(sql "SELECT COUNT(*) FROM contacts WHERE customer_id = $C")" 1 "...and nothing was written"
OTHER=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Pat Portal'")
spost /staff/contacts/save --data-urlencode "customer=$OTHER" --data-urlencode "contact=$K" \
	--data-urlencode "name=Moved"
check_eq "$HTTP_STATUS" 404 "a contact changed through another customer's page is 404"
check_eq "$(sql "SELECT CONCAT(customer_id, ' ', name) FROM contacts WHERE id = $K")" "$C Carl Cleaner" "...and stays as it was"

# --- Properties. ---
spost /staff/properties/new --data-urlencode "customer=$C" --data-urlencode "name=Nora Lake House" \
	--data-urlencode "address=1 Shore Road" --data-urlencode "city=Laketon" \
	--data-urlencode "bedrooms=3" --data-urlencode "description=By the lake." \
	--data-urlencode "arrival_instructions=Key in the box."
check_eq "$HTTP_STATUS" 303 "staff add a property"
PR=$(sql "SELECT id FROM properties WHERE customer_id = $C AND name = 'Nora Lake House'")
check_eq "$(http_header Location)" "/staff/properties/$PR?done=created" "...and land on its page"
check_eq "$(sql "SELECT CONCAT_WS('|', address, city, bedrooms, description, arrival_instructions, IFNULL(external_id, '-')) FROM properties WHERE id = $PR")" \
	"1 Shore Road|Laketon|3|By the lake.|Key in the box.|-" "...with every field"
req "$js" "$P" acme.test "/staff/properties/$PR"
check_eq "$HTTP_STATUS" 200 "the property's page opens"
check_contains "$HTTP_BODY" "Key in the box." "...with its edit form filled in"
tidy_ok "the property's page passes tidy"
csrf_post "$js" "/staff/properties/$PR" "/staff/properties/$PR" --data-urlencode "do=save" \
	--data-urlencode "name=Nora Lake House" --data-urlencode "city=Laketon" --data-urlencode "bedrooms=many"
check_eq "$HTTP_STATUS" 400 "bedrooms that are not a number are 400"
check_contains "$HTTP_BODY" "bedrooms must be a whole number" "...saying so"
check_eq "$(sql "SELECT bedrooms FROM properties WHERE id = $PR")" 3 "...and nothing was written"
csrf_post "$js" "/staff/properties/$PR" "/staff/properties/$PR" --data-urlencode "do=save" \
	--data-urlencode "name=Nora Lake House" --data-urlencode "address=1 Shore Road" \
	--data-urlencode "city=Laketon" --data-urlencode "bedrooms=4" \
	--data-urlencode "description=By the lake." --data-urlencode "arrival_instructions=Key in the box."
check_eq "$(http_header Location)" "/staff/properties/$PR?done=saved" "staff edit the property"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'property.update' AND target_id = $PR")" \
	bedrooms "...audited with the field changed"
req "$js" "$P" acme.test "/staff/customers/$C"
check_contains "$HTTP_BODY" "href=\"/staff/properties/$PR\">Nora Lake House</a>" "the customer's page lists the property"
check_contains "$HTTP_BODY" "Carl Cleaner" "...and the contact"

# --- The new portal user: a contact from name and email, chosen group and scope, MFA. ---
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level,
	field_filter, field_list) VALUES ($ACME, 'Cleaners', 'calendar.view', 'none', 'all', '')"
CLEANERS=$(gid "$ACME" Cleaners)
req "$js" "$P" acme.test "/staff/customers/$C"
check_match "$HTTP_BODY" "<option value=\"$(gid "$ACME" Owners)\" selected>Owners \(default\)</option>" "the new-user form preselects the default group"
nk=$(rows contacts)
spost /staff/customers/user --data-urlencode "customer=$C" --data-urlencode "name=Vera Visitor" \
	--data-urlencode "email=vera@example.test" --data-urlencode "group=$CLEANERS" \
	--data-urlencode "scope=property"
check_eq "$HTTP_STATUS" 400 "a property scope without a property is 400"
check_eq "$(rows contacts) $(rows portal_users)" "$nk 1" "...and neither the contact nor the user was made"
spost /staff/customers/user --data-urlencode "customer=$C" --data-urlencode "name=Vera Visitor" \
	--data-urlencode "email=vera@example.test" --data-urlencode "group=$CLEANERS" \
	--data-urlencode "scope=property" --data-urlencode "property=$PR" --data-urlencode "mfa=1"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/customers/$C?done=invited" "staff create a contact's portal user and invite them"
U=$(sql "SELECT id FROM portal_users WHERE login = 'vera@example.test'")
check_eq "$(sql "SELECT CONCAT_WS('|', k.name, k.email, u.status, u.mfa_required) FROM portal_users u JOIN contacts k ON k.id = u.contact_id WHERE u.id = $U")" \
	"Vera Visitor|vera@example.test|invited|1" "the user belongs to the new contact, invited, MFA required"
check_eq "$(sql "SELECT CONCAT_WS('|', group_id, scope, property_id) FROM access_grants WHERE portal_user_id = $U")" \
	"$CLEANERS|property|$PR" "...with one grant of the chosen group over the property"
check_eq "$(audit_count user.create) $(audit_count grant.add) $(audit_count mfa.require) $(audit_count invite.send)" \
	"1 1 1 1" "...each part audited once"
check_eq "$(sql "SELECT COUNT(*) FROM events WHERE type = 'portal_user.created' AND subject_id = $U")" 1 "...with its event"
outbox_send
m=$(mail_file_to vera@example.test)
check_match "$m" '\.eml$' "the invitation mail arrived"
ilink=$(link_of "$(mail_part "$m" body)" invite)
check_match "$ilink" "/invite/[A-Za-z0-9_-]{43}$" "...with its link"
spost /staff/customers/user --data-urlencode "customer=$C" --data-urlencode "contact=$K" \
	--data-urlencode "login=vera@example.test"
check_eq "$HTTP_STATUS" 409 "a login already taken is 409"
check_contains "$HTTP_BODY" "already taken" "...with the sentence on the page"

# The link works until a user of the customer is active.
req "$jt" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 200 "the token visitor still sees the portal while the user is only invited"
ipath=$(lpath "$ilink")
ji=$(fresh_jar invite)
req "$ji" "$P" acme.test "$ipath"
tok=$(csrf_of "$HTTP_BODY")
req "$ji" "$P" acme.test /invite/ --data-urlencode "csrf=$tok" --data-urlencode "token=${ipath#/invite/}" \
	--data-urlencode "new=$PW_NEW" --data-urlencode "confirm=$PW_NEW"
check_eq "$HTTP_STATUS" 303 "the new user accepts the invitation"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U")" active "...and is active"
jt2=$(fresh_jar visitor2)
req "$jt2" "$P" acme.test "/t/$TOKEN"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login?link=1" "the token link now sends visitors to sign in"
jv=$(fresh_jar vera)
sign_in "$jv" "$P" acme.test /login vera@example.test "$PW_NEW"
check_eq "$HTTP_STATUS" 303 "the new user signs in"
check_eq "$(http_header Location)" /mfa/enrol "...and is sent to set up MFA first"

# --- Another tenant's ids are 404, and nothing is written. ---
jb=$(fresh_jar beta)
sign_in "$jb" "$P" beta.test /staff/login office@beta.test "$PW_STAFF"
bpost() { csrf_post_at "$jb" "$P" beta.test /staff/customers "$@"; }
req "$jb" "$P" beta.test "/staff/customers/$C"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: tenant A's customer page is 404"
req "$jb" "$P" beta.test "/staff/properties/$PR"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: tenant A's property page is 404"
bpost /staff/customers/edit --data-urlencode "customer=$C" --data-urlencode "name=Stolen"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: editing tenant A's customer is 404"
bpost /staff/contacts/save --data-urlencode "customer=$C" --data-urlencode "name=Planted"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: a contact for tenant A's customer is 404"
bpost /staff/properties/new --data-urlencode "customer=$C" --data-urlencode "name=Planted"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: a property for tenant A's customer is 404"
bpost /staff/customers/archive --data-urlencode "customer=$C" --data-urlencode "do=archive"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: archiving tenant A's customer is 404"
bpost /staff/contacts/archive --data-urlencode "customer=$C" --data-urlencode "contact=$K" --data-urlencode "do=archive"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: archiving tenant A's contact is 404"
csrf_post_at "$jb" "$P" beta.test /staff/customers "/staff/properties/$PR" --data-urlencode "do=archive"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: archiving tenant A's property is 404"
bpost /staff/customers/user --data-urlencode "customer=$C" --data-urlencode "login=planted"
check_eq "$HTTP_STATUS" 404 "tenant B's staff: a portal user for tenant A's customer is 404"
check_eq "$(sql "SELECT CONCAT_WS('|', c.name, c.archived_at IS NULL, p.archived_at IS NULL, (SELECT COUNT(*) FROM contacts WHERE customer_id = $C), (SELECT COUNT(*) FROM properties WHERE customer_id = $C), (SELECT COUNT(*) FROM portal_users WHERE customer_id = $C)) FROM customers c JOIN properties p ON p.id = $PR WHERE c.id = $C")" \
	"Nora Newman|1|1|2|1|1" "...and nothing of tenant A changed"

# --- Archiving. ---
# A contact with an enabled portal user stays.
VK=$(sql "SELECT contact_id FROM portal_users WHERE id = $U")
spost /staff/contacts/archive --data-urlencode "customer=$C" --data-urlencode "contact=$VK" --data-urlencode "do=archive"
check_eq "$HTTP_STATUS" 409 "a contact with an enabled portal user cannot be archived"
check_contains "$HTTP_BODY" "disable the portal" "...saying what to do first"
spost /staff/contacts/archive --data-urlencode "customer=$C" --data-urlencode "contact=$K" --data-urlencode "do=archive"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/customers/$C?done=archived" "staff archive a contact"
check_eq "$(sql "SELECT archived_at IS NOT NULL FROM contacts WHERE id = $K") $(audit_count contact.archive)" "1 1" "...archived and audited"
# An archived property leaves the portal of the user who had it.
stack_mysql_porch -e "UPDATE portal_users SET mfa_required = 0 WHERE id = $U"
jv=$(fresh_jar vera2)
sign_in "$jv" "$P" acme.test /login vera@example.test "$PW_NEW"
req "$jv" "$P" acme.test /portal
check_contains "$HTTP_BODY" "Nora Lake House" "the portal user sees the property"
csrf_post "$js" "/staff/properties/$PR" "/staff/properties/$PR" --data-urlencode "do=archive"
check_eq "$(http_header Location)" "/staff/properties/$PR?done=archived" "staff archive the property"
req "$jv" "$P" acme.test /portal
check_not_contains "$HTTP_BODY" "Nora Lake House" "...and the portal user no longer sees it"
req "$jv" "$P" acme.test "/portal/calendar?property=$PR"
check_not_contains "$HTTP_BODY" "Nora Lake House" "...nor its calendar"
req "$js" "$P" acme.test "/staff/properties?q=Nora"
check_not_contains "$HTTP_BODY" "Nora Lake House" "the properties list leaves it out"
req "$js" "$P" acme.test "/staff/properties?q=Nora&archived=1"
check_contains "$HTTP_BODY" "Nora Lake House</a> (archived)" "...unless archived ones are asked for"
csrf_post "$js" "/staff/properties/$PR" "/staff/properties/$PR" --data-urlencode "do=restore"
req "$jv" "$P" acme.test /portal
check_contains "$HTTP_BODY" "Nora Lake House" "a restored property is back in the portal"
# An archived customer: its users are out, its link dead, the list leaves it out.
# Their sessions are deleted by their key, among 2,000 sessions of others (the
# staff member's, made by SQL): the archive reads far fewer rows than that.
innodb_reads() {
	stack_mysql -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_read_key',
		'Handler_read_next', 'Handler_read_rnd_next')" | awk '{ s += $2 } END { print s + 0 }'
}
sql "INSERT INTO sessions (token_hash, tenant_id, principal, staff_user_id, csrf_secret,
	expires_at, ip) SELECT RANDOM_BYTES(32), tenant_id, 'staff', id, RANDOM_BYTES(32),
	UTC_TIMESTAMP() + INTERVAL 1 HOUR, '192.0.2.1' FROM staff_users, seq_1_to_2000
	WHERE tenant_id = $ACME AND email = 'office@acme.test'"
vera_sessions() { sql "SELECT COUNT(*) FROM sessions WHERE portal_user_id = $U"; }
check_match "$(vera_sessions)" '^[1-9]' "the customer's portal user has a session"
r0=$(innodb_reads)
spost /staff/customers/archive --data-urlencode "customer=$C" --data-urlencode "do=archive"
r1=$(innodb_reads)
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/customers/$C?done=archived" "staff archive the customer"
check_eq "$(vera_sessions)" 0 "...which deletes the sessions of the customer's users at once"
check_match "$((r1 - r0))" '^[1-9][0-9]{0,2}$' "...reading fewer than 1,000 rows for it ($((r1 - r0)))"
sql "DELETE FROM sessions WHERE tenant_id = $ACME AND ip = '192.0.2.1'"
req "$jv" "$P" acme.test /portal
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login" "the customer's portal user is signed out"
sign_in "$jv" "$P" acme.test /login vera@example.test "$PW_NEW"
check_eq "$HTTP_STATUS" 200 "...and cannot sign in again"
stack_mysql_porch -e "UPDATE portal_users SET status = 'invited' WHERE id = $U"
jt3=$(fresh_jar visitor3)
req "$jt3" "$P" acme.test "/t/$TOKEN"
check_eq "$HTTP_STATUS" 404 "the archived customer's token link no longer works"
stack_mysql_porch -e "UPDATE portal_users SET status = 'active' WHERE id = $U"
req "$js" "$P" acme.test "/staff/customers?q=Nora"
check_not_contains "$HTTP_BODY" "Nora Newman" "the customers list leaves the archived customer out"
req "$js" "$P" acme.test "/staff/customers?q=Nora&archived=1"
check_contains "$HTTP_BODY" "Nora Newman</a> (archived)" "...unless archived ones are asked for"
spost /staff/customers/archive --data-urlencode "customer=$C" --data-urlencode "do=restore"
check_eq "$(http_header Location)" "/staff/customers/$C?done=restored" "staff restore the customer"
sign_in "$jv" "$P" acme.test /login vera@example.test "$PW_NEW"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "...and its portal user signs in again"
check_eq "$(audit_count customer.archive) $(audit_count customer.restore) $(audit_count property.archive) $(audit_count property.restore)" \
	"1 1 1 1" "every archive and restore is audited"
# A disabled user's contact may be archived; the user is not enabled again until
# the contact is restored.
spost /staff/users/action --data-urlencode "user=$U" --data-urlencode "do=disable" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "staff disable the contact's portal user"
spost /staff/contacts/archive --data-urlencode "customer=$C" --data-urlencode "contact=$VK" --data-urlencode "do=archive"
check_eq "$(http_header Location)" "/staff/customers/$C?done=archived" "...and then may archive the contact"
spost /staff/users/action --data-urlencode "user=$U" --data-urlencode "do=enable"
check_eq "$HTTP_STATUS" 409 "enabling a user of an archived contact is 409"
check_eq "$(sql "SELECT status FROM portal_users WHERE id = $U")" disabled "...and the user stays disabled"
spost /staff/contacts/archive --data-urlencode "customer=$C" --data-urlencode "contact=$VK" --data-urlencode "do=restore"
spost /staff/users/action --data-urlencode "user=$U" --data-urlencode "do=enable"
check_eq "$HTTP_STATUS $(sql "SELECT status FROM portal_users WHERE id = $U")" "303 active" \
	"once the contact is restored the user is enabled again"

# Every change above, made in porch, went out as an event in its transaction, in
# order, by the staff member; the refused and unchanged ones wrote none.
office_events() {
	sql "SELECT CONCAT(type, ' ', subject_kind, ':', subject_id) FROM events
		WHERE tenant_id = $ACME AND type REGEXP '^(customer|contact|property)[.]' ORDER BY id"
}
check_eq "$(office_events)" "customer.created customer:$C
customer.updated customer:$C
contact.created contact:$K
contact.updated contact:$K
property.created property:$PR
property.updated property:$PR
contact.created contact:$VK
contact.archived contact:$K
property.archived property:$PR
property.restored property:$PR
customer.archived customer:$C
customer.restored customer:$C
contact.archived contact:$VK
contact.restored contact:$VK" "each change of a customer, contact or property writes one event, in order"
ev() { sql "SELECT payload FROM events WHERE tenant_id = $ACME AND type = '$1' ORDER BY id LIMIT 1"; }
check_eq "$(ev customer.updated | jq -c '[.customer.id, .customer.name, .customer.phone, .customer.external_id, .changed]')" \
	"[$C,\"Nora Newman\",\"+1 555 0199\",null,\"name,phone\"]" "customer.updated has the row as it is now and the fields changed"
check_eq "$(ev property.created | jq -c '.property | [.customer_id, .name, .city, .bedrooms, .arrival_instructions]')" \
	"[$C,\"Nora Lake House\",\"Laketon\",3,\"Key in the box.\"]" "property.created has the property's fields"
check_eq "$(ev contact.created | jq -c '.contact | [.customer_id, .name, .role]')" \
	"[$C,\"Carl Cleaner\",\"cleaner\"]" "contact.created has the contact's fields"
check_eq "$(sql "SELECT payload FROM events WHERE tenant_id = $ACME AND type = 'contact.created'
	AND subject_id = $VK" | jq -c '.contact | [.id, .customer_id, .name]')" "[$VK,$C,\"Vera Visitor\"]" \
	"...and so has a contact made with its portal user"
check_eq "$(sql "SELECT COUNT(DISTINCT CONCAT(actor_kind, ':', actor_id)) FROM events WHERE tenant_id = $ACME
	AND type REGEXP '^(customer|contact|property)[.]'"):$(sql "SELECT CONCAT(actor_kind, ':', actor_id) FROM events
	WHERE tenant_id = $ACME AND type = 'customer.created'")" \
	"1:staff:$(sql "SELECT id FROM staff_users WHERE tenant_id = $ACME AND email = 'office@acme.test'")" \
	"...each by the staff member who made it"
check_eq "$(events_undocumented)" "" "every event type written is one docs/openapi.yaml names"

# --- Search, sort and pages over 1,500 customers. ---
stack_mysql_porch -e "
	SET SESSION max_recursive_iterations = 10000;
	INSERT INTO customers (tenant_id, name, email, created_at)
	WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1500)
	SELECT $ACME, CONCAT('Bulk ', LPAD(i, 4, '0')), CONCAT('bulk', i, '@example.test'),
	  UTC_TIMESTAMP(6) - INTERVAL (1500 - i) SECOND FROM s;
	INSERT INTO customers (tenant_id, name, email) VALUES ($ACME, 'Has 100% _wild', NULL);"
req "$js" "$P" acme.test "/staff/customers?q=Bulk"
check_eq "$(names | wc -l)" 50 "a page lists 50 customers"
check_eq "$(names | head -n 1) $(names | tail -n 1)" "Bulk 0001 Bulk 0050" "...the first by name"
check_contains "$HTTP_BODY" 'page=2&amp;q=Bulk">Next' "...with a link to the next page"
req "$js" "$P" acme.test "/staff/customers?q=Bulk&page=30"
check_eq "$(names | head -n 1) $(names | tail -n 1) $(names | wc -l)" "Bulk 1451 Bulk 1500 50" "the last page holds the last 50"
check_not_contains "$HTTP_BODY" ">Next" "...and no next page"
req "$js" "$P" acme.test "/staff/customers?q=Bulk&sort=created"
check_eq "$(names | head -n 1)" "Bulk 1500" "sorted by creation, the newest comes first"
req "$js" "$P" acme.test "/staff/customers?q=bulk1234%40"
check_eq "$(names)" "Bulk 1234" "the search finds a customer by email"
req "$js" "$P" acme.test "/staff/customers?q=100%25%20_"
check_eq "$(names)" "Has 100% _wild" "% and _ in a search are matched as typed"
req "$js" "$P" acme.test "/staff/customers?q=Bulk&page=0"
check_eq "$HTTP_STATUS" 200 "a page number out of range is the first page"
check_eq "$(names | head -n 1)" "Bulk 0001" "...listing it"
check_match "$(grep ' path=/staff/customers ' "$T/porchd.log" | tail -n 1)" ' sql=[1-4]$' "a list page costs a few statements"
# Portal users of every fifth Bulk customer, loaded in bulk (the table's
# statistics taken before): the page counts each customer's users by the index of
# users by customer, not by reading every user of the tenant for each row.
sql "INSERT INTO portal_users (tenant_id, customer_id, login, status)
	SELECT $ACME, id, CONCAT('user-', email), 'active' FROM customers
	WHERE tenant_id = $ACME AND name LIKE 'Bulk %' AND CAST(RIGHT(name, 4) AS UNSIGNED) % 5 = 0"
r0=$(innodb_reads)
req "$js" "$P" acme.test "/staff/customers?q=Bulk"
r1=$(innodb_reads)
check_eq "$(sed -n 's|.*<td>\([0-9]*\)</td><td><time [^>]*>[^<]*</time></td></tr>$|\1|p' <<<"$HTTP_BODY" | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" "0:40 1:10 " \
	"the page counts the users of each of its 50 customers"
check_match "$((r1 - r0))" '^[1-9][0-9]{0,2}$' "...reading fewer than 1,000 rows for them ($((r1 - r0)))"
get() { req "$js" "$P" acme.test "$1"; }
check_eq "$(fewest_sql /staff/customers "/staff/customers?q=Bulk")" 2 \
	"...in two statements: the session and the page"
tidy_ok "a page of the list passes tidy"

# The roster of portal users pages by customer too: 50 customers a page (each
# with its contacts), every customer on exactly one page.
req "$js" "$P" acme.test /staff/portal-users
check_eq "$(grep -c '<tr class="customer">' <<<"$HTTP_BODY")" 50 "the roster's first page lists 50 customers"
check_match "$HTTP_BODY" 'href="/staff/portal-users\?after=[0-9]+">Next' "...with a link to the next page"
seen=0 pages=0 next=/staff/portal-users
while [ -n "$next" ] && [ "$pages" -lt 100 ]; do
	req "$js" "$P" acme.test "$next"
	seen=$((seen + $(grep -c '<tr class="customer">' <<<"$HTTP_BODY")))
	pages=$((pages + 1))
	next=$(grep -o 'href="/staff/portal-users?after=[0-9]*">Next' <<<"$HTTP_BODY" | sed 's/href="//; s/">Next//')
done
check_eq "$seen" "$(sql "SELECT COUNT(*) FROM customers WHERE tenant_id = $ACME")" \
	"following Next, the roster shows every customer once"
check_eq "$pages" "$(( ($seen + 49) / 50 ))" "...in pages of 50"
check_match "$(grep ' path=/staff/portal-users ' "$T/porchd.log" | tail -n 1)" ' sql=[1-5]$' "a roster page costs a few statements"
req "$js" "$P" acme.test "/staff/portal-users?after=x"
check_eq "$HTTP_STATUS" 400 "a roster page after no id is a 400"

# --- Key cases through Apache too. ---
through() {
	local name=$1 port=$2 ja
	ja=$(fresh_jar "a$name")
	sign_in "$ja" "$port" acme.test /staff/login office@acme.test "$PW_STAFF"
	csrf_post_at "$ja" "$port" acme.test /staff/customers /staff/customers/new --data-urlencode "name=Via $name"
	check_eq "$HTTP_STATUS" 303 "$name: staff create a customer"
	csrf_post_at "$ja" "$port" acme.test /staff/customers /staff/customers/new --data-urlencode "name="
	check_eq "$HTTP_STATUS" 400 "$name: a customer without a name is 400"
	req "$ja" "$port" acme.test /staff/customers/new --data-urlencode "name=Forged"
	check_eq "$HTTP_STATUS" 403 "$name: without the CSRF token it is 403"
	req "$ja" "$port" acme.test "/staff/customers?q=Via%20$name"
	check_contains "$HTTP_BODY" ">Via $name</a>" "$name: the search finds it"
	BADA=$(sql "SELECT id FROM customers WHERE tenant_id = $BETA AND name = 'Ada Owner'")
	req "$ja" "$port" acme.test "/staff/customers/$BADA"
	check_eq "$HTTP_STATUS" 404 "$name: another tenant's customer is 404"
}
stack_each_server through
check_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name IN ('Forged', 'Sneaky', 'Stolen', 'Planted')")" 0 \
	"no refused request wrote a customer"

