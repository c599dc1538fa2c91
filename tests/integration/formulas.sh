#!/usr/bin/env bash
# porch — integration test of money formulas (docs/DESIGN.md "Formulas") through
# nginx, key cases through Apache: the staff page /staff/formulas (create, edit,
# delete, bad input, another tenant's formula, CSRF, the audit log, plain staff
# read-only); groups and a user's own setting listing formulas; a formula's value
# in integer cents (negative too) on the booking page, the bookings list and CSV,
# the statement page, the statements list and the reports; its terms only for
# who may see every field of it; a value that would give a hidden field away
# withheld (on every one of those pages); "instead of the total price"; portal
# admins seeing everything with no setting to edit. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl apache2

stack_setup --fixture acme

A1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A1-1'")
PA1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Beach House'")
ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $PA1")
BETA=$(sql "SELECT id FROM tenants WHERE slug = 'beta'")

stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
sql "INSERT INTO permission_groups (tenant_id, name, permissions)
	VALUES ($ACME, 'Money', 'calendar.view,statements.view,reports.view,export.csv')"
MONEY=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Money'")
stack_grant acme ada@acme.test Money 'property:Ada Beach House'

stack_serve --apache
js=$(fresh_jar staff)
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "an admin signs in"

fid() { sql "SELECT id FROM formulas WHERE tenant_id = $ACME AND name = '$1'"; }
nformulas() { sql "SELECT COUNT(*) FROM formulas WHERE tenant_id = $ACME"; }
terms() { sql "SELECT GROUP_CONCAT(CONCAT(IF(sign < 0, '-', '+'), field) ORDER BY position SEPARATOR '') FROM formula_terms WHERE formula_id = $1"; }
fpost() { csrf_post "$js" /staff/formulas "$@"; }
# Term values of the form: +(field + 1) or -(field + 1), fields in catalog order.
BASE=1 CLEAN=2 TAXES=3 COMM=4 FEE=5 OWNER=6 TOTAL=7 PAYOUT=8

# --- The page, and creating. ---
check_needs_staff "$(fresh_jar nobody)" /staff/formulas
req "$js" "$P" acme.test /staff/
check_contains "$HTTP_BODY" 'href="/staff/formulas"' "the staff home links to the formulas"
req "$js" "$P" acme.test /staff/formulas
check_eq "$HTTP_STATUS" 200 "the formulas page opens"
check_contains "$HTTP_BODY" '<select id="t0" name="t0">' "...with a select per term"
tidy_ok "the formulas page passes tidy"
req "$js" "$P" acme.test /staff/formulas/new --data-urlencode "name=Sneaky" --data-urlencode "t0=$TOTAL"
check_eq "$HTTP_STATUS" 403 "creating without the CSRF token is 403"
check_eq "$(nformulas)" 0 "...and nothing was written"
fpost /staff/formulas/new --data-urlencode "name=Owner payout" --data-urlencode "t0=$TOTAL" \
	--data-urlencode "t1=-$COMM" --data-urlencode "t2=0" --data-urlencode "t3=-$CLEAN"
check_eq "$HTTP_STATUS" 303 "creating a formula redirects"
check_eq "$(http_header Location)" "/staff/formulas?done=created" "...saying it was created"
PAY=$(fid 'Owner payout')
check_eq "$(terms "$PAY")" "+total_price-channel_commission-cleaning_fee" "its terms are stored in order, the empty one left out"
check_eq "$(sql "SELECT detail FROM audit_log WHERE tenant_id = $ACME AND action = 'formula.add'")" \
	"name=Owner payout terms=+total_price-channel_commission-cleaning_fee" "the creation is audited (formula.add)"
req "$js" "$P" acme.test "/staff/formulas?done=created"
check_contains "$HTTP_BODY" "The formula was created." "the list says so"
check_contains "$HTTP_BODY" 'Total price</span> − <span class="fin-channel_commission">Channel commission</span> − <span class="fin-cleaning_fee">Cleaning fee' \
	"...and shows its terms"

