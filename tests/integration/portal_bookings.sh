#!/usr/bin/env bash
# porch — integration test of the portal's calendar, bookings list, booking page,
# notes, owner block-offs and bookings CSV through nginx: a permission matrix for
# calendar.view, booking.guest_name, booking.guest_contact, notes.view, notes.add,
# blocks.create, blocks.modify, bookings.manage, export.csv and notify.bookings; the
# financial rules on the booking page and in the CSV; block-off overlaps (409, nothing
# written) and their mail in the outbox; guessed ids of another customer and another
# tenant (the one 404); a token-link visitor under the Non-Portal Users group. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl

stack_setup --fixture acme --fixture beta

bid() { sql "SELECT id FROM bookings WHERE tenant_id = ${2:-$ACME} AND reference = '$1'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
A1=$(bid A1-1); A2=$(bid A2-1); B1=$(bid B1-1); BETA_A1=$(bid A1-1 "$BETA")
PA1=$(pid 'Ada Beach House'); PA2=$(pid 'Ada Cabin'); PB1=$(pid 'Bo Loft')
BO=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Bo Owner'")

# Ada's portal user, under one group whose settings each step changes (rights are
# loaded per request), over all of Ada's properties.
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' nina@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' ninauser "$PW_OWNER"
stack_porchctl tokenlink issue acme >/dev/null
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	($ACME, 'Matrix', ''), ($ACME, 'Notify', 'notify.bookings'),
	($ACME, 'Lean', 'calendar.view,export.csv')"
stack_grant acme ada@acme.test Matrix 'customer:Ada Owner'
perms() { sql "UPDATE permission_groups SET permissions = '$1' WHERE tenant_id = $ACME AND name = 'Matrix'"; }
fin() { sql "UPDATE permission_groups SET financial_level = '$1', field_filter = '$2', field_list = '${3:-}' WHERE tenant_id = $ACME AND name = 'Matrix'"; }
count() { sql "SELECT COUNT(*) FROM $1"; }
outbox() { sql "SELECT CONCAT(to_addr, ' | ', subject) FROM outbox WHERE tenant_id = $ACME ORDER BY id"; }

stack_serve
J=$(fresh_jar ada)
get() { req "$J" "$P" acme.test "$1"; }
post() { local path=$1; shift; req "$J" "$P" acme.test "$path" --data-urlencode "csrf=$TOK" "$@"; }
no_id() { printf '%s' "$1" | sed 's|<code>[0-9a-f]*</code>||'; }

sign_in "$J" "$P" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in"
get /account; TOK=$(csrf_of "$HTTP_BODY")
check_match "$TOK" '.{20,}' "a CSRF token for Ada's session"

# --- No permission at all: nothing of it exists. ---
get "/portal/calendar?property=$PA1&month=2027-03"
check_eq "$HTTP_STATUS" 404 "no calendar.view: the calendar is a 404"
get "/portal/bookings/$A1"
check_eq "$HTTP_STATUS" 404 "no calendar.view: the booking page is a 404"
get /portal/bookings
check_eq "$HTTP_STATUS" 404 "no calendar.view: the bookings list is a 404"

# --- calendar.view: dates, status, guest counts, no names. ---
perms 'calendar.view'
get "/portal/calendar?property=$PA1&month=2027-03"
check_eq "$HTTP_STATUS" 200 "calendar.view opens the calendar"
tidy_ok "the calendar passes tidy"
CAL=$HTTP_BODY
check_contains "$CAL" '<table class="calendar month">' "...a month grid"
check_contains "$CAL" '<td class="booked" data-date="2027-03-05" colspan="2"><span class="day">5</span></td>' \
	"the first night of A1-1 is booked"
check_contains "$CAL" 'class="bar booking arrives" data-id="'"$A1"'"><a href="/portal/bookings/'"$A1"'">A1-1</a>' \
	"...and its bar links to its page"
check_contains "$CAL" '<td class="booked" data-date="2027-03-09" colspan="2">' "...its last night too"
check_contains "$CAL" '<td class="available" data-date="2027-03-10" colspan="2">' "...its check-out day is free (half-open)"
check_contains "$CAL" '<td class="available" data-date="2027-03-04" colspan="2">' "the day before is free"
check_contains "$CAL" '<td class="blocked" data-date="2027-03-20" colspan="2">' "the owner block-off shows as blocked"
check_contains "$CAL" '<td class="blocked" data-date="2027-03-22" colspan="2">' "...to its last day"
check_contains "$CAL" '<td class="available" data-date="2027-03-23" colspan="2">' "...not its end day"
check_contains "$CAL" '<td class="available" data-date="2027-03-31" colspan="2">' "the month ends on the 31st"
check_not_contains "$CAL" 'data-date="2027-04-01"' "...and no day of April is in it"
check_contains "$CAL" "month=2027-02\">‹ February 2027</a>" "a link to the previous month, by name"
check_contains "$CAL" "month=2027-04\">April 2027 ›</a>" "a link to the next month"
check_contains "$CAL" "<option value=\"$PA2\">Ada Cabin</option>" "the chooser offers Ada's other property"
check_not_contains "$CAL" "Bo Loft" "...and not Bo's"
check_not_contains "$CAL" "Gina Guest" "no booking.guest_name: no guest name on the calendar"
check_not_contains "$CAL" "/portal/blocks/new" "no blocks.create: no form to block off dates"
check_not_contains "$CAL" "/portal/blocks/move" "no blocks.modify: no form to move a block-off"
check_not_contains "$CAL" "/portal/blocks/delete" "...or to delete one"
get /portal/calendar
check_eq "$HTTP_STATUS" 200 "the calendar without a property opens"
check_contains "$HTTP_BODY" '<table class="calendar timeline">' \
	"...on the timeline of Ada's two properties"
get "/portal/calendar?view=month"
check_contains "$HTTP_BODY" "Calendar of <span class=\"property\">Ada Beach House</span>" \
	"...and by weeks on the first property by name"
get "/portal/calendar?property=$PB1&month=2027-03"
check_eq "$HTTP_STATUS" 404 "Bo's property on Ada's calendar is a 404"
get "/portal/calendar?property=$PA1&month=2027-13"
check_eq "$HTTP_STATUS" 400 "a month that is not one is a 400"

get "/portal/bookings/$A1"
check_eq "$HTTP_STATUS" 200 "calendar.view opens the booking page"
tidy_ok "the booking page passes tidy"
PAGE=$HTTP_BODY
check_contains "$PAGE" '<dd class="start"><time datetime="2027-03-05">Fri 5 Mar 2027</time></dd>' "the page shows the arrival as people write it, the day for machines"
check_contains "$PAGE" '<dd class="nights">5</dd>' "...the nights"
check_contains "$PAGE" '<dd class="status">confirmed</dd>' "...the status"
check_contains "$PAGE" '<dd class="adults">2</dd>' "...the adults"
check_contains "$PAGE" '<dd class="children">1</dd>' "...the children"
check_not_contains "$PAGE" "Gina Guest" "no booking.guest_name: no guest name on the page"
check_not_contains "$PAGE" "gina@guest.test" "no booking.guest_contact: no email"
check_not_contains "$PAGE" "7946 0101" "...no phone"
check_not_contains "$PAGE" "Note on A1-1" "no notes.view: no notes"
check_not_contains "$PAGE" 'class="note-add"' "no notes.add: no form to add one"
check_not_contains "$PAGE" 'Cancel booking' "no bookings.manage: no cancel button"
check_not_contains "$PAGE" '<table class="price">' "financial level none: no price"

get /portal/bookings
check_eq "$HTTP_STATUS" 200 "calendar.view opens the bookings list"
tidy_ok "the bookings list passes tidy"
check_match "$(printf '%s' "$HTTP_BODY" | tr '\n' ' ')" "A1-1.*A2-1" "the list holds Ada's bookings by date"
check_not_contains "$HTTP_BODY" "B1-1" "...not Bo's"
check_contains "$HTTP_BODY" "href=\"/portal/bookings/$A1\"" "...linking to the booking page"
check_contains "$HTTP_BODY" '<td>Ada Beach House</td><td><time datetime="2027-03-05">Fri 5 Mar 2027</time></td><td><time datetime="2027-03-10">Wed 10 Mar 2027</time></td>' \
	"...its arrival and departure as people write them"
check_not_contains "$HTTP_BODY" '>Guest</th>' "no booking.guest_name: no guest column"
check_not_contains "$HTTP_BODY" 'Total price' "no financial figures: no total column"
check_not_contains "$HTTP_BODY" 'bookings.csv' "no export.csv: no CSV link"
get /portal/bookings.csv
check_eq "$HTTP_STATUS" 404 "no export.csv: the CSV is a 404"

# Refused writes without the permission: 404 and nothing written.
n0=$(count notes)
post "/portal/bookings/$A1/notes" --data-urlencode "body=sneaky note"
check_eq "$HTTP_STATUS" 404 "no notes.add: posting a note is a 404"
check_eq "$(count notes)" "$n0" "...and writes nothing"
b0=$(count blocks)
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode "start=2027-04-01" --data-urlencode "end=2027-04-03"
check_eq "$HTTP_STATUS" 404 "no blocks.create: creating a block-off is a 404"
check_eq "$(count blocks)" "$b0" "...and writes nothing"
BLK=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME")
post /portal/blocks/delete --data-urlencode "block=$BLK"
check_eq "$HTTP_STATUS" 404 "no blocks.modify: deleting a block-off is a 404"
check_eq "$(count blocks)" "$b0" "...and deletes nothing"
post "/portal/bookings/$A2/status" --data-urlencode "do=confirm"
check_eq "$HTTP_STATUS" 404 "no bookings.manage: confirming is a 404"
check_eq "$(sql "SELECT status FROM bookings WHERE id = $A2")" tentative "...and changes nothing"

# --- Guessing: another customer's and another tenant's booking. ---
get "/portal/bookings/999999"; UNKNOWN=$(no_id "$HTTP_BODY")
check_eq "$HTTP_STATUS" 404 "an unknown booking id is a 404"
get "/portal/bookings/$B1"
check_eq "$HTTP_STATUS" 404 "Bo's booking B1-1 as Ada is a 404"
check_eq "$(no_id "$HTTP_BODY")" "$UNKNOWN" "...the same page as an unknown id"
check_not_contains "$HTTP_BODY" "B1-1" "...naming nothing"
get "/portal/bookings/$BETA_A1"
check_eq "$HTTP_STATUS" 404 "another tenant's booking is a 404"
check_eq "$(no_id "$HTTP_BODY")" "$UNKNOWN" "...the same page again"
get "/portal/bookings?property=$PB1"
check_eq "$HTTP_STATUS" 404 "the list of Bo's property as Ada is a 404"

# --- booking.guest_name ---
perms 'calendar.view,booking.guest_name'
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" '<dd class="guest">Gina Guest</dd>' "booking.guest_name: the guest's name on the page"
check_not_contains "$HTTP_BODY" "gina@guest.test" "...still no email"
get "/portal/calendar?property=$PA1&month=2027-03"
check_contains "$HTTP_BODY" '<span class="guest">Gina Guest</span>' "...and on the calendar"
get /portal/bookings
check_contains "$HTTP_BODY" '<td class="guest">Gina Guest</td>' "...and in the list"

# --- booking.guest_contact ---
perms 'calendar.view,booking.guest_contact'
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" '<dd class="email">gina@guest.test</dd>' "booking.guest_contact: the email"
check_contains "$HTTP_BODY" '<dd class="phone">+44 20 7946 0101</dd>' "...and the phone"
check_not_contains "$HTTP_BODY" "Gina Guest" "...but not the name without guest_name"

# --- notes.view and notes.add ---
perms 'calendar.view,notes.view'
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" '<span class="body">Note on A1-1</span>' "notes.view: the notes"
check_contains "$HTTP_BODY" '<span class="author">Front desk</span>' "...with their author"
check_not_contains "$HTTP_BODY" 'class="note-add"' "...but no form without notes.add"
perms 'calendar.view,notes.add'
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'action="/portal/bookings/'"$A1"'/notes"' "notes.add: the add-note form"
check_not_contains "$HTTP_BODY" 'Note on A1-1' "...but no notes without notes.view"
n0=$(count notes)
post "/portal/bookings/$A1/notes" --data-urlencode "body=   "
check_eq "$HTTP_STATUS" 400 "an empty note is a 400"
check_contains "$HTTP_BODY" "Write something in the note" "...saying so"
post "/portal/bookings/$A1/notes" --data-urlencode "body=$(head -c 2001 /dev/zero | tr '\0' 'x')"
check_eq "$HTTP_STATUS" 400 "a note of 2001 characters is a 400"
check_contains "$HTTP_BODY" "at most 2000 characters" "...saying so"
check_eq "$(count notes)" "$n0" "...and neither is written"
post "/portal/bookings/$A1/notes" --data-urlencode "body=Please leave <b>keys</b> under the mat"
check_eq "$HTTP_STATUS" 303 "a note is added"
check_eq "$(sql "SELECT CONCAT(author_kind, '|', author_name, '|', body) FROM notes WHERE booking_id = $A1 ORDER BY id DESC LIMIT 1")" \
	"portal|ada@acme.test|Please leave <b>keys</b> under the mat" "...by Ada, as written"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'note.add' AND target_id = $A1")" 1 "...and audited"
perms 'calendar.view,notes.view'
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'Please leave &lt;b&gt;keys&lt;/b&gt; under the mat' "the note shows, escaped"
# Notes read oldest first: by time, then in the order written within one instant
# (inserted here out of that order).
sql "INSERT INTO notes (tenant_id, booking_id, author_kind, author_name, body, created_at) VALUES
	($ACME, $A1, 'staff', 'Office', 'Order third', '2026-05-02 09:00:00'),
	($ACME, $A1, 'staff', 'Office', 'Order first', '2026-05-01 09:00:00'),
	($ACME, $A1, 'staff', 'Office', 'Order fourth', '2026-05-02 09:00:00'),
	($ACME, $A1, 'staff', 'Office', 'Order second', '2026-05-01 10:00:00')"
get "/portal/bookings/$A1"
check_eq "$(printf '%s' "$HTTP_BODY" | grep -o 'Order [a-z]*' | tr '\n' ' ')" \
	"Order first Order second Order third Order fourth " "notes are listed oldest first"
sql "DELETE FROM notes WHERE body LIKE 'Order %'"

# --- blocks.create ---
perms 'calendar.view,blocks.create'
get "/portal/calendar?property=$PA1&month=2027-03"
check_contains "$HTTP_BODY" 'action="/portal/blocks/new"' "blocks.create: the form to block off dates"
check_not_contains "$HTTP_BODY" '/portal/blocks/move' "...but no move form without blocks.modify"
tidy_ok "the calendar with forms passes tidy"
b0=$(count blocks); o0=$(count outbox)
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode "start=2027-03-08" \
	--data-urlencode "end=2027-03-12" --data-urlencode "reason=Family"
check_eq "$HTTP_STATUS" 409 "a block-off over a booking is refused with 409"
check_contains "$HTTP_BODY" "Booking A1-1 (Fri 5 Mar 2027 to Wed 10 Mar 2027) is in the way" "...naming the booking"
tidy_ok "the 409 page passes tidy"
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode "start=2027-03-22" \
	--data-urlencode "end=2027-03-24"
check_eq "$HTTP_STATUS" 409 "a block-off over another block-off is refused"
check_contains "$HTTP_BODY" "Another block-off (Sat 20 Mar 2027 to Tue 23 Mar 2027) is in the way" "...saying so"
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode "start=2027-03-12" \
	--data-urlencode "end=2027-03-12"
check_eq "$HTTP_STATUS" 400 "a block-off ending on its start day is a 400"
check_contains "$HTTP_BODY" "must come after the start date" "...saying why"
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode "start=2027-02-30" \
	--data-urlencode "end=2027-03-02"
check_eq "$HTTP_STATUS" 400 "a day that does not exist is a 400"
check_contains "$HTTP_BODY" "each a real day" "...saying why"
check_eq "$(count blocks) $(count outbox)" "$b0 $o0" "refused block-offs write nothing, mail nothing"

# The property's notify user: Nina (an email login) holds notify.bookings there.
stack_grant acme nina@acme.test Notify 'property:Ada Beach House'
stack_grant acme ninauser Notify 'property:Ada Cabin'
post /portal/blocks/new --data-urlencode "property=$PA1" --data-urlencode "start=2027-03-10" \
	--data-urlencode "end=2027-03-12" --data-urlencode "reason=Painting"
check_eq "$HTTP_STATUS" 303 "a block-off from A1-1's check-out day is made (half-open)"
check_eq "$(sql "SELECT CONCAT(start_date, '|', end_date, '|', reason) FROM blocks WHERE tenant_id = $ACME ORDER BY id DESC LIMIT 1")" \
	"2027-03-10|2027-03-12|Painting" "...with its dates and reason"
NEWB=$(sql "SELECT MAX(id) FROM blocks WHERE tenant_id = $ACME")
check_eq "$(outbox | tail -n +$((o0 + 1)))" "office@acme.test | Block-off added at Ada Beach House: Wed 10 Mar 2027 to Fri 12 Mar 2027
nina@acme.test | Block-off added at Ada Beach House: Wed 10 Mar 2027 to Fri 12 Mar 2027" \
	"mailed to the admin staff and the property's notify.bookings user"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'block.create' AND target_id = $NEWB")" 1 "...and audited"
get "/portal/calendar?property=$PA1&month=2027-03&done=block-added"
check_contains "$HTTP_BODY" '<td class="blocked" data-date="2027-03-11" colspan="2">' "the calendar shows the new block-off"
check_contains "$HTTP_BODY" 'The block-off was added.' "...and says it was added"
o0=$(count outbox)
post /portal/blocks/new --data-urlencode "property=$PA2" --data-urlencode "start=2027-05-01" \
	--data-urlencode "end=2027-05-03"
check_eq "$HTTP_STATUS" 303 "a block-off on the Cabin"
check_eq "$(outbox | tail -n +$((o0 + 1)))" "office@acme.test | Block-off added at Ada Cabin: Sat 1 May 2027 to Mon 3 May 2027" \
	"...its notify user has no email login: only staff are mailed"
check_contains "$(sql "SELECT body FROM outbox WHERE tenant_id = $ACME ORDER BY id DESC LIMIT 1")" \
	"Not sent to ninauser, who gets this property's booking mail (the right \"Receive booking emails\"): their login is not an email address" \
	"...and the admins' copy says whom it did not reach and why"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'mail.notify_unmailed' AND target_id = (SELECT id FROM portal_users WHERE login = 'ninauser')")" 1 \
	"...which is audited"
CABB=$(sql "SELECT MAX(id) FROM blocks WHERE tenant_id = $ACME")
post /portal/blocks/move --data-urlencode "block=$NEWB" --data-urlencode "start=2027-03-14" --data-urlencode "end=2027-03-16"
check_eq "$HTTP_STATUS" 404 "no blocks.modify: moving is a 404"
check_eq "$(sql "SELECT start_date FROM blocks WHERE id = $NEWB")" 2027-03-10 "...and moves nothing"

# --- blocks.modify ---
perms 'calendar.view,blocks.modify'
get "/portal/calendar?property=$PA1&month=2027-03"
check_contains "$HTTP_BODY" '/portal/blocks/move' "blocks.modify: move forms"
check_contains "$HTTP_BODY" '/portal/blocks/delete' "...and delete forms"
check_not_contains "$HTTP_BODY" '/portal/blocks/new' "...but no create form without blocks.create"
tidy_ok "the calendar with move forms passes tidy"
check_contains "$HTTP_BODY" "<li class=\"block\" data-id=\"$NEWB\"><time datetime=\"2027-03-10\">Wed 10 Mar 2027</time> to <time datetime=\"2027-03-12\">Fri 12 Mar 2027</time>" \
	"the list of block-offs names their days as people write them"
check_contains "$HTTP_BODY" "id=\"start-$NEWB\" name=\"start\" type=\"date\" required value=\"2027-03-10\"" \
	"...and the move form keeps the day itself for the date field"
o0=$(count outbox)
post /portal/blocks/move --data-urlencode "block=$NEWB" --data-urlencode "start=2027-03-11" --data-urlencode "end=2027-03-13"
check_eq "$HTTP_STATUS" 303 "a block-off moves over its own old days"
check_eq "$(sql "SELECT CONCAT(start_date, '|', end_date) FROM blocks WHERE id = $NEWB")" "2027-03-11|2027-03-13" "...to the new dates"
check_eq "$(outbox | tail -n +$((o0 + 1)) | head -n 1)" "office@acme.test | Block-off moved at Ada Beach House: Thu 11 Mar 2027 to Sat 13 Mar 2027" "...mailed"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'block.move' AND target_id = $NEWB")" 1 "...and audited"
o0=$(count outbox)
post /portal/blocks/move --data-urlencode "block=$NEWB" --data-urlencode "start=2027-03-09" --data-urlencode "end=2027-03-13"
check_eq "$HTTP_STATUS" 409 "moving onto a booking is refused"
check_contains "$HTTP_BODY" "Booking A1-1" "...naming it"
post /portal/blocks/move --data-urlencode "block=$NEWB" --data-urlencode "start=2027-03-11" --data-urlencode "end=2027-03-21"
check_eq "$HTTP_STATUS" 409 "moving onto another block-off is refused"
check_eq "$(sql "SELECT CONCAT(start_date, '|', end_date) FROM blocks WHERE id = $NEWB") $(count outbox)" "2027-03-11|2027-03-13 $o0" \
	"...nothing moved, nothing mailed"
post /portal/blocks/move --data-urlencode "block=$NEWB" --data-urlencode "start=2027-03-13" --data-urlencode "end=2027-03-11"
check_eq "$HTTP_STATUS" 400 "moving to an end before the start is a 400"
post /portal/blocks/delete --data-urlencode "block=$NEWB"
check_eq "$HTTP_STATUS" 303 "a block-off is deleted"
check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE id = $NEWB")" 0 "...it is gone"
check_eq "$(outbox | tail -n 2)" "office@acme.test | Block-off deleted at Ada Beach House: Thu 11 Mar 2027 to Sat 13 Mar 2027
nina@acme.test | Block-off deleted at Ada Beach House: Thu 11 Mar 2027 to Sat 13 Mar 2027" "...mailed to staff and the notify user"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'block.delete' AND target_id = $NEWB")" 1 "...and audited"
post /portal/blocks/delete --data-urlencode "block=$NEWB"
check_eq "$HTTP_STATUS" 404 "a deleted block-off is a 404"
BETA_BLK=$(sql "SELECT id FROM blocks WHERE tenant_id = $BETA LIMIT 1")
post /portal/blocks/delete --data-urlencode "block=$BETA_BLK"
check_eq "$HTTP_STATUS" 404 "another tenant's block-off is a 404"
check_eq "$(sql "SELECT COUNT(*) FROM blocks WHERE id = $BETA_BLK")" 1 "...and stays"

