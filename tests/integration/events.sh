#!/usr/bin/env bash
# porch — integration test of events through nginx and Apache: each change made on
# the real pages (a portal user's first sign-in, block-off created, moved and
# deleted, note added, booking confirmed and cancelled; staff creating and
# disabling a portal user) writes exactly one event, in order, with its payload; a
# refused change writes none; ids increase per tenant without gaps and become
# visible in commit order (a change waits for an earlier one still open); read with
# porchctl events and through the API's feed, GET /api/v1/events. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq python3

stack_setup --fixture acme --fixture beta
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	($ACME, 'Event testers', 'calendar.view,blocks.create,blocks.modify,notes.view,notes.add,bookings.manage')"
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
PA1=$(pid 'Ada Beach House'); PA2=$(pid 'Ada Cabin')
ADA=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Ada Owner'")
# One tentative booking per web server to confirm or cancel.
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, status)
	VALUES ($ACME, $PA2, 'T-nginx', '2027-06-01', '2027-06-05', 'tentative'),
	       ($ACME, $PA2, 'T-apache', '2027-07-01', '2027-07-05', 'tentative')"
for s in nginx apache; do
	stack_portal_user acme 'Ada Owner' "ada-$s@acme.test" "$PW_OWNER"
	stack_grant acme "ada-$s@acme.test" 'Event testers' 'customer:Ada Owner'
done
stack_serve --apache

# last_event [TENANT]: the tenant's last event id (0: none), by porchctl.
last_event() { stack_porchctl events "${1:-acme}" --after 0 --limit 1000 | tail -n 1 | cut -f1 | grep . || echo 0; }
# events_after ID: "TYPE SUBJECT" of each event after ID, one a line.
events_after() { stack_porchctl events acme --after "$1" | awk -F'\t' '{ print $3, $4 }'; }
# payload ID: the payload (JSON) of event ID.
payload() { stack_porchctl events acme --after $(($1 - 1)) --limit 1 | cut -f6; }