# --- Bad input: a clear error, nothing written. ---
fpost /staff/formulas/new --data-urlencode "name=  " --data-urlencode "t0=$TOTAL"
check_eq "$HTTP_STATUS" 400 "an empty name is 400"
check_contains "$HTTP_BODY" "A formula needs a name" "...with a message"
fpost /staff/formulas/new --data-urlencode "name=Nothing"
check_eq "$HTTP_STATUS" 400 "no term is 400"
check_contains "$HTTP_BODY" "at least one term" "...with a message"
fpost /staff/formulas/new --data-urlencode "name=Twice" --data-urlencode "t0=$TOTAL" --data-urlencode "t1=-$TOTAL"
check_eq "$HTTP_STATUS" 400 "a field used twice is 400"
check_contains "$HTTP_BODY" "Total price is there twice" "...naming the field"
check_contains "$HTTP_BODY" 'value="Twice"' "...and the form keeps what was typed"
fpost /staff/formulas/new --data-urlencode "name=Tips" --data-urlencode "t0=9"
check_eq "$HTTP_STATUS" 400 "a term that is no field is 400"
fpost /staff/formulas/new --data-urlencode "name=Expr" --data-urlencode "t0=total_price*2"
check_eq "$HTTP_STATUS" 400 "an expression as a term is 400"
fpost /staff/formulas/new --data-urlencode "name=owner PAYOUT" --data-urlencode "t0=$TOTAL"
check_eq "$HTTP_STATUS" 409 "a duplicate name (any case) is 409"
check_contains "$HTTP_BODY" "A formula with that name already exists" "...with a message"
check_eq "$(nformulas)" 1 "no refused formula was written"

# --- Editing. ---
fpost /staff/formulas/new --data-urlencode "name=Net" --data-urlencode "t0=$TOTAL" --data-urlencode "t1=-$BASE"
NET=$(fid Net)
req "$js" "$P" acme.test "/staff/formulas/edit?formula=$NET"
check_eq "$HTTP_STATUS" 200 "a formula's edit page opens"
check_contains "$HTTP_BODY" '<option value="-1" selected>' "...with its terms selected"
tidy_ok "the edit page passes tidy"
csrf_post "$js" "/staff/formulas/edit?formula=$NET" /staff/formulas/edit --data-urlencode "formula=$NET" \
	--data-urlencode "name=Fees and taxes" --data-urlencode "t0=$CLEAN" --data-urlencode "t1=$TAXES"
check_eq "$HTTP_STATUS" 303 "saving a formula redirects"
check_eq "$(terms "$NET")" "+cleaning_fee+taxes" "...its terms are replaced"
check_eq "$(sql "SELECT detail FROM audit_log WHERE tenant_id = $ACME AND action = 'formula.edit'")" \
	"name=Fees and taxes terms=+cleaning_fee+taxes renamed_from=Net" "the edit is audited (formula.edit)"
csrf_post "$js" "/staff/formulas/edit?formula=$NET" /staff/formulas/edit --data-urlencode "formula=$NET" \
	--data-urlencode "name=Owner payout" --data-urlencode "t0=$CLEAN"
check_eq "$HTTP_STATUS" 409 "renaming to a taken name is 409"
check_eq "$(terms "$NET")" "+cleaning_fee+taxes" "...and nothing changed"

# --- Another tenant's formula is not there. ---
sql "INSERT INTO formulas (tenant_id, name) VALUES ($BETA, 'Beta secret')"
BF=$(sql "SELECT id FROM formulas WHERE tenant_id = $BETA")
req "$js" "$P" acme.test "/staff/formulas/edit?formula=$BF"
check_eq "$HTTP_STATUS" 404 "another tenant's formula is 404"
csrf_post "$js" /staff/formulas /staff/formulas/delete --data-urlencode "formula=$BF" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 404 "...and deleting it too"
check_eq "$(sql "SELECT COUNT(*) FROM formulas WHERE id = $BF")" 1 "...which stays"
req "$js" "$P" acme.test /staff/formulas
check_not_contains "$HTTP_BODY" "Beta secret" "the list shows only the tenant's formulas"

# --- Plain staff read, admins change. ---
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test >/dev/null 2>&1
jc=$(fresh_jar clerk)
staff_signs_in "$jc" clerk@acme.test
req "$jc" "$P" acme.test /staff/formulas
check_eq "$HTTP_STATUS" 200 "plain staff read the formulas"
check_not_contains "$HTTP_BODY" 'action="/staff/formulas/new"' "...without a form"
csrf_post "$jc" /staff/formulas /staff/formulas/new --data-urlencode "name=Mine" --data-urlencode "t0=$TOTAL"
check_eq "$HTTP_STATUS" 403 "...and may not create one"

