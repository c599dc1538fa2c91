#!/usr/bin/env bash
# porch — integration test of the portal's owner statements (list, page, CSV),
# documents (list, and downloads whose bytes nginx and Apache send from disk while
# porchd answers with an empty body) and reports (nights, occupancy, revenue per
# property and month): the permission matrix, the financial rules, hide_reports,
# the one 404 for ids of another customer or tenant, token visitors, tidy. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3

stack_setup

audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }

# --- What every tenant starts with (porchctl tenant add). ---
check_eq "$(sql "SELECT CONCAT(permissions, '|', financial_level) FROM permission_groups g JOIN tenants t ON t.id = g.tenant_id WHERE t.slug = 'acme' AND g.is_system = 1")" \
	"calendar.view|none" "tenant add: Non-Portal Users see the calendar, no documents, statements or money"
check_eq "$(sql "SELECT CONCAT(permissions, '|', financial_level) FROM permission_groups g JOIN tenants t ON t.id = g.tenant_id WHERE t.slug = 'acme' AND g.is_default = 1")" \
	"calendar.view,statements.view,documents.public|owner_revenue" \
	"tenant add: the default group has statements, public documents and owner revenue"

stack_portal_fixture acme
stack_portal_fixture beta
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' cabin@acme.test "$PW_OWNER"

# The group whose rights and money the matrix changes (access is read per request).
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	SELECT id, 'Docs', 'calendar.view', 'all' FROM tenants WHERE slug = 'acme'"
stack_grant acme ada@acme.test Docs 'customer:Ada Owner'
stack_grant acme cabin@acme.test Docs 'property:Ada Cabin'
# setg PERMS LEVEL FILTER LIST
setg() {
	sql "UPDATE permission_groups SET permissions = '$1', financial_level = '$2',
		field_filter = '$3', field_list = '$4' WHERE name = 'Docs'"
}

cust() { sql "SELECT id FROM customers WHERE tenant_id = $1 AND name = '$2'"; }
prop() { sql "SELECT id FROM properties WHERE tenant_id = $1 AND name = '$2'"; }
ADA=$(cust "$ACME" 'Ada Owner')
A1=$(prop "$ACME" 'Ada Beach House')
A2=$(prop "$ACME" 'Ada Cabin')
B1=$(prop "$ACME" 'Bo Loft')
ADA_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $A1")
BO_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $B1")
BETA_ST=$(sql "SELECT MIN(id) FROM statements WHERE tenant_id = $BETA")
doc() { sql "SELECT id FROM documents WHERE tenant_id = $1 AND title = '$2'"; }
ADA_PUB=$(doc "$ACME" 'Ada house rules')
ADA_PRIV=$(doc "$ACME" 'Ada management contract')
BO_PUB=$(doc "$ACME" 'Bo house rules')
BO_PRIV=$(doc "$ACME" 'Bo management contract')
BETA_DOC=$(doc "$BETA" 'Ada house rules')

# A statement for all of Ada's properties (property_id NULL), with one line.
sql "INSERT INTO statements (tenant_id, customer_id, property_id, period_start, period_end,
	base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents,
	management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents)
	VALUES ($ACME, $ADA, NULL, '2027-04-01', '2027-04-30',
	400000, 30000, 14400, 40000, 40000, 333300, 444400, 333300)"
ADA_CW=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id IS NULL")
sql "INSERT INTO statement_lines (tenant_id, statement_id, line_order, description,
	total_price_cents, owner_revenue_cents) VALUES ($ACME, $ADA_CW, 1, 'April summary',
	444400, 333300)"
# More documents: one of Ada's whose file is missing, one with an awkward name.
sql "INSERT INTO documents (tenant_id, customer_id, property_id, title, file_name,
	storage_path, content_type, visibility) VALUES
	($ACME, $ADA, $A2, 'Ada cabin inventory', 'inventory.pdf', 'acme/ada/missing.pdf',
	 'application/pdf', 'public'),
	($ACME, $ADA, NULL, 'Ada house guide', 'Gäste \"Guide\".txt',
	 'acme/ada/house guide.txt', 'text/plain', 'public')"
ADA_MISSING=$(doc "$ACME" 'Ada cabin inventory')
ADA_GUIDE=$(doc "$ACME" 'Ada house guide')
# More bookings of the Cabin: across April/May, and a cancelled one in June.
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, status,
	base_rate_cents, owner_revenue_cents, total_price_cents, payout_cents) VALUES
	($ACME, $A2, 'A2-2', '2027-04-29', '2027-05-03', 'confirmed', 40000, 41000, 50000, 41000),
	($ACME, $A2, 'A2-3', '2027-06-01', '2027-06-06', 'cancelled', 90000, 99000, 99999, 99000)"
# The year before, for the reports' comparison: a July stay at the Beach House.
sql "INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date, status,
	base_rate_cents, owner_revenue_cents, total_price_cents, payout_cents) VALUES
	($ACME, $A1, 'A1-0', '2026-07-10', '2026-07-14', 'confirmed', 40000, 35000, 48000, 35000)"

