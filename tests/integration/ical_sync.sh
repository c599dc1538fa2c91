#!/usr/bin/env bash
# porch — integration test of the calendar import's sync (porchctl ical sync):
# feeds shaped like Airbnb's and Vrbo's exports (all-day VALUE=DATE, TZID times,
# folded lines, a "Not available" block-off, a CANCELLED event) served by
# tests/lib/ical_server.py become bookings of their channel, matched by UID across
# syncs: a moved event moves, a vanished one is cancelled (never deleted), an
# overlap with a manual booking is kept and flagged; closed dates become block-offs
# of the property, moved with their event, kept over a booking and removed when
# they vanish; a new booking mails the
# property's notify.bookings holder and writes the event booking.created; the same
# feed again writes nothing; an HTML error page or a 30 MB feed changes nothing
# and records the error; two syncs at once take each URL once; the owner's
# calendar shows the imported bookings under their grants, through nginx and
# Apache. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3

FEEDS="$T/feeds"
mkdir -p "$FEEDS"
FEEDS_PORT=$(free_port)
python3 "$top_srcdir/tests/lib/ical_server.py" "$FEEDS_PORT" "$FEEDS" >"$T/feeds.log" 2>&1 &
stack_track_pid $!
stack_wait_port "$FEEDS_PORT" "$!" ical_server "$T/feeds.log" || stack_die "no feed server"
F="http://127.0.0.1:$FEEDS_PORT"

stack_setup --fixture acme 'ical = { allow_private = true; timeout = 5; max_bytes = 1048576; max_redirects = 2; };'
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
PA1=$(pid 'Ada Beach House')
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' nina@acme.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	($ACME, 'Viewer', 'calendar.view'), ($ACME, 'Notify', 'notify.bookings')"
stack_grant acme ada@acme.test Viewer 'customer:Ada Owner'
stack_grant acme nina@acme.test Notify 'property:Ada Beach House'
sql "INSERT INTO ical_sources (tenant_id, property_id, channel, url) VALUES
	($ACME, $PA1, 'Airbnb', '$F/feed/airbnb.ics'), ($ACME, $PA1, 'Vrbo', '$F/feed/vrbo.ics')"
SA=$(sql "SELECT id FROM ical_sources WHERE channel = 'Airbnb'")
SV=$(sql "SELECT id FROM ical_sources WHERE channel = 'Vrbo'")
# A manual booking the Airbnb feed will overlap.
STAFF=$(sql "SELECT MIN(id) FROM staff_users WHERE tenant_id = $ACME")
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, channel,
	created_by_staff_user_id) VALUES ($ACME, $PA1, 'M-DESK', '2027-07-01', '2027-07-05', 'Direct', $STAFF)"

# feed NAME EVENTS...: an Airbnb-shaped calendar of VEVENT bodies, CR LF lines.
feed() {
	local name=$1 ev
	shift
	{
		printf 'BEGIN:VCALENDAR\r\nPRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 0.8.8//EN\r\nCALSCALE:GREGORIAN\r\nVERSION:2.0\r\n'
		for ev in "$@"; do printf 'BEGIN:VEVENT\r\n%sEND:VEVENT\r\n' "$ev"; done
		printf 'END:VCALENDAR\r\n'
	} >"$FEEDS/$name.tmp"
	mv "$FEEDS/$name.tmp" "$FEEDS/$name"
}
day() { printf 'DTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s\r\nUID:%s\r\nSUMMARY:%s\r\n' "$@"; }
A1=$(day 20270505 20270510 a1-7f3e@airbnb.com Reserved; printf 'DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/d\r\n etails/HMABCDEF12\\nPhone Number (Last 4 Digits): 1234\r\n')
A2=$(day 20270515 20270518 a2-8e2d@airbnb.com Reserved)
A3=$(day 20270525 20270601 a3-9c1b@airbnb.com 'Airbnb (Not available)')
feed airbnb.ics "$A1"$'\r\n' "$A2"$'\r\n' "$A3"$'\r\n'
# Vrbo: LF lines, a TZID stay with a folded summary, a cancelled stay never seen
# before, and a stay overlapping Airbnb's second.
printf '%s\n' 'BEGIN:VCALENDAR' 'VERSION:2.0' 'PRODID:-//HomeAway.com, Inc.//EN' \
	'BEGIN:VEVENT' 'UID:vrbo-4711' 'DTSTAMP:20270101T000000Z' \
	'DTSTART;TZID=Europe/London:20270612T160000' 'DTEND;TZID=Europe/London:20270615T100000' \
	'SUMMARY:Reserved - Gräce' '  Folded-Name' 'END:VEVENT' \
	'BEGIN:VEVENT' 'UID:vrbo-4713' 'DTSTART;VALUE=DATE:20270620' 'DTEND;VALUE=DATE:20270622' \
	'STATUS:CANCELLED' 'SUMMARY:Reserved' 'END:VEVENT' \
	'BEGIN:VEVENT' 'UID:vrbo-4714' 'DTSTART;VALUE=DATE:20270516' 'DTEND;VALUE=DATE:20270518' \
	'SUMMARY:Reserved' 'END:VEVENT' 'END:VCALENDAR' >"$FEEDS/vrbo.ics"