# --- What Ada sees. A1-1 (cents): base rate 100000, cleaning fee 15000, taxes
# 8000, commission 12000, management fee 20000, total 123000, owner revenue and
# payout 83000. Owner payout = 1230.00 - 120.00 - 150.00 = 960.00; Fees and
# taxes = 150.00 + 80.00 = 230.00; Loss = 150.00 - 1230.00 = -1080.00. ---
FT=$NET
fpost /staff/formulas/new --data-urlencode "name=Loss" --data-urlencode "t0=$CLEAN" --data-urlencode "t1=-$TOTAL"
LOSS=$(fid Loss)
# fin LEVEL FILTER [FIELDS] [FORMULA IDS]: the Money group's setting, by SQL.
fin() {
	sql "UPDATE permission_groups SET financial_level = '$1', field_filter = '$2', field_list = '${3:-}', instead_formula_id = NULL WHERE id = $MONEY;
		DELETE FROM group_formulas WHERE group_id = $MONEY"
	local f
	for f in ${4:-}; do
		sql "INSERT INTO group_formulas (tenant_id, group_id, formula_id) VALUES ($ACME, $MONEY, $f)"
	done
}
ja=$(fresh_jar ada)
owner_signs_in "$ja" ada@acme.test
check_eq "$HTTP_STATUS" 303 "Ada signs in"
get() { req "$ja" "$P" acme.test "$1"; }
# frow ID: the booking or statement page's row of formula ID (the last page).
frow() { printf '%s\n' "$HTTP_BODY" | grep "<tr class=\"formula\" data-formula=\"$1\">" || true; }
# srow: the statements list's row of Ada's statement (the last page).
srow() { printf '%s\n' "$HTTP_BODY" | grep "<tr class=\"statement\" data-id=\"$ST\">" || true; }
# rrow: the reports' row of March 2027 (A1-1's month; the last page).
rrow() { printf '%s\n' "$HTTP_BODY" | grep '<tr data-month="2027-03">' || true; }

fin all all
get "/portal/bookings/$A1"
check_eq "$HTTP_STATUS" 200 "every field and formula: the booking page opens"
check_contains "$(frow "$PAY")" '<td class="value">$960.00</td>' "Owner payout is 960.00, in integer cents"
check_contains "$(frow "$PAY")" 'Total price ($1,230.00)</span> − <span class="fin-channel_commission">Channel commission ($120.00)</span> − <span class="fin-cleaning_fee">Cleaning fee ($150.00)' \
	"...with its terms and their amounts, for every input is visible"
check_contains "$(frow "$LOSS")" '<td class="value">-$1,080.00</td>' "a negative result shows as such"
check_contains "$(frow "$FT")" '<td class="value">$230.00</td>' "...and a sum of two fields"
tidy_ok "the booking page with formulas passes tidy"
get "/portal/statements/$ST"
check_contains "$(frow "$PAY")" "<td class=\"value\">" "the statement page shows the formulas too"
get /portal/statements
check_contains "$HTTP_BODY" "<th scope=\"col\" class=\"formula\" data-formula=\"$PAY\">Owner payout</th>" \
	"the statements list heads a column per formula shown"
check_contains "$(srow)" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" "...with its value on the statement's row"
check_contains "$(srow)" "<td class=\"formula\" data-formula=\"$LOSS\">-\$1,080.00</td>" "...a negative one too"
tidy_ok "the statements list with formulas passes tidy"
get "/portal/reports?year=2027"
check_contains "$HTTP_BODY" "<th scope=\"col\" class=\"formula\" data-formula=\"$PAY\">Owner payout</th>" \
	"the reports head a column per formula shown"
check_contains "$(rrow)" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" "...with the month's value"
check_contains "$(rrow)" "<td class=\"formula\" data-formula=\"$FT\">\$230.00</td>" "...of each formula"
tidy_ok "the reports with formulas pass tidy"
get /portal/statements.csv
check_contains "$(head -n 1 "$T/http.body" | tr -d '\r')" "payout,Owner payout,Fees and taxes,Loss" \
	"the statements CSV has a column per formula shown, after the fields"

# Listed with "only", the group's form: the total and Owner payout only.
csrf_post "$js" "/staff/groups/edit?group=$MONEY" /staff/groups/edit --data-urlencode "group=$MONEY" \
	--data-urlencode "name=Money" --data-urlencode "perm=calendar.view" --data-urlencode "perm=statements.view" \
	--data-urlencode "perm=reports.view" --data-urlencode "perm=export.csv" --data-urlencode "level=all" --data-urlencode "filter=only" \
	--data-urlencode "field=total_price" --data-urlencode "formula=$PAY" --data-urlencode "formula=$BF" \
	--data-urlencode "formula=$PAY"
