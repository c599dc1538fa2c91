#!/usr/bin/env bash
# porch — integration test of the tenant API's batch (POST /api/v1/batch), through
# nginx and Apache: NDJSON in, one result line per input line; bad lines in the
# middle (bad JSON, an unknown resource, an unknown field, a missing reference, no
# data) are reported with their line number, code and JSON pointer while the good
# lines apply; the same batch again changes nothing (no audit entry); a delete the
# data refuses is 409 on its line; lines past api.batch_line_max and
# api.batch_lines; the content type. Lines run in groups, one transaction each,
# every line in its own savepoint: a bad line in the middle of a group leaves the
# others applied, and a line whose change fails after writing part of its rows (a
# trigger refuses a statement's second line) leaves nothing of itself; a group
# whose transaction the server ends (a trigger raises a deadlock) is run again line
# by line, each line answered as it really ended. ?echo=false leaves the item
# out. Properties and bookings go set-wise, a group of them at once: a group that
# mixes new, unchanged, changed and bad lines (an unknown property in the middle)
# is answered line by line exactly as the item routes answer each, writes and
# audits only the new and changed rows and mails the notify.bookings holder about
# a new booking; the same group again writes nothing (rows, audit lines, events,
# mail counted); a set-wise write that fails (a trigger refuses one booking) runs
# its group again line by line. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq

stack_setup --fixture acme "api = { batch_lines = 2500; batch_line_max = 1024; };"
stack_serve --apache
# Triggers that make a change fail part-way: a statement line "fail-here" is
# refused after its statement is written; a customer "deadlock-me" raises the
# error of a deadlock, which ends the whole transaction.
stack_mysql "$DB_NAME" <<'SQL'
DELIMITER //
CREATE TRIGGER test_fail_line BEFORE INSERT ON statement_lines FOR EACH ROW
  IF NEW.description = 'fail-here' THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test';
  END IF//
CREATE TRIGGER test_deadlock BEFORE INSERT ON customers FOR EACH ROW
  IF NEW.name = 'deadlock-me' THEN
    SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock found';
  END IF//
CREATE TRIGGER test_fail_booking BEFORE INSERT ON bookings FOR EACH ROW
  IF NEW.guest_name = 'fail-here' THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test';
  END IF//
SQL
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	  ($ACME, 'Notify', 'notify.bookings')"
KEY=$(stack_porchctl apikey add acme "Loader" 2>/dev/null)
# The notify.bookings holder, granted on one property of each server's sets below.
stack_portal_user acme 'Nina Owner' nina@acme.test "$PW_OWNER"
sql "UPDATE portal_users SET login_is_email = 1 WHERE login = 'nina@acme.test'"

