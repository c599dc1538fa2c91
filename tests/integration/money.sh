#!/usr/bin/env bash
# porch — integration test of the arithmetic rule of financial filters through
# nginx: a figure hidden by a group or a user's own setting cannot be worked out
# from the figures shown (sums and differences of the price model, payout being
# the owner revenue), on the booking page, the bookings list, the bookings and
# statements CSV, the statement page and the reports; and staff are told, on the
# groups pages, the portal user's page and Explain, which extra fields a setting
# hides because of it. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl python3

stack_setup --fixture acme

A1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A1-1'")
PA1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Beach House'")
ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $PA1")

stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
sql "INSERT INTO permission_groups (tenant_id, name, permissions)
	VALUES ($ACME, 'Money', 'calendar.view,statements.view,reports.view,export.csv')"
MONEY=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Money'")
stack_grant acme ada@acme.test Money 'property:Ada Beach House'
# fin LEVEL FILTER [FIELDS]: the Money group's financial setting.
fin() { sql "UPDATE permission_groups SET financial_level = '$1', field_filter = '$2', field_list = '${3:-}' WHERE id = $MONEY"; }

stack_serve
J=$(fresh_jar ada)
get() { req "$J" "$P" acme.test "$1"; }
sign_in "$J" "$P" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in"

# A1-1, and its statement, as the fixture has them (cents): base rate 100000,
# cleaning fee 15000, taxes 8000, commission 12000, management fee 20000; total
# price 123000 = the first three; owner revenue 83000 = total - commission -
# management fee - taxes; payout 83000.
TOTAL=1230.00; OWNER=830.00; BASE=1000.00

# derivable FILE HIDDEN...: which of the HIDDEN amounts (1234.56) can be had from
# the money in FILE (an HTML page: "$1,234.56"; a CSV: plain cells of money
# columns) by adding and subtracting figures shown, each at most once, or reading
# one off; the per-night figures count times the nights (5). Prints them, one a
# line; nothing when none can.
derivable() {
	python3 - "$@" <<-'EOF'
		import csv, itertools, re, sys
		path, hidden = sys.argv[1], [round(float(h) * 100) for h in sys.argv[2:]]
		text = open(path, encoding="utf-8", newline="").read()
		if path.endswith(".csv"):
		    rows = list(csv.reader(text.splitlines()))
		    head = rows[0]
		    skip = {"reference", "property", "start", "end", "nights", "status",
		            "adults", "children", "currency", "period_start", "period_end",
		            "guest_name", "guest_email", "guest_phone"}
		    amounts = [round(float(r[i]) * 100) for r in rows[1:2]
		               for i, h in enumerate(head) if h not in skip]
		else:
		    # per-night figures (a row or a report cell) count times the 5 nights
		    pernight = r'(fin-(?:avg_nightly|revenue_per_night)"[^0-9]*?)(-?)\$([0-9][0-9,]*\.[0-9]{2})'
		    amounts = [int((m[1] + m[2]).replace(",", "").replace(".", "")) * 5
		               for m in re.findall(pernight, text)]
		    text = re.sub(pernight, r"\1", text)
		    amounts += [int((m[0] + m[1]).replace(",", "").replace(".", ""))
		                for m in re.findall(r"(-?)\$([0-9][0-9,]*\.[0-9]{2})", text)]
		amounts = sorted(set(amounts))
		found = set()
		for coef in itertools.product((-1, 0, 1), repeat=len(amounts)):
		    s = sum(c * a for c, a in zip(coef, amounts))
		    if s in hidden:
		        found.add(s)
		for h in sorted(found):
		    print("%d.%02d" % divmod(h, 100))
	EOF
}
# save NAME: the last response body as $T/NAME.
save() { cp "$T/http.body" "$T/$1"; }
# hidden_in NAME MESSAGE HIDDEN...: saves the last body as NAME and checks that
# none of the HIDDEN amounts can be worked out from it.
hidden_in() {
	local name=$1 msg=$2
	shift 2
	save "$name"
	check_eq "$(derivable "$T/$name" "$@")" "" "$msg"
}