check_eq "$HTTP_STATUS" 303 "the group form lists a formula beside the fields"
check_eq "$(sql "SELECT GROUP_CONCAT(formula_id) FROM group_formulas WHERE group_id = $MONEY")" "$PAY" \
	"...stored once (another tenant's formula id is not)"
check_match "$(sql "SELECT detail FROM audit_log WHERE action = 'group.update' ORDER BY id DESC LIMIT 1")" \
	"formulas=$PAY,$BF,$PAY instead=0" "...and audited"
get "/portal/bookings/$A1"
check_contains "$(frow "$PAY")" '<td class="value">$960.00</td>' "a listed formula over hidden fields shows its value"
check_contains "$(frow "$PAY")" '<td class="terms"></td>' "...never its composition, for an input is hidden"
check_not_contains "$HTTP_BODY" "120.00" "...so the commission appears nowhere"
check_eq "$(frow "$FT")$(frow "$LOSS")" "" "formulas not listed are not shown"
get /portal/statements
check_contains "$(srow)" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" \
	"the statements list shows the listed formula over hidden fields, its value alone"
check_not_contains "$HTTP_BODY" "120.00" "...so the commission appears nowhere on the list either"
check_not_contains "$HTTP_BODY" "data-formula=\"$FT\"" "...nor a formula not listed"
get "/portal/reports?year=2027"
check_contains "$(rrow)" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" \
	"the reports show the listed formula over hidden fields, its value alone"
check_not_contains "$HTTP_BODY" "120.00" "...and the commission nowhere"
check_not_contains "$HTTP_BODY" "data-formula=\"$FT\"" "...nor a formula not listed"
req "$js" "$P" acme.test "/staff/portal-users/$ADA/explain"
check_contains "$HTTP_BODY" "<span data-formula=\"$PAY\">Owner payout (value only: a field of it is hidden)</span>" \
	"Explain names the formula shown there, its value only"

# The choice instead of the total: formulas the group shows, with a field it shows.
req "$js" "$P" acme.test "/staff/groups/edit?group=$MONEY"
check_contains "$HTTP_BODY" "<option value=\"$PAY\">Owner payout</option>" "the group can show Owner payout instead of the total"
check_contains "$HTTP_BODY" "name=\"formula\" value=\"$PAY\" checked" "...its formula is ticked on the form"
tidy_ok "the group page with formulas passes tidy"
fin all only total_price "$PAY $FT"
req "$js" "$P" acme.test "/staff/groups/edit?group=$MONEY"
check_not_contains "$HTTP_BODY" "<option value=\"$FT\">" "a formula none of whose fields the group sees is left out of the choice"
fin all only cleaning_fee
req "$js" "$P" acme.test "/staff/groups/edit?group=$MONEY"
check_contains "$HTTP_BODY" 'class="hint instead-none"' "with no formula to offer, the choice is left out"
check_not_contains "$HTTP_BODY" 'name="instead"' "...with no select"
fin all only total_price "$PAY $FT"
gedit() {
	csrf_post "$js" "/staff/groups/edit?group=$MONEY" /staff/groups/edit --data-urlencode "group=$MONEY" \
		--data-urlencode "name=Money" --data-urlencode "perm=calendar.view" --data-urlencode "perm=statements.view" \
		--data-urlencode "perm=reports.view" --data-urlencode "perm=export.csv" --data-urlencode "level=all" --data-urlencode "filter=only" \
		--data-urlencode "field=total_price" --data-urlencode "formula=$PAY" --data-urlencode "formula=$FT" "$@"
}
gedit --data-urlencode "instead=$FT"
check_eq "$HTTP_STATUS" 400 "choosing a formula with no visible field instead of the total is 400"
check_contains "$HTTP_BODY" "Only a formula the group shows" "...with a message"
gedit --data-urlencode "instead=$PAY"
check_eq "$HTTP_STATUS" 303 "Owner payout is shown instead of the total"
check_eq "$(sql "SELECT instead_formula_id FROM permission_groups WHERE id = $MONEY")" "$PAY" "...stored"
get /portal/bookings
a1row=$(printf '%s\n' "$HTTP_BODY" | grep ">A1-1<" || true)
check_contains "$HTTP_BODY" '<th scope="col" class="formula">Owner payout</th>' "the bookings list heads its money column with the formula"
check_contains "$a1row" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" "...and shows its value instead of the total"
check_not_contains "$a1row" "1,230.00" "...not the total"
get /portal/bookings.csv
check_contains "$(head -n 1 "$T/http.body" | tr -d '\r')" "total_price,Owner payout,currency" \
	"the bookings CSV has the formulas shown beside the fields (not Fees and taxes, which with the total tells the base rate)"