# notify.bookings taken away: Nina is no longer mailed.
sql "DELETE FROM access_grants WHERE portal_user_id = (SELECT id FROM portal_users WHERE login = 'nina@acme.test')"
o0=$(count outbox)
post /portal/blocks/delete --data-urlencode "block=$CABB"
check_eq "$(outbox | tail -n +$((o0 + 1)))" "office@acme.test | Block-off deleted at Ada Cabin: Sat 1 May 2027 to Mon 3 May 2027" \
	"without a notify.bookings user only staff are mailed"
sql "DELETE FROM access_grants WHERE portal_user_id = (SELECT id FROM portal_users WHERE login = 'ninauser')"
stack_grant acme nina@acme.test Notify 'property:Ada Beach House'
JN=$(jar nina)
owner_signs_in "$JN" nina@acme.test
req "$JN" "$P" acme.test "/portal/bookings/$A1"
check_eq "$HTTP_STATUS" 404 "notify.bookings alone shows no booking"

# --- bookings.manage ---
perms 'calendar.view,bookings.manage'
get "/portal/bookings/$A2"
check_contains "$HTTP_BODY" 'Confirm booking' "bookings.manage: a tentative booking can be confirmed"
check_contains "$HTTP_BODY" 'Cancel booking' "...or cancelled"
tidy_ok "the booking page with actions passes tidy"
post "/portal/bookings/$A2/status" --data-urlencode "do=confirm"
check_eq "$HTTP_STATUS" 303 "confirming a tentative booking"
check_eq "$(sql "SELECT status FROM bookings WHERE id = $A2")" confirmed "...confirms it"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'booking.confirm' AND target_id = $A2")" 1 "...audited"
check_eq "$(outbox | tail -n 1)" "office@acme.test | Booking A2-1 at Ada Cabin confirmed" "...and mailed to staff"
post "/portal/bookings/$A2/status" --data-urlencode "do=confirm"
check_eq "$HTTP_STATUS" 409 "confirming it again is refused"
post "/portal/bookings/$A2/status" --data-urlencode "do=cancel"
check_eq "$(sql "SELECT status FROM bookings WHERE id = $A2")" cancelled "cancelling it"
get "/portal/calendar?property=$PA2&month=2027-03"
check_contains "$HTTP_BODY" '<td class="available" data-date="2027-03-12" colspan="2">' "a cancelled booking leaves its days free"
check_not_contains "$HTTP_BODY" 'A2-1' "...and is not on the calendar"
sql "UPDATE bookings SET status = 'tentative' WHERE id = $A2"