# The files, under the documents directory the web servers send from.
D=$T/documents
mkdir -p "$D/acme/ada" "$D/acme/bo" "$D/beta/ada"
printf 'ADA RULES: no parties %s\n' "$RANDOM$RANDOM" >"$D/acme/ada/rules.pdf"
printf 'ADA CONTRACT %s\n' "$RANDOM$RANDOM" >"$D/acme/ada/contract.pdf"
printf 'ADA GUIDE %s\n' "$RANDOM$RANDOM" >"$D/acme/ada/house guide.txt"
printf 'BO RULES %s\n' "$RANDOM$RANDOM" >"$D/acme/bo/rules.pdf"
printf 'BO CONTRACT %s\n' "$RANDOM$RANDOM" >"$D/acme/bo/contract.pdf"
printf 'BETA RULES %s\n' "$RANDOM$RANDOM" >"$D/beta/ada/rules.pdf"
chmod -R a+rX "$D"

stack_serve --apache
A=$APACHE_PORT

ja=$(jar ada)
owner_signs_in "$ja" ada@acme.test
check_eq "$HTTP_STATUS" 303 "Ada signs in"
jc=$(jar cabin)
owner_signs_in "$jc" cabin@acme.test
check_eq "$HTTP_STATUS" 303 "the Cabin-only user signs in"

get() { req "$ja" "$P" acme.test "$1"; }
# The error page without its request id, to compare two 404s.
norm() { printf '%s' "$HTTP_BODY" | sed 's#<code>[^<]*</code>##'; }
get /portal/statements/99999999
NOTFOUND=$(norm)
check_contains "$NOTFOUND" "There is no page at this address" "an unknown statement id is porchd's 404 page"
# is_404 PATH DESC: the same 404 as an unknown id.
is_404() {
	get "$1"
	check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "$2"
}

# --- Without the rights: everything hidden, and a 404 (never a 403). ---
setg 'calendar.view' all all ''
get /portal
check_eq "$HTTP_STATUS" 200 "the dashboard opens"
check_not_contains "$HTTP_BODY" 'href="/portal/statements' "no statements.view: no Statements link"
check_not_contains "$HTTP_BODY" 'href="/portal/documents' "no document right: no Documents link"
check_not_contains "$HTTP_BODY" 'href="/portal/reports' "no reports.view: no Reports link"
is_404 /portal/statements "no statements.view: the statements list is a 404"
is_404 "/portal/statements/$ADA_ST" "...and Ada's own statement too"
is_404 /portal/statements.csv "...and the CSV"
is_404 /portal/documents "no document right: the documents list is a 404"
is_404 "/portal/documents/$ADA_PUB" "...and the download of her public document"
is_404 /portal/reports?year=2027 "no reports.view: the reports page is a 404"

# --- statements.view ---
setg 'statements.view' all all ''
get /portal
check_contains "$HTTP_BODY" 'href="/portal/statements"' "statements.view: the nav links Statements"
get /portal/statements
check_eq "$HTTP_STATUS" 200 "statements.view: the list opens"
check_contains "$HTTP_BODY" "href=\"/portal/statements/$ADA_ST\"" "...linking Ada's Beach House statement"
check_contains "$HTTP_BODY" "href=\"/portal/statements/$ADA_CW\"" "...and her customer-wide statement"
check_contains "$HTTP_BODY" "<em>All properties</em>" "...which is about all properties"
check_contains "$HTTP_BODY" ">March 2027</a>" "...named by its period"
check_match "$HTTP_BODY" 'class="fin-total_price">\$1,230.00<' "...the total price"
check_match "$HTTP_BODY" 'class="fin-owner_revenue">\$830.00<' "...and the owner revenue"
check_not_contains "$HTTP_BODY" "/portal/statements/$BO_ST\"" "...but not Bo's statement"
check_not_contains "$HTTP_BODY" "730.00" "...nor Bo's money"
check_not_contains "$HTTP_BODY" "statements.csv" "no export.csv: no CSV link"
tidy_ok "the statements list passes tidy"
get "/portal/statements?property=$A1"
check_contains "$HTTP_BODY" "/portal/statements/$ADA_ST\"" "?property=Beach House: its statement"
check_contains "$HTTP_BODY" "/portal/statements/$ADA_CW\"" "...and the customer-wide one"
get "/portal/statements?property=$A2"
check_not_contains "$HTTP_BODY" "/portal/statements/$ADA_ST\"" "?property=Cabin: not the Beach House statement"
check_contains "$HTTP_BODY" "/portal/statements/$ADA_CW\"" "...but the customer-wide one"
is_404 "/portal/statements?property=$B1" "?property=Bo's Loft is the same 404"

get "/portal/statements/$ADA_ST"
check_eq "$HTTP_STATUS" 200 "Ada's statement opens"
check_contains "$HTTP_BODY" "Statement for <span class=\"period\">March 2027</span>" "...titled by its period"
check_contains "$HTTP_BODY" "Ada Beach House" "...its property"
check_match "$HTTP_BODY" 'class="fin-base_rate"><th scope="row">Base rate</th><td>\$1,000.00' "...the base rate in the breakdown"
check_match "$HTTP_BODY" 'class="fin-total_price total"><th scope="row">Total price</th><td>\$1,230.00' "...the total price"
check_contains "$HTTP_BODY" "Booking A1-1" "...its booking line"
check_contains "$HTTP_BODY" "Linen service" "...and the linen line"
check_match "$HTTP_BODY" '<td class="fin-management_fee">\$15.00</td>' "...with the line's management fee"
tidy_ok "the statement page passes tidy"

