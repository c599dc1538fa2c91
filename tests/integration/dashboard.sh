#!/usr/bin/env bash
# porch — integration test of the owner dashboard (/portal): arrivals and
# departures of the next two weeks, nights and occupancy this month and this
# year, revenue this year and the last statement, checked against bookings made
# around today's date (the expected figures worked out here, in Python, from the
# bookings table); each figure only under the viewer's rights (no calendar.view:
# no nights; a money field hidden on any property: no revenue, not even a zero;
# no statements.view: no statement; guest names only with booking.guest_name);
# the links to the other pages; a token visitor; the statements the page costs;
# nginx and Apache; tidy. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3

stack_setup --fixture acme
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"

sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'Dash', 'calendar.view', 'all'), ($ACME, 'Bare', 'calendar.view', 'none')"
stack_grant acme ada@acme.test Dash 'customer:Ada Owner'
# setg PERMS LEVEL FILTER LIST: the Dash group's rights (read per request).
setg() {
	sql "UPDATE permission_groups SET permissions = '$1', financial_level = '$2',
		field_filter = '$3', field_list = '$4' WHERE tenant_id = $ACME AND name = 'Dash'"
}
prop() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
A1=$(prop 'Ada Beach House')
A2=$(prop 'Ada Cabin')
B1=$(prop 'Bo Loft')
ADA_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $A1")

# Bookings around today (UTC, as porchd counts): an arrival in two days on the
# Beach House, a stay on the Cabin that leaves tomorrow, a cancelled arrival, and
# Bo's arrival that Ada must not see.
day() { date -u -d "$1 days" +%F; }
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, status,
	guest_name, base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents,
	management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents) VALUES
	($ACME, $A1, 'D-ARRIVE', '$(day 2)', '$(day 5)', 'confirmed', 'Dana Arriving',
	 50000, 6000, 4000, 5000, 6000, 45000, 60000, 45000),
	($ACME, $A2, 'D-LEAVE', '$(day -3)', '$(day 1)', 'confirmed', 'Lee Leaving',
	 33000, 4000, 3000, 4000, 3000, 30000, 40000, 30000),
	($ACME, $A1, 'D-CANCEL', '$(day 1)', '$(day 3)', 'cancelled', 'Cass Cancelled',
	 10000, 0, 0, 0, 0, 10000, 10000, 10000),
	($ACME, $B1, 'D-BO', '$(day 3)', '$(day 6)', 'confirmed', 'Bob Secret',
	 10000, 0, 0, 0, 0, 10000, 10000, 10000)"