due() { sql "UPDATE ical_sources SET next_sync_at = UTC_TIMESTAMP(6) WHERE tenant_id = $ACME"; }
sync() { RC=0; OUT=$(stack_porchctl ical sync 2>"$T/sync.err") || RC=$?; }
of() { # UID: "start end status channel overlap" of the booking made from it
	sql "SELECT CONCAT_WS(' ', start_date, end_date, status, channel, ical_overlap) FROM bookings
		WHERE tenant_id = $ACME AND ical_uid = '$1'"
}
src() { sql "SELECT CONCAT_WS(' ', n_events, n_created, n_moved, n_cancelled, n_flagged) FROM ical_sources WHERE id = $1"; }
snapshot() {
	sql "SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM bookings WHERE tenant_id = $ACME),
		(SELECT GROUP_CONCAT(CONCAT_WS(' ', id, start_date, end_date, status, ical_overlap, updated_at) ORDER BY id)
		 FROM bookings WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM events WHERE tenant_id = $ACME),
		(SELECT COUNT(*) FROM outbox WHERE tenant_id = $ACME))"
}

# --- The first sync. ---
due
sync
check_eq "$RC" 0 "porchctl ical sync runs"
check_eq "$OUT" "synced 2, not modified 0, failed 0" "...and syncs both URLs"
check_eq "$(of a1-7f3e@airbnb.com)" "2027-05-05 2027-05-10 confirmed Airbnb 0" \
	"an all-day Airbnb reservation is a booking of the channel, arrival to departure"
check_eq "$(of a2-8e2d@airbnb.com)" "2027-05-15 2027-05-18 confirmed Airbnb 1" \
	"...the second too, flagged: Vrbo's stay overlaps it"
check_eq "$(of a3-9c1b@airbnb.com)" "" "\"Not available\" makes no booking"
blk() { # UID: "start end reason" of the block-off made from it
	sql "SELECT CONCAT_WS(' ', start_date, end_date, reason) FROM blocks
		WHERE tenant_id = $ACME AND ical_uid = '$1'"
}
check_eq "$(blk a3-9c1b@airbnb.com)" "2027-05-25 2027-06-01 Airbnb: Airbnb (Not available)" \
	"...but a block-off of the property naming the channel"
A3BLK=$(sql "SELECT id FROM blocks WHERE ical_uid = 'a3-9c1b@airbnb.com'")
check_eq "$(of vrbo-4711)" "2027-06-12 2027-06-15 confirmed Vrbo 0" "a TZID stay with a folded summary"
check_eq "$(of vrbo-4713)" "" "a CANCELLED event never seen makes nothing"
check_eq "$(of vrbo-4714)" "2027-05-16 2027-05-18 confirmed Vrbo 1" \
	"an overlap with another channel's booking is kept and flagged"