sql "INSERT INTO statements (tenant_id, customer_id, property_id, period_start, period_end,
	owner_revenue_cents, total_price_cents) VALUES ($ACME, $ADA, $A2, '2027-05-01',
	'2027-05-31', 1234, 5678)"
EMPTY_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND period_start = '2027-05-01'")
get "/portal/statements/$EMPTY_ST"
check_match "$HTTP_BODY" 'class="fin-total_price total"><th scope="row">Total price</th><td>\$56.78' "a statement without lines opens with its figures"
check_contains "$HTTP_BODY" '<tbody>
</tbody>' "...and an empty list of lines"
sql "DELETE FROM statements WHERE id = $EMPTY_ST"

# Guessing: Bo's statement, another tenant's, nonsense: one 404.
is_404 "/portal/statements/$BO_ST" "Bo's statement as Ada: the 404 of an unknown id"
is_404 "/portal/statements/$BETA_ST" "another tenant's statement: the same 404"
is_404 "/portal/statements/0" "statement id 0: the same 404"
is_404 "/portal/statements/x$ADA_ST" "a malformed statement id: the same 404"

# The customer-wide statement adds up every property of the customer: it is seen
# only with statements.view on ALL of them. The Cabin-only user sees neither it
# (it holds the Beach House's money) nor the Beach House statement.
req "$jc" "$P" acme.test /portal/statements
check_not_contains "$HTTP_BODY" "/portal/statements/$ADA_CW\"" "a grant on the Cabin alone: the customer-wide statement is not listed"
check_not_contains "$HTTP_BODY" "/portal/statements/$ADA_ST\"" "...nor the Beach House statement"
req "$jc" "$P" acme.test "/portal/statements/$ADA_CW"
check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "...the customer-wide statement is the 404"
check_not_contains "$HTTP_BODY" "April summary" "...showing nothing of it"
req "$jc" "$P" acme.test "/portal/statements/$ADA_ST"
check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "...the Beach House statement is the 404"

# --- export.csv ---
is_404 /portal/statements.csv "statements.view without export.csv: no CSV (404)"
setg 'statements.view,export.csv' all all ''
get /portal/statements
check_contains "$HTTP_BODY" 'href="/portal/statements.csv"' "export.csv: the list links the CSV"
before=$(audit_count export.statements)
get /portal/statements.csv
check_eq "$HTTP_STATUS" 200 "the CSV downloads"
check_match "$(http_header Content-Type)" '^text/csv' "...as text/csv"
check_contains "$(http_header Content-Disposition)" 'attachment; filename="statements.csv"' "...as an attachment"
CSV=$(printf '%s' "$HTTP_BODY" | tr -d '\r')
check_eq "$(printf '%s\n' "$CSV" | head -n 1)" \
	"period_start,period_end,property,base_rate,cleaning_fee,taxes,channel_commission,management_fee,owner_revenue,total_price,payout" \
	"every field shown: every column"
check_contains "$CSV" "2027-03-01,2027-03-31,Ada Beach House,1000.00,150.00,80.00,120.00,200.00,830.00,1230.00,830.00" "...Ada's statement row"
check_contains "$CSV" "2027-04-01,2027-04-30,All properties,4000.00," "...her customer-wide one"
check_not_contains "$CSV" "Bo Loft" "...not Bo's"
check_eq "$(printf '%s\n' "$CSV" | wc -l)" 3 "...header and two rows"
check_eq "$(audit_count export.statements)" "$((before + 1))" "the export is audited"
setg 'statements.view,export.csv' all except 'total_price'
get /portal/statements.csv
CSV=$(printf '%s' "$HTTP_BODY" | tr -d '\r')
check_eq "$(printf '%s\n' "$CSV" | head -n 1)" \
	"period_start,period_end,property,base_rate,cleaning_fee,owner_revenue,payout" \
	"total_price hidden: the CSV leaves out the total, the taxes that would add up to it and the owner part it would break down"
check_not_contains "$CSV" "1230.00" "...and no total price anywhere"
check_contains "$CSV" "Ada Beach House,1000.00,150.00,830.00,830.00" "...the shown figures stay"
setg 'statements.view,export.csv' owner_revenue all ''
get /portal/statements.csv
check_eq "$(printf '%s' "$HTTP_BODY" | tr -d '\r' | head -n 1)" \
	"period_start,period_end,property,owner_revenue,payout" "level owner_revenue: only those columns"
# A customer-wide statement adds up every property of the customer: the Cabin-only
# user does not get it in the CSV either; once they also see the Beach House's
# statements, it shows with the rights held on BOTH (intersected).
setg 'statements.view,export.csv' all all ''
req "$jc" "$P" acme.test /portal/statements.csv
check_not_contains "$HTTP_BODY" "All properties" "Cabin-only user with export.csv: the customer-wide statement is not exported"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'Statements only', 'statements.view', 'owner_revenue')"
stack_grant acme cabin@acme.test 'Statements only' 'property:Ada Beach House'
req "$jc" "$P" acme.test /portal/statements.csv
check_not_contains "$HTTP_BODY" "All properties" "...nor once the user also sees it through the Beach House without export.csv"
check_eq "$(printf '%s' "$HTTP_BODY" | tr -d '\r')" "period_start,period_end,property" "...nor the Beach House statement: a CSV with no rows"
req "$jc" "$P" acme.test "/portal/statements/$ADA_CW"
check_contains "$HTTP_BODY" "April summary" "with statements.view on every property, the customer-wide statement opens"
check_contains "$HTTP_BODY" "3,333.00" "...showing the owner revenue both grants allow"
check_not_contains "$HTTP_BODY" "4,444.00" "...and not the total price, hidden on the Beach House"
sql "DELETE FROM access_grants WHERE group_id = (SELECT id FROM permission_groups
	WHERE name = 'Statements only')"