# --- The reported case: all except total price and owner revenue. ---
fin all except 'total_price,owner_revenue'
get "/portal/bookings/$A1"
check_eq "$HTTP_STATUS" 200 "the booking page opens"
hidden_in booking.html "booking page: neither hidden figure can be added up from the ones shown" $TOTAL $OWNER
check_not_contains "$HTTP_BODY" "fin-total_price" "...no total price"
check_not_contains "$HTTP_BODY" "fin-owner_revenue" "...no owner revenue"
check_not_contains "$HTTP_BODY" "fin-payout" "...no payout, which is the owner revenue"
check_not_contains "$HTTP_BODY" "fin-base_rate" "...no base rate, with which the rest adds up to the total"
check_not_contains "$HTTP_BODY" "fin-avg_nightly" "...nor the nightly rate it would give back"
check_match "$HTTP_BODY" 'fin-cleaning_fee"><th scope="row">Cleaning fee</th><td>\$150\.00' "...the cleaning fee stays"
check_match "$HTTP_BODY" 'fin-channel_commission"><th scope="row">Channel commission</th><td>\$120\.00' "...so does the commission"
tidy_ok "the booking page passes tidy"
get /portal/bookings
hidden_in list.html "bookings list: no hidden figure can be worked out" $TOTAL $OWNER
check_not_contains "$HTTP_BODY" 'class="fin-total_price"' "...and it has no total column"
get /portal/bookings.csv
save bookings.csv
check_eq "$(head -n 1 "$T/bookings.csv" | tr -d '\r')" \
	"reference,property,start,end,nights,status,adults,children,cleaning_fee,taxes,channel_commission,management_fee,currency" \
	"bookings CSV: the columns the page shows, no base rate or payout"
hidden_in bookings.csv "...and no hidden figure can be worked out from its row" $TOTAL $OWNER
get /portal/statements.csv
save statements.csv
check_eq "$(head -n 1 "$T/statements.csv" | tr -d '\r')" \
	"period_start,period_end,property,cleaning_fee,taxes,channel_commission,management_fee" \
	"statements CSV: the same columns"
hidden_in statements.csv "...and no hidden figure can be worked out" $TOTAL $OWNER
get "/portal/statements/$ST"
hidden_in statement.html "statement page: no hidden figure can be worked out" $TOTAL $OWNER
get /portal/reports?year=2027
save reports.html
check_not_contains "$HTTP_BODY" "fin-avg_nightly" "reports: no nightly rate (the base rate times the nights)"
check_not_contains "$HTTP_BODY" "fin-" "...and no money column at all"

# --- Payout is the owner revenue: hiding one hides the other. ---
fin all except payout
get "/portal/bookings/$A1"
hidden_in booking.html "payout hidden: the booking page does not give it away" $OWNER
check_not_contains "$HTTP_BODY" "fin-owner_revenue" "...no owner revenue (the same money)"
check_match "$HTTP_BODY" 'fin-total_price total"><th scope="row">Total price</th><td>\$1,230\.00' "...the total price stays"
get /portal/reports?year=2027
check_not_contains "$HTTP_BODY" "fin-owner_revenue" "reports: no owner revenue either"
check_not_contains "$HTTP_BODY" "fin-revenue_per_night" "...nor revenue per night"
check_contains "$HTTP_BODY" '<td class="fin-total_price">$1,230.00</td>' "...the gross stays"
fin all only payout
get "/portal/bookings/$A1"
check_not_contains "$HTTP_BODY" "830.00" "only payout: nothing, for it is the hidden owner revenue"

# --- A total hidden takes a component; a component hidden takes another. ---
fin all except total_price
get "/portal/bookings/$A1"
hidden_in booking.html "total price hidden: it cannot be added up" $TOTAL
check_not_contains "$HTTP_BODY" "fin-taxes" "...the taxes go with it"
check_contains "$HTTP_BODY" "fin-base_rate" "...the base rate stays"
get /portal/bookings.csv
hidden_in bookings.csv "...nor from the CSV" $TOTAL
fin all except base_rate
get "/portal/bookings/$A1"
hidden_in booking.html "base rate hidden: it cannot be worked out" $BASE
get /portal/reports?year=2027
hidden_in reports.html "...nor from the reports" $BASE

# --- Two grants: each sets a safe filter, their union would not be. ---
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level, field_filter, field_list)
	VALUES ($ACME, 'Taxes', 'calendar.view', 'all', 'only', 'taxes')"
fin all only 'base_rate,cleaning_fee'
get "/portal/bookings/$A1"
check_match "$HTTP_BODY" 'fin-base_rate"><th scope="row">Base rate' "one grant showing base rate and cleaning fee: both show"
stack_grant acme ada@acme.test Taxes 'property:Ada Beach House'
get "/portal/bookings/$A1"
hidden_in booking.html "with a second grant showing taxes, the three do not add up to the total" $TOTAL
sql "DELETE FROM access_grants WHERE group_id = (SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Taxes')"