# A request arriving while another transaction holds the property and is adding a
# block-off waits for it, then sees that block-off: the lock serialises the check.
perms 'calendar.view,blocks.create'
b0=$(count blocks)
stack_mysql_porch -e "BEGIN;
	SELECT id FROM properties WHERE id = $PA2 FOR UPDATE;
	INSERT INTO blocks (tenant_id, property_id, start_date, end_date, reason)
	  VALUES ($ACME, $PA2, '2027-06-01', '2027-06-10', 'Held');
	DO SLEEP(3); COMMIT;" >/dev/null &
holder=$!
sleep 1
post /portal/blocks/new --data-urlencode "property=$PA2" --data-urlencode "start=2027-06-05" \
	--data-urlencode "end=2027-06-08"
wait "$holder"
check_eq "$HTTP_STATUS" 409 "a block-off racing one being written waits and is refused"
check_contains "$HTTP_BODY" "Another block-off (Tue 1 Jun 2027 to Thu 10 Jun 2027) is in the way" "...naming the one that won"
check_eq "$(count blocks)" "$((b0 + 1))" "...and only the first is written"

# --- The financial rules on the booking page. ---
perms 'calendar.view'
fin all all
get "/portal/bookings/$A1"
P1=$HTTP_BODY
check_match "$P1" 'fin-base_rate"><th scope="row">Base rate</th><td>\$1,000\.00' "level all: base rate 1,000.00"
check_match "$P1" 'fin-cleaning_fee"><th scope="row">Cleaning fee</th><td>\$150\.00' "...cleaning 150.00"
check_match "$P1" 'fin-taxes"><th scope="row">Taxes</th><td>\$80\.00' "...taxes 80.00"
check_match "$P1" 'fin-total_price total"><th scope="row">Total price</th><td>\$1,230\.00' "...total 1,230.00"
check_match "$P1" 'fin-avg_nightly"><th scope="row">Average nightly rate</th><td>\$200\.00' "...average nightly 200.00 over 5 nights"
# The owner part adds up: 1,230.00 - 120.00 - 200.00 - 80.00 = 830.00.
check_match "$P1" 'fin-channel_commission deduction"><th scope="row">Less channel commission</th><td>\$120\.00' "...the owner part deducts the commission"
check_match "$P1" 'fin-management_fee deduction"><th scope="row">Less management fee</th><td>\$200\.00' "...the management fee"
check_match "$P1" 'fin-taxes deduction"><th scope="row">Less taxes</th><td>\$80\.00' "...and the taxes, shown again so the lines add up"
check_match "$P1" 'fin-owner_revenue total"><th scope="row">Owner revenue</th><td>\$830\.00' "...to the owner revenue 830.00"
fin all except cleaning_fee
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'fin-total_price total' "cleaning fee hidden: the total stays"
check_not_contains "$HTTP_BODY" 'fin-base_rate' "...the breakdown collapses: no base rate"
check_not_contains "$HTTP_BODY" 'fin-cleaning_fee' "...no cleaning fee"
check_not_contains "$HTTP_BODY" 'fin-avg_nightly' "...and no average nightly rate"
fin all except total_price
get "/portal/bookings/$A1"
check_not_contains "$HTTP_BODY" 'fin-total_price' "total hidden: no total"
check_not_contains "$HTTP_BODY" '1,230.00' "...anywhere"
check_contains "$HTTP_BODY" 'fin-base_rate' "...the base rate stays"
check_contains "$HTTP_BODY" 'fin-cleaning_fee' "...the cleaning fee stays"
# With the taxes the three lines would add up to the hidden total (docs/DESIGN.md).
check_not_contains "$HTTP_BODY" 'fin-taxes' "...the taxes go with the total"
fin all except base_rate
get "/portal/bookings/$A1"
check_not_contains "$HTTP_BODY" 'fin-avg_nightly' "base rate hidden: no average nightly rate"
check_not_contains "$HTTP_BODY" 'Average nightly' "...named nowhere"
fin all except payout
get "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'fin-cleaning_fee' "\"except\" a list without the cleaning fee shows it"
check_not_contains "$HTTP_BODY" 'fin-payout' "...and hides what is listed"
fin all only 'owner_revenue,payout'
get "/portal/bookings/$A1"
check_not_contains "$HTTP_BODY" 'fin-cleaning_fee' "\"only\" a list without the cleaning fee hides it"
check_contains "$HTTP_BODY" 'fin-payout' "...and shows what is listed"