check_eq "$(src "$SA")" "3 3 0 0 0" "the Airbnb URL counts its events and what it made"
check_eq "$(src "$SV")" "3 2 0 0 1" "...the Vrbo URL its flagged overlap"
check_eq "$(sql "SELECT COUNT(*) FROM ical_sources WHERE last_success_at IS NOT NULL AND last_error IS NULL")" 2 \
	"...both with their last success"
check_not_contains "$(sql "SELECT GROUP_CONCAT(CONCAT_WS(' ', guest_name, guest_phone)) FROM bookings WHERE ical_uid IS NOT NULL")" \
	"1234" "nothing of the guest's phone is kept"
check_eq "$(sql "SELECT COUNT(*) FROM events WHERE tenant_id = $ACME AND type = 'booking.created' AND subject_id IN
	(SELECT id FROM bookings WHERE ical_uid IS NOT NULL)")" 4 "each new booking writes the event booking.created"
check_match "$(sql "SELECT GROUP_CONCAT(CONCAT(to_addr, ' | ', subject) ORDER BY id SEPARATOR '\n') FROM outbox WHERE tenant_id = $ACME")" \
	'nina@acme.test \| New booking at Ada Beach House: Wed 5 May 2027 to Mon 10 May 2027' \
	"...and mails the property's notify.bookings holder"
check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE tenant_id = $ACME AND to_addr = 'nina@acme.test'")" 4 \
	"...once per booking"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'booking.create' AND actor_kind = 'system'")" 4 \
	"...each audited"

# --- Nothing changed: the second sync writes nothing. ---
S0=$(snapshot)
due
sync
check_eq "$OUT" "synced 0, not modified 2, failed 0" "the channels answer 304 to the stored ETags"
check_eq "$(snapshot)" "$S0" "...and nothing is written"
# The same text without a conditional GET writes nothing either.
sql "UPDATE ical_sources SET etag = NULL WHERE tenant_id = $ACME"
due
sync
check_eq "$OUT" "synced 2, not modified 0, failed 0" "the same feeds read again in full"
check_eq "$(snapshot)" "$S0" "...still write nothing"

# --- A moved event, a vanished one, an overlap with a manual booking. ---
A1M=$(day 20270506 20270511 a1-7f3e@airbnb.com Reserved)
A4=$(day 20270703 20270707 a4-1d2e@airbnb.com Reserved)
feed airbnb.ics "$A1M"$'\r\n' "$A3"$'\r\n' "$A4"$'\r\n'
due
sync
check_eq "$OUT" "synced 1, not modified 1, failed 0" "the changed feed is synced"
check_eq "$(of a1-7f3e@airbnb.com)" "2027-05-06 2027-05-11 confirmed Airbnb 0" "a moved event moves its booking"
check_eq "$(sql "SELECT COUNT(*) FROM bookings WHERE ical_uid = 'a1-7f3e@airbnb.com'")" 1 "...not doubled"
check_eq "$(of a2-8e2d@airbnb.com)" "2027-05-15 2027-05-18 cancelled Airbnb 0" \
	"a vanished event's booking is cancelled, not deleted"
check_eq "$(of vrbo-4714)" "2027-05-16 2027-05-18 confirmed Vrbo 0" "...and Vrbo's stay is no longer flagged"
check_eq "$(of a4-1d2e@airbnb.com)" "2027-07-03 2027-07-07 confirmed Airbnb 1" \
	"an event over a manual booking is kept and flagged"
check_eq "$(sql "SELECT status FROM bookings WHERE reference = 'M-DESK'")" confirmed "...the manual booking stays"
check_eq "$(src "$SA")" "3 1 1 1 1" "the URL counts one made, moved, cancelled and flagged"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'booking.update' AND detail = 'status'")" 1 \
	"the cancellation is audited"

