#!/usr/bin/env bash
# porch — integration test of the calendar feeds (iCal export): a portal user's
# private address on /account, made and rotated with CSRF and audited; the feed
# read by a real parser (python3-icalendar) under each combination of rights
# (guest names only with booking.guest_name; no other customer's property; never a
# guest's email or phone, never money); 304 on If-None-Match and
# If-Modified-Since, a new tag when data or rights change or a block-off is
# deleted; the old address dead after a rotation, a disabled user's feed and
# another tenant's host a 404; the staff's per-property feeds; the token kept out
# of every log; through nginx and Apache. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3
# A python3 with icalendar (a pyenv or venv python3 may come first on PATH).
PY=
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import icalendar' 2>/dev/null; then PY=$py; break; fi
done
[ -n "$PY" ] || tap_skip_all "python3-icalendar not installed"

stack_setup --fixture acme --fixture beta
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'Matrix', '', 'all')"
stack_grant acme ada@acme.test Matrix 'customer:Ada Owner'
perms() { sql "UPDATE permission_groups SET permissions = '$1' WHERE tenant_id = $ACME AND name = 'Matrix'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
PA1=$(pid 'Ada Beach House'); PA2=$(pid 'Ada Cabin'); PB1=$(pid 'Bo Loft')
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
A1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A1-1'")
stack_serve --apache

J=$(fresh_jar ada)
get() { req "$J" "$P" acme.test "$1"; }
account_post() { csrf_post "$J" /account /account/calendar "$@"; }
# feed_path PAGE: the path of the first calendar address on a page.
feed_path() { printf '%s' "$1" | grep -o '/ical/[A-Za-z0-9_-]*\.ics' | head -n 1; }
# feed PORT HOST PATH [CURL ARGS...]: GET a feed, no cookie (as a calendar program).
feed() { http_req "$@"; }
# events: the feed in $T/http.body read by python3-icalendar, one line per event
# "UID|START|END|STATUS|SUMMARY|DESCRIPTION", after a line "CAL|NAME"; "PARSE
# ERROR" when it does not parse.
events() {
	"$PY" - "$T/http.body" <<'EOF' 2>&1 || echo "PARSE ERROR"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print('CAL|%s' % cal.get('X-WR-CALNAME'))
for ev in cal.walk('VEVENT'):
    print('|'.join(str(x) for x in (ev.get('UID'), ev.decoded('DTSTART'),
        ev.decoded('DTEND'), ev.get('STATUS', ''), ev.get('SUMMARY'),
        ev.get('DESCRIPTION', ''))))
EOF
}
# no_private DESC: the feed in $T/http.body holds no contact and no money, ever.
no_private() {
	local raw
	raw=$(tr -d '\r' <"$T/http.body" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g')
	check_not_contains "$raw" "gina@guest.test" "$1: no guest email"
	check_not_contains "$raw" "7946 0101" "$1: no guest phone"
	check_not_match "$raw" '1230\.00|123000|83000|100000|Airbnb|USD' "$1: no money, no channel"
	check_not_contains "$raw" "Bo Loft" "$1: nothing of another customer"
	check_not_contains "$raw" "Bob Secret" "$1: ...not even a guest's name"
}

sign_in "$J" "$P" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in"

# --- Without calendar.view: no address, nothing to make. ---
get /account
check_not_contains "$HTTP_BODY" 'Calendar feed' "no calendar.view: no calendar section on /account"
account_post
check_eq "$HTTP_STATUS" 404 "no calendar.view: making an address is a 404"
check_eq "$(sql "SELECT COUNT(*) FROM calendar_feeds")" 0 "...and nothing is written"

# --- calendar.view: an address, made with CSRF. ---
perms 'calendar.view'
get /account
check_contains "$HTTP_BODY" 'Make a calendar address' "calendar.view: /account offers an address"
tidy_ok "/account with the calendar section passes tidy"
TOK=$(csrf_of "$HTTP_BODY")
req "$J" "$P" acme.test /account/calendar --data-urlencode "csrf=wrong$TOK"
check_eq "$HTTP_STATUS" 403 "a POST without the right CSRF token is refused"
check_eq "$(sql "SELECT COUNT(*) FROM calendar_feeds")" 0 "...and makes nothing"
account_post
check_eq "$HTTP_STATUS" 303 "Ada makes her calendar address"
check_eq "$(http_header Location)" "/account?calendar=1" "...and goes back to /account"
get "/account?calendar=1"
check_contains "$HTTP_BODY" 'Your calendar has a new address' "...and is told so"
tidy_ok "/account showing the address passes tidy"
FEED=$(feed_path "$HTTP_BODY")
check_match "$FEED" '^/ical/[A-Za-z0-9_-]{43}\.ics$' "/account shows the address to copy"
check_contains "$HTTP_BODY" "value=\"http://acme.test:$P$FEED\"" "...in full, in a read-only field"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.issue' AND target_id = $ADA")" 1 \
	"making the address is audited (calendar.issue)"
TOKEN=${FEED#/ical/}; TOKEN=${TOKEN%.ics}
check_eq "$(sql "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = UNHEX(SHA2('$TOKEN', 256)) OR INSTR(token_enc, '$TOKEN') > 0")" 0 \
	"the token is stored neither as text nor as the hash of its text"

feed "$P" acme.test "$FEED"
check_eq "$HTTP_STATUS" 200 "the feed answers without a session"
check_match "$(http_header Content-Type)" '^text/calendar; charset=utf-8' "...as text/calendar"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
ETAG=$(http_header ETag); LM=$(http_header Last-Modified)
check_match "$ETAG" '^"[0-9a-f]{32}"$' "...an ETag"
check_match "$LM" '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' "...and a Last-Modified date"
EV=$(events)
check_not_contains "$EV" "PARSE ERROR" "python3-icalendar reads the feed"
check_contains "$EV" "booking-$A1@acme.test|2027-03-05|2027-03-10|CONFIRMED|Booked (Ada Beach House)|Booking A1-1 at Ada Beach House, 2 adults, 1 child." \
	"A1-1 is an all-day event from arrival to departure (exclusive), no name"
check_contains "$EV" "|2027-03-12|2027-03-14|TENTATIVE|Booked (Ada Cabin)|Booking A2-1 at Ada Cabin, 1 adult (tentative)." \
	"the other property's tentative booking is there too"
check_match "$EV" "block-[0-9]+@acme.test\|2027-03-20\|2027-03-23\|\|Blocked \(Ada Beach House\)\|Owner stay" \
	"the owner block-off is an all-day event with its reason"
check_eq "$(printf '%s\n' "$EV" | grep -c '@acme.test')" 3 "...three events in all"
check_not_contains "$EV" "Gina Guest" "no booking.guest_name: no guest name"
no_private "calendar.view"

# --- Conditional GET: 304 until something changes. ---
cond() { # NAME PORT
	set -- "$2" "$1"
	feed "$1" acme.test "$FEED" -H "If-None-Match: $ETAG"
	check_eq "$HTTP_STATUS" 304 "$2: If-None-Match with the ETag is a 304"
	check_eq "$HTTP_BODY" "" "$2: ...without a body"
	feed "$1" acme.test "$FEED" -H "If-Modified-Since: $LM"
	check_eq "$HTTP_STATUS" 304 "$2: If-Modified-Since at Last-Modified is a 304"
	feed "$1" acme.test "$FEED" -H 'If-None-Match: "0123"'
	check_eq "$HTTP_STATUS" 200 "$2: another tag gets the feed"
	feed "$1" acme.test "$FEED"
	check_eq "$(http_header ETag)" "$ETAG" "$2: the same data, the same tag"
	EV2=$(events)
	check_eq "$EV2" "$EV" "$2: ...and the same events (stable UIDs)"
}
stack_each_server cond
n=$(grep -c " path=/ical/\.\.\. " "$T/porchd.log" || true)
check_match "$n" '^[0-9]+$' "porchd logs the feed's path cut"
check_eq "$(grep ' status=304 ' "$T/porchd.log" | grep ' path=/ical/' | sed 's/.* sql=//' | sort -n | head -n 1)" 3 \
	"a 304 costs three statements (feed, rights, tag)"
check_eq "$(grep ' status=200 ' "$T/porchd.log" | grep ' path=/ical/' | sed 's/.* sql=//' | sort -n | head -n 1)" 4 \
	"a feed costs four (feed, rights, tag, rows)"

sleep 1.1
sql "UPDATE bookings SET end_date = '2027-03-11' WHERE id = $A1"
feed "$P" acme.test "$FEED" -H "If-None-Match: $ETAG"
check_eq "$HTTP_STATUS" 200 "a booking that moves: the old tag gets the feed again"
check_contains "$(events)" "booking-$A1@acme.test|2027-03-05|2027-03-11|" "...with the new departure"
check_not_contains "$(http_header Last-Modified)" "$LM" "...and a later Last-Modified"
ETAG=$(http_header ETag); LM=$(http_header Last-Modified)

# --- booking.guest_name: names, still no contact and no money. ---
perms 'calendar.view,booking.guest_name'
feed "$P" acme.test "$FEED" -H "If-None-Match: $ETAG"
check_eq "$HTTP_STATUS" 200 "a change of rights changes the tag"
EV=$(events)
check_contains "$EV" "|Gina Guest (Ada Beach House)|" "booking.guest_name: the guest's name"
check_contains "$EV" "|Hal Guest (Ada Cabin)|" "...on every property with the right"
no_private "calendar.view + booking.guest_name"

perms 'calendar.view,booking.guest_name,booking.guest_contact,notes.view,statements.view,reports.view,export.csv,bookings.manage,calendar.sync'
sql "UPDATE bookings SET guest_name = 'Gina, \"VIP\"; Guest' WHERE id = $A1"
feed "$P" acme.test "$FEED"
EV=$(events)
check_contains "$EV" "|Gina, \"VIP\"; Guest (Ada Beach House)|" "a name with , ; and quotes reads back as written"
no_private "every right and every financial field"
sql "UPDATE bookings SET guest_name = 'Gina Guest' WHERE id = $A1"

# A name on one property only: a property grant of another group.
perms 'calendar.view'
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES ($ACME, 'Names', 'calendar.view,booking.guest_name')"
stack_grant acme ada@acme.test Names 'property:Ada Cabin'
feed "$P" acme.test "$FEED"
EV=$(events)
check_contains "$EV" "|Hal Guest (Ada Cabin)|" "a name where a grant gives booking.guest_name"
check_contains "$EV" "|Booked (Ada Beach House)|" "...none where no grant does"
sql "DELETE FROM access_grants WHERE group_id = (SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Names')"

# A right to another property only through an expired grant shows nothing of it.
perms 'calendar.view,blocks.modify'
stack_grant acme ada@acme.test Matrix 'property:Bo Loft' 'UTC_TIMESTAMP() - INTERVAL 1 DAY'
feed "$P" acme.test "$FEED"
check_not_contains "$(events)" "Bo Loft" "an expired grant to another customer's property gives nothing"

# --- A deleted block-off moves Last-Modified (its property is touched). ---
feed "$P" acme.test "$FEED"
ETAG=$(http_header ETag); LM=$(http_header Last-Modified)
BLK=$(sql "SELECT id FROM blocks WHERE tenant_id = $ACME AND property_id = $PA1")
sleep 1.1
csrf_post "$J" "/portal/calendar?property=$PA1&month=2027-03" /portal/blocks/delete \
	--data-urlencode "block=$BLK"
check_eq "$HTTP_STATUS" 303 "Ada deletes the block-off on the portal"
feed "$P" acme.test "$FEED" -H "If-Modified-Since: $LM"
check_eq "$HTTP_STATUS" 200 "after a deletion If-Modified-Since gets the feed again"
check_not_contains "$(events)" "block-$BLK@" "...without the block-off"

# --- No calendar.view any more: 404. ---
perms 'notes.view'
feed "$P" acme.test "$FEED"
check_eq "$HTTP_STATUS" 404 "a user without calendar.view anywhere: the feed is a 404"
perms 'calendar.view'

# --- Another tenant's host: 404. ---
feed "$P" beta.test "$FEED"
check_eq "$HTTP_STATUS" 404 "the address on another tenant's host is a 404"
# The token with its last character changed (to A, or to B when it was A).
GUESS=${TOKEN%?}A; [ "$GUESS" = "$TOKEN" ] && GUESS=${TOKEN%?}B
feed "$P" acme.test "/ical/$GUESS.ics"
check_eq "$HTTP_STATUS" 404 "a guessed token is a 404"
feed "$P" acme.test "/ical/$TOKEN"
check_eq "$HTTP_STATUS" 404 "...and so is the token without .ics"

# --- Rotation: the old address dies at once. ---
OLD=$FEED
account_post
check_eq "$HTTP_STATUS" 303 "Ada makes a new address"
get /account
FEED=$(feed_path "$HTTP_BODY")
check_match "$FEED" '^/ical/' "...shown on /account"
check_eq "$([ "$FEED" != "$OLD" ] && echo differs)" differs "...another one"
feed_rotated() { # NAME PORT
	set -- "$2" "$1"
	feed "$1" acme.test "$OLD"
	check_eq "$HTTP_STATUS" 404 "$2: the old address is a 404"
	feed "$1" acme.test "$FEED"
	check_eq "$HTTP_STATUS" 200 "$2: the new one works"
}
stack_each_server feed_rotated
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.rotate' AND target_kind = 'portal_user' AND target_id = $ADA")" 1 \
	"the rotation is audited (calendar.rotate)"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%${TOKEN:0:20}%'")" 0 \
	"no token in the audit log"

# --- Staff: a feed per property. ---
JS=$(jar staff)
staff_signs_in "$JS"
req "$JS" "$P" acme.test /staff/calendars
check_eq "$HTTP_STATUS" 200 "staff open the calendar feeds page"
tidy_ok "the staff page passes tidy"
check_contains "$HTTP_BODY" "Bo Loft" "...listing every property"
csrf_post "$JS" /staff/calendars /staff/calendars/rotate --data-urlencode "property=$PA1"
check_eq "$HTTP_STATUS" 303 "staff make the Beach House's feed address"
req "$JS" "$P" acme.test "/staff/calendars?done=rotated"
check_contains "$HTTP_BODY" "has a new address" "...and are told so"
PFEED=$(feed_path "$HTTP_BODY")
check_match "$PFEED" '^/ical/[A-Za-z0-9_-]{43}\.ics$' "the page shows the property's address"
feed "$P" acme.test "$PFEED"
check_eq "$HTTP_STATUS" 200 "the property's feed answers"
EV=$(events)
check_contains "$EV" "CAL|Ada Beach House" "...named after the property"
check_contains "$EV" "booking-$A1@acme.test|2027-03-05|2027-03-11|CONFIRMED|Gina Guest (Ada Beach House)|" \
	"...with guests' names (for the staff's systems) and the same UIDs"
check_not_contains "$EV" "Ada Cabin" "...and nothing of another property"
no_private "a property's feed"
csrf_post "$JS" /staff/calendars /staff/calendars/rotate --data-urlencode "property=999999"
check_eq "$HTTP_STATUS" 404 "an unknown property is a 404"
req "$JS" "$P" acme.test /staff/calendars
POLD=$PFEED
csrf_post "$JS" /staff/calendars /staff/calendars/rotate --data-urlencode "property=$PA1"
feed "$P" acme.test "$POLD"
check_eq "$HTTP_STATUS" 404 "a rotated property address is a 404"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action IN ('calendar.issue', 'calendar.rotate') AND target_kind = 'property' AND target_id = $PA1")" 2 \
	"the property's address changes are audited"
req "$J" "$P" acme.test /staff/calendars
check_eq "$HTTP_STATUS" 303 "a portal user cannot open the staff page"

# --- A disabled user's feed: 404, the row gone. ---
csrf_post "$JS" /staff/customers /staff/users/action --data-urlencode "user=$ADA" \
	--data-urlencode "do=disable" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "staff disable Ada"
feed "$P" acme.test "$FEED"
check_eq "$HTTP_STATUS" 404 "a disabled user's feed is a 404"
check_eq "$(sql "SELECT COUNT(*) FROM calendar_feeds WHERE portal_user_id = $ADA")" 0 \
	"...and the address is gone (enabling her again does not revive it)"

# --- No token in any log. ---
logs="$T/nginx/access.log $T/apache/access.log $T/nginx/error.log $T/apache/error.log $T/porchd.log"
check_eq "$(cat $logs | grep -cE '/ical/[A-Za-z0-9_-]{20,}' || true)" 0 \
	"no feed token in the web servers' or porchd's logs"
check_contains "$(cat "$T/nginx/access.log")" '"GET /ical/..."' "nginx logs the path cut"
check_contains "$(cat "$T/apache/access.log")" '"GET /ical/..."' "Apache too"