# --- export.csv ---
# export.csv without calendar.view: the bookings page is closed, so is its CSV.
perms 'export.csv'
fin all all
get /portal/bookings.csv
check_eq "$HTTP_STATUS" 404 "export.csv without calendar.view: no CSV (404)"
check_not_contains "$HTTP_BODY" "A1-1" "...and no booking in it"
get "/portal/bookings.csv?property=$PA1"
check_eq "$HTTP_STATUS" 404 "...not for one property either"
perms 'calendar.view,export.csv,booking.guest_name'
get /portal/bookings
check_contains "$HTTP_BODY" 'href="/portal/bookings.csv"' "export.csv: a link to the CSV"
check_contains "$HTTP_BODY" '<th scope="col" class="fin-total_price">Total price</th>' "the list has a total column where total_price shows"
get /portal/bookings.csv
check_eq "$HTTP_STATUS" 200 "the CSV downloads"
check_eq "$(http_header Content-Type)" "text/csv; charset=utf-8" "...as text/csv"
check_contains "$(http_header Content-Disposition)" "attachment" "...as an attachment"
CSV=$HTTP_BODY
check_eq "$(printf '%s' "$CSV" | head -n 1 | tr -d '\r')" \
	"reference,property,start,end,nights,status,adults,children,guest_name,base_rate,cleaning_fee,taxes,channel_commission,management_fee,owner_revenue,total_price,payout,currency" \
	"level all and guest_name: every column but contact"
