#!/usr/bin/env bash
# porch — integration test of the tenant API's customers and contacts, through nginx
# and Apache: create (201), replace (200), the same PUT again changing nothing (no
# write, no audit entry), read, delete (204) or 409 saying why; a contact whose
# customer does not exist is 422 with the field's pointer; lists paged by a stable
# cursor; and the JSON errors of the body: 415, 413, bad JSON, unknown fields, wrong
# types and values out of range, each with its JSON pointer. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq

stack_setup --fixture acme "api = { body_limit = 4096; };"
stack_serve --apache
KEY=$(stack_porchctl apikey add acme "Sync" 2>/dev/null)
BKEY=$(stack_porchctl apikey add beta "Beta sync" 2>/dev/null)

# api and jqb (tests/lib/stack.sh) use KEY.
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1' ${2:+AND $2}"; }
row() { sql "SELECT CONCAT_WS('|', id, name, IFNULL(email, '-'), IFNULL(phone, '-')) FROM customers WHERE tenant_id = $ACME AND external_id = '$1'"; }

check_customers() {
	local s=$1 port=$2 c=$1-c1 k=$1-k1 before id
	# create, replace, the same again
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara Owner", "email": "cara@owner.test", "phone": "+44 1"}'
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new customer is 201"
	check_eq "$(jqb '[.external_id, .name, .email, .phone] | join("|")')" "$c|Cara Owner|cara@owner.test|+44 1" \
		"$s: ...answering the customer"
	id=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND external_id = '$c'")
	check_eq "$(audits customer.create "target_id = $id AND actor_kind = 'api_key'")" 1 "$s: ...audited as the key's"
	check_eq "$(sql "SELECT token_hash IS NOT NULL FROM customers WHERE id = $id")" 1 "$s: ...with its token link"
	before=$(row "$c")
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara Owner", "email": "cara@owner.test", "phone": "+44 1"}'
	check_eq "$HTTP_STATUS" 200 "$s: the same PUT again is 200"
	check_eq "$(jqb .name)" "Cara Owner" "$s: ...with the customer"
	check_eq "$(row "$c")" "$before" "$s: ...the row as it was"
	check_eq "$(audits customer.update "target_id = $id")" 0 "$s: ...and no audit entry"
	check_eq "$(sql "SELECT COUNT(*) FROM customers WHERE tenant_id = $ACME AND external_id = '$c'")" 1 "$s: ...and no new row"
	api "$port" PUT /api/v1/customers/$c "{\"external_id\": \"$c\", \"name\": \"Cara Owner\", \"phone\": null}"
	check_eq "$HTTP_STATUS" 200 "$s: a PUT replacing fields is 200"
	check_eq "$(jqb '[.email, .phone] | map(tostring) | join("|")')" "null|null" "$s: ...fields not sent are gone (replace)"
	check_eq "$(audits customer.update "target_id = $id AND detail = 'email,phone'")" 1 "$s: ...audited with what changed"
	api "$port" GET /api/v1/customers/$c
	check_eq "$HTTP_STATUS" 200 "$s: GET of the customer"
	check_eq "$(jqb .external_id)" "$c" "$s: ...by its external id"
	api "$port" GET /api/v1/customers/$s-nobody
	check_eq "$HTTP_STATUS" 404 "$s: GET of an unknown external id is 404"
	check_eq "$(jqb .error.code)" not_found "$s: ...in JSON"
	http_req "$port" beta.test /api/v1/customers/$c -H "Authorization: Bearer $BKEY"
	check_eq "$HTTP_STATUS" 404 "$s: beta's key does not see acme's customer"

	# the body's errors, each with its pointer
	http_req "$port" acme.test /api/v1/customers/$c -X PUT -H "Authorization: Bearer $KEY" \
		-H 'Content-Type: text/plain' --data-binary '{"name": "X"}'
	check_eq "$HTTP_STATUS" 415 "$s: a body that is not application/json is 415"
	check_eq "$(jqb .error.code)" unsupported_media_type "$s: ...in JSON"
	api "$port" PUT /api/v1/customers/$c "{\"name\": \"$(head -c 5000 /dev/zero | tr '\0' a)\"}"
	check_eq "$HTTP_STATUS" 413 "$s: a body past api.body_limit is 413"
	check_eq "$(jqb .error.code)" payload_too_large "$s: ...in JSON"
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara'
	check_eq "$HTTP_STATUS" 400 "$s: bad JSON is 400"
	check_eq "$(jqb .error.code)" bad_json "$s: ...code bad_json"
	api "$port" PUT /api/v1/customers/$c '["Cara"]'
	check_eq "$HTTP_STATUS" 400 "$s: a JSON array is 400"
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara", "nmae": "Cara"}'
	check_eq "$HTTP_STATUS" 400 "$s: an unknown field is 400"
	check_eq "$(jqb .error.code)|$(jqb .error.field)" "unknown_field|/nmae" "$s: ...naming it by its pointer"
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara", "a/b~c": 1}'
	check_eq "$(jqb .error.field)" "/a~1b~0c" "$s: ...escaped as a JSON pointer"
	api "$port" PUT /api/v1/customers/$c '{"name": 5}'
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "400|wrong_type|/name" "$s: a number for a string is 400 wrong_type /name"
	api "$port" PUT /api/v1/customers/$c '{"email": "a@b.test"}'
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "400|missing_field|/name" "$s: a missing name is 400 /name"
	api "$port" PUT /api/v1/customers/$c "{\"name\": \"$(head -c 201 /dev/zero | tr '\0' a)\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "400|out_of_range|/name" "$s: 201 characters is 400 out_of_range /name"
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara", "email": "not an address"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/email" "$s: a bad address is 400 /email"
	api "$port" PUT /api/v1/customers/$c '{"name": "Cara", "external_id": "other"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/external_id" "$s: another external_id in the body is 400"
	api "$port" PUT "/api/v1/customers/bad%20id" '{"name": "Cara"}'
	check_eq "$HTTP_STATUS" 404 "$s: an external id of another form is 404"
	check_eq "$(row "$c")" "$(sql "SELECT CONCAT_WS('|', $id, 'Cara Owner', '-', '-')")" "$s: no refused PUT changed the customer"

	# contacts
	api "$port" PUT /api/v1/contacts/$k "{\"customer\": \"$s-nobody\", \"name\": \"Kim\"}"
	check_eq "$HTTP_STATUS" 422 "$s: a contact of an unknown customer is 422"
	check_eq "$(jqb .error.code)|$(jqb .error.field)" "unprocessable|/customer" "$s: ...naming /customer"
	check_eq "$(sql "SELECT COUNT(*) FROM contacts WHERE external_id = '$k'")" 0 "$s: ...and nothing is written"
	api "$port" PUT /api/v1/contacts/$k "{\"customer\": \"$c\", \"name\": \"Kim Clean\", \"role\": \"cleaner\"}"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new contact is 201"
	check_eq "$(jqb '[.customer, .name, .role] | join("|")')" "$c|Kim Clean|cleaner" "$s: ...answering it with its customer's external id"
	n=$(audits contact.create)
	api "$port" PUT /api/v1/contacts/$k "{\"customer\": \"$c\", \"name\": \"Kim Clean\", \"role\": \"cleaner\"}"
	check_eq "$HTTP_STATUS" 200 "$s: the same contact again is 200"
	check_eq "$(audits contact.update "detail IS NOT NULL")$(audits contact.create)" "0$n" "$s: ...no audit entry"
	api "$port" PUT /api/v1/contacts/$k '{"customer": 7, "name": "Kim"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/customer" "$s: a number for the customer is 400 /customer"

	# delete: a contact a portal user is attached to, a customer with a property
	sql "INSERT INTO portal_users (tenant_id, customer_id, contact_id, login, status)
	     SELECT tenant_id, customer_id, id, '$s-kim@acme.test', 'active' FROM contacts WHERE external_id = '$k'"
	api "$port" DELETE /api/v1/contacts/$k
	check_eq "$HTTP_STATUS" 409 "$s: deleting a contact a portal user is attached to is 409"
	check_contains "$(jqb .error.message)" "portal user" "$s: ...saying why"
	sql "DELETE FROM portal_users WHERE login = '$s-kim@acme.test'"
	sql "INSERT INTO properties (tenant_id, customer_id, name) VALUES ($ACME, $id, '$s house')"
	api "$port" DELETE /api/v1/customers/$c
	check_eq "$HTTP_STATUS" 409 "$s: deleting a customer with a property is 409"
	check_eq "$(jqb .error.code)" conflict "$s: ...in JSON"
	check_contains "$(jqb .error.message)" "1 property" "$s: ...saying why"
	check_eq "$(sql "SELECT COUNT(*) FROM customers WHERE id = $id")" 1 "$s: ...and the customer stays"
	sql "DELETE FROM properties WHERE tenant_id = $ACME AND customer_id = $id"
	api "$port" DELETE /api/v1/contacts/$k
	check_eq "$HTTP_STATUS" 204 "$s: deleting the contact is 204"
	check_eq "$(audits contact.delete "detail = '$k'")" 1 "$s: ...audited"
	api "$port" DELETE /api/v1/customers/$c
	check_eq "$HTTP_STATUS" 204 "$s: deleting the customer is 204"
	check_eq "$(audits customer.delete "target_id = $id")" 1 "$s: ...audited"
	api "$port" GET /api/v1/customers/$c
	check_eq "$HTTP_STATUS" 404 "$s: ...and it is gone"
	api "$port" DELETE /api/v1/customers/$c
	check_eq "$HTTP_STATUS" 404 "$s: deleting it again is 404"
}
stack_each_server check_customers