id_of() { sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = '$1'"; }
ARRIVE=$(id_of D-ARRIVE)
LEAVE=$(id_of D-LEAVE)
CANCEL=$(id_of D-CANCEL)
BO=$(id_of D-BO)

# The expected figures, from every booking of Ada's two properties (the fixture's
# too): nights that fall in this month and year, occupancy over both properties
# (tenths of a percent, rounded), and the money of the bookings starting this year.
sql "SELECT start_date, end_date, status, owner_revenue_cents, total_price_cents
	FROM bookings WHERE tenant_id = $ACME AND property_id IN ($A1, $A2)" >"$T/ada.tsv"
eval "$(python3 - "$T/ada.tsv" <<'EOF'
import sys, datetime, calendar
today = datetime.datetime.now(datetime.timezone.utc).date()
m0 = today.replace(day=1)
m1 = (m0 + datetime.timedelta(days=32)).replace(day=1)
y0 = datetime.date(today.year, 1, 1)
y1 = datetime.date(today.year + 1, 1, 1)
mn = yn = own = tot = 0
for line in open(sys.argv[1]):
    s, e, status, o, t = line.split('\t')
    if status == 'cancelled':
        continue
    s = datetime.date.fromisoformat(s); e = datetime.date.fromisoformat(e)
    mn += max(0, (min(e, m1) - max(s, m0)).days)
    yn += max(0, (min(e, y1) - max(s, y0)).days)
    if y0 <= s < y1:
        own += int(o); tot += int(t)
def occ(n, d):
    t = (n * 1000 + d // 2) // d
    return '%d.%d%%' % (t // 10, t % 10)
def money(c):
    return '${:,}.{:02d}'.format(c // 100, c % 100)
dm = calendar.monthrange(today.year, today.month)[1]
dy = (y1 - y0).days
print("MONTH_NIGHTS=%d YEAR_NIGHTS=%d" % (mn, yn))
print("MONTH_OCC='%s' YEAR_OCC='%s'" % (occ(mn, 2 * dm), occ(yn, 2 * dy)))
print("OWN_YEAR='%s' TOT_YEAR='%s'" % (money(own), money(tot)))
print("MONTH_NAME='%s' YEAR=%d" % (today.strftime('%B %Y'), today.year))
d = lambda n: (today + datetime.timedelta(days=n)).strftime('%a %-d %b %Y')
print("ARRIVE_DAY='%s' LEAVE_DAY='%s'" % (d(2), d(1)))
iso = lambda n: (today + datetime.timedelta(days=n)).isoformat()
print("ARRIVE_ISO='%s' LEAVE_ISO='%s'" % (iso(2), iso(1)))
EOF
)"

stack_serve --apache
ja=$(jar ada)
owner_signs_in "$ja" ada@acme.test
check_eq "$HTTP_STATUS" 303 "Ada signs in"

get() { req "$ja" "$P" acme.test "$1"; }
# fig KEY: the dashboard's figure KEY (the page in HTTP_BODY).
fig() { printf '%s\n' "$HTTP_BODY" | grep "data-figure=\"$1\"" || true; }
# value KEY: the figure's value.
value() { fig "$1" | sed -n 's/.*<strong class="value[^"]*">\(.*\)<\/strong>.*/\1/p'; }
# moves KIND: the list of arrivals or departures.
moves() {
	printf '%s\n' "$HTTP_BODY" | awk -v c="class=\"upcoming $1\"" '
		index($0, c) { on = 1 } on { print } on && /<\/ul>/ { exit }'
}

# --- Every right: all the figures, from the bookings. ---
setg 'calendar.view,booking.guest_name,statements.view,reports.view' all all ''
get /portal
check_eq "$HTTP_STATUS" 200 "the dashboard opens"
check_eq "$(value nights-month)" "$MONTH_NIGHTS" "nights booked this month: $MONTH_NIGHTS"
check_contains "$(fig nights-month)" "Nights booked, $MONTH_NAME" "...named by the month"
check_eq "$(value occupancy-month)" "$MONTH_OCC" "occupancy this month over both properties: $MONTH_OCC"
check_eq "$(value nights-year)" "$YEAR_NIGHTS" "nights booked this year: $YEAR_NIGHTS"
check_eq "$(value occupancy-year)" "$YEAR_OCC" "occupancy this year: $YEAR_OCC"
check_eq "$(value owner_revenue-year)" "$OWN_YEAR" "owner revenue this year: $OWN_YEAR"
check_eq "$(value total_price-year)" "$TOT_YEAR" "total price this year: $TOT_YEAR"
check_contains "$(fig statement)" "href=\"/portal/statements/$ADA_ST\">March 2027</a>" \
	"the last statement, by its period, linked"
check_contains "$(fig statement)" '<span class="fin-owner_revenue">Owner revenue $830.00</span>' "...with its owner revenue"
check_contains "$(moves arrivals)" "<li data-booking=\"$ARRIVE\"><span class=\"date\"><time datetime=\"$ARRIVE_ISO\">$ARRIVE_DAY</time></span> <a href=\"/portal/bookings/$ARRIVE\">D-ARRIVE</a>" \
	"arrivals: the Beach House's guest in two days, dated and linked"
check_contains "$(moves arrivals)" '<span class="guest">Dana Arriving</span>' "...by name (booking.guest_name)"
check_contains "$(moves arrivals)" '3 nights' "...for 3 nights"
check_contains "$(moves departures)" "<li data-booking=\"$LEAVE\"><span class=\"date\"><time datetime=\"$LEAVE_ISO\">$LEAVE_DAY</time></span>" "departures: the Cabin's guest tomorrow"
check_not_contains "$(moves arrivals)" "data-booking=\"$LEAVE\"" "...who is no arrival"
check_not_contains "$HTTP_BODY" "data-booking=\"$CANCEL\"" "a cancelled booking is neither"
check_not_contains "$HTTP_BODY" "data-booking=\"$BO\"" "Bo's booking is not on Ada's dashboard"
check_not_contains "$HTTP_BODY" "Bob Secret" "...nor his guest"
for path in /portal/calendar /portal/bookings /portal/statements /portal/reports; do
	check_contains "$HTTP_BODY" "href=\"$path\"" "the dashboard links $path"
done
check_contains "$HTTP_BODY" "<li class=\"property\" data-id=\"$A1\"><strong>Ada Beach House</strong>" "...and lists the properties"
check_contains "$HTTP_BODY" "href=\"/portal/calendar?property=$A2\"" "...with each one's pages"
check_eq "$(fewest_sql /portal /portal)" 4 "the dashboard runs four statements (session, properties and figures, arrivals, statements)"
tidy_ok "the dashboard passes tidy"

# --- Without a guest's name, the stay stays, the name goes. ---
setg 'calendar.view,statements.view' all all ''
get /portal
check_contains "$(moves arrivals)" "data-booking=\"$ARRIVE\"" "without booking.guest_name: the arrival is listed"
check_not_contains "$HTTP_BODY" "Dana Arriving" "...without the guest's name"
check_not_contains "$HTTP_BODY" 'href="/portal/reports' "without reports.view: no link to the reports"

# --- Money by the financial rules. ---
setg 'calendar.view,statements.view' all except 'owner_revenue'
get /portal
check_eq "$(fig owner_revenue-year)" "" "owner revenue hidden: no owner revenue this year"
check_not_contains "$HTTP_BODY" "$OWN_YEAR" "...nor its amount anywhere"
check_eq "$(value total_price-year)" "$TOT_YEAR" "...the total price stays"
check_not_contains "$(fig statement)" "fin-owner_revenue" "...the statement shows no owner revenue"
check_not_contains "$(fig statement)" "fin-payout" "...nor the payout that is the same money"
check_contains "$(fig statement)" '<span class="fin-total_price">Total price $1,230.00</span>' "...but its total price"

setg 'calendar.view,statements.view' none all ''
# no_money SERVER PORT: a viewer without money sees figures but no amount, through SERVER.
no_money() {
	req "$ja" "$2" acme.test /portal
	check_eq "$HTTP_STATUS" 200 "$1: level none: the dashboard opens"
	check_eq "$(value nights-year)" "$YEAR_NIGHTS" "$1: ...nights stay"
	check_eq "$(fig owner_revenue-year)$(fig total_price-year)" "" "$1: ...no revenue figure at all, not even zero"
	check_not_match "$HTTP_BODY" '\$[0-9]' "$1: ...and no amount anywhere"
	check_contains "$(fig statement)" "href=\"/portal/statements/$ADA_ST\"" "$1: ...the statement is still linked"
}
stack_each_server no_money

# A field shown on one property and hidden on the other: no sum over both.
sql "UPDATE access_grants g JOIN portal_users u ON u.id = g.portal_user_id
	SET g.scope = 'property', g.customer_id = NULL, g.property_id = $A1
	WHERE u.login = 'ada@acme.test'"
stack_grant acme ada@acme.test Bare 'property:Ada Cabin'
setg 'calendar.view,statements.view' all all ''
get /portal
check_eq "$(value nights-year)" "$YEAR_NIGHTS" "money on the Beach House alone: nights count both properties"
check_eq "$(fig owner_revenue-year)$(fig total_price-year)" "" "...but no revenue (the Cabin's is hidden)"
sql "DELETE g FROM access_grants g JOIN permission_groups p ON p.id = g.group_id WHERE p.name = 'Bare'"
sql "UPDATE access_grants g JOIN portal_users u ON u.id = g.portal_user_id
	SET g.scope = 'customer', g.customer_id = (SELECT customer_id FROM properties WHERE id = $A1),
	g.property_id = NULL WHERE u.login = 'ada@acme.test'"

# --- Without calendar.view: no nights, arrivals or revenue; the statement stays. ---
setg 'statements.view' all all ''
a_page() {
	req "$ja" "$2" acme.test /portal
	check_eq "$(fig nights-month)$(fig occupancy-year)$(fig owner_revenue-year)" "" \
		"$1: statements.view alone: no nights, occupancy or revenue"
	check_not_contains "$HTTP_BODY" 'class="upcoming' "$1: ...no arrivals or departures"
	check_contains "$(fig statement)" "Owner revenue \$830.00" "$1: ...the last statement with its money"
}
stack_each_server a_page
check_eq "$(fewest_sql /portal /portal)" 3 "...three statements then (no arrivals to read)"

# --- A token visitor (Bo has no portal user): the Non-Portal Users group, the
# calendar without names or money. ---
js=$(jar staff)
staff_signs_in "$js"
req "$js" "$P" acme.test "/staff/customers/$(sql "SELECT customer_id FROM properties WHERE id = $B1")"
TOKEN=$(printf '%s' "$HTTP_BODY" | grep -o "/t/[A-Za-z0-9_-]*\"" | head -n 1)
TOKEN=${TOKEN#/t/}
jt=$(fresh_jar token)
req "$jt" "$P" acme.test "/t/${TOKEN%\"}"
check_eq "$HTTP_STATUS" 303 "Bo opens his token link"
req "$jt" "$P" acme.test /portal
check_contains "$(moves arrivals)" "data-booking=\"$BO\"" "token visitor: Bo's arrival is on his dashboard"
check_not_contains "$HTTP_BODY" "Bob Secret" "...without the guest's name"
check_match "$(value nights-year)" '^[0-9]+$' "...with the nights booked"
check_not_match "$HTTP_BODY" '\$[0-9]' "...and no money"
check_eq "$(fig statement)" "" "...nor a statement"
check_not_contains "$HTTP_BODY" "data-booking=\"$ARRIVE\"" "...and nothing of Ada's"

setg 'documents.public' all all ''
get /portal
check_not_contains "$HTTP_BODY" 'class="figures"' "documents alone: no figures at all"
check_contains "$HTTP_BODY" "href=\"/portal/documents?property=$A1\"" "...the properties with their documents"
tidy_ok "the dashboard without figures passes tidy"

# --- The arrivals count only bookings the viewer may see: 120 arrivals today on
# a property Ada reaches without calendar.view (a documents grant) come before
# hers in the list's order, and must not push her arrival out of its 100 rows. ---
sql "DELETE g FROM access_grants g JOIN portal_users u ON u.id = g.portal_user_id
	WHERE u.login = 'ada@acme.test'"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'Papers', 'documents.public', 'none')"
stack_grant acme ada@acme.test Dash 'property:Ada Beach House'
stack_grant acme ada@acme.test Papers 'property:Ada Cabin'
setg 'calendar.view' none all ''
hidden=""
for i in $(seq 1 120); do
	hidden="$hidden${hidden:+,}($ACME, $A2, 'H-$i', '$(day 0)', '$(day 1)', 'confirmed')"
done
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, status)
	VALUES $hidden"
many_hidden() {
	req "$ja" "$2" acme.test /portal
	check_eq "$HTTP_STATUS" 200 "$1: 120 hidden arrivals first: the dashboard opens"
	check_contains "$(moves arrivals)" "data-booking=\"$ARRIVE\"" \
		"$1: ...and lists Ada's arrival after them"
	check_not_contains "$HTTP_BODY" '>H-1<' "$1: ...and none of the hidden ones"
}
stack_each_server many_hidden