check_eq "$(printf '%s' "$CSV" | sed -n 2p | tr -d '\r')" \
	"A1-1,Ada Beach House,2027-03-05,2027-03-10,5,confirmed,2,1,Gina Guest,1000.00,150.00,80.00,120.00,200.00,830.00,1230.00,830.00,USD" \
	"...with A1-1's figures"
check_not_contains "$CSV" "B1-1" "...and not Bo's booking"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'export.bookings'")" 1 "the export is audited"
perms 'calendar.view,export.csv'
fin all except cleaning_fee
get /portal/bookings.csv
H=$(printf '%s' "$HTTP_BODY" | head -n 1 | tr -d '\r')
check_not_contains "$H" "guest_name" "no guest_name: no guest column in the CSV"
check_not_contains "$H" "guest_email" "no guest_contact: no contact columns"
check_not_contains "$H" "cleaning_fee" "cleaning fee hidden: not in the CSV"
check_not_contains "$H" "base_rate" "...and the breakdown collapses there too"
check_contains "$H" "total_price" "...the total stays"
perms 'calendar.view,export.csv,booking.guest_contact'
fin all except total_price
get "/portal/bookings.csv?property=$PA1"
H=$(printf '%s' "$HTTP_BODY" | head -n 1 | tr -d '\r')
check_eq "$H" "reference,property,start,end,nights,status,adults,children,guest_email,guest_phone,base_rate,cleaning_fee,owner_revenue,payout,currency" \
	"total hidden: no total (nor the taxes that would add up to it); contact columns with guest_contact"