req "$jc" "$P" acme.test "/portal/statements/$ADA_CW"
check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "...and is the 404 again without that grant"

# --- The financial rules on the statement page. ---
# stmt_page: Ada's statement as the current group shows it.
stmt_page() { get "/portal/statements/$ADA_ST"; }
setg 'statements.view' all except 'total_price'
stmt_page
check_not_contains "$HTTP_BODY" "fin-total_price" "total price hidden: no total price row or column"
check_not_contains "$HTTP_BODY" "1,230.00" "...and its figure nowhere"
check_match "$HTTP_BODY" 'class="fin-base_rate"><th scope="row">Base rate</th><td>\$1,000.00' "...its components stay as figures of their own"
check_match "$HTTP_BODY" 'class="fin-cleaning_fee"><th scope="row">Cleaning fee</th><td>\$150.00' "...the cleaning fee too"
check_not_contains "$HTTP_BODY" "fin-channel_commission" "...the owner part, which starts from it, collapses to its total"
check_match "$HTTP_BODY" 'class="fin-owner_revenue total"><th scope="row">Owner revenue</th><td>\$830.00' "...the owner revenue stays"
get /portal/statements
check_not_contains "$HTTP_BODY" "1,230.00" "the list: no total price either"
check_contains "$HTTP_BODY" "\$830.00" "...owner revenue stays"
setg 'statements.view' all except 'cleaning_fee'
stmt_page
check_match "$HTTP_BODY" 'class="fin-total_price total"><th scope="row">Total price</th><td>\$1,230.00' "a component hidden: the total stays"
check_not_contains "$HTTP_BODY" "fin-base_rate" "...and the guest breakdown collapses (no base rate)"
check_not_contains "$HTTP_BODY" "fin-cleaning_fee" "...without the hidden fee"
check_not_contains "$HTTP_BODY" "1,000.00" "...base rate nowhere on the page, lines included"
setg 'statements.view' all except 'payout'
stmt_page
check_contains "$HTTP_BODY" "fin-base_rate" "\"except payout\": a field not listed (base rate) shows"
check_not_contains "$HTTP_BODY" "fin-payout" "...the listed one does not"
setg 'statements.view' all only 'owner_revenue,payout'
stmt_page
check_not_contains "$HTTP_BODY" "fin-base_rate" "\"only owner revenue and payout\": a field not listed (base rate) is hidden"
check_match "$HTTP_BODY" 'class="fin-payout total"><th scope="row">Payout</th><td>\$830.00' "...the listed one shows"
setg 'statements.view' owner_revenue all ''
stmt_page
check_contains "$HTTP_BODY" "830.00" "level owner_revenue: owner revenue shows"
check_not_contains "$HTTP_BODY" "1,230.00" "...the total price does not"
check_not_contains "$HTTP_BODY" "1,000.00" "...nor the base rate"
setg 'statements.view' none all ''
stmt_page
check_not_contains "$HTTP_BODY" 'class="price"' "level none: no price table"
check_not_contains "$HTTP_BODY" "fin-" "...and no money column in the lines"
check_contains "$HTTP_BODY" "Linen service" "...the lines themselves stay"
tidy_ok "the statement page without money passes tidy"