# cases NAME PORT: every change once through web server NAME, each followed by a
# refused one.
cases() {
	local name=$1 port=$2 m j js bid bk u got want e
	m=$(last_event)
	j=$(fresh_jar "ev-$name"); js=$(fresh_jar "evs-$name")

	# The first sign-in is an event; the second is not.
	sign_in "$j" "$port" acme.test /login "ada-$name@acme.test" "$PW_OWNER"
	check_eq "$HTTP_STATUS" 303 "$name: Ada's user signs in for the first time"
	u=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada-$name@acme.test'")
	sign_in "$(fresh_jar "ev2-$name")" "$port" acme.test /login "ada-$name@acme.test" "$PW_OWNER"
	check_eq "$HTTP_STATUS" 303 "$name: ...and again, in another browser"
	check_eq "$(events_after "$m")" "portal_user.first_sign_in portal_user:$u" \
		"$name: one event for the first sign-in, none for the second"

	# Block-offs: created, refused on taken dates, moved, deleted.
	csrf_post_at "$j" "$port" acme.test /account /portal/blocks/new --data-urlencode "property=$PA1" \
		--data-urlencode "start=2027-0${3}-10" --data-urlencode "end=2027-0${3}-12" \
		--data-urlencode "reason=Painting"
	check_eq "$HTTP_STATUS" 303 "$name: a block-off is created"
	bid=$(sql "SELECT MAX(id) FROM blocks WHERE tenant_id = $ACME")
	csrf_post_at "$j" "$port" acme.test /account /portal/blocks/new --data-urlencode "property=$PA1" \
		--data-urlencode "start=2027-0${3}-11" --data-urlencode "end=2027-0${3}-13"
	check_eq "$HTTP_STATUS" 409 "$name: a block-off on taken dates is refused"
	csrf_post_at "$j" "$port" acme.test /account /portal/blocks/move --data-urlencode "block=$bid" \
		--data-urlencode "start=2027-0${3}-14" --data-urlencode "end=2027-0${3}-16"
	check_eq "$HTTP_STATUS" 303 "$name: the block-off is moved"
	csrf_post_at "$j" "$port" acme.test /account /portal/blocks/move --data-urlencode "block=$bid" \
		--data-urlencode "start=2027-0${3}-16" --data-urlencode "end=2027-0${3}-14"
	check_eq "$HTTP_STATUS" 400 "$name: a move to an end before the start is refused"
	csrf_post_at "$j" "$port" acme.test /account /portal/blocks/delete --data-urlencode "block=$bid"
	check_eq "$HTTP_STATUS" 303 "$name: the block-off is deleted"
	csrf_post_at "$j" "$port" acme.test /account /portal/blocks/delete --data-urlencode "block=$bid"
	check_eq "$HTTP_STATUS" 404 "$name: deleting it again is a 404"

	# A note, and a blank one refused.
	bk=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'T-$name'")
	csrf_post_at "$j" "$port" acme.test /account "/portal/bookings/$bk/notes" --data-urlencode "body=Keys under the mat"
	check_eq "$HTTP_STATUS" 303 "$name: a note is added"
	csrf_post_at "$j" "$port" acme.test /account "/portal/bookings/$bk/notes" --data-urlencode "body=   "
	check_eq "$HTTP_STATUS" 400 "$name: a blank note is refused"

	# Booking status: confirmed, confirmed again (refused), cancelled.
	csrf_post_at "$j" "$port" acme.test /account "/portal/bookings/$bk/status" --data-urlencode "do=confirm"
	check_eq "$HTTP_STATUS" 303 "$name: the booking is confirmed"
	csrf_post_at "$j" "$port" acme.test /account "/portal/bookings/$bk/status" --data-urlencode "do=confirm"
	check_eq "$HTTP_STATUS" 409 "$name: confirming it again is refused"
	csrf_post_at "$j" "$port" acme.test /account "/portal/bookings/$bk/status" --data-urlencode "do=cancel"
	check_eq "$HTTP_STATUS" 303 "$name: the booking is cancelled"

	# Staff: a portal user created, the same login refused, the user disabled.
	rm -f "$js"
	sign_in "$js" "$port" acme.test /staff/login office@acme.test "$PW_STAFF"
	csrf_post_at "$js" "$port" acme.test /staff/customers /staff/users/new \
		--data-urlencode "customer=$ADA" --data-urlencode "login=new-$name"
	check_eq "$HTTP_STATUS" 303 "$name: staff create a portal user"
	csrf_post_at "$js" "$port" acme.test /staff/customers /staff/users/new \
		--data-urlencode "customer=$ADA" --data-urlencode "login=new-$name"
	check_eq "$HTTP_STATUS" 409 "$name: the same login again is refused"
	nu=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'new-$name'")
	csrf_post_at "$js" "$port" acme.test /staff/customers /staff/users/action \
		--data-urlencode "user=$nu" --data-urlencode "do=disable" --data-urlencode confirm=1
	check_eq "$HTTP_STATUS" 303 "$name: staff disable it"

	got=$(events_after "$m")
	want="portal_user.first_sign_in portal_user:$u
block.created block:$bid
block.moved block:$bid
block.deleted block:$bid
note.added note:$(sql "SELECT MAX(id) FROM notes WHERE tenant_id = $ACME AND booking_id = $bk")
booking.confirmed booking:$bk
booking.cancelled booking:$bk
portal_user.created portal_user:$nu
portal_user.disabled portal_user:$nu"
	check_eq "$got" "$want" "$name: exactly one event per change, in order, none for a refused one"
	check_eq "$(stack_porchctl events acme --after "$m" | cut -f1 | tr '\n' ' ')" \
		"$(seq -s ' ' $((m + 1)) $((m + 9))) " "$name: their ids follow each other without a gap"

	# Payloads: the event's fields as JSON.
	e=$((m + 2))
	check_eq "$(payload $e | jq -c '.block | [.property_id, .customer_id, .start, .end, .reason]')" \
		"[$PA1,$ADA,\"2027-0${3}-10\",\"2027-0${3}-12\",\"Painting\"]" "$name: block.created names its property, owner, dates and reason"
	check_eq "$(payload $((e + 1)) | jq -c '[.block.start, .block.end, .previous.start, .previous.end]')" \
		"[\"2027-0${3}-14\",\"2027-0${3}-16\",\"2027-0${3}-10\",\"2027-0${3}-12\"]" "$name: block.moved has the new and the previous dates"
	check_eq "$(payload $((e + 3)) | jq -c '[.note.body, .note.author_kind, .booking.reference]')" \
		"[\"Keys under the mat\",\"portal\",\"T-$name\"]" "$name: note.added has the note and its booking"
	check_eq "$(payload $((e + 4)) | jq -c '[.booking.status, .previous_status]')" \
		'["confirmed","tentative"]' "$name: booking.confirmed has the new and the previous status"
	check_eq "$(payload $((e + 5)) | jq -c '[.booking.status, .previous_status]')" \
		'["cancelled","confirmed"]' "$name: booking.cancelled too"
	check_eq "$(payload $((e + 6)) | jq -c '.portal_user | [.login, .customer_id, .status]')" \
		"[\"new-$name\",$ADA,\"invited\"]" "$name: portal_user.created has the login and customer"
	check_eq "$(stack_porchctl events acme --after $((e + 6)) --limit 1 | cut -f5)" \
		"staff:$(sql "SELECT id FROM staff_users WHERE email = 'office@acme.test'")" \
		"$name: the actor of a staff change is the staff member"
	check_eq "$(stack_porchctl events acme --after $((e - 1)) --limit 1 | cut -f5)" "portal:$u" \
		"$name: the actor of a portal change is the portal user"
}
cases nginx "$NGINX_PORT" 4
cases apache "$APACHE_PORT" 5

check_eq "$(last_event beta)" 0 "nothing done in acme shows in beta's events"
check_eq "$(sql "SELECT COUNT(*) FROM events WHERE tenant_id = $ACME")" 18 "acme has exactly the 18 events made"