check_eq "$(printf '%s\n' "$HTTP_BODY" | grep -c .)" 2 "...one property: one booking"
# A second grant on Bo's loft without money or names: columns shown on every row only.
perms 'calendar.view,export.csv,booking.guest_name'
fin all all
stack_grant acme ada@acme.test Lean 'property:Bo Loft'
get /portal/bookings.csv
H=$(printf '%s' "$HTTP_BODY" | head -n 1 | tr -d '\r')
check_eq "$H" "reference,property,start,end,nights,status,adults,children" \
	"with a property lacking names and money, the CSV leaves both out"
check_contains "$HTTP_BODY" "B1-1,Bo Loft" "...and holds that property's booking"
get /portal/bookings
check_match "$HTTP_BODY" "B1-1</a>.*<td class=\"guest\"></td>" "the list leaves the name of B1-1's guest blank"
check_not_contains "$HTTP_BODY" "Bob Secret" "...never showing it"
sql "UPDATE permission_groups SET permissions = 'calendar.view' WHERE tenant_id = $ACME AND name = 'Lean'"
get "/portal/bookings.csv?property=$PB1"
check_eq "$HTTP_STATUS" 404 "the CSV of a property without export.csv is a 404"
perms 'calendar.view'
get /portal/bookings.csv
check_eq "$HTTP_STATUS" 404 "export.csv nowhere: the CSV is a 404"

# --- A token-link visitor: Bo's link, the Non-Portal Users group. ---
JS=$(jar staff)
staff_signs_in "$JS"
req "$JS" "$P" acme.test "/staff/customers/$BO"
LINK=$(printf '%s' "$HTTP_BODY" | grep -o "value=\"http://acme.test:$P/t/[A-Za-z0-9_-]*\"" | head -n 1 | sed 's/^value="//; s/"$//')
check_match "$LINK" '/t/' "staff read Bo's token link"
JT=$(fresh_jar token)
req "$JT" "$P" acme.test "/t/${LINK##*/t/}"
check_eq "$HTTP_STATUS" 303 "the token link opens a visitor session"
req "$JT" "$P" acme.test "/portal/calendar?month=2027-03"
check_eq "$HTTP_STATUS" 200 "the token visitor sees the calendar"
check_contains "$HTTP_BODY" "Calendar of <span class=\"property\">Bo Loft</span>" "...of Bo's property"
check_contains "$HTTP_BODY" '<td class="booked" data-date="2027-03-01" colspan="2">' "...with B1-1's days booked"
check_not_contains "$HTTP_BODY" "Bob Secret" "...without the guest's name"
check_not_contains "$HTTP_BODY" "Ada Beach House" "...and no property of Ada's"
tidy_ok "the token visitor's calendar passes tidy"
req "$JT" "$P" acme.test "/portal/calendar?property=$PA1"
check_eq "$HTTP_STATUS" 404 "Ada's property is a 404 to Bo's link"
req "$JT" "$P" acme.test "/portal/bookings/$A1"
check_eq "$HTTP_STATUS" 404 "...and so is Ada's booking"
sql "UPDATE permission_groups SET permissions = 'calendar.view,booking.guest_name,notes.add' WHERE tenant_id = $ACME AND is_system = 1"
req "$JT" "$P" acme.test "/portal/bookings/$B1"
check_contains "$HTTP_BODY" '<dd class="guest">Bob Secret</dd>' "the group given guest_name: the token visitor sees the name"
TT=$(csrf_of "$HTTP_BODY")
req "$JT" "$P" acme.test "/portal/bookings/$B1/notes" --data-urlencode "csrf=$TT" --data-urlencode "body=From the link"
check_eq "$HTTP_STATUS" 303 "the token visitor adds a note"
check_eq "$(sql "SELECT CONCAT(author_kind, '|', author_id, '|', author_name) FROM notes WHERE body = 'From the link'")" \
	"token|$BO|Link visitor" "...written by the link's customer as \"Link visitor\""