# --- Reports ---
setg 'reports.view' all all ''
get /portal
check_contains "$HTTP_BODY" 'href="/portal/reports"' "reports.view: the nav links Reports"
get /portal/reports?year=2027
check_eq "$HTTP_STATUS" 200 "the reports page opens"
# row PROPERTY MONTH: the report row of that property (id) and month (2027-MM).
row() {
	printf '%s' "$HTTP_BODY" | awk -v p="data-property=\"$1\"" -v m="data-month=\"$2\"" '
		index($0, p) { on = 1 } on && index($0, m) { print; exit }'
}
R=$(row "$A1" 2027-03)
check_contains "$R" '<td class="nights">5</td><td class="occupancy">16.1%</td>' "Beach House, March: 5 nights, 16.1 % (5/31)"
check_contains "$R" '<td class="fin-total_price">$1,230.00</td>' "...total price"
check_contains "$R" '<td class="fin-owner_revenue">$830.00</td>' "...owner revenue"
check_contains "$R" '<td class="fin-avg_nightly">$200.00</td>' "...average nightly rate 1,000.00 / 5"
check_contains "$R" '<td class="fin-revenue_per_night">$166.00</td>' "...owner revenue per night 830.00 / 5"
R=$(row "$A1" 2027-04)
check_contains "$R" '<td class="nights">0</td><td class="occupancy">0.0%</td>' "...April: nothing booked (an owner block is no booking)"
R=$(row "$A2" 2027-03)
check_contains "$R" '<td class="nights">2</td><td class="occupancy">6.5%</td>' "Cabin, March: the tentative booking counts, 2/31"
R=$(row "$A2" 2027-04)
check_contains "$R" '<td class="nights">2</td><td class="occupancy">6.7%</td>' "Cabin, April: 2 nights of the stay that runs into May (2/30)"
check_contains "$R" '<td class="fin-total_price">$500.00</td>' "...its money counts in April, where it starts"
check_contains "$R" '<td class="fin-avg_nightly">$100.00</td>' "...per night over all 4 of its nights"
R=$(row "$A2" 2027-05)
check_contains "$R" '<td class="nights">2</td><td class="occupancy">6.5%</td>' "Cabin, May: its other 2 nights (2/31)"
check_contains "$R" '<td class="fin-total_price">$0.00</td>' "...and no money (it counted in April)"
R=$(row "$A2" 2027-06)
check_contains "$R" '<td class="nights">0</td>' "Cabin, June: the cancelled booking counts no nights"
check_not_contains "$HTTP_BODY" "999.99" "...and no money"
check_not_contains "$HTTP_BODY" "Bo Loft" "Bo's property is not in Ada's report"
# total PROPERTY|all: the totals' row of that property (id) or of all of them.
total() { printf '%s\n' "$HTTP_BODY" | grep "<tr[^>]* data-total=\"$1\">" || true; }
check_contains "$(total "$A1")" '<td class="nights">5</td><td class="nights">4</td><td class="occupancy">1.4%</td><td class="occupancy">1.1%</td>' \
	"totals: the Beach House's nights and occupancy in 2027 and 2026 (5 and 4 of 365)"
check_contains "$(total "$A1")" '<td class="fin-total_price">$1,230.00</td><td class="fin-total_price">$480.00</td>' "...its total price each year"
check_contains "$(total "$A1")" '<td class="fin-owner_revenue">$830.00</td><td class="fin-owner_revenue">$350.00</td>' "...and owner revenue"
check_contains "$(total "$A2")" '<td class="nights">6</td><td class="nights">0</td>' "...the Cabin's 6 nights of 2027 (the cancelled stay left out)"
check_contains "$(total all)" '<td class="nights">11</td><td class="nights">4</td><td class="occupancy">1.5%</td><td class="occupancy">0.5%</td>' \
	"...both properties: 11 of 730 nights in 2027, 4 in 2026"
check_contains "$(total all)" '<td class="fin-total_price">$2,100.00</td><td class="fin-total_price">$480.00</td>' "...and their total price added up"
# chart PROPERTY KIND: that property's chart of KIND (nights, occupancy, revenue).
chart() {
	printf '%s\n' "$HTTP_BODY" | awk -v p="data-property=\"$1\"" -v c="<figure class=\"chart $2" '
		index($0, p) { on = 1 } on && index($0, c) { in_c = 1 } in_c { print } in_c && /<\/figure>/ { exit }'
}
C=$(chart "$A1" nights)
check_contains "$C" '<svg class="chart" role="img"' "charts: the Beach House's nights as an SVG image"
check_contains "$C" '<title>Nights booked per month</title><desc>Nights booked in each month of 2027, beside 2026.</desc>' "...with a title and a description"
check_contains "$C" '<title>March 2027: 5 nights</title>' "...a bar for March 2027's 5 nights"
check_contains "$C" '<title>July 2026: 4 nights</title>' "...beside July 2026's 4 nights"
check_contains "$C" '<text class="cat" x="' "...the months written under the axis"
check_contains "$C" '>Mar</text>' "...by name"
check_contains "$(chart "$A1" occupancy)" '<title>March 2027: 16.1%</title>' "the occupancy chart: March 2027 at 16.1 %"
C=$(chart "$A1" revenue)
check_contains "$C" 'chart revenue fin-owner_revenue' "the revenue chart draws the owner revenue"
check_contains "$C" '<title>March 2027: $830.00</title>' "...830.00 in March 2027"
check_contains "$C" '<title>July 2026: $350.00</title>' "...against 350.00 in July 2026"
check_not_contains "$HTTP_BODY" '<script' "...and no script anywhere"
tidy_ok "the reports page passes tidy"
get /portal/reports?year=2026
check_eq "$(row "$A1" 2026-03 | grep -c '<td class="nights">0</td>' || true)" 1 "another year: nothing booked"
is_404 "/portal/reports?year=abc" "a malformed year is the 404"

