#!/usr/bin/env bash
# porch — integration test of money formulas (docs/DESIGN.md "Formulas") through
# nginx, key cases through Apache: the staff page /staff/formulas (create, edit,
# delete, bad input, another tenant's formula, CSRF, the audit log, plain staff
# read-only); groups and a user's own setting listing formulas; a formula's value
# in integer cents (negative too) on the booking page, the bookings list and CSV
# and the statement page; its terms only for who may see every field of it; a
# value that would give a hidden field away withheld; "instead of the total
# price"; portal admins seeing everything with no setting to edit. TAP.
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
	VALUES ($ACME, 'Money', 'calendar.view,statements.view,export.csv')"
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
check_contains "$HTTP_BODY" "total_price is there twice" "...naming the field"
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
csrf_post "$js" /staff/formulas /staff/formulas/delete --data-urlencode "formula=$BF"
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