# --- Staff logged in as Ada write notes as themselves. ---
perms 'calendar.view,notes.view,notes.add'
req "$JS" "$P" acme.test /staff/users
TS=$(csrf_of "$HTTP_BODY")
ADA_ID=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
OFFICE=$(sql "SELECT id FROM staff_users WHERE tenant_id = $ACME AND email = 'office@acme.test'")
req "$JS" "$P" acme.test /staff/impersonate --data-urlencode "csrf=$TS" --data-urlencode "user=$ADA_ID"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "staff log in as Ada"
req "$JS" "$P" acme.test "/portal/bookings/$A1"
TI=$(csrf_of "$HTTP_BODY")
req "$JS" "$P" acme.test "/portal/bookings/$A1/notes" --data-urlencode "csrf=$TI" --data-urlencode "body=Written by the office"
check_eq "$HTTP_STATUS" 303 "staff add a note while logged in as Ada"
check_eq "$(sql "SELECT CONCAT(author_kind, '|', author_id, '|', author_name) FROM notes WHERE body = 'Written by the office'")" \
	"staff|$OFFICE|$(sql "SELECT name FROM staff_users WHERE id = $OFFICE") (staff, as ada@acme.test)" \
	"...written as the staff member acting for Ada, not as Ada"
req "$JS" "$P" acme.test "/portal/bookings/$A1"
check_contains "$HTTP_BODY" "(staff, as ada@acme.test)" "...and shown so on the booking page"

# --- A page in one round trip: the content's statement carries the session's
# check once the worker keeps the session and the rights; two for a session no
# worker has seen yet (docs/DESIGN.md, "A page in one round trip"). ---
check_eq "$(fewest_sql /portal/calendar "/portal/calendar?property=$PA1&month=2027-03")" 1 \
	"a calendar page runs one SQL statement"
check_match "$(grep ' path=/portal/calendar ' "$T/porchd.log" | tail -n 3)" ' session=twin .* sql=1$' \
	"...the session checked in it (session=twin)"
check_eq "$(fewest_sql "/portal/bookings/$A1" "/portal/bookings/$A1")" 1 \
	"a booking page runs one (the booking with its notes and its history, and the session)"
check_eq "$(fewest_sql /portal/bookings /portal/bookings)" 1 "the bookings list runs one"
check_eq "$(first_sql ada@acme.test "$PW_OWNER" /portal/calendar "/portal/calendar?property=$PA1&month=2027-03")" 2 \
	"a new session's first calendar page runs two (the session with the rights, the month)"
check_eq "$(first_sql ada@acme.test "$PW_OWNER" "/portal/bookings/$A1" "/portal/bookings/$A1")" 2 \
	"...its first booking page two"
check_eq "$(first_sql ada@acme.test "$PW_OWNER" /portal/bookings /portal/bookings)" 2 \
	"...its first bookings list two"

# --- The calendar as people know it: the month by name, today marked, each stay
# a bar from the afternoon of its arrival to the morning of its departure (two
# half-day columns a day), carried over to the next week's row; a row per
# property over the month (the timeline) for several properties; the list of
# days phones show; each under the visitor's rights on each property, in the same
# two statements. ---
perms 'calendar.view'
sql "UPDATE permission_groups SET permissions = 'documents.public' WHERE tenant_id = $ACME AND name = 'Lean'"
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, guest_name)
	VALUES ($ACME, $PA1, 'A1-2', '2027-03-10', '2027-03-12', 'Ivy Next'),
	($ACME, $PA2, 'A2-2', '2027-03-02', '2027-03-04', 'Cy Cabin')"
sql "INSERT INTO blocks (tenant_id, property_id, start_date, end_date, reason, created_by_portal_user_id)
	VALUES ($ACME, $PA2, '2027-03-25', '2027-03-27', 'Family', $ADA_ID),
	($ACME, $PB1, '2027-03-15', '2027-03-18', 'Roof repairs', NULL)"
A12=$(bid A1-2); A22=$(bid A2-2)
K0=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME AND start_date = '2027-03-20'")
FAM=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME AND reason = 'Family'")
# week DATE PAGE: the month grid's row group (one week) holding DATE.
week() { printf '%s\n' "$2" | awk -v d="data-date=\"$1\"" '/^<tbody/ { w = "" } { w = w $0 "\n" } /^<\/tbody>/ && index(w, d) { printf "%s", w }'; }
# bars PAGE: each bar as "CLASSES|LINK", in page order.
bars() { printf '%s\n' "$1" | grep -o 'class="bar [^"]*" data-id="[0-9]*"><a href="[^"]*"' | sed 's/^class="bar \([^"]*\)" data-id="[0-9]*"><a href="\([^"]*\)"$/\1|\2/'; }
flat() { printf '%s' "$1" | tr '\n' ' '; }

get "/portal/calendar?property=$PA1&month=2027-03"
CAL=$HTTP_BODY
check_contains "$CAL" 'Calendar of <span class="property">Ada Beach House</span>, <span class="month">March 2027</span></h1>' \
	"the calendar names its month"
check_eq "$(bars "$(week 2027-03-05 "$CAL")")" "booking arrives|/portal/bookings/$A1" \
	"A1-1 (Fri 5 to Wed 10 March) is a bar on its arrival's week, ending at the week's end"
check_contains "$(week 2027-03-05 "$CAL")" '<tr class="lane"><td colspan="9"></td><td colspan="5" class="bar booking arrives"' \
	"...from Friday afternoon (four days and a morning before it)"
check_eq "$(bars "$(week 2027-03-08 "$CAL")")" "booking departs|/portal/bookings/$A1
booking arrives departs|/portal/bookings/$A12" \
	"...and goes on as a bar on the next week's row to its departure, where A1-2 arrives"
check_contains "$(week 2027-03-08 "$CAL")" "<tr class=\"lane\"><td colspan=\"5\" class=\"bar booking departs\" data-id=\"$A1\"><a href=\"/portal/bookings/$A1\">A1-1</a><span class=\"visually-hidden\">, arrives <time datetime=\"2027-03-05\">Fri 5 Mar 2027</time>, leaves <time datetime=\"2027-03-10\">Wed 10 Mar 2027</time></span></td><td colspan=\"4\" class=\"bar booking arrives departs\" data-id=\"$A12\">" \
	"...Wednesday's morning A1-1's, its afternoon A1-2's, on one row, with the dates said"
check_eq "$(bars "$(week 2027-03-22 "$CAL")")" "block departs|/portal/blocks/$K0" \
	"the office's block-off over the weekend goes on to the next week too"