setg 'reports.view' all except 'base_rate'
get /portal/reports?year=2027
check_not_contains "$HTTP_BODY" "fin-avg_nightly" "base rate hidden: no average nightly rate"
check_contains "$(row "$A1" 2027-03)" '<td class="fin-revenue_per_night">$166.00</td>' "...revenue per night stays"
setg 'reports.view' all except 'cleaning_fee'
get /portal/reports?year=2027
check_not_contains "$HTTP_BODY" "fin-avg_nightly" "base rate collapsed into the total (a fee hidden): no average nightly rate"
check_contains "$(row "$A1" 2027-03)" '<td class="fin-total_price">$1,230.00</td>' "...the total price stays"
setg 'reports.view' all except 'owner_revenue'
get /portal/reports?year=2027
check_not_contains "$HTTP_BODY" "fin-owner_revenue" "owner revenue hidden: no owner revenue"
check_not_contains "$HTTP_BODY" "fin-revenue_per_night" "...and no revenue per night"
check_contains "$(row "$A1" 2027-03)" '<td class="fin-total_price">$1,230.00</td>' "...the total price stays"
check_not_contains "$HTTP_BODY" "830.00" "...its amount on no chart or total either"
check_contains "$(chart "$A1" revenue)" '<title>March 2027: $1,230.00</title>' "...the revenue chart draws the total price instead"
setg 'reports.view' all except 'total_price'
get /portal/reports?year=2027
check_not_contains "$HTTP_BODY" "fin-total_price" "total price hidden: no gross column"
check_not_contains "$HTTP_BODY" "1,230.00" "...and no gross figure"
check_contains "$(row "$A1" 2027-03)" '<td class="fin-avg_nightly">$200.00</td>' "...the base rate as a figure of its own keeps the nightly rate"
setg 'reports.view' none all ''
get /portal/reports?year=2027
check_contains "$(row "$A1" 2027-03)" '<td class="occupancy">16.1%</td>' "level none: occupancy stays"
check_not_contains "$HTTP_BODY" "fin-" "...no money column at all"
check_not_match "$HTTP_BODY" '\$[0-9]' "...and no amount, in a table or a chart"
check_eq "$(chart "$A1" revenue)" "" "...and no revenue chart: not a bar of it"
check_contains "$(chart "$A1" nights)" '<title>March 2027: 5 nights</title>' "...the nights chart stays"
check_contains "$(total all)" '<td class="nights">11</td>' "...and the nights' totals"
# Money on one property only: no sum across both (it would hold the hidden one).
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'Docs money', 'reports.view', 'all')"
stack_grant acme ada@acme.test 'Docs money' 'property:Ada Beach House'
get /portal/reports?year=2027
check_contains "$(total "$A1")" '<td class="fin-total_price">$1,230.00</td>' "money on the Beach House alone: its own total shows"
check_contains "$(total "$A2")" '<td class="fin-total_price"></td>' "...the Cabin's cell stays empty"
check_contains "$(total all)" '<td class="nights">11</td>' "...nights add up over both"
check_not_match "$(total all)" '\$[0-9]' "...money does not"
check_eq "$(chart "$A2" revenue)" "" "...and the Cabin has no revenue chart"
sql "DELETE g FROM access_grants g JOIN permission_groups p ON p.id = g.group_id WHERE p.name = 'Docs money'"

# A portal admin sees every property; hide_reports hides the reports entirely.
setg 'calendar.view' all all ''
is_404 /portal/reports?year=2027 "reports.view withdrawn: the page is a 404"
sql "UPDATE portal_users SET is_admin = 1, hide_reports = 0 WHERE login = 'ada@acme.test'"
get /portal/reports?year=2027
check_contains "$HTTP_BODY" "data-property=\"$B1\"" "portal admin: the report covers Bo's Loft too"
sql "UPDATE portal_users SET hide_reports = 1 WHERE login = 'ada@acme.test'"
get /portal
check_not_contains "$HTTP_BODY" 'href="/portal/reports' "admin with hide_reports: no Reports link"
check_contains "$HTTP_BODY" 'href="/portal/statements"' "...other links stay"
is_404 /portal/reports?year=2027 "admin with hide_reports: the reports page is a 404"
sql "UPDATE portal_users SET is_admin = 0, hide_reports = 0 WHERE login = 'ada@acme.test'"

# --- Documents ---
setg 'documents.public' all all ''
get /portal/documents
check_eq "$HTTP_STATUS" 200 "documents.public: the list opens"
check_contains "$HTTP_BODY" "href=\"/portal/documents/$ADA_PUB\"" "...with Ada's public house rules"
check_contains "$HTTP_BODY" "Ada house guide" "...and her customer-wide public guide"
check_not_contains "$HTTP_BODY" "Ada management contract" "...not her private contract"
check_not_contains "$HTTP_BODY" "Bo house rules" "...nor Bo's documents"
tidy_ok "the documents list passes tidy"
get "/portal/documents?property=$A1"
check_contains "$HTTP_BODY" "Ada house rules" "?property=Beach House: its document"
check_not_contains "$HTTP_BODY" "Ada cabin inventory" "...not the Cabin's"
is_404 "/portal/documents?property=$B1" "?property=Bo's Loft: the 404"
is_404 "/portal/documents/$ADA_PRIV" "documents.public: the private contract is the 404"
is_404 "/portal/documents/$BO_PUB" "Bo's public document as Ada: the 404"
is_404 "/portal/documents/$BO_PRIV" "Bo's private document: the 404"
is_404 "/portal/documents/$BETA_DOC" "another tenant's document: the 404"

