#!/usr/bin/env bash
# porch — integration test of the tenant API's properties, bookings, block-offs and
# booking notes, through nginx and Apache: create (201), replace (200), the same PUT
# again changing nothing (no write, no audit entry, no mail), read, lists paged by a
# stable cursor, delete (204) or 409 saying why; unknown fields and wrong types with
# their pointer; references to missing external ids (422 with the pointer); a
# block-off over a booking refused as in the portal; a booking that arrives mails
# the property's notify.bookings holder once; and a portal user sees what the API
# made exactly under their grants. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

stack_setup --smtp "api = { body_limit = 65536; rate_per_minute = 100000; };"
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	  ($ACME, 'Notify', 'notify.bookings');
	INSERT INTO permission_groups (tenant_id, name, permissions, financial_level) VALUES
	  ($ACME, 'ApiView', 'calendar.view,booking.guest_name,notes.view,blocks.create',
	   'owner_revenue')"
stack_serve --apache
KEY=$(stack_porchctl apikey add acme "Sync" 2>/dev/null)
BKEY=$(stack_porchctl apikey add beta "Beta sync" 2>/dev/null)

# api PORT METHOD PATH [JSON]: an API request on acme.test with KEY.
api() {
	local port=$1 method=$2 path=$3
	if [ $# -gt 3 ]; then
		http_req "$port" acme.test "$path" -X "$method" -H "Authorization: Bearer $KEY" \
			-H 'Content-Type: application/json' --data-binary "$4"
	else
		http_req "$port" acme.test "$path" -X "$method" -H "Authorization: Bearer $KEY"
	fi
}
jqb() { printf '%s' "$HTTP_BODY" | jq -r "$1" 2>/dev/null || true; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = '$1' ${2:+AND $2}"; }
outbox_to() { sql "SELECT COUNT(*) FROM outbox WHERE to_addr = '$1'"; }
# err: status|code|field of the last answer.
err() { printf '%s|%s|%s' "$HTTP_STATUS" "$(jqb .error.code)" "$(jqb .error.field)"; }

# The holder of notify.bookings: a portal user with an email login, granted the
# Notify group on each property named later (stack_grant ... property:NAME).
stack_portal_user acme 'Nina Owner' nina@acme.test "$PW_OWNER"
sql "UPDATE portal_users SET login_is_email = 1 WHERE login = 'nina@acme.test'"

booking_body() { # PROPERTY ARRIVAL DEPARTURE STATUS ADULTS
	printf '{"property": "%s", "arrival": "%s", "departure": "%s", "checkin_time": "15:00",
	  "checkout_time": "10:30", "status": "%s", "channel": "Airbnb", "guest_name": "Gus Guest",
	  "guest_email": "gus@guest.test", "guest_phone": "+44 1", "guest_address": "1 Quay St, Leeds",
	  "adults": %s, "children": 1, "infants": 1, "base_rate_cents": 80000,
	  "cleaning_fee_cents": 10000, "taxes_cents": 8765, "channel_commission_cents": 9000,
	  "management_fee_cents": 25444, "owner_revenue_cents": 54321, "total_price_cents": 98765,
	  "payout_cents": 54321, "currency": "EUR"}' "$1" "$2" "$3" "$4" "$5"
}

check_resources() {
	local s=$1 port=$2 c=$1-own p=$1-p1 b=$1-b1 k=$1-k1 n=$1-n1 id kid before mails
	api "$port" PUT /api/v1/customers/$c '{"name": "Owner of '"$s"'"}'
	check_eq "$HTTP_STATUS" 201 "$s: an owner to hang properties on"

	# --- properties ---
	api "$port" PUT /api/v1/properties/$p "{\"customer\": \"$c\", \"name\": \"$s House\",
		\"address\": \"2 Sea Rd\", \"city\": \"Porthleven\", \"bedrooms\": 3,
		\"description\": \"Three bedrooms.\\nSea view.\", \"arrival_instructions\": \"Key in the box.\"}"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new property is 201"
	check_eq "$(jqb '[.external_id, .customer, .name, .city, (.bedrooms|tostring), .description, .arrival_instructions] | join("|")')" \
		"$p|$c|$s House|Porthleven|3|Three bedrooms.
Sea view.|Key in the box." "$s: ...answering it with its owner's external id and every field"
	id=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND external_id = '$p'")
	check_eq "$(audits property.create "target_id = $id AND actor_kind = 'api_key'")" 1 "$s: ...audited as the key's"
	before=$(sql "SELECT CONCAT_WS('|', name, city, description, arrival_instructions) FROM properties WHERE id = $id")
	api "$port" PUT /api/v1/properties/$p "{\"customer\": \"$c\", \"name\": \"$s House\",
		\"address\": \"2 Sea Rd\", \"city\": \"Porthleven\", \"bedrooms\": 3,
		\"description\": \"Three bedrooms.\\nSea view.\", \"arrival_instructions\": \"Key in the box.\"}"
	check_eq "$HTTP_STATUS" 200 "$s: the same property again is 200"
	check_eq "$(audits property.update "target_id = $id")" 0 "$s: ...no audit entry"
	check_eq "$(sql "SELECT CONCAT_WS('|', name, city, description, arrival_instructions) FROM properties WHERE id = $id")" \
		"$before" "$s: ...the row as it was"
	api "$port" PUT /api/v1/properties/$p "{\"customer\": \"$c\", \"name\": \"$s House\", \"city\": \"Helston\"}"
	check_eq "$HTTP_STATUS|$(jqb '[.city, (.bedrooms|tostring), (.description|tostring)] | join("|")')" \
		"200|Helston|null|null" "$s: a replace drops what it does not send"
	check_eq "$(audits property.update "target_id = $id AND detail = 'address,city,bedrooms,description,arrival_instructions'")" 1 \
		"$s: ...audited with what changed"
	api "$port" PUT /api/v1/properties/$p "{\"customer\": \"$c\", \"name\": \"$s House\", \"city\": \"Helston\", \"bedroms\": 2}"
	check_eq "$(err)" "400|unknown_field|/bedroms" "$s: an unknown field is 400 with its pointer"
	api "$port" PUT /api/v1/properties/$p "{\"customer\": \"$c\", \"name\": \"$s House\", \"bedrooms\": \"2\"}"
	check_eq "$(err)" "400|wrong_type|/bedrooms" "$s: a string for bedrooms is 400 wrong_type"
	api "$port" PUT /api/v1/properties/$s-p9 "{\"customer\": \"$s-nobody\", \"name\": \"Nowhere\"}"
	check_eq "$(err)" "422|unprocessable|/customer" "$s: a property of a missing customer is 422 /customer"
	check_eq "$(sql "SELECT COUNT(*) FROM properties WHERE external_id = '$s-p9'")" 0 "$s: ...and nothing is written"
	api "$port" GET /api/v1/properties/$p
	check_eq "$HTTP_STATUS|$(jqb .name)" "200|$s House" "$s: GET of the property"
	http_req "$port" beta.test /api/v1/properties/$p -H "Authorization: Bearer $BKEY"
	check_eq "$HTTP_STATUS" 404 "$s: beta's key does not see acme's property"

	# --- bookings: the first one mails the property's notify.bookings holder ---
	stack_grant acme nina@acme.test Notify "property:$s House"
	mails=$(outbox_to nina@acme.test)
	api "$port" PUT /api/v1/bookings/$b "$(booking_body "$p" 2027-05-10 2027-05-15 confirmed 2)"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new booking is 201"
	check_eq "$(jqb '[.property, .reference, .arrival, .departure, .checkin_time, .checkout_time, .status, .guest_address, (.infants|tostring), (.total_price_cents|tostring), (.payout_cents|tostring), .currency] | join("|")')" \
		"$p|$b|2027-05-10|2027-05-15|15:00|10:30|confirmed|1 Quay St, Leeds|1|98765|54321|EUR" \
		"$s: ...answering every field, money in cents"
	id=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND external_id = '$b'")
	check_eq "$(audits booking.create "target_id = $id")" 1 "$s: ...audited"
	check_eq "$(outbox_to nina@acme.test)" $((mails + 1)) "$s: ...and one mail to the notify.bookings holder"
	check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'New booking at $s House%' AND to_addr <> 'nina@acme.test'")" 0 \
		"$s: ...to nobody else"
	before=$(sql "SELECT CONCAT_WS('|', status, adults, checkin_time, total_price_cents) FROM bookings WHERE id = $id")
	api "$port" PUT /api/v1/bookings/$b "$(booking_body "$p" 2027-05-10 2027-05-15 confirmed 2)"
	check_eq "$HTTP_STATUS" 200 "$s: the same booking again is 200"
	check_eq "$(audits booking.update "target_id = $id")$(audits booking.create "target_id = $id")" 01 "$s: ...no audit entry"
	check_eq "$(outbox_to nina@acme.test)" $((mails + 1)) "$s: ...and no second mail"
	check_eq "$(sql "SELECT CONCAT_WS('|', status, adults, checkin_time, total_price_cents) FROM bookings WHERE id = $id")" \
		"$before" "$s: ...the row as it was"
	api "$port" PUT /api/v1/bookings/$b "$(booking_body "$p" 2027-05-10 2027-05-15 tentative 3)"
	check_eq "$HTTP_STATUS|$(jqb .status)|$(jqb .adults)" "200|tentative|3" "$s: a replace changing status and adults is 200"
	check_eq "$(audits booking.update "target_id = $id AND detail = 'status,adults'")" 1 "$s: ...audited with what changed"
	check_eq "$(outbox_to nina@acme.test)" $((mails + 1)) "$s: ...and not mailed as a new booking"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$s-nowhere" 2027-05-10 2027-05-15 confirmed 2)"
	check_eq "$(err)" "422|unprocessable|/property" "$s: a booking of a missing property is 422 /property"
	check_eq "$(sql "SELECT COUNT(*) FROM bookings WHERE external_id = '$s-b9'")" 0 "$s: ...nothing written"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$p" 2027-05-10 2027-05-15 confirmed '"2"')"
	check_eq "$(err)" "400|wrong_type|/adults" "$s: a string for adults is 400 wrong_type /adults"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$p" 2027-05-10 2027-05-15 booked 2)"
	check_eq "$(err)" "400|invalid_value|/status" "$s: an unknown status is 400 /status"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$p" 2027-05-10 2027-05-15 confirmed 2 | sed 's/15:00/25:00/')"
	check_eq "$(err)" "400|invalid_value|/checkin_time" "$s: check-in at 25:00 is 400 /checkin_time"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$p" 2027-05-10 2027-05-10 confirmed 2)"
	check_eq "$(err)" "422|unprocessable|/departure" "$s: departure on the day of arrival is 422 /departure"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$p" 2027-05-10 2027-05-15 confirmed 2 | sed 's/"EUR"/"eur"/')"
	check_eq "$(err)" "400|invalid_value|/currency" "$s: a currency in small letters is 400 /currency"
	api "$port" PUT /api/v1/bookings/$s-b9 "$(booking_body "$p" 2027-05-10 2027-05-15 confirmed 2 | sed 's/"payout_cents"/"payout"/')"
	check_eq "$(err)" "400|unknown_field|/payout" "$s: a money field without _cents is an unknown field"
	check_eq "$(sql "SELECT COUNT(*) FROM bookings WHERE external_id = '$s-b9'")" 0 "$s: no refused PUT wrote a booking"

	# --- block-offs: the portal's rules ---
	api "$port" PUT /api/v1/blocks/$s-k0 "{\"property\": \"$p\", \"start\": \"2027-05-12\", \"end\": \"2027-05-14\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "409|conflict" "$s: a block-off over a booking is 409"
	check_contains "$(jqb .error.message)" "Booking $b (Mon 10 May 2027 to Sat 15 May 2027) is in the way" "$s: ...naming the booking"
	check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE external_id = '$s-k0'")" 0 "$s: ...nothing written"
	api "$port" PUT /api/v1/blocks/$k "{\"property\": \"$p\", \"start\": \"2027-05-20\", \"end\": \"2027-05-22\", \"reason\": \"Painting\"}"
	check_eq "$HTTP_STATUS|$(jqb '[.property, .start, .end, .reason] | join("|")')" "201|$p|2027-05-20|2027-05-22|Painting" \
		"$s: PUT of a new block-off is 201"
	id=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME AND external_id = '$k'")
	kid=$id
	check_eq "$(audits block.create "target_id = $id AND actor_kind = 'api_key'")" 1 "$s: ...audited as block.create"
	api "$port" PUT /api/v1/blocks/$k "{\"property\": \"$p\", \"start\": \"2027-05-20\", \"end\": \"2027-05-22\", \"reason\": \"Painting\"}"
	check_eq "$HTTP_STATUS|$(audits block.move "target_id = $id")" "200|0" "$s: the same block-off again is 200, no audit entry"
	api "$port" PUT /api/v1/blocks/$k "{\"property\": \"$p\", \"start\": \"2027-05-21\", \"end\": \"2027-05-24\", \"reason\": \"Roof\"}"
	check_eq "$HTTP_STATUS|$(jqb '[.start, .end, .reason] | join("|")')" "200|2027-05-21|2027-05-24|Roof" "$s: a replace moves it"
	check_eq "$(audits block.move "target_id = $id AND detail LIKE '%2027-05-21..2027-05-24 was 2027-05-20..2027-05-22'")" 1 \
		"$s: ...audited as block.move"
	api "$port" PUT /api/v1/blocks/$s-k2 "{\"property\": \"$p\", \"start\": \"2027-05-23\", \"end\": \"2027-05-26\"}"
	check_eq "$HTTP_STATUS" 409 "$s: a block-off over another is 409"
	check_contains "$(jqb .error.message)" "Another block-off (Fri 21 May 2027 to Mon 24 May 2027)" "$s: ...saying which"
	api "$port" PUT /api/v1/blocks/$s-k2 "{\"property\": \"$p\", \"start\": \"2027-05-26\", \"end\": \"2027-05-26\"}"
	check_eq "$HTTP_STATUS" 422 "$s: a block-off ending where it starts is 422"
	api "$port" PUT /api/v1/blocks/$s-k2 "{\"property\": \"$s-nowhere\", \"start\": \"2027-05-26\", \"end\": \"2027-05-27\"}"
	check_eq "$(err)" "422|unprocessable|/property" "$s: a block-off on a missing property is 422 /property"
	api "$port" PUT /api/v1/blocks/$s-k2 "{\"property\": \"$p\", \"start\": \"2027-02-30\", \"end\": \"2027-05-27\"}"
	check_eq "$(err)" "400|invalid_value|/start" "$s: 30 February is 400 /start"

	# --- notes ---
	api "$port" PUT /api/v1/notes/$n "{\"booking\": \"$b\", \"author_name\": \"Front desk\", \"body\": \"Late arrival.\"}"
	check_eq "$HTTP_STATUS|$(jqb '[.booking, .author_name, .body] | join("|")')" "201|$b|Front desk|Late arrival." \
		"$s: PUT of a new note is 201"
	check_match "$(jqb .created_at)" '^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]{8}Z$' "$s: ...with its time made"
	id=$(sql "SELECT id FROM notes WHERE tenant_id = $ACME AND external_id = '$n'")
	api "$port" PUT /api/v1/notes/$n "{\"booking\": \"$b\", \"author_name\": \"Front desk\", \"body\": \"Late arrival.\"}"
	check_eq "$HTTP_STATUS|$(audits note.update "detail IS NOT NULL AND target_id = (SELECT booking_id FROM notes WHERE id = $id)")" \
		"200|0" "$s: the same note again is 200, no audit entry"
	api "$port" PUT /api/v1/notes/$n "{\"booking\": \"$b\", \"author_name\": \"Front desk\", \"body\": \"Arrives 23:00.\", \"created_at\": \"2020-01-01T00:00:00Z\"}"
	check_eq "$(err)" "400|unknown_field|/created_at" "$s: created_at is read-only (an unknown field in a PUT)"
	api "$port" PUT /api/v1/notes/$n "{\"booking\": \"$b\", \"author_name\": \"Front desk\", \"body\": \"Arrives 23:00.\"}"
	check_eq "$HTTP_STATUS|$(jqb .body)" "200|Arrives 23:00." "$s: a replace changes the body"
	check_eq "$(audits note.update "detail = 'body'")" "$([ "$s" = nginx ] && echo 1 || echo 2)" "$s: ...audited as note.update"
	api "$port" PUT /api/v1/notes/$s-n9 "{\"booking\": \"$s-nobooking\", \"author_name\": \"X\", \"body\": \"Y\"}"
	check_eq "$(err)" "422|unprocessable|/booking" "$s: a note on a missing booking is 422 /booking"
	api "$port" PUT /api/v1/notes/$s-n9 "{\"booking\": \"$b\", \"author_name\": \"X\", \"body\": \"   \"}"
	check_eq "$(err)" "422|unprocessable|/body" "$s: a blank note is 422 /body, as in the portal"

	# --- deletes and their 409s ---
	api "$port" DELETE /api/v1/properties/$p
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "409|conflict" "$s: deleting a property with a booking is 409"
	check_contains "$(jqb .error.message)" "1 booking(s)" "$s: ...saying why"
	sql "INSERT INTO statements (tenant_id, customer_id, property_id, period_start, period_end)
	     SELECT tenant_id, customer_id, id, '2027-05-01', '2027-05-31' FROM properties WHERE external_id = '$p';
	     INSERT INTO statement_lines (tenant_id, statement_id, booking_id, line_order, description)
	     SELECT s.tenant_id, s.id, b.id, 1, 'Stay' FROM statements s JOIN bookings b ON b.external_id = '$b'
	     WHERE s.property_id = b.property_id"
	api "$port" DELETE /api/v1/bookings/$b
	check_eq "$HTTP_STATUS" 409 "$s: deleting a booking a statement line names is 409"
	check_contains "$(jqb .error.message)" "statement line" "$s: ...saying why"
	sql "DELETE s FROM statements s JOIN properties p ON p.id = s.property_id WHERE p.external_id = '$p'"
	api "$port" DELETE /api/v1/bookings/$b
	check_eq "$HTTP_STATUS" 204 "$s: deleting the booking is 204"
	check_eq "$(audits booking.delete "detail = '$b'")" 1 "$s: ...audited"
	api "$port" GET /api/v1/notes/$n
	check_eq "$HTTP_STATUS" 404 "$s: ...its notes went with it"
	api "$port" DELETE /api/v1/blocks/$k
	check_eq "$HTTP_STATUS|$(audits block.delete "target_id = $kid")" "204|1" "$s: deleting the block-off is 204, audited"
	check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE external_id = '$k'")" 0 "$s: ...it is gone"
	api "$port" DELETE /api/v1/blocks/$k
	check_eq "$HTTP_STATUS" 404 "$s: deleting it again is 404"
	api "$port" DELETE /api/v1/properties/$p
	check_eq "$HTTP_STATUS" 204 "$s: the property without bookings is deleted"
	check_eq "$(audits property.delete "detail = '$p'")" 1 "$s: ...audited"
	api "$port" GET /api/v1/properties/$p
	check_eq "$HTTP_STATUS" 404 "$s: ...and it is gone"
}
stack_each_server check_resources

# --- lists: a stable cursor over more rows than a page, for each resource ---
api "$P" PUT /api/v1/customers/list-own '{"name": "List Owner"}'
for i in 4 1 5 3 2; do
	api "$P" PUT /api/v1/properties/list-p$i '{"customer": "list-own", "name": "List house '"$i"'"}'
	api "$P" PUT /api/v1/bookings/list-b$i "$(booking_body list-p$i 2027-06-0$i 2027-06-1$i confirmed 1)"
	api "$P" PUT /api/v1/blocks/list-k$i "{\"property\": \"list-p$i\", \"start\": \"2027-07-0$i\", \"end\": \"2027-07-1$i\"}"
	api "$P" PUT /api/v1/notes/list-n$i "{\"booking\": \"list-b$i\", \"author_name\": \"Office\", \"body\": \"Note $i\"}"
done
check_list() {
	local s=$1 port=$2 res table got want cursor pages
	for res in properties:properties bookings:bookings blocks:blocks notes:notes; do
		table=${res#*:} res=${res%%:*}
		want=$(sql "SELECT external_id FROM $table WHERE tenant_id = $ACME AND external_id IS NOT NULL ORDER BY external_id" | tr '\n' ' ')
		got="" cursor="" pages=0
		while :; do
			api "$port" GET "/api/v1/$res?limit=2${cursor:+&after=$cursor}"
			[ "$HTTP_STATUS" = 200 ] || break
			pages=$((pages + 1))
			got="$got$(jqb '.items[].external_id' | tr '\n' ' ')"
			cursor=$(jqb .next)
			[ "$cursor" != null ] && [ "$pages" -lt 10 ] || break
		done
		check_eq "$got" "$want" "$s: $res: following next through pages of 2 gives every item once, in order"
		check_eq "$pages" 3 "$s: $res: ...in 3 pages"
	done
}
stack_each_server check_list
api "$P" GET /api/v1/bookings/list-b3
check_eq "$(jqb '[.property, .arrival] | join("|")')" "list-p3|2027-06-03" "a listed booking reads alone too"

# --- the portal shows what the API made, exactly under the user's grants ---
api "$P" PUT /api/v1/customers/own-api '{"name": "Api Owner"}'
api "$P" PUT /api/v1/customers/own-other '{"name": "Api Other"}'
api "$P" PUT /api/v1/properties/api-house '{"customer": "own-api", "name": "Api House", "city": "Bude"}'
api "$P" PUT /api/v1/properties/api-flat '{"customer": "own-other", "name": "Api Other Flat"}'
api "$P" PUT /api/v1/bookings/api-bk-1 "$(booking_body api-house 2027-08-03 2027-08-07 confirmed 2 | sed 's/Gus Guest/Gwen Visible/')"
check_eq "$HTTP_STATUS" 201 "a booking in the granted property"
api "$P" PUT /api/v1/bookings/api-bk-2 "$(booking_body api-flat 2027-08-03 2027-08-07 confirmed 2 | sed 's/Gus Guest/Hugo Hidden/')"
api "$P" PUT /api/v1/blocks/api-blk-1 '{"property": "api-house", "start": "2027-08-20", "end": "2027-08-22", "reason": "Owner week"}'
api "$P" PUT /api/v1/notes/api-note-1 '{"booking": "api-bk-1", "author_name": "Front desk", "body": "Guests bring a dog."}'
api "$P" PUT /api/v1/notes/api-note-2 '{"booking": "api-bk-2", "author_name": "Front desk", "body": "Secret note."}'
stack_portal_user acme 'Api Owner' viewer@acme.test "$PW_OWNER"
stack_grant acme viewer@acme.test ApiView 'customer:Api Owner'
HOUSE=$(sql "SELECT id FROM properties WHERE external_id = 'api-house'")
FLAT=$(sql "SELECT id FROM properties WHERE external_id = 'api-flat'")
BK1=$(sql "SELECT id FROM bookings WHERE external_id = 'api-bk-1'")
BK2=$(sql "SELECT id FROM bookings WHERE external_id = 'api-bk-2'")
JV=$(jar viewer)
owner_signs_in "$JV" viewer@acme.test
check_eq "$HTTP_STATUS" 303 "the API owner's portal user signs in"
req "$JV" "$P" acme.test /portal/bookings
check_contains "$HTTP_BODY" "href=\"/portal/bookings/$BK1\"" "the bookings list shows the API booking of their property"
check_not_contains "$HTTP_BODY" "/portal/bookings/$BK2\"" "...not the other customer's"
req "$JV" "$P" acme.test /portal/bookings/$BK1
check_eq "$HTTP_STATUS" 200 "the API booking's page opens"
check_contains "$HTTP_BODY" "Gwen Visible" "...with the guest name (booking.guest_name)"
check_not_contains "$HTTP_BODY" "gus@guest.test" "...no guest email (no booking.guest_contact)"
check_contains "$HTTP_BODY" "Guests bring a dog." "...the API note (notes.view)"
check_contains "$HTTP_BODY" "543.21" "...the owner revenue (financial level owner_revenue)"
check_not_contains "$HTTP_BODY" "987.65" "...not the total price their group hides"
check_not_contains "$HTTP_BODY" "800.00" "...nor the base rate"
req "$JV" "$P" acme.test /portal/bookings/$BK2
check_eq "$HTTP_STATUS" 404 "the other customer's API booking is a 404"
req "$JV" "$P" acme.test "/portal/calendar?property=$FLAT&month=2027-08"
check_eq "$HTTP_STATUS" 404 "...and its property's calendar too"
req "$JV" "$P" acme.test "/portal/calendar?property=$HOUSE&month=2027-08"
check_eq "$HTTP_STATUS" 200 "the granted property's calendar opens"
check_contains "$HTTP_BODY" '<td class="blocked" data-date="2027-08-21" colspan="2">' "...showing the API's block-off"
check_not_contains "$HTTP_BODY" "Api Other Flat" "...and no property outside the grants"
# The portal refuses a block-off over the API booking, as the API refuses one.
tok=$(csrf_of "$HTTP_BODY")
req "$JV" "$P" acme.test /portal/blocks/new --data-urlencode "csrf=$tok" --data-urlencode "property=$HOUSE" \
	--data-urlencode "start=2027-08-05" --data-urlencode "end=2027-08-06" --data-urlencode "reason=Mine"
check_eq "$HTTP_STATUS" 409 "the portal refuses a block-off over the API booking"
check_contains "$HTTP_BODY" "Booking api-bk-1 (Tue 3 Aug 2027 to Sat 7 Aug 2027) is in the way" "...with the API's words"
api "$P" PUT /api/v1/blocks/api-blk-2 '{"property": "api-house", "start": "2027-08-05", "end": "2027-08-06"}'
check_eq "$HTTP_STATUS" 409 "...and so does the API"
check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE property_id = $HOUSE")" 1 "...nothing written by either"

# --- the notify.bookings holder gets each new booking once, through the SMTP sink ---
outbox_send
check_eq "$(mails_to nina@acme.test)" 2 "the holder got one mail per booking that arrived (one per web server)"
check_contains "$(mail_body_to nina@acme.test)" "A booking was added to the calendar of" "...saying a booking arrived"
check_not_contains "$(mail_body_to nina@acme.test)" "Gus Guest" "...without the guest's name"
check_eq "$(mail_body_to nina@acme.test | internal_words)$(mail_html_to nina@acme.test | internal_words)" "" \
	"...naming no right or field by its internal name, no fractional second, in text or HTML"
check_eq "$(mails_to office@acme.test)" 0 "the office is not mailed about its own system's bookings"