check_contains "$CAL" '<a href="/portal/blocks/'"$K0"'">Blocked<span class="reason">: Owner stay</span></a>' \
	"...with its reason, which calendar.view shows as the block-off's page does"
check_not_contains "$CAL" 'aria-current="date"' "a month without today marks no day"
check_not_contains "$CAL" "A2-2" "the month grid holds only its property's stays"
check_match "$(flat "$CAL")" "<section class=\"agenda\"[^>]*> <h2 id=\"agenda-title\">Day by day</h2> <ol class=\"agenda\"> <li><p class=\"date\"><time datetime=\"2027-03-05\">Fri 5 Mar 2027</time></p> <ul> <li class=\"arrival\"><span class=\"what\">Arrival</span> <a href=\"/portal/bookings/$A1\">A1-1</a></li>" \
	"the list of days for phones starts with A1-1's arrival"
check_contains "$(flat "$CAL")" "<time datetime=\"2027-03-10\">Wed 10 Mar 2027</time></p> <ul> <li class=\"departure\"><span class=\"what\">Departure</span> <a href=\"/portal/bookings/$A1\">A1-1</a></li> <li class=\"arrival\"><span class=\"what\">Arrival</span> <a href=\"/portal/bookings/$A12\">A1-2</a></li> </ul>" \
	"...and gives Wednesday 10 March a departure and an arrival"
check_not_contains "$CAL" 'datetime="2027-03-13"' "...and no day on which nothing happens"

TODAY=$(date -u +%F); TD=$(date -u +%-d)
get "/portal/calendar?property=$PA1"
check_contains "$HTTP_BODY" "<span class=\"month\">$(LC_ALL=C date -u '+%B %Y')</span></h1>" \
	"without a month the calendar shows the current one by name"
check_match "$HTTP_BODY" "<td class=\"[a-z]+\" data-date=\"$TODAY\" colspan=\"2\" aria-current=\"date\"><span class=\"day\">$TD</span> <span class=\"today\">Today</span></td>" \
	"...today marked for screen readers and on the page"
check_eq "$(printf '%s' "$HTTP_BODY" | sed -n '/<table class="calendar month">/,/<\/table>/p' | grep -o 'aria-current="date"' | wc -l)" 1 \
	"...and no other day of the grid"

get "/portal/calendar?month=2027-03"
TL=$HTTP_BODY
check_contains "$TL" '<h1>Calendar of your properties, <span class="month">March 2027</span></h1>' \
	"with two properties the calendar opens on the timeline of both"
tidy_ok "the timeline passes tidy"
check_eq "$(printf '%s\n' "$TL" | grep -o '<tbody data-property="[0-9]*">' | tr -dc '0-9\n' | tr '\n' ' ')" "$PA1 $PA2 " \
	"...a row per property, by name, not Bo's (reached without calendar.view)"
check_not_contains "$TL" "Roof repairs" "...nor the reason of Bo's block-off"
check_not_contains "$TL" "B1-1" "...nor his booking"
check_contains "$TL" "<th scope=\"row\" rowspan=\"1\"><a href=\"/portal/calendar?property=$PA1&amp;month=2027-03\">Ada Beach House</a></th><td colspan=\"9\"></td><td colspan=\"10\" class=\"bar booking arrives departs\" data-id=\"$A1\">" \
	"...A1-1 one bar on the Beach House's row, its month view linked"
check_contains "$TL" "<th scope=\"row\" rowspan=\"1\"><a href=\"/portal/calendar?property=$PA2&amp;month=2027-03\">Ada Cabin</a></th><td colspan=\"3\"></td><td colspan=\"4\" class=\"bar booking arrives departs\" data-id=\"$A22\">" \
	"...A2-2 on the Cabin's"
check_contains "$TL" "class=\"bar block by-owner arrives departs\" data-id=\"$FAM\"><a href=\"/portal/blocks/$FAM\">Blocked<span class=\"by-owner\"> by the owner</span><span class=\"reason\">: Family</span></a>" \
	"...and Ada's own block-off marked as the owner's"
check_contains "$(flat "$TL")" "<li class=\"arrival\"><span class=\"what\">Arrival</span> <a href=\"/portal/bookings/$A22\">A2-2</a> <span class=\"property\">Ada Cabin</span></li>" \
	"...its list of days names each stay's property"
check_contains "$TL" "view=month&amp;month=2027-03\">One property by weeks</a>" "...and offers the month by weeks"
check_not_contains "$TL" "Gina Guest" "no booking.guest_name: no names on the timeline"

sql "UPDATE permission_groups SET permissions = 'calendar.view,booking.guest_name' WHERE tenant_id = $ACME AND name = 'Lean'"
get "/portal/calendar?month=2027-03"
check_eq "$(printf '%s\n' "$HTTP_BODY" | grep -o '<tbody data-property="[0-9]*">' | tr -dc '0-9\n' | tr '\n' ' ')" "$PA1 $PA2 $PB1 " \
	"calendar.view on Bo's Loft adds its row"
check_contains "$HTTP_BODY" "<a href=\"/portal/bookings/$B1\">B1-1 <span class=\"guest\">Bob Secret</span></a>" \
	"...its guest's name shown where the visitor may see names"
check_not_contains "$HTTP_BODY" "Gina Guest" "...and not where they may not"
check_contains "$HTTP_BODY" "Blocked<span class=\"reason\">: Roof repairs</span>" "...and its block-off with its reason"

get "/portal/calendar?view=timeline&month=2027-03&property=$PA1"
check_contains "$HTTP_BODY" '<table class="calendar timeline">' "?view=timeline shows every property even with a property named"
get "/portal/calendar?view=week"
check_eq "$HTTP_STATUS" 400 "a view that is not one is a 400"
get "/portal/calendar?view=month&property=$(sql "SELECT MIN(id) FROM properties WHERE tenant_id = $BETA")"
check_eq "$HTTP_STATUS" 404 "another tenant's id in the month view is the one 404"

check_eq "$(fewest_sql /portal/calendar "/portal/calendar?month=2027-03")" 1 \
	"the timeline of three properties runs one SQL statement"
check_eq "$(fewest_sql /portal/calendar "/portal/calendar?view=month&month=2027-03")" 1 \
	"...as does the month of the first property"