# The download through nginx: porchd answers with an empty body and
# X-Accel-Redirect, nginx sends the file.
before=$(audit_count document.download)
get "/portal/documents/$ADA_PUB"
check_eq "$HTTP_STATUS" 200 "nginx: the public document downloads"
check_eq "$HTTP_BODY" "$(cat "$D/acme/ada/rules.pdf")" "...its bytes are the file's"
check_eq "$(http_header Content-Type)" "application/pdf" "...with the document's content type"
check_eq "$(http_header Content-Disposition)" "attachment; filename=\"rules.pdf\"; filename*=UTF-8''rules.pdf" "...as an attachment named after it"
check_contains "$(http_header Cache-Control)" "no-store" "...not to be cached"
check_eq "$(http_header X-Accel-Redirect)" "" "...without the internal header"
check_eq "$(http_header X-Content-Type-Options)" nosniff "...not to be sniffed"
check_match "$(http_header Content-Security-Policy)" "default-src 'none'; sandbox" "...sandboxed should a browser show it"
check_eq "$(audit_count document.download)" "$((before + 1))" "the download is audited"
get "/portal/documents/$ADA_GUIDE"
check_eq "$HTTP_BODY" "$(cat "$D/acme/ada/house guide.txt")" "nginx: a stored path with a space is sent"
check_eq "$(http_header Content-Disposition)" "attachment; filename=\"Gste Guide.txt\"; filename*=UTF-8''G%C3%A4ste%20%22Guide%22.txt" \
	"...an awkward name gets a safe ASCII fallback and the encoded UTF-8 name"
# A row of acme's that names beta's directory (an import gone wrong): refused.
sql "INSERT INTO documents (tenant_id, customer_id, property_id, title, file_name,
	storage_path, content_type, visibility) VALUES
	($ACME, $ADA, NULL, 'Ada misfiled', 'rules.pdf', 'beta/ada/rules.pdf',
	 'application/pdf', 'public')"
get "/portal/documents/$(doc "$ACME" 'Ada misfiled')"
check_eq "$HTTP_STATUS" 404 "a storage path outside the tenant's directory is a 404"
check_not_contains "$HTTP_BODY" "BETA RULES" "...and another tenant's file is not sent"
sql "DELETE FROM documents WHERE title = 'Ada misfiled'"
get "/portal/documents/$ADA_MISSING"
check_eq "$HTTP_STATUS" 404 "nginx: a document whose file is missing is a 404"
check_contains "$HTTP_BODY" "nginx" "...nginx's own, so nginx looked for the file"
check_not_contains "$HTTP_BODY" "Request id" "...not porchd's page"
http_req "$P" acme.test /_porch_documents/acme/ada/rules.pdf
check_eq "$HTTP_STATUS" 404 "nginx: the internal location cannot be asked for directly"
check_not_contains "$HTTP_BODY" "ADA RULES" "...and gives nothing of the file"
http_req "$P" acme.test /_porch_documents/acme/ada/rules.pdf -b "$ja"
check_eq "$HTTP_STATUS $(printf '%s' "$HTTP_BODY" | grep -c 'ADA RULES' || true)" "404 0" "...not even signed in"

# porchd itself, asked directly over FastCGI: headers and an empty body.
cookie=$(awk '$6 == "porch_session" { print $7 }' "$ja")
fcgi() {
	python3 "$stack_lib_dir/fcgi_client.py" "$T/porchd.sock" --uri "$1" --host acme.test \
		--param "HTTP_COOKIE=porch_session=$cookie" | tr -d '\r'
}
out=$(fcgi "/portal/documents/$ADA_PUB")
check_contains "$out" "X-Accel-Redirect: /_porch_documents/acme/ada/rules.pdf" "porchd names the file for nginx"
check_contains "$out" "Content-Length: 0" "...with an empty body"
check_eq "$(printf '%s\n' "$out" | sed '1,/^$/d')" "" "...and sends no byte of it"
out=$(fcgi "/portal/documents/$ADA_GUIDE")
check_contains "$out" "X-Accel-Redirect: /_porch_documents/acme/ada/house%20guide.txt" "...a space URL-escaped"
check_not_contains "$(cat "$T/porchd.log")" "ADA RULES" "the file's content is nowhere in porchd's log"

setg 'documents.private' all all ''
get /portal/documents
check_contains "$HTTP_BODY" "Ada management contract" "documents.private: the private contract is listed"
check_not_contains "$HTTP_BODY" "Ada house rules" "...the public rules are not"
get "/portal/documents/$ADA_PRIV"
check_eq "$HTTP_BODY" "$(cat "$D/acme/ada/contract.pdf")" "...and the contract downloads through nginx"
is_404 "/portal/documents/$ADA_PUB" "documents.private alone: the public rules are the 404"
# The contract belongs to the customer (no property): a right on any property of
# the customer reaches it.
req "$jc" "$P" acme.test /portal/documents
check_contains "$HTTP_BODY" "Ada management contract" "a grant on the Cabin alone: the customer's contract is listed"
setg 'documents.public,documents.private' all all ''
get /portal/documents
check_contains "$HTTP_BODY" "Ada management contract" "both rights: the contract"
check_contains "$HTTP_BODY" "Ada house rules" "...and the rules"