check_contains "$(grep '^A1-1,' "$T/http.body" | tr -d '\r')" "1230.00,960.00,USD" "...with their values"

# A value that would give a hidden field away is withheld.
fin all only "total_price,channel_commission" "$PAY"
get "/portal/bookings/$A1"
check_eq "$(frow "$PAY")" "" "total - commission - cleaning beside total and commission would tell the cleaning fee: withheld"
get /portal/statements
check_not_contains "$HTTP_BODY" "data-formula=\"$PAY\"" "...on the statements list too"
check_contains "$(srow)" "\$1,230.00" "...which still shows the total"
get "/portal/reports?year=2027"
check_not_contains "$HTTP_BODY" "data-formula=\"$PAY\"" "...and on the reports"
check_contains "$(rrow)" "\$1,230.00" "...which still show the total"
get /portal/bookings.csv
check_not_contains "$(head -n 1 "$T/http.body")" "Owner payout" "...in the CSV too"
fin all only total_price "$FT"
get "/portal/bookings/$A1"
check_eq "$(frow "$FT")" "" "cleaning fee + taxes beside the total would tell the base rate: withheld"
get /portal/statements
check_not_contains "$HTTP_BODY" "data-formula=\"$FT\"" "...on the statements list too"
get "/portal/reports?year=2027"
check_not_contains "$HTTP_BODY" "data-formula=\"$FT\"" "...and on the reports"
# "except" and level none.
fin all except "" "$LOSS"
get "/portal/bookings/$A1"
check_eq "$(frow "$LOSS")" "" "all except a formula: it is hidden"
check_contains "$(frow "$PAY")" "960.00" "...the others show (new ones too)"
fin none all
get "/portal/bookings/$A1"
check_not_contains "$HTTP_BODY" 'class="formulas"' "level none: no formula at all"
get /portal/statements
check_not_contains "$HTTP_BODY" 'class="formula"' "...nor on the statements list"
get "/portal/reports?year=2027"
check_not_contains "$HTTP_BODY" 'class="formula"' "...nor on the reports"

# --- A user's own setting lists formulas too. ---
UPAGE=/staff/portal-users/$ADA
csrf_post "$js" "$UPAGE" "$UPAGE/finance" --data-urlencode "override=user" --data-urlencode "level=all" \
	--data-urlencode "filter=except" --data-urlencode "formula=$LOSS"
check_eq "$HTTP_STATUS" 303 "Ada's own setting excepts a formula"
check_eq "$(sql "SELECT GROUP_CONCAT(formula_id) FROM user_formulas WHERE portal_user_id = $ADA")" "$LOSS" "...stored"
check_match "$(sql "SELECT detail FROM audit_log WHERE action = 'user.fin_override' ORDER BY id DESC LIMIT 1")" \
	"formulas=$LOSS" "...and audited"
get "/portal/bookings/$A1"
check_contains "$(frow "$PAY")" "Channel commission (\$120.00)" "the override replaces the group's: every field, terms shown"
check_eq "$(frow "$LOSS")" "" "...but not the excepted formula"

# --- Portal admins see everything; their setting is not editable. ---
sql "UPDATE portal_users SET is_admin = 1 WHERE id = $ADA"
get "/portal/bookings/$A1"
check_contains "$(frow "$LOSS")" "-\$1,080.00" "a portal admin sees every formula, whatever override is stored"
check_contains "$HTTP_BODY" 'fin-base_rate' "...and every field"
req "$js" "$P" acme.test "$UPAGE"
check_contains "$HTTP_BODY" "A portal admin always sees every financial field and formula" "the staff page says so"
check_not_contains "$HTTP_BODY" "action=\"$UPAGE/finance\"" "...with no financial controls"
csrf_post "$js" "$UPAGE" "$UPAGE/finance" --data-urlencode "override=groups"
check_eq "$HTTP_STATUS" 409 "changing an admin's financial setting is 409"
check_eq "$(sql "SELECT fin_override_level FROM portal_users WHERE id = $ADA")" "all" "...nothing changed"
sql "UPDATE portal_users SET is_admin = 0, fin_override_level = NULL WHERE id = $ADA; DELETE FROM user_formulas"

