#!/usr/bin/env bash
# porch — integration test of manual bookings, guest details, booking history and
# block-off notes, through nginx (key cases through Apache too): bookings.create
# (new bookings refused over a booking or a block-off with a 409 and its sentence,
# also when two arrive at once; only one's own bookings edited), booking.guest_edit
# (guest fields alone), the history shown by the viewer's rights, the channel,
# address, infants and times behind theirs, staff making and editing bookings,
# notes on block-offs (notes.view, notes.add), a block-off an owner made marked on
# the portal's calendar and the staff's list, and the portal user's last action
# moving with each act and shown to staff. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3

stack_setup --fixture acme

bid() { sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = '$1'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
uid() { sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = '$1'"; }
A1=$(bid A1-1); PA1=$(pid 'Ada Beach House'); PB1=$(pid 'Bo Loft')
count() { sql "SELECT COUNT(*) FROM $1"; }

# Ada makes bookings; Cleo sees guests' names but not their contact; Gus edits
# guests' details without seeing their contact; Nina gets the booking mail.
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' cleo@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' gus@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' nina@acme.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	($ACME, 'Maker', 'calendar.view,booking.guest_name,booking.guest_contact,notes.view,notes.add,blocks.create,bookings.create'),
	($ACME, 'Viewer', 'calendar.view,booking.guest_name,notes.view'),
	($ACME, 'GuestEd', 'calendar.view,booking.guest_name,booking.guest_edit'),
	($ACME, 'Notify', 'notify.bookings')"
stack_grant acme ada@acme.test Maker 'customer:Ada Owner'
stack_grant acme cleo@acme.test Viewer 'customer:Ada Owner'
stack_grant acme gus@acme.test GuestEd 'customer:Ada Owner'
stack_grant acme nina@acme.test Notify 'property:Ada Beach House'
ADA=$(uid ada@acme.test)

stack_serve --apache
JA=$(fresh_jar ada); JC=$(fresh_jar cleo); JG=$(fresh_jar gus); JS=$(fresh_jar staff)
# as JAR PORT: requests of one visitor; post PATH ARGS... with their token.
get() { req "$J" "$PORT" acme.test "$1"; }
post() { local path=$1; shift; req "$J" "$PORT" acme.test "$path" --data-urlencode "csrf=$TOK" "$@"; }
as() { J=$1; PORT=${2:-$P}; req "$J" "$PORT" acme.test /account; TOK=$(csrf_of "$HTTP_BODY"); }
staff_as() { J=$JS; PORT=${1:-$P}; req "$J" "$PORT" acme.test /staff/; TOK=$(csrf_of "$HTTP_BODY"); }
last_action() { sql "SELECT COALESCE(last_action_at, 'never') FROM portal_users WHERE id = $ADA"; }
forget_action() { sql "UPDATE portal_users SET last_action_at = '2001-01-01' WHERE id = $ADA"; }
moved() { check_match "$(last_action)" '^20[2-9][0-9]-' "$1"; }

# --- Sign-in is an act: the last action moves. ---
check_eq "$(last_action)" never "Ada has not acted yet"
sign_in "$JA" "$P" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in"
moved "...and her last action is her sign-in"
sign_in "$JC" "$P" acme.test /login cleo@acme.test "$PW_OWNER"
sign_in "$JG" "$P" acme.test /login gus@acme.test "$PW_OWNER"
staff_signs_in "$JS"
check_eq "$HTTP_STATUS" 303 "staff sign in"

# --- Without bookings.create: no form, and the POST is a 404 writing nothing. ---
as "$JC"
get "/portal/calendar?property=$PA1&month=2027-04"
check_eq "$HTTP_STATUS" 200 "Cleo opens the calendar"
check_not_contains "$HTTP_BODY" 'class="booking-new"' "no bookings.create: no new booking form"
n0=$(count bookings)
post /portal/bookings/new --data-urlencode "property=$PA1" --data-urlencode arrival=2027-04-01 \
	--data-urlencode departure=2027-04-03 --data-urlencode adults=2
check_eq "$HTTP_STATUS" 404 "no bookings.create: a new booking is a 404"
check_eq "$(count bookings)" "$n0" "...and nothing was written"

# --- Ada makes a booking. ---
as "$JA"
get "/portal/calendar?property=$PA1&month=2027-04"
check_contains "$HTTP_BODY" 'class="booking-new"' "bookings.create: the calendar has the new booking form"
tidy_ok "the calendar with the booking form passes tidy"
forget_action
post /portal/bookings/new --data-urlencode "property=$PA1" --data-urlencode arrival=2027-04-01 \
	--data-urlencode departure=2027-04-05 --data-urlencode checkin_time=15:00 \
	--data-urlencode checkout_time=10:30 --data-urlencode channel=Phone \
	--data-urlencode 'guest_name=Mia Manual' --data-urlencode guest_email=mia@guest.test \
	--data-urlencode 'guest_phone=+44 20 7946 0199' --data-urlencode 'guest_address=1 Quay Street, Truro' \
	--data-urlencode adults=2 --data-urlencode children=1 --data-urlencode infants=1
check_eq "$HTTP_STATUS" 303 "Ada adds a booking"
M1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND guest_name = 'Mia Manual'")
check_eq "$(http_header Location)" "/portal/bookings/$M1?done=created" "...and is sent to its page"
moved "...and a booking moves her last action"
check_eq "$(sql "SELECT CONCAT_WS(' ', reference, status, created_by_portal_user_id, IFNULL(created_by_staff_user_id, '-'), infants, checkin_time, guest_address) FROM bookings WHERE id = $M1")" \
	"M$M1 confirmed $ADA - 1 15:00:00 1 Quay Street, Truro" "the booking is confirmed, made by Ada, with its own reference"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE target_kind = 'booking' AND target_id = $M1 AND action = 'booking.create' AND detail = 'manual'")" 1 \
	"...audited as a manual booking"
check_eq "$(sql "SELECT COUNT(*) FROM events WHERE tenant_id = $ACME AND type = 'booking.created' AND subject_id = $M1")" 1 \
	"...with a booking.created event"
check_match "$(sql "SELECT CONCAT(to_addr, ' | ', subject) FROM outbox WHERE tenant_id = $ACME ORDER BY id DESC LIMIT 1")" \
	'^nina@acme.test \| New booking at Ada Beach House: Thu 1 Apr 2027 to Mon 5 Apr 2027' "...mailed to the notify.bookings holder"
get "/portal/bookings/$M1?done=created"
tidy_ok "the manual booking's page passes tidy"
PAGE=$HTTP_BODY
check_contains "$PAGE" 'The booking was added.' "the page says it was added"
check_contains "$PAGE" '<dd class="channel">Phone</dd>' "bookings.create: the channel shows"
check_contains "$PAGE" '<dd class="address">1 Quay Street, Truro</dd>' "guest_contact: the address shows"
check_contains "$PAGE" '<dd class="infants">1</dd>' "the infants show"
check_contains "$PAGE" '<dd class="checkin">15:00</dd>' "the check-in time shows"
check_contains "$PAGE" '<dd class="checkout">10:30</dd>' "...and the check-out time"
check_contains "$PAGE" 'created (a manual booking)' "the history has its creation"
check_contains "$PAGE" 'class="booking-edit"' "Ada may edit the booking she made"

# --- Dates someone holds: 409 with the sentence, nothing written. ---
n0=$(count bookings)
newb() { post /portal/bookings/new --data-urlencode "property=$PA1" --data-urlencode "arrival=$1" \
	--data-urlencode "departure=$2" --data-urlencode adults=1; }
newb 2027-03-08 2027-03-12
check_eq "$HTTP_STATUS" 409 "over booking A1-1: 409"
check_contains "$HTTP_BODY" 'Booking A1-1 (Fri 5 Mar 2027 to Wed 10 Mar 2027) is in the way' "...saying which booking is in the way"
tidy_ok "the refusal page passes tidy"
newb 2027-03-21 2027-03-25
check_eq "$HTTP_STATUS" 409 "over the block-off: 409"
check_contains "$HTTP_BODY" 'block-off (Sat 20 Mar 2027 to Tue 23 Mar 2027) is in the way' "...saying the block-off is in the way"
newb 2027-04-04 2027-04-06
check_eq "$HTTP_STATUS" 409 "over Ada's own new booking: 409"
newb 2027-04-06 2027-04-01
check_eq "$HTTP_STATUS" 400 "departure before arrival: 400"
post /portal/bookings/new --data-urlencode "property=$PA1" --data-urlencode arrival=2027-08-01 \
	--data-urlencode departure=2027-08-03 --data-urlencode adults=1 --data-urlencode guest_email=not-an-address
check_eq "$HTTP_STATUS" 400 "a guest email that is not one: 400"
newb 2027-03-10 2027-03-12
check_eq "$HTTP_STATUS" 303 "the check-out day of A1-1 is free (half-open)"
check_eq "$(count bookings)" "$((n0 + 1))" "only the free dates made a booking"
post /portal/bookings/new --data-urlencode "property=$PB1" --data-urlencode arrival=2027-09-01 \
	--data-urlencode departure=2027-09-03 --data-urlencode adults=1
check_eq "$HTTP_STATUS" 404 "Bo's property is a 404"

# Two requests for the same dates at the same moment: one wins.
cp "$JA" "$JA.2"
racers=()
for i in 1 2; do
	curl -s -o /dev/null -w '%{http_code}\n' --resolve "acme.test:$P:127.0.0.1" \
		-b "$([ "$i" = 1 ] && echo "$JA" || echo "$JA.2")" \
		--data-urlencode "csrf=$TOK" --data-urlencode "property=$PA1" \
		--data-urlencode arrival=2027-05-01 --data-urlencode departure=2027-05-04 \
		--data-urlencode adults=2 "http://acme.test:$P/portal/bookings/new" >"$T/race.$i" &
	racers+=($!)
done
wait "${racers[@]}"
check_eq "$(cat "$T/race.1" "$T/race.2" | sort | tr '\n' ' ')" "303 409 " "two bookings at once for the same dates: one is made, one is a 409"
check_eq "$(sql "SELECT COUNT(*) FROM bookings WHERE property_id = $PA1 AND start_date = '2027-05-01'")" 1 \
	"...and only one is in the database"

# --- Ada edits her booking; the history says what changed. ---
post "/portal/bookings/$M1/edit" --data-urlencode arrival=2027-04-01 --data-urlencode departure=2027-04-05 \
	--data-urlencode checkin_time=15:00 --data-urlencode checkout_time=10:30 --data-urlencode channel=Phone \
	--data-urlencode 'guest_name=Mia Manual' --data-urlencode guest_email=mia.new@guest.test \
	--data-urlencode 'guest_phone=+44 20 7946 0199' --data-urlencode 'guest_address=1 Quay Street, Truro' \
	--data-urlencode adults=3 --data-urlencode children=1 --data-urlencode infants=1
check_eq "$HTTP_STATUS" 303 "Ada edits her booking"
check_eq "$(sql "SELECT CONCAT(guest_email, ' ', adults) FROM bookings WHERE id = $M1")" "mia.new@guest.test 3" "...the email and adults changed"
check_eq "$(sql "SELECT detail FROM audit_log WHERE target_id = $M1 AND action = 'booking.update' ORDER BY id DESC LIMIT 1")" \
	"guest_email,adults" "...audited with the fields that changed"
check_eq "$(sql "SELECT COUNT(*) FROM events WHERE type = 'booking.updated' AND subject_id = $M1")" 1 "...with a booking.updated event"
post "/portal/bookings/$M1/edit" --data-urlencode arrival=2027-03-07 --data-urlencode departure=2027-04-05 \
	--data-urlencode adults=3
check_eq "$HTTP_STATUS" 409 "moving it over A1-1: 409"
check_contains "$HTTP_BODY" 'Booking A1-1' "...naming the booking in the way"
check_eq "$(sql "SELECT start_date FROM bookings WHERE id = $M1")" 2027-04-01 "...and the dates stay"
get "/portal/bookings/$M1"
check_contains "$HTTP_BODY" 'changed guest email, adults' "Ada's history shows the email change"
check_match "$(printf '%s' "$HTTP_BODY" | tr '\n' ' ')" 'created \(a manual booking\).*changed guest email, adults' \
	"...after its creation: the history oldest first"
post "/portal/bookings/$A1/edit" --data-urlencode arrival=2027-03-05 --data-urlencode departure=2027-03-10 \
	--data-urlencode adults=9
check_eq "$HTTP_STATUS" 404 "a booking Ada did not make is not hers to edit (404)"
get "/portal/bookings/$A1"
check_not_contains "$HTTP_BODY" 'class="booking-edit"' "...and its page offers no edit form"
check_not_contains "$HTTP_BODY" 'class="booking-guest"' "...nor the guest form (no booking.guest_edit)"

# --- Cleo: no guest contact, no channel, no email change in the history. ---
as "$JC"
get "/portal/bookings/$M1"
check_eq "$HTTP_STATUS" 200 "Cleo opens the booking"
PAGE=$HTTP_BODY
check_contains "$PAGE" 'changed adults' "the history shows Cleo the adults change"
check_not_contains "$PAGE" 'guest email' "...but not the email change (no booking.guest_contact)"
check_not_contains "$PAGE" 'mia.new@guest.test' "...nor the email"
check_not_contains "$PAGE" 'Quay Street' "no guest_contact: no address"
check_not_contains "$PAGE" 'class="channel"' "no channel for the availability-and-names view"
check_contains "$PAGE" '<dd class="infants">1</dd>' "the infants show with calendar.view"
check_contains "$PAGE" '<dd class="checkin">15:00</dd>' "...and the times"
check_not_contains "$PAGE" 'class="booking-edit"' "Cleo did not make it: no edit form"
post "/portal/bookings/$M1/edit" --data-urlencode arrival=2027-04-01 --data-urlencode departure=2027-04-05 \
	--data-urlencode adults=1
check_eq "$HTTP_STATUS" 404 "Cleo's edit is a 404"

# --- Gus: booking.guest_edit changes guest fields only, and only those he sees. ---
as "$JG"
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'class="booking-guest"' "guest_edit: the guest details form"
check_not_contains "$HTTP_BODY" 'name="guest_email"' "...without the email he may not see"
check_not_contains "$HTTP_BODY" 'name="arrival"' "...nor the dates"
post "/portal/bookings/$A1/edit" --data-urlencode 'guest_name=Gina Renamed' --data-urlencode adults=3 \
	--data-urlencode children=1 --data-urlencode infants=0 --data-urlencode arrival=2027-01-01 \
	--data-urlencode departure=2027-01-02 --data-urlencode guest_email=evil@guest.test --data-urlencode channel=Evil
check_eq "$HTTP_STATUS" 303 "Gus saves the guest details"
check_eq "$(sql "SELECT CONCAT_WS(' | ', guest_name, adults, start_date, guest_email, channel) FROM bookings WHERE id = $A1")" \
	"Gina Renamed | 3 | 2027-03-05 | gina@guest.test | Airbnb" "...only the name and counts changed, not dates, email or channel"
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'changed guest name, adults' "his history shows the change"

# --- Block-offs: notes, the owner's mark, last action. ---
as "$JA"
forget_action
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode start=2027-07-01 \
	--data-urlencode end=2027-07-05 --data-urlencode 'reason=Family week'
check_eq "$HTTP_STATUS" 303 "Ada blocks off a week"
moved "...and a block-off moves her last action"
K1=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME AND start_date = '2027-07-01'")
K0=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME AND start_date = '2027-03-20'")
get "/portal/calendar?property=$PA1&month=2027-07"
check_contains "$HTTP_BODY" "class=\"bar block by-owner arrives\" data-id=\"$K1\"><a href=\"/portal/blocks/$K1\">Blocked<span class=\"by-owner\"> by the owner</span>" \
	"the portal calendar marks the owner's block-off"
get "/portal/calendar?property=$PA1&month=2027-03"
check_contains "$HTTP_BODY" "class=\"bar block arrives\" data-id=\"$K0\"><a href=\"/portal/blocks/$K0\">Blocked<span class=\"reason\">" \
	"...and not the office's"
newb 2027-07-03 2027-07-08
check_eq "$HTTP_STATUS" 409 "a booking over the owner's block-off: 409"
get "/portal/blocks/$K1"
check_eq "$HTTP_STATUS" 200 "the block-off's page opens"
tidy_ok "the block-off page passes tidy"
check_contains "$HTTP_BODY" '<dd class="made">the owner</dd>' "...saying the owner made it"
check_contains "$HTTP_BODY" '<dd class="start"><time datetime="2027-07-01">Thu 1 Jul 2027</time></dd>' \
	"...its first day as people write it"
check_contains "$HTTP_BODY" '<dd class="end"><time datetime="2027-07-05">Mon 5 Jul 2027</time></dd>' "...and its first free day"
forget_action
post "/portal/blocks/$K1/notes" --data-urlencode 'body=Keys with the neighbour'
check_eq "$HTTP_STATUS" 303 "Ada adds a note to the block-off"
moved "...and a note moves her last action"
post "/portal/blocks/$K1/notes" --data-urlencode 'body=   '
check_eq "$HTTP_STATUS" 400 "a blank note: 400"
get "/portal/blocks/$K1"
check_contains "$HTTP_BODY" 'Keys with the neighbour' "the note shows on the block-off"
as "$JC"
get "/portal/blocks/$K1"
check_contains "$HTTP_BODY" 'Keys with the neighbour' "notes.view: Cleo reads it"
check_not_contains "$HTTP_BODY" 'class="note-add"' "...no notes.add: no form"
post "/portal/blocks/$K1/notes" --data-urlencode 'body=Not mine to add'
check_eq "$HTTP_STATUS" 404 "...and her note is a 404"
as "$JG"
get "/portal/blocks/$K1"
check_eq "$HTTP_STATUS" 200 "Gus opens the block-off"
check_not_contains "$HTTP_BODY" 'Keys with the neighbour' "no notes.view: no notes"
check_eq "$(sql "SELECT COUNT(*) FROM block_notes WHERE block_id = $K1")" 1 "one note on the block-off"

# --- Staff: the list, the owner's mark, bookings made and edited, notes, last action. ---
staff_as
get "/staff/bookings?property=$PA1"
check_eq "$HTTP_STATUS" 200 "staff open a property's bookings"
tidy_ok "the staff bookings page passes tidy"
check_contains "$HTTP_BODY" "href=\"/staff/blocks/$K1\">Block-off</a> <span class=\"by-owner\">by the owner</span>" \
	"staff see the owner's block-off marked"
check_contains "$HTTP_BODY" "href=\"/staff/blocks/$K0\">Block-off</a></td><td><time datetime=\"2027-03-20\">Sat 20 Mar 2027</time></td><td><time datetime=\"2027-03-23\">Tue 23 Mar 2027</time></td>" \
	"...and the office's unmarked, with its days as people write them"
check_contains "$HTTP_BODY" "href=\"/staff/bookings/$M1\">M$M1</a>" "...and Ada's booking"
get "/staff/audit?action=block.create"
check_contains "$HTTP_BODY" "property $PA1 Thu 1 Jul 2027 to Mon 5 Jul 2027" \
	"the audit log names the days of Ada's block-off as people write them"
check_not_contains "$HTTP_BODY" "2027-07-01..2027-07-05" "...not as stored"
post /staff/bookings/new --data-urlencode "property=$PA1" --data-urlencode arrival=2027-06-01 \
	--data-urlencode departure=2027-06-03 --data-urlencode 'guest_name=Sam Staff' --data-urlencode adults=2 \
	--data-urlencode reference=PHONE-1
check_eq "$HTTP_STATUS" 303 "staff add a booking"
S1=$(bid PHONE-1)
check_match "$(sql "SELECT CONCAT(IFNULL(created_by_portal_user_id, '-'), ' ', created_by_staff_user_id > 0) FROM bookings WHERE id = $S1")" '^- 1$' \
	"...made by staff"
post /staff/bookings/new --data-urlencode "property=$PA1" --data-urlencode arrival=2027-06-02 \
	--data-urlencode departure=2027-06-04 --data-urlencode adults=2
check_eq "$HTTP_STATUS" 409 "staff over a booking: 409"
check_contains "$HTTP_BODY" 'Booking PHONE-1 (Tue 1 Jun 2027 to Thu 3 Jun 2027) is in the way' "...with the sentence"
post "/staff/bookings/$S1/edit" --data-urlencode reference=PHONE-1 --data-urlencode arrival=2027-06-01 \
	--data-urlencode departure=2027-06-05 --data-urlencode 'guest_name=Sam Staff' --data-urlencode adults=2
check_eq "$HTTP_STATUS" 303 "staff edit their booking"
check_eq "$(sql "SELECT end_date FROM bookings WHERE id = $S1")" 2027-06-05 "...the new departure is saved"
get "/staff/bookings/$M1"
check_eq "$HTTP_STATUS" 200 "staff open Ada's booking"
tidy_ok "the staff booking page passes tidy"
check_contains "$HTTP_BODY" 'changed guest email, adults' "staff see the whole history"
check_contains "$HTTP_BODY" 'ada@acme.test' "...naming who did it"
get "/staff/blocks/$K1"
check_contains "$HTTP_BODY" 'Keys with the neighbour' "staff read the block-off's note"
post "/staff/blocks/$K1/notes" --data-urlencode 'body=Cleaner booked for the 5th'
check_eq "$HTTP_STATUS" 303 "staff add a note to it"
check_eq "$(sql "SELECT author_kind FROM block_notes WHERE block_id = $K1 ORDER BY id DESC LIMIT 1")" staff "...as staff"
LA=$(sql "SELECT DATE_FORMAT(last_action_at, '%Y-%m-%dT%H:%i') FROM portal_users WHERE id = $ADA")
get /staff/portal-users
check_contains "$HTTP_BODY" "ada@acme.test</a></td><td>active</td><td><time datetime=\"$LA" "staff see Ada's last action"

# --- The key cases through Apache. ---
as "$JA" "$APACHE_PORT"
newb 2027-03-08 2027-03-12
check_eq "$HTTP_STATUS" 409 "Apache: over A1-1 is a 409"
check_contains "$HTTP_BODY" 'Booking A1-1 (Fri 5 Mar 2027 to Wed 10 Mar 2027) is in the way' "Apache: ...with the sentence"
newb 2027-10-01 2027-10-03
check_eq "$HTTP_STATUS" 303 "Apache: a free week is booked"
as "$JC" "$APACHE_PORT"
get "/portal/bookings/$M1"
check_not_contains "$HTTP_BODY" 'guest email' "Apache: no email change in Cleo's history"
post /portal/bookings/new --data-urlencode "property=$PA1" --data-urlencode arrival=2027-11-01 \
	--data-urlencode departure=2027-11-03 --data-urlencode adults=2
check_eq "$HTTP_STATUS" 404 "Apache: no bookings.create is a 404"


check_eq "$(sql "SELECT GROUP_CONCAT(DISTINCT type ORDER BY type) FROM events WHERE tenant_id = $ACME
	AND type IN ('booking.created', 'booking.updated', 'block.note_added')")" \
	"block.note_added,booking.created,booking.updated" "manual bookings and block-off notes wrote their events"
check_eq "$(events_undocumented)" "" "every event type written is one docs/openapi.yaml names"