# --- Feeds that fail change nothing and say why. ---
printf '<!DOCTYPE html><html><body><h1>Something went wrong</h1></body></html>' >"$FEEDS/airbnb.ics"
S1=$(snapshot)
due
sync
check_eq "$OUT" "synced 0, not modified 1, failed 1" "an HTML page instead of the feed fails"
check_eq "$(snapshot)" "$S1" "...and changes nothing"
check_contains "$(sql "SELECT last_error FROM ical_sources WHERE id = $SA")" "not an iCalendar" "...its error recorded"
check_eq "$(src "$SA")" "3 1 1 1 1" "...the last counts kept"
sql "UPDATE ical_sources SET url = '$F/big.ics' WHERE id = $SA"
due
sync
check_eq "$OUT" "synced 0, not modified 1, failed 1" "a 30 MB feed fails"
check_eq "$(snapshot)" "$S1" "...and changes nothing"
check_contains "$(sql "SELECT last_error FROM ical_sources WHERE id = $SA")" "larger than 1048576 bytes" \
	"...refused by its size"

# --- Two syncs at once take each URL once. ---
feed airbnb.ics "$A1M"$'\r\n' "$A3"$'\r\n' "$A4"$'\r\n'
sql "UPDATE ical_sources SET url = '$F/feed/airbnb.ics', etag = NULL WHERE id = $SA"
sql "UPDATE ical_sources SET url = '$F/slow.ics' WHERE id = $SV"
due
stack_porchctl ical sync >"$T/sync1.out" 2>&1 &
P1=$!
stack_porchctl ical sync >"$T/sync2.out" 2>&1 &
P2=$!
wait "$P1" "$P2"
check_eq "$(cat "$T/sync1.out" "$T/sync2.out" | grep -c '^synced')" 2 "two syncs at once both finish"
check_eq "$(cat "$T/sync1.out" "$T/sync2.out" | sed -n 's/^synced \([0-9]*\), not modified \([0-9]*\), failed \([0-9]*\)$/\1 \2 \3/p' |
	awk '{s += $1 + $2 + $3} END {print s}')" 2 "...each URL taken by one of them"
check_eq "$(snapshot)" "$S1" "...and the unchanged feed wrote nothing"

# --- The owner's calendar shows the imported bookings, under their grants. ---
stack_serve --apache
PB1=$(pid 'Bo Loft')
owner_calendar() { # NAME PORT
	local j
	j=$(fresh_jar "ada-$1")
	sign_in "$j" "$2" acme.test /login ada@acme.test "$PW_OWNER"
	req "$j" "$2" acme.test "/portal/calendar?property=$PA1&month=2027-05"
	check_eq "$HTTP_STATUS" 200 "$1: the owner's calendar opens"
	check_contains "$HTTP_BODY" '<td class="booked" data-date="2027-05-06" colspan="2">' "...showing the Airbnb booking"
	check_contains "$HTTP_BODY" '<td class="booked" data-date="2027-05-16" colspan="2">' "...and the Vrbo one"
	check_contains "$HTTP_BODY" '<td class="available" data-date="2027-05-15" colspan="2">' "...not the cancelled one"
	check_contains "$HTTP_BODY" '<td class="blocked" data-date="2027-05-26" colspan="2">' \
		"...and the channel's closed dates as a block-off"
	req "$j" "$2" acme.test "/portal/calendar?property=$PB1&month=2027-05"
	check_eq "$HTTP_STATUS" 404 "...and no other customer's property"
}
stack_each_server owner_calendar

# --- Staff see the flag: on the calendars page and in the bookings list. ---
JS=$(jar staff)
staff_signs_in "$JS"
A4ID=$(sql "SELECT id FROM bookings WHERE ical_uid = 'a4-1d2e@airbnb.com'")
A4REF=$(sql "SELECT reference FROM bookings WHERE id = $A4ID")
req "$JS" "$P" acme.test /staff/calendars
tidy_ok "the staff calendars page with an overlap passes tidy"
check_match "$HTTP_BODY" '<td>Ada Beach House</td><td>Airbnb</td><td>[^<]*/feed/airbnb.ics</td><td><time datetime="[0-9-]+T[0-9:]+Z">[^<]+</time></td>' \
	"the Airbnb URL shows its last success"