# --- Through Apache too. ---
fin all only total_price "$PAY"
sql "UPDATE permission_groups SET instead_formula_id = $PAY WHERE id = $MONEY"
through() {
	local jw
	jw=$(fresh_jar "ada-$1")
	sign_in "$jw" "$2" acme.test /login ada@acme.test "$PW_OWNER"
	req "$jw" "$2" acme.test "/portal/bookings/$A1"
	check_contains "$(frow "$PAY")" '<td class="terms"></td><td class="value">$960.00</td>' "$1: the value alone, no composition"
	req "$jw" "$2" acme.test /portal/bookings
	check_contains "$HTTP_BODY" "data-formula=\"$PAY\">\$960.00" "$1: the list shows it instead of the total"
	req "$jw" "$2" acme.test /portal/statements
	check_contains "$(srow)" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" \
		"$1: the statements list shows its value"
	req "$jw" "$2" acme.test "/portal/reports?year=2027"
	check_contains "$(rrow)" "<td class=\"formula\" data-formula=\"$PAY\">\$960.00</td>" \
		"$1: the reports show its value"
}
stack_each_server through

# --- A formula shown instead of the total is not deleted. ---
csrf_post "$js" /staff/formulas /staff/formulas/delete --data-urlencode "formula=$PAY" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 409 "deleting a formula a group shows instead of the total is 409"
check_contains "$HTTP_BODY" "instead of the total price" "...saying why"
check_eq "$(fid 'Owner payout')" "$PAY" "...and it stays"
sql "UPDATE permission_groups SET instead_formula_id = NULL WHERE id = $MONEY"
req "$js" "$P" acme.test /staff/formulas/delete --data-urlencode "formula=$PAY"
check_eq "$HTTP_STATUS" 403 "deleting without the CSRF token is 403"
csrf_post "$js" /staff/formulas /staff/formulas/delete --data-urlencode "formula=$PAY" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "otherwise it is deleted"
check_eq "$(fid 'Owner payout')" "" "...gone"
check_eq "$(sql "SELECT COUNT(*) FROM group_formulas WHERE formula_id = $PAY")" 0 "...and from the groups' lists"
check_match "$(sql "SELECT detail FROM audit_log WHERE action = 'formula.delete'")" "^name=Owner payout" "...audited (formula.delete)"
get "/portal/bookings/$A1"
check_eq "$(frow "$PAY")" "" "Ada's page no longer has it"


# --- What it costs: a money page of a tenant with formulas reads them once more
# than without, unless the worker keeps them at the tenant's rights version
# (fewest_sql: stack.sh; docs/DESIGN.md, "Rights in the worker"). ---
from=$(porchd_req_lines)
csrf_post "$js" /staff/formulas /staff/formulas/new --data-urlencode "name=Costly" \
	--data-urlencode "t0=$TOTAL"
get "/portal/bookings/$A1"
line=$(tail -n "+$((from + 1))" "$T/porchd.log" | grep " path=/portal/bookings/$A1 " | tail -n 1)
check_match "$line" ' rights=(moved|read) .* sql=[4-6]$' \
	"after a formula changed, a booking page reads the rights and the formulas again (the session with the rights, the formulas, the booking with its history; the light session statement first when the worker kept older ones)"
check_eq "$(fewest_sql "/portal/bookings/$A1" "/portal/bookings/$A1")" 1 \
	"...then one: the worker keeps the session, the rights and the formulas (the booking with its notes and history, and the session)"
check_eq "$(fewest_sql /portal/statements /portal/statements)" 1 "...the statements list one"
check_eq "$(fewest_sql /portal/bookings /portal/bookings)" 1 "...the bookings list one"
check_eq "$(fewest_sql /portal/reports "/portal/reports?year=2027")" 2 "...the reports two"
check_eq "$(fewest_sql /portal/calendar "/portal/calendar?property=$PA1&month=2027-03")" 1 "...a page without money one too"
for page in "/portal/bookings/$A1" /portal/bookings /portal/statements; do
	check_match "$(first_sql ada@acme.test "$PW_OWNER" "$page" "$page")" '^[23]$' \
		"a new session's first $page: at most three (the session with the rights, the formulas unless kept, the page)"
done