check_eq "$(events_undocumented)" "" "every event type written is one docs/openapi.yaml names"

# --- Commit order: an event whose change is still open holds back the next one. ---
m=$(last_event)
j=$(fresh_jar late)
sign_in "$j" "$P" acme.test /login ada-nginx@acme.test "$PW_OWNER"
BK=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A2-1'")
# Another writer (as a change on another node would) takes the next id and keeps
# its transaction open for three seconds.
stack_mysql_porch -e "START TRANSACTION;
	INSERT INTO event_seq (tenant_id, next_id) VALUES ($ACME, LAST_INSERT_ID(1))
	  ON DUPLICATE KEY UPDATE next_id = LAST_INSERT_ID(next_id + 1);
	INSERT INTO events (tenant_id, id, type, subject_kind, subject_id, payload)
	  VALUES ($ACME, LAST_INSERT_ID(), 'test.slow', 'test', 1, '{}');
	DO SLEEP(3); COMMIT;" &
SLOW=$!
sleep 0.5
csrf_post_at "$j" "$P" acme.test /account "/portal/bookings/$BK/notes" --data-urlencode "body=late note" &
NOTE=$!
sleep 1
check_eq "$(events_after "$m")" "" "while an earlier change is open, the later one's event is not visible either"
rc=0; wait "$SLOW" || rc=$?
ok "$rc" "the slow writer committed"
rc=0; wait "$NOTE" || rc=$?
ok "$rc" "the note was added once it could take its id"
check_eq "$(events_after "$m" | cut -d' ' -f1 | tr '\n' ' ')" "test.slow note.added " \
	"then both are visible, in the order they committed"


# --- The feed: GET /api/v1/events, the same events in the same order. ---
KEY=$(stack_porchctl apikey add acme "Feed reader" --read-only 2>/dev/null)
BKEY=$(stack_porchctl apikey add beta "Beta reader" --read-only 2>/dev/null)
ALL=$(stack_porchctl events acme --after 0 --limit 1000 | awk -F'\t' '{ print $1, $3 }')
LAST=$(last_event)
# walk PORT LIMIT: every event's "ID TYPE" through the feed, LIMIT a page.
walk() {
	local port=$1 limit=$2 after=0 n=0 got
	while [ "$n" -lt 100 ]; do
		api "$port" GET "/api/v1/events?after=$after&limit=$limit"
		[ "$HTTP_STATUS" = 200 ] || { echo "status $HTTP_STATUS"; return; }
		got=$(jqb '.items[] | "\(.id) \(.type)"')
		[ -n "$got" ] || break
		printf '%s\n' "$got"
		after=$(jqb '.next')
		n=$((n + 1))
	done
}
feed() {
	local name=$1 port=$2
	check_eq "$(walk "$port" 1000)" "$ALL" "$name: the feed gives every event, in id order, as porchctl lists them"
	check_eq "$(walk "$port" 3)" "$ALL" "$name: ...and the same walked three at a time by its next cursor"
	api "$port" GET "/api/v1/events?after=$LAST"
	check_eq "$HTTP_STATUS $(jqb '.items | length') $(jqb '.next')" "200 0 $LAST" \
		"$name: after the last event: none, and the cursor stays"
	api "$port" GET "/api/v1/events?after=0&limit=1"
	check_eq "$(jqb '.items[0].id') $(jqb '.items[0].subject.kind') $(jqb '.next')" \
		"$(echo "$ALL" | head -n 1 | cut -d' ' -f1) $(payload_kind 1) $(echo "$ALL" | head -n 1 | cut -d' ' -f1)" \
		"$name: an item is the event's JSON, as a webhook carries it"
	api "$port" GET "/api/v1/events?after=-1"
	check_eq "$HTTP_STATUS $(jqb '.error.code')" "400 invalid_parameter" "$name: a negative cursor is 400"
	api "$port" GET "/api/v1/events?limit=1001"
	check_eq "$HTTP_STATUS" 400 "$name: a limit over 1000 is 400"
	api "$port" GET "/api/v1/events?since=3"
	check_eq "$HTTP_STATUS $(jqb '.error.message' | cut -d: -f1)" "400 since" "$name: an unknown parameter is 400, named"
	KEY=$BKEY api "$port" GET "/api/v1/events"
	check_eq "$HTTP_STATUS" 401 "$name: beta's key on acme's host is 401"
	http_req "$port" beta.test /api/v1/events -H "Authorization: Bearer $BKEY"
	check_eq "$HTTP_STATUS $(jqb '.items | length')" "200 0" "$name: beta's feed on beta's host holds none of acme's events"
	api "$port" POST /api/v1/events '{}'
	check_eq "$HTTP_STATUS" 405 "$name: the feed is read only (POST is 405)"
}
# payload_kind ID: the subject kind of event ID, by porchctl.
payload_kind() { stack_porchctl events acme --after $(($1 - 1)) --limit 1 | cut -f4 | cut -d: -f1; }
stack_each_server feed
