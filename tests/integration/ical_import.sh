#!/usr/bin/env bash
# porch — integration test of the calendar import's settings: a property's iCal
# URLs with their channel's name, kept by staff on /staff/calendars and by portal
# users with calendar.sync on /portal/calendar-sync (only for the properties where
# they hold it; another customer's property or URL is a 404); URLs that are not
# https, carry a user name or point at a loopback or private address refused with
# the reason and nothing written; every change audited without the URL (it may
# carry the channel's secret); through nginx and Apache. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

stack_setup --fixture acme --fixture beta
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES ($ACME, 'Sync', 'calendar.view')"
stack_grant acme ada@acme.test Sync 'customer:Ada Owner'
perms() { sql "UPDATE permission_groups SET permissions = '$1' WHERE tenant_id = $ACME AND name = 'Sync'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
PA1=$(pid 'Ada Beach House'); PB1=$(pid 'Bo Loft')
BETA_P=$(sql "SELECT id FROM properties WHERE tenant_id = $BETA AND name = 'Bo Loft'")
sources() { sql "SELECT COUNT(*) FROM ical_sources"; }
stack_serve --apache

AIRBNB='https://www.airbnb.com/calendar/ical/123456.ics?s=secretairbnbtoken'
JS=$(jar staff)
staff_signs_in "$JS"
sget() { req "$JS" "$P" acme.test "$1"; }
spost() { csrf_post "$JS" /staff/calendars /staff/calendars/sources "$@"; }

sget /staff/calendars
check_contains "$HTTP_BODY" 'Calendar imports' "the staff page has the imports"
check_contains "$HTTP_BODY" 'No calendar URLs yet.' "...none yet"
spost --data-urlencode do=add --data-urlencode "property=$PA1" \
	--data-urlencode channel=Airbnb --data-urlencode "url=$AIRBNB"
check_eq "$HTTP_STATUS" 303 "staff add the Beach House's Airbnb calendar"
check_eq "$(http_header Location)" "/staff/calendars?done=added" "...back to the page"
sget "/staff/calendars?done=added"
tidy_ok "the staff page with an import passes tidy"
check_contains "$HTTP_BODY" 'The calendar URL was added' "...which says so"
check_match "$HTTP_BODY" '<td>Ada Beach House</td><td>Airbnb</td><td>https://www.airbnb.com/calendar/ical/123456.ics\?s=secretairbnbtoken</td><td>never</td>' \
	"the URL is listed with its property and channel, never synced"
SRC=$(sql "SELECT id FROM ical_sources WHERE tenant_id = $ACME AND channel = 'Airbnb'")
check_eq "$(sql "SELECT CONCAT(action, ' ', detail) FROM audit_log WHERE target_kind = 'ical_source' AND target_id = $SRC")" \
	"ical_source.add property=$PA1 channel=Airbnb" "the addition is audited, without the URL"

# Refused URLs: the reason on the page, 400, nothing written.
refused() { # URL REASON DESC
	spost --data-urlencode do=add --data-urlencode "property=$PA1" \
		--data-urlencode channel=Vrbo --data-urlencode "url=$1"
	check_eq "$HTTP_STATUS" 400 "$3 is refused"
	check_contains "$HTTP_BODY" "$2" "...saying why"
	check_eq "$(sources)" 1 "...and nothing is written"
}
refused 'http://www.vrbo.com/icalendar/1.ics' 'The URL must start with https://.' "plain http"
refused 'https://127.0.0.1/feed.ics' 'not fetched from loopback, link-local or private addresses' "a loopback address"
refused 'https://10.1.2.3/feed.ics' 'not fetched from loopback, link-local or private addresses' "a private address"
refused 'https://[::1]/feed.ics' 'not fetched from loopback, link-local or private addresses' "IPv6 loopback"
refused 'https://user:pw@www.vrbo.com/1.ics' 'must not hold a user name or password' "a URL with a password"
refused 'www.vrbo.com/1.ics' 'That is not a URL' "a URL without its scheme"
refused 'https://www.vrbo.com/my calendar.ics' 'must not hold spaces' "a URL with a space"
spost --data-urlencode do=add --data-urlencode "property=$PA1" --data-urlencode "url=$AIRBNB"
check_eq "$HTTP_STATUS" 400 "no channel is refused"
check_contains "$HTTP_BODY" "Give the channel" "...saying why"
spost --data-urlencode do=add --data-urlencode "property=$BETA_P" \
	--data-urlencode channel=Vrbo --data-urlencode "url=$AIRBNB"
check_eq "$HTTP_STATUS" 404 "another tenant's property is a 404"
check_eq "$(sources)" 1 "...nothing written"
spost --data-urlencode do=remove --data-urlencode "source=999999"
check_eq "$HTTP_STATUS" 404 "an unknown URL id is a 404"
spost --data-urlencode do=add --data-urlencode "property=$PB1" \
	--data-urlencode channel=Booking.com --data-urlencode 'url=https://admin.booking.com/hotel/ical.ics?t=1'
check_eq "$HTTP_STATUS" 303 "staff add Bo Loft's Booking.com calendar"
BOSRC=$(sql "SELECT id FROM ical_sources WHERE tenant_id = $ACME AND property_id = $PB1")

# --- Portal users with calendar.sync. ---
J=$(fresh_jar ada)
owner_signs_in "$J" ada@acme.test
get() { req "$J" "$P" acme.test "$1"; }
ppost() { csrf_post "$J" /portal /portal/calendar-sync "$@"; }
get /portal/calendar-sync
check_eq "$HTTP_STATUS" 404 "without calendar.sync the sync page is a 404"
get /portal
check_not_contains "$HTTP_BODY" '/portal/calendar-sync' "...and not in the navigation"
ppost --data-urlencode do=add --data-urlencode "property=$PA1" \
	--data-urlencode channel=Vrbo --data-urlencode 'url=https://www.vrbo.com/icalendar/abc.ics'
check_eq "$HTTP_STATUS" 404 "...and a POST is a 404"

perms 'calendar.view,calendar.sync'
get /portal
check_contains "$HTTP_BODY" 'href="/portal/calendar-sync"' "calendar.sync: the navigation links the sync page"
get /portal/calendar-sync
check_eq "$HTTP_STATUS" 200 "calendar.sync opens the sync page"
tidy_ok "the sync page passes tidy"
check_contains "$HTTP_BODY" 'secretairbnbtoken' "...with the Beach House's URL"
check_not_contains "$HTTP_BODY" 'Bo Loft' "...and nothing of Bo's property"
check_not_contains "$HTTP_BODY" 'admin.booking.com' "...nor its URL"
check_contains "$HTTP_BODY" "<option value=\"$PA1\">Ada Beach House</option>" "the form offers Ada's properties"
ppost --data-urlencode do=add --data-urlencode "property=$PA1" \
	--data-urlencode channel=Vrbo --data-urlencode 'url=https://www.vrbo.com/icalendar/abc.ics'
check_eq "$HTTP_STATUS" 303 "Ada adds a Vrbo calendar"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'ical_source.add' AND actor_kind = 'portal'")" 1 \
	"...audited as hers"
ppost --data-urlencode do=add --data-urlencode "property=$PB1" \
	--data-urlencode channel=Vrbo --data-urlencode 'url=https://www.vrbo.com/icalendar/abc.ics'
check_eq "$HTTP_STATUS" 404 "another customer's property is a 404"
ppost --data-urlencode do=remove --data-urlencode "source=$BOSRC"
check_eq "$HTTP_STATUS" 404 "...and so is removing its URL"
check_eq "$(sources)" 3 "...nothing written"
ppost --data-urlencode do=add --data-urlencode "property=$PA1" \
	--data-urlencode channel=Vrbo --data-urlencode 'url=https://192.168.1.10/cal.ics'
check_eq "$HTTP_STATUS" 400 "a private address is refused on the portal too"
check_contains "$HTTP_BODY" 'not fetched from loopback' "...saying why"

# A calendar.sync on one property only.
perms 'calendar.view'
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES ($ACME, 'SyncOne', 'calendar.sync')"
stack_grant acme ada@acme.test SyncOne 'property:Ada Cabin'
get /portal/calendar-sync
check_eq "$HTTP_STATUS" 200 "calendar.sync on one property opens the page"
check_not_contains "$HTTP_BODY" 'secretairbnbtoken' "...without the other property's URLs"
ppost --data-urlencode do=remove --data-urlencode "source=$SRC"
check_eq "$HTTP_STATUS" 404 "...and their removal is a 404"

# Through Apache: the page and a removal by staff.
through() { # NAME PORT
	req "$J" "$2" acme.test /portal/calendar-sync
	check_eq "$HTTP_STATUS" 200 "$1: the sync page opens"
}
stack_each_server through
csrf_post_at "$JS" "$APACHE_PORT" acme.test /staff/calendars /staff/calendars/sources \
	--data-urlencode do=remove --data-urlencode "source=$SRC"
check_eq "$HTTP_STATUS" 303 "apache: staff remove the Airbnb URL"
check_eq "$(sql "SELECT COUNT(*) FROM ical_sources WHERE id = $SRC")" 0 "...it is gone"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'ical_source.remove' AND target_id = $SRC")" 1 \
	"...audited"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%secretairbnbtoken%'")" 0 \
	"no URL's secret in the audit log"