check_contains "$HTTP_BODY" '<td class="count">3</td><td class="count">0</td><td class="count">0</td><td class="count">0</td><td class="count">1</td>' \
	"...and the counts of its last read: 3 events, nothing new, 1 flagged"
check_contains "$HTTP_BODY" "<tr class=\"overlap\"><td><a href=\"/staff/bookings/$A4ID\">$A4REF</a></td><td>Ada Beach House</td><td>Airbnb</td><td><time datetime=\"2027-07-03\">Sat 3 Jul 2027</time></td><td><time datetime=\"2027-07-07\">Wed 7 Jul 2027</time></td></tr>" \
	"the overlapping booking is listed for staff"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c '<tr class="overlap">')" 1 "...and only it"
req "$JS" "$P" acme.test "/staff/bookings?property=$PA1"
check_contains "$HTTP_BODY" "$A4REF</a> <span class=\"overlap\">overlaps another booking</span>" \
	"the staff bookings list flags it"
check_contains "$HTTP_BODY" "M-DESK</a></td>" "...not the manual booking it overlaps"

# --- The tenant's system reads the new bookings in the events feed. ---
KEY=$(stack_porchctl apikey add acme "Channel manager" --read-only 2>/dev/null)
http_req "$P" acme.test "/api/v1/events?limit=1000" -H "Authorization: Bearer $KEY"
check_eq "$HTTP_STATUS" 200 "GET /api/v1/events"
A1ID=$(sql "SELECT id FROM bookings WHERE ical_uid = 'a1-7f3e@airbnb.com'")
check_eq "$(jqb "[.items[] | select(.type == \"booking.created\" and .subject.id == $A1ID) | .data.booking | \"\\(.start) \\(.end) \\(.status)\"] | join(\",\")")" \
	"2027-05-05 2027-05-10 confirmed" "...shows the imported booking's arrival, once"
check_eq "$(jqb '[.items[] | select(.type == "booking.created")] | length')" 5 \
	"...and each booking the sync made"

# --- Closed dates move with their event, over a booking, and go when it goes. ---
A3M=$(day 20270508 20270510 a3-9c1b@airbnb.com Blocked)
feed airbnb.ics "$A1M"$'\r\n' "$A3M"$'\r\n' "$A4"$'\r\n'
due
sync
# (Vrbo's URL is still the slow one, which times out.)
check_match "$OUT" '^synced 1, ' "the feed with moved closed dates is synced"
check_eq "$(blk a3-9c1b@airbnb.com)" "2027-05-08 2027-05-10 Airbnb: Blocked" \
	"the block-off moves with its event, kept over the booking in the way"
check_eq "$(sql "SELECT id FROM blocks WHERE ical_uid = 'a3-9c1b@airbnb.com'")" "$A3BLK" "...the same block-off"
check_eq "$(of a1-7f3e@airbnb.com)" "2027-05-06 2027-05-11 confirmed Airbnb 1" \
	"...and the booking it overlaps is flagged"
check_eq "$(src "$SA")" "3 0 1 0 2" "...counted as moved"
feed airbnb.ics "$A1M"$'\r\n' "$A4"$'\r\n'
due
sync
check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE tenant_id = $ACME AND id = $A3BLK")" 0 \
	"a vanished closed date's block-off is removed"
check_eq "$(of a1-7f3e@airbnb.com)" "2027-05-06 2027-05-11 confirmed Airbnb 0" "...the flag it caused cleared"
check_eq "$(src "$SA")" "2 0 0 1 1" "...counted with the cancelled"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'block.delete' AND actor_kind = 'system'")" 1 \
	"...and audited"
check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE tenant_id = $ACME AND reason = 'Owner stay'")" 1 \
	"the property's own block-off stays"

# --- A disabled tenant's URLs are not synced. ---
stack_porchctl tenant disable acme >/dev/null
due
sync
check_eq "$OUT" "synced 0, not modified 0, failed 0" "a disabled tenant's URLs are left alone"