# --- A token visitor (Bo has no portal user): the Non-Portal Users group. ---
js=$(jar staff)
staff_signs_in "$js"
BO=$(cust "$ACME" 'Bo Owner')
req "$js" "$P" acme.test "/staff/customers/$BO"
LINK=$(printf '%s' "$HTTP_BODY" | grep -o "value=\"http://acme.test:$P/t/[A-Za-z0-9_-]*\"" | head -n 1)
TOKEN=${LINK##*/t/}
TOKEN=${TOKEN%\"}
jt=$(fresh_jar token)
req "$jt" "$P" acme.test "/t/$TOKEN"
check_eq "$HTTP_STATUS" 303 "Bo opens his token link"
req "$jt" "$P" acme.test /portal/documents
check_eq "$HTTP_STATUS" 404 "the tenant's Non-Portal Users as made: no documents for a token visitor"
req "$jt" "$P" acme.test /portal/statements
check_eq "$HTTP_STATUS" 404 "...and no statements"
sql "UPDATE permission_groups SET permissions = 'calendar.view,statements.view,documents.public',
	financial_level = 'owner_revenue' WHERE tenant_id = $ACME AND is_system = 1"
req "$jt" "$P" acme.test /portal/documents
check_contains "$HTTP_BODY" "Bo house rules" "Non-Portal Users with documents.public: Bo's public rules"
check_not_contains "$HTTP_BODY" "Bo management contract" "...not his private contract"
check_not_contains "$HTTP_BODY" "Ada" "...nothing of Ada's"
req "$jt" "$P" acme.test "/portal/documents/$BO_PUB"
check_eq "$HTTP_BODY" "$(cat "$D/acme/bo/rules.pdf")" "...and the rules download"
req "$jt" "$P" acme.test "/portal/documents/$BO_PRIV"
check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "...the contract is the 404"
req "$jt" "$P" acme.test /portal/statements
check_match "$HTTP_BODY" 'class="fin-owner_revenue">\$500.00<' "...his statement with his owner revenue"
check_not_contains "$HTTP_BODY" "730.00" "...not the total price"
req "$jt" "$P" acme.test "/portal/statements/$ADA_ST"
check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "...Ada's statement is the 404"

# --- Apache: porchd answers with X-Sendfile, mod_xsendfile sends the file. ---
stack_porchd_stop
PORCH_DOC_SENDER=apache stack_porch_config "$STACK_ARGON2_CHEAP"
stack_porchd_start
areq() { req "$ja" "$A" acme.test "$1"; }
areq "/portal/documents/$ADA_PUB"
check_eq "$HTTP_STATUS" 200 "Apache: the public document downloads"
check_eq "$HTTP_BODY" "$(cat "$D/acme/ada/rules.pdf")" "...its bytes are the file's"
check_eq "$(http_header Content-Type)" "application/pdf" "...with the document's content type"
check_contains "$(http_header Content-Disposition)" 'attachment; filename="rules.pdf"' "...as an attachment"
check_eq "$(http_header X-Sendfile)" "" "...without the internal header"
check_match "$(http_header X-Content-Type-Options)" "^nosniff" "...not to be sniffed"
check_match "$(http_header Content-Security-Policy)" "default-src 'none'; sandbox" "...sandboxed should a browser show it"
areq "/portal/documents/$ADA_GUIDE"
check_eq "$HTTP_BODY" "$(cat "$D/acme/ada/house guide.txt")" "Apache: a stored path with a space is sent"
areq "/portal/documents/$ADA_MISSING"
check_eq "$HTTP_STATUS" 404 "Apache: a document whose file is missing is a 404"
check_not_contains "$HTTP_BODY" "Request id" "...Apache's own, not porchd's page"
areq "/portal/documents/$BO_PUB"
check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "Apache: Bo's document as Ada is porchd's 404"
out=$(fcgi "/portal/documents/$ADA_PUB")
check_contains "$out" "X-Sendfile: $D/acme/ada/rules.pdf" "porchd names the file for Apache"
check_eq "$(printf '%s\n' "$out" | sed '1,/^$/d')" "" "...and sends no byte of it"
http_req "$A" acme.test /_porch_documents/acme/ada/rules.pdf -b "$ja"
check_eq "$HTTP_STATUS" 404 "Apache: no URL reaches the documents directory"
check_not_contains "$HTTP_BODY" "ADA RULES" "...nothing of the file"
http_req "$A" acme.test "/../documents/acme/ada/rules.pdf" --path-as-is
check_not_contains "$HTTP_BODY" "ADA RULES" "...nor through a dot-dot path"

# --- The settings: errors name the file and line. ---
printf 'documents = {\n  sender = "lighttpd";\n};\n' >"$T/bad.conf"
rc=0; "$top_builddir/porchd" -t -c "$T/bad.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t refuses an unknown documents.sender"
check_contains "$(cat "$T/t.out")" "$T/bad.conf:2: documents.sender must be" "...naming file and line"
printf 'documents = {\n\n  nginx_prefix = "protected";\n};\n' >"$T/bad.conf"
rc=0; "$top_builddir/porchd" -t -c "$T/bad.conf" >"$T/t.out" 2>&1 || rc=$?
check_contains "$(cat "$T/t.out")" "$T/bad.conf:3: documents.nginx_prefix must be" "...and a prefix that is no local path"
printf 'documents = { dir = "relative/dir"; };\n' >"$T/bad.conf"
rc=0; "$top_builddir/porchd" -t -c "$T/bad.conf" >"$T/t.out" 2>&1 || rc=$?
check_contains "$(cat "$T/t.out")" "$T/bad.conf:1: documents.dir must be an absolute path" "...and a relative documents.dir"