# --- Formulas are sums too: beside the fields shown, none gives a hidden figure
# away (docs/DESIGN.md "Formulas"). ---
sql "INSERT INTO formulas (tenant_id, name) VALUES ($ACME, 'Net of commission'), ($ACME, 'Fees'), ($ACME, 'Guest part')"
fid() { sql "SELECT id FROM formulas WHERE tenant_id = $ACME AND name = '$1'"; }
term() { sql "INSERT INTO formula_terms (tenant_id, formula_id, position, field, sign) VALUES ($ACME, $(fid "$1"), $2, '$3', $4)"; }
term 'Net of commission' 0 total_price 1; term 'Net of commission' 1 channel_commission -1
term Fees 0 cleaning_fee 1; term Fees 1 management_fee 1
term 'Guest part' 0 base_rate 1; term 'Guest part' 1 cleaning_fee 1; term 'Guest part' 2 taxes 1
fin all except 'total_price,owner_revenue'
get "/portal/bookings/$A1"
hidden_in booking.html "formulas beside the fields: no hidden figure can be worked out" $TOTAL $OWNER
check_contains "$HTTP_BODY" "data-formula=\"$(fid Fees)\"" "...a formula over shown fields is shown"
check_not_contains "$HTTP_BODY" "data-formula=\"$(fid 'Guest part')\"" "...one that is the hidden total is not"
check_not_contains "$HTTP_BODY" "data-formula=\"$(fid 'Net of commission')\"" "...nor one that gives it back with the commission"
get /portal/bookings.csv
save bookings.csv
hidden_in bookings.csv "...nor from the CSV with its formula columns" $TOTAL $OWNER
sql "DELETE FROM formulas WHERE tenant_id = $ACME"

# --- A user's own setting follows the same rule. ---
fin all all
sql "UPDATE portal_users SET fin_override_level = 'all', fin_override_filter = 'except',
	fin_override_fields = 'total_price,owner_revenue' WHERE id = $ADA"
get "/portal/bookings/$A1"
hidden_in booking.html "the user's own setting: no hidden figure can be worked out" $TOTAL $OWNER

# --- Staff are told. ---
JS=$(jar staff)
staff_signs_in "$JS"
check_eq "$HTTP_STATUS" 303 "staff sign in"
sget() { req "$JS" "$P" acme.test "$1"; }
sget "/staff/portal-users/$ADA"
check_contains "$HTTP_BODY" "This user&#39;s own setting also hides <span class=\"fin-extra\">base rate, payout</span>" \
	"the user's page: the own setting also hides base rate and payout"
tidy_ok "...the page passes tidy"
sget "/staff/portal-users/$ADA/explain"
check_contains "$HTTP_BODY" '<span class="fin-extra">base rate, payout</span>' "Explain says so too"
check_not_contains "$HTTP_BODY" 'class="fin-base_rate"' "...and lists base rate among the fields not shown"
sql "UPDATE portal_users SET fin_override_level = NULL, fin_override_filter = NULL, fin_override_fields = NULL WHERE id = $ADA"
sget "/staff/portal-users/$ADA"
check_not_contains "$HTTP_BODY" "fin-sealed" "without the setting: no warning"

# Saving a group through its form: the list and the group's page warn.
sget "/staff/groups/edit?group=$MONEY"
TOK=$(csrf_of "$HTTP_BODY")
check_not_contains "$HTTP_BODY" "fin-sealed" "a group showing everything: no warning"
req "$JS" "$P" acme.test /staff/groups/edit --data-urlencode "csrf=$TOK" \
	--data-urlencode "group=$MONEY" --data-urlencode "name=Money" \
	--data-urlencode "perm=calendar.view" --data-urlencode "level=all" \
	--data-urlencode "filter=except" --data-urlencode "field=total_price" \
	--data-urlencode "field=owner_revenue"
check_eq "$HTTP_STATUS" 303 "staff save all except total price and owner revenue"
check_eq "$(sql "SELECT CONCAT(field_filter, '|', field_list) FROM permission_groups WHERE id = $MONEY")" \
	"except|owner_revenue,total_price" "...the group keeps what staff chose"
sget "$(http_header Location)"
check_contains "$HTTP_BODY" "The financial setting of group “Money” also hides <span class=\"fin-extra\">base rate, payout</span>" \
	"the groups list warns that the group also hides base rate and payout"
tidy_ok "...the list passes tidy"
sget "/staff/groups/edit?group=$MONEY"
check_contains "$HTTP_BODY" "This group&#39;s financial setting also hides <span class=\"fin-extra\">base rate, payout</span>" \
	"the group's page warns too"
check_match "$HTTP_BODY" 'name="field" value="total_price" checked' "...and the form keeps what was saved"
tidy_ok "...and passes tidy"
fin owner_revenue all
sget /staff/groups
check_not_contains "$HTTP_BODY" "The financial setting of group “Money”" "a level with nothing to work out: no warning"