# --- lists: a stable cursor over more rows than a page ---
for i in 07 03 11 01 09 05 02; do
	api "$P" PUT /api/v1/customers/list-$i "{\"name\": \"Owner $i\"}"
done
want=$(sql "SELECT external_id FROM customers WHERE tenant_id = $ACME AND external_id IS NOT NULL ORDER BY external_id" | tr '\n' ' ')
check_list() {
	local s=$1 port=$2 got="" cursor="" pages=0 q
	while :; do
		q="limit=3${cursor:+&after=$cursor}"
		api "$port" GET "/api/v1/customers?$q"
		[ "$HTTP_STATUS" = 200 ] || break
		pages=$((pages + 1))
		got="$got$(jqb '.items[].external_id' | tr '\n' ' ')"
		cursor=$(jqb '.next')
		[ "$cursor" != null ] || break
		[ "$pages" -lt 10 ] || break
		# A row made between pages, before the cursor, does not shift the next page.
		[ "$pages" != 1 ] || sql "INSERT INTO customers (tenant_id, name, external_id) VALUES ($ACME, 'Early', 'a-$s')"
	done
	check_eq "$got" "$want" "$s: following next through pages of 3 gives every customer once, in order"
	check_eq "$pages" 3 "$s: ...in 3 pages"
	sql "DELETE FROM customers WHERE external_id = 'a-$s'"
	api "$port" GET /api/v1/customers
	check_eq "$(jqb '.items | length')|$(jqb .next)" "7|null" "$s: the default page holds them all (only rows with external ids)"
	api "$port" GET "/api/v1/customers?limit=0"
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "400|invalid_parameter" "$s: limit=0 is 400"
	api "$port" GET "/api/v1/customers?limit=501"
	check_eq "$HTTP_STATUS" 400 "$s: limit=501 is 400"
	api "$port" GET "/api/v1/customers?limit=500"
	check_eq "$HTTP_STATUS" 200 "$s: limit=500 is fine"
	api "$port" GET "/api/v1/customers?page=2"
	check_eq "$HTTP_STATUS" 400 "$s: an unknown parameter is 400"
	api "$port" GET "/api/v1/contacts?limit=2"
	check_eq "$HTTP_STATUS|$(jqb '.items | length')" "200|0" "$s: the contacts list"
}
stack_each_server check_list

# What the tenant's own system changed through the API is not sent back to it:
# the customers and contacts written above have their audit entries, and no event.
check_eq "$(sql "SELECT COUNT(*) > 0 FROM audit_log WHERE tenant_id = $ACME AND actor_kind = 'api_key'
	AND action REGEXP '^(customer|contact)[.]'") $(sql "SELECT COUNT(*) FROM events
	WHERE tenant_id = $ACME AND type REGEXP '^(customer|contact)[.]'")" \
	"1 0" "the API's changes of customers and contacts write no event"