# batch PORT FILE [CURL_ARGS...]: FILE posted to /api/v1/batch on acme.test as NDJSON.
batch() {
	local port=$1 file=$2
	shift 2
	http_req "$port" acme.test /api/v1/batch -X POST -H "Authorization: Bearer $KEY" \
		-H 'Content-Type: application/x-ndjson' --data-binary "@$file" "$@"
}
# res N JQ: JQ on the result line whose "line" is N.
res() { printf '%s\n' "$HTTP_BODY" | jq -r "select(.line == $1) | $2" 2>/dev/null || true; }
xid_count() { sql "SELECT COUNT(*) FROM $1 WHERE tenant_id = $ACME AND external_id = '$2'"; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME"; }

check_batch() {
	local s=$1 port=$2 f=$T/batch.$1 before
	{
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-c1\",\"data\":{\"name\":\"Cara One\",\"email\":\"cara@owner.test\"}}"
		printf '%s\n' '{"op":"put","resource":"customers",'
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"widgets\",\"external_id\":\"$s-w1\",\"data\":{}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-c2\",\"data\":{\"name\":\"Two\",\"nmae\":\"Two\"}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"contacts\",\"external_id\":\"$s-k1\",\"data\":{\"customer\":\"$s-nobody\",\"name\":\"Kit\"}}"
		printf '\n'
		printf '%s\r\n' "{\"op\":\"put\",\"resource\":\"contacts\",\"external_id\":\"$s-k2\",\"data\":{\"customer\":\"$s-c1\",\"name\":\"Kim Clean\",\"role\":\"cleaner\"}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-c3\"}"
		printf '%s\n' "{\"op\":\"upsert\",\"resource\":\"customers\",\"external_id\":\"$s-c3\",\"data\":{\"name\":\"X\"}}"
		printf '%s' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-c3\",\"data\":{\"name\":\"Cleo Three\"}}"
	} >"$f"
	batch "$port" "$f"
	check_eq "$HTTP_STATUS" 200 "$s: a batch is answered 200"
	check_match "$(http_header Content-Type)" '^application/x-ndjson' "$s: ...as NDJSON"
	check_eq "$(printf '%s\n' "$HTTP_BODY" | jq -r .line | tr '\n' ' ')" "1 2 3 4 5 7 8 9 10 " \
		"$s: one result line per input line, by line number (the empty line 6 skipped)"
	check_eq "$(res 1 '[.status, .result, .item.name, .item.email] | join("|")')" "201|created|Cara One|cara@owner.test" \
		"$s: line 1 created the customer, answering it"
	check_eq "$(res 2 '[.status, .error.code] | join("|")')" "400|bad_json" "$s: line 2, bad JSON: 400 bad_json"
	check_eq "$(res 3 '[.status, .error.code, .error.field] | join("|")')" "400|unknown_resource|/resource" \
		"$s: line 3, an unknown resource: 400 at /resource"
	check_eq "$(res 4 '[.status, .error.code, .error.field] | join("|")')" "400|unknown_field|/data/nmae" \
		"$s: line 4, an unknown field: 400 at /data/nmae"
	check_eq "$(res 5 '[.status, .error.code, .error.field, .external_id] | join("|")')" "422|unprocessable|/data/customer|$s-k1" \
		"$s: line 5, a contact of a customer that does not exist: 422 at /data/customer"
	check_eq "$(res 7 '[.status, .result, .item.customer] | join("|")')" "201|created|$s-c1" \
		"$s: line 7 (CR LF) created the contact of line 1's customer"
	check_eq "$(res 8 '[.status, .error.code, .error.field] | join("|")')" "400|missing_field|/data" \
		"$s: line 8, a put without data: 400 at /data"
	check_eq "$(res 9 '[.status, .error.field] | join("|")')" "400|/op" "$s: line 9, an unknown op: 400 at /op"
	check_eq "$(res 10 '[.status, .result] | join("|")')" "201|created" "$s: line 10, without a final line break, applies"
	check_eq "$(xid_count customers "$s-c1")$(xid_count contacts "$s-k2")$(xid_count customers "$s-c3")" 111 \
		"$s: the good lines are written"
	check_eq "$(xid_count customers "$s-c2")$(xid_count contacts "$s-k1")$(xid_count customers "$s-w1")" 000 \
		"$s: the bad lines wrote nothing"
	check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'customer.create' AND actor_kind = 'api_key' AND detail LIKE '$s-%'")" 2 \
		"$s: ...and each good line is audited as the key's"

	# the same batch again: nothing changes
	before=$(audits)
	batch "$port" "$f"
	check_eq "$(res 1 '[.status, .result] | join("|")')|$(res 7 '[.status, .result] | join("|")')" "200|unchanged|200|unchanged" \
		"$s: the same batch again: the good lines are 200 unchanged"
	check_eq "$(res 4 .error.field)" /data/nmae "$s: ...the bad ones refused again"
	check_eq "$(audits)" "$before" "$s: ...and no audit entry is written"
	check_eq "$(xid_count customers "$s-c1")" 1 "$s: ...nor a new row"

	# one group: a bad line and a line that fails part-way in the middle
	{
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-g1\",\"data\":{\"name\":\"Gil One\"}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"statements\",\"external_id\":\"$s-st1\",\"data\":{\"customer\":\"$s-g1\",\"period_start\":\"2027-05-01\",\"period_end\":\"2027-05-31\",\"issued\":\"2027-06-02\",\"currency\":\"EUR\",\"lines\":[{\"description\":\"Rent\",\"payout_cents\":100}]}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"statements\",\"external_id\":\"$s-st2\",\"data\":{\"customer\":\"$s-g1\",\"period_start\":\"2027-05-01\",\"period_end\":\"2027-05-31\",\"issued\":\"2027-06-02\",\"currency\":\"EUR\",\"lines\":[{\"description\":\"ok\"},{\"description\":\"fail-here\"}]}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"contacts\",\"external_id\":\"$s-gk\",\"data\":{\"customer\":\"$s-nobody\",\"name\":\"Kit\"}}"
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-g2\",\"data\":{\"name\":\"Gil Two\"}}"
	} >"$f"
	batch "$port" "$f"
	check_eq "$(printf '%s\n' "$HTTP_BODY" | jq -r '"\(.line):\(.status)"' | tr '\n' ' ')" "1:201 2:201 3:500 4:422 5:201 " \
		"$s: a group with a refused line and a failing line in the middle: each line answered as it ended"
	check_eq "$(xid_count customers "$s-g1")$(xid_count statements "$s-st1")$(xid_count customers "$s-g2")" 111 \
		"$s: ...the group's other lines are applied"
	check_eq "$(xid_count statements "$s-st2")$(sql "SELECT COUNT(*) FROM statement_lines WHERE tenant_id = $ACME AND description = 'ok'")$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND detail = '$s-st2'")" 000 \
		"$s: ...the line that failed after writing its statement left nothing: no statement, no line, no audit"
	check_eq "$(xid_count contacts "$s-gk")" 0 "$s: ...the refused line wrote nothing"

	# the server ends a group's transaction (a deadlock): every line is run again
	# alone and answered as it really ended
	{
		for i in 1 2; do printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-d$i\",\"data\":{\"name\":\"D $i\"}}"; done
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-d3\",\"data\":{\"name\":\"deadlock-me\"}}"
		for i in 4 5; do printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-d$i\",\"data\":{\"name\":\"D $i\"}}"; done
	} >"$f"
	batch "$port" "$f"
	check_eq "$(printf '%s\n' "$HTTP_BODY" | jq -r '"\(.line):\(.status):\(.result // .error.code)"' | tr '\n' ' ')" \
		"1:201:created 2:201:created 3:503:unavailable 4:201:created 5:201:created " \
		"$s: a group ended by a deadlock: the others created, the failing line 503"
	check_eq "$(for i in 1 2 3 4 5; do xid_count customers "$s-d$i"; done | tr -d '\n')" 11011 \
		"$s: ...exactly the lines answered created are written"
	check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'customer.create' AND detail LIKE '$s-d%'")" 4 \
		"$s: ...each audited once"

	# ?echo=false: the answer lines carry no item
	printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-e1\",\"data\":{\"name\":\"Echo\"}}" >"$f"
	batch "$port" "$f" --url-query echo=false
	check_eq "$(res 1 '[.status, .result, has("item")] | map(tostring) | join("|")')" "201|created|false" \
		"$s: with ?echo=false a put is answered without its item"
	check_eq "$(xid_count customers "$s-e1")" 1 "$s: ...and applied"
	batch "$port" "$f" --url-query echo=maybe
	check_eq "$HTTP_STATUS|$(printf '%s' "$HTTP_BODY" | jq -r .error.code)" "400|invalid_parameter" \
		"$s: ?echo=maybe is 400"

	# a delete the data refuses, next to one it allows
	sql "INSERT INTO properties (tenant_id, customer_id, name) SELECT tenant_id, id, '$s house' FROM customers WHERE tenant_id = $ACME AND external_id = '$s-c3'"
	{
		printf '%s\n' "{\"op\":\"delete\",\"resource\":\"customers\",\"external_id\":\"$s-c3\"}"
		printf '%s\n' "{\"op\":\"delete\",\"resource\":\"contacts\",\"external_id\":\"$s-k2\"}"
		printf '%s\n' "{\"op\":\"delete\",\"resource\":\"contacts\",\"external_id\":\"$s-k2\"}"
		printf '%s\n' "{\"op\":\"delete\",\"resource\":\"contacts\",\"external_id\":\"$s-k9\",\"data\":{}}"
	} >"$f"
	batch "$port" "$f"
	check_eq "$(res 1 '[.status, .error.code] | join("|")')" "409|conflict" "$s: deleting a customer with a property is 409 on its line"
	check_contains "$(res 1 .error.message)" "1 property" "$s: ...saying why"
	check_eq "$(xid_count customers "$s-c3")" 1 "$s: ...and the customer stays"
	check_eq "$(res 2 '[.status, .result] | join("|")')" "204|deleted" "$s: deleting the contact is 204 deleted"
	check_eq "$(xid_count contacts "$s-k2")" 0 "$s: ...and it is gone"
	check_eq "$(res 3 '[.status, .error.code] | join("|")')" "404|not_found" "$s: deleting it again is 404"
	check_eq "$(res 4 '[.status, .error.field] | join("|")')" "400|/data" "$s: a delete with data is 400 at /data"

	# the bounds: a line too long is refused alone; past the line count, nothing more
	# is read. The answer (over 64 KiB) is held in a file, not in memory, and sent
	# once the body is read: the web servers stop sending a body once the answer
	# begins.
	{
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-long\",\"data\":{\"name\":\"$(head -c 1100 /dev/zero | tr '\0' a)\"}}"
		for i in $(seq 2 2510); do
			printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$s-n$i\",\"data\":{\"name\":\"N $i\"}}"
		done
	} >"$f"
	batch "$port" "$f"
	check_eq "$(res 1 '[.status, .error.code] | join("|")')" "413|line_too_long" "$s: a line past api.batch_line_max is 413 line_too_long"
	check_eq "$(xid_count customers "$s-long")" 0 "$s: ...and not applied"
	check_eq "$HTTP_STATUS|$(printf '%s\n' "$HTTP_BODY" | jq -r 'select(.status == 201) | .line' | wc -l | tr -d ' ')" "200|2499" \
		"$s: a batch of 2510 lines (an answer larger than 64 KiB) is answered, 2499 lines created"
	check_eq "$(res 2 .status)|$(res 2500 .status)" "201|201" "$s: ...the lines after it apply, up to api.batch_lines"
	check_eq "$(res 2501 '[.status, .error.code] | join("|")')" "413|too_many_lines" "$s: the line after api.batch_lines is 413 too_many_lines"
	check_eq "$(printf '%s\n' "$HTTP_BODY" | wc -l | tr -d ' ')" 2501 "$s: ...and the last answered"
	check_eq "$(xid_count customers "$s-n2500")$(xid_count customers "$s-n2501")" 10 "$s: ...line 2500 applied, line 2501 not read"

	# the content type
	http_req "$port" acme.test /api/v1/batch -X POST -H "Authorization: Bearer $KEY" \
		-H 'Content-Type: application/json' --data-binary '{"op":"delete"}'
	check_eq "$HTTP_STATUS|$(printf '%s' "$HTTP_BODY" | jq -r .error.code)" "415|unsupported_media_type" \
		"$s: a batch that is not application/x-ndjson is 415"
	http_req "$port" acme.test /api/v1/batch -X GET -H "Authorization: Bearer $KEY"
	check_eq "$HTTP_STATUS" 405 "$s: GET of the batch is 405"
}
stack_each_server check_batch

# prop S XID OWNER CITY: a property put line. book XID PROPERTY STATUS ARRIVAL
# DEPARTURE [GUEST]: a booking put line with every field.
prop() {
	printf '{"op":"put","resource":"properties","external_id":"%s","data":{"customer":"%s","name":"%s","address":"1 Rua","city":"%s","bedrooms":3,"description":"Sea view","arrival_instructions":"Key box"}}\n' \
		"$1" "$2" "$3" "$4"
}
book() {
	printf '{"op":"put","resource":"bookings","external_id":"%s","data":{"property":"%s","arrival":"%s","departure":"%s","checkin_time":"15:00","checkout_time":"10:30","status":"%s","channel":"direct","guest_name":"%s","guest_email":"gus@guest.test","guest_phone":"+44 1","guest_address":"1 Quay St","adults":2,"children":1,"infants":0,"base_rate_cents":80000,"cleaning_fee_cents":10000,"taxes_cents":8765,"channel_commission_cents":9000,"management_fee_cents":25444,"owner_revenue_cents":54321,"total_price_cents":98765,"payout_cents":54321,"currency":"EUR"}}\n' \
		"$1" "$2" "$4" "$5" "$3" "${6:-Gus Guest}"
}
# lines: "line:status:result or error code" of every answer line.
lines() { printf '%s\n' "$HTTP_BODY" | jq -r '"\(.line):\(.status):\(.result // .error.code)"' | tr '\n' ' '; }
tenant_rows() {
	sql "SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM properties WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM bookings WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM events WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM outbox WHERE tenant_id = $ACME))"
}
# item_error PORT RESOURCE XID LINE: the error of a PUT of LINE's data by the item
# route, with /data before its pointer, as the batch names it.
item_error() {
	http_req "$1" acme.test "/api/v1/$2/$3" -X PUT -H "Authorization: Bearer $KEY" \
		-H 'Content-Type: application/json' --data-binary "$(printf '%s' "$4" | jq -c .data)"
	printf '%s' "$HTTP_BODY" | jq -c '.error | .field = ("/data" + (.field // ""))'
}

check_sets() {
	local s=$1 port=$2 f=$T/sets.$1 o=$1-o1 before id want got mails
	# a first load: properties and bookings, each kind a set
	{
		printf '%s\n' "{\"op\":\"put\",\"resource\":\"customers\",\"external_id\":\"$o\",\"data\":{\"name\":\"Set Owner\"}}"
		for i in 1 2 3; do prop "$s-p$i" "$o" "$s House $i" Porto; done
		book "$s-b1" "$s-p1" confirmed 2027-05-01 2027-05-05
		book "$s-b2" "$s-p1" confirmed 2027-05-10 2027-05-15
		book "$s-b3" "$s-p2" tentative 2027-05-01 2027-05-05
		book "$s-b4" "$s-p2" confirmed 2027-05-10 2027-05-15
	} >"$f.1"
	batch "$port" "$f.1"
	check_eq "$(lines)" "1:201:created 2:201:created 3:201:created 4:201:created 5:201:created 6:201:created 7:201:created 8:201:created " \
		"$s: a set of properties and a set of bookings: each line created"
	check_eq "$(res 3 '[.item.name, .item.city, .item.customer] | join("|")')|$(res 6 '[.item.property, .item.arrival, .item.checkin_time, (.item.total_price_cents|tostring), .item.currency] | join("|")')" \
		"$s House 2|Porto|$o|$s-p1|2027-05-10|15:00|98765|EUR" "$s: ...each answered with its item as stored"
	id=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND external_id = '$s-b3'")
	check_eq "$(sql "SELECT CONCAT_WS('|', action, actor_kind, target_kind, detail) FROM audit_log WHERE tenant_id = $ACME AND target_id = $id AND target_kind = 'booking'")" \
		"booking.create|api_key|booking|$s-b3" "$s: ...each row audited on itself, as the key's"
	check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action IN ('property.create', 'booking.create') AND detail LIKE '$s-%'")" 7 \
		"$s: ...once each"

	# a group mixing unchanged, changed, new and bad lines
	stack_grant acme nina@acme.test Notify "property:$s House 1"
	{
		prop "$s-p1" "$o" "$s House 1" Porto
		prop "$s-p2" "$o" "$s House 2" Braga
		prop "$s-p4" "$o" "$s House 4" Porto
		prop "$s-p5" "$s-nobody" "$s House 5" Porto
		book "$s-b1" "$s-p1" confirmed 2027-05-01 2027-05-05
		book "$s-b2" "$s-p1" cancelled 2027-05-10 2027-05-15
		book "$s-b5" "$s-p1" confirmed 2027-06-01 2027-06-05
		book "$s-b6" "$s-nop" confirmed 2027-06-01 2027-06-05
		book "$s-b7" "$s-p2" maybe 2027-06-01 2027-06-05
		book "$s-b8" "$s-p2" confirmed 2027-06-05 2027-06-01
		book "$s-b9" "$s-p2" confirmed 2027-06-10 2027-06-12
	} >"$f.2"
	before=$(tenant_rows)
	mails=$(sql "SELECT COUNT(*) FROM outbox WHERE to_addr = 'nina@acme.test'")
	batch "$port" "$f.2"
	check_eq "$(lines)" "1:200:unchanged 2:200:replaced 3:201:created 4:422:unprocessable 5:200:unchanged 6:200:replaced 7:201:created 8:422:unprocessable 9:400:invalid_value 10:422:unprocessable 11:201:created " \
		"$s: a group of new, unchanged, changed and bad lines: each answered as it ended"
	for n in 4 8 9 10; do
		want=$(sed -n "${n}p" "$f.2")
		got=$(res "$n" '.error | tojson')
		check_eq "$got" "$(item_error "$port" "$(printf '%s' "$want" | jq -r .resource)" "$s-x$n" "$want")" \
			"$s: ...line $n refused with the item route's code, message and pointer ($(printf '%s' "$got" | jq -r .field))"
	done
	check_eq "$(for x in p4 p5 b5 b6 b7 b8 b9; do xid_count "$(case $x in p*) echo properties;; *) echo bookings;; esac)" "$s-$x"; done | tr -d '\n')" \
		1010001 "$s: ...the new lines written, the bad ones not"
	check_eq "$(sql "SELECT CONCAT_WS('|', b.status, p.city) FROM bookings b JOIN properties p ON p.id = b.property_id WHERE b.tenant_id = $ACME AND b.external_id = '$s-b2'")|$(sql "SELECT city FROM properties WHERE tenant_id = $ACME AND external_id = '$s-p2'")" \
		"cancelled|Porto|Braga" "$s: ...the changed rows changed"
	check_eq "$(sql "SELECT GROUP_CONCAT(CONCAT(action, ':', detail) ORDER BY id SEPARATOR ' ') FROM (SELECT id, action, detail FROM audit_log WHERE tenant_id = $ACME ORDER BY id DESC LIMIT 5) l")" \
		"property.update:city property.create:$s-p4 booking.update:status booking.create:$s-b5 booking.create:$s-b9" \
		"$s: ...audited in line order: the changed fields, the new rows"
	IFS='|' read -r -a a <<<"$before"
	IFS='|' read -r -a b <<<"$(tenant_rows)"
	check_eq "$((b[0] - a[0]))|$((b[1] - a[1]))|$((b[2] - a[2]))|$((b[3] - a[3]))" "1|2|5|0" \
		"$s: ...1 property and 2 bookings more, 5 audit lines, no event"
	check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE to_addr = 'nina@acme.test'")|$(sql "SELECT COUNT(*) FROM outbox WHERE to_addr = 'nina@acme.test' AND subject = 'New booking at $s House 1: Tue 1 Jun 2027 to Sat 5 Jun 2027'")" \
		"$((mails + 1))|1" "$s: ...and one mail to the notify.bookings holder, about the new booking on her property"

	# the same group again writes nothing
	before=$(tenant_rows)
	batch "$port" "$f.2" --url-query echo=false
	check_eq "$(lines)" "1:200:unchanged 2:200:unchanged 3:200:unchanged 4:422:unprocessable 5:200:unchanged 6:200:unchanged 7:200:unchanged 8:422:unprocessable 9:400:invalid_value 10:422:unprocessable 11:200:unchanged " \
		"$s: the same group again: every good line unchanged, the bad ones refused again"
	check_eq "$(tenant_rows)" "$before" "$s: ...no row, audit line, event or mail more (properties|bookings|audit|events|outbox)"

	# a set-wise write that fails: the group runs again line by line
	{
		book "$s-b10" "$s-p3" confirmed 2027-07-01 2027-07-05
		book "$s-b11" "$s-p3" confirmed 2027-07-10 2027-07-15 fail-here
		book "$s-b12" "$s-p3" confirmed 2027-07-20 2027-07-25
		book "$s-b10" "$s-p3" cancelled 2027-07-01 2027-07-05
	} >"$f.3"
	batch "$port" "$f.3"
	check_eq "$(lines)" "1:201:created 2:500:internal_error 3:201:created 4:200:replaced " \
		"$s: a set whose write fails runs line by line: the refused line 500, the others applied"
	check_eq "$(for x in b10 b11 b12; do xid_count bookings "$s-$x"; done | tr -d '\n')|$(sql "SELECT status FROM bookings WHERE tenant_id = $ACME AND external_id = '$s-b10'")" \
		"101|cancelled" "$s: ...exactly those written; an external id twice in a group: the second line replaces the first"
	check_eq "$(sql "SELECT GROUP_CONCAT(action ORDER BY id) FROM audit_log WHERE tenant_id = $ACME AND action LIKE 'booking.%' AND (detail LIKE '$s-b1_' OR target_id IN (SELECT id FROM bookings WHERE tenant_id = $ACME AND external_id = '$s-b10'))")" \
		"booking.create,booking.create,booking.update" "$s: ...each audited once"
}
stack_each_server check_sets

# A read-only key may not write through the batch either.
RO=$(stack_porchctl apikey add acme "Reader" --read-only 2>/dev/null)
printf '%s\n' '{"op":"put","resource":"customers","external_id":"ro-1","data":{"name":"R"}}' >"$T/ro"
http_req "$P" acme.test /api/v1/batch -X POST -H "Authorization: Bearer $RO" \
	-H 'Content-Type: application/x-ndjson' --data-binary "@$T/ro"
check_eq "$HTTP_STATUS" 403 "a read-only key's batch is 403"
check_eq "$(xid_count customers ro-1)" 0 "...and writes nothing"
