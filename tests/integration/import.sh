#!/usr/bin/env bash
# porch — integration test of the CSV import: porchctl import SLUG RESOURCE FILE and
# the staff page /staff/import (admins; through nginx and Apache). Rows become the
# resource's JSON object by the header's names and go through the API's input
# table and change function: a bad row in the middle is reported by its line number
# with the field and reason while the others are imported; references go by
# external id; the same file again changes nothing (no audit entry); a header that
# names no field imports nothing. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

stack_setup --fixture acme
stack_serve --apache
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme desk@acme.test >/dev/null 2>&1

xid_count() { sql "SELECT COUNT(*) FROM $1 WHERE tenant_id = $ACME AND external_id = '$2'"; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME"; }
# customers_csv PREFIX FILE: five rows, the third without a name (line 4), the
# fourth a name over two lines (lines 5-6), which a one-line field refuses.
customers_csv() {
	cat >"$2" <<CSV
external_id,name,email,phone
$1-c1,Ivy Owner,ivy@owner.test,+44 1
$1-c2,"Quill, Jr.",,
$1-c3,,nobody@owner.test,
$1-c4,"Two
Lines",two@owner.test,
$1-c5,Last Owner,last@owner.test,
CSV
}

# --- porchctl import ---
customers_csv cli "$T/customers.csv"
rc=0
out=$(stack_porchctl import acme customers "$T/customers.csv" 2>"$T/err") || rc=$?
check_eq "$rc" 1 "porchctl import exits 1 when a row was refused"
check_contains "$out" "line 2: created cli-c1" "line 2 is created"
check_contains "$out" "line 3: created cli-c2" "line 3 (a quoted comma) is created"
check_contains "$out" "line 4: refused cli-c3: /name: name is required." "line 4 is refused, naming /name"
check_contains "$out" "line 5: refused cli-c4: /name:" "line 5 (a name over two lines) is refused"
check_contains "$out" "line 7: created cli-c5" "line 7, after the bad rows, is created"
check_contains "$(cat "$T/err")" "customers: 3 created, 0 replaced, 0 unchanged, 2 refused" "...and the counts on stderr"
check_eq "$(sql "SELECT name FROM customers WHERE tenant_id = $ACME AND external_id = 'cli-c2'")" "Quill, Jr." "the quoted cell is read whole"
check_eq "$(sql "SELECT IFNULL(email, '-') FROM customers WHERE tenant_id = $ACME AND external_id = 'cli-c2'")" "-" "an empty cell is a field not sent"
check_eq "$(xid_count customers cli-c3)$(xid_count customers cli-c4)" 00 "the refused rows wrote nothing"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'customer.create' AND actor_kind = 'system' AND detail LIKE 'cli-%'")" 3 \
	"each row is audited"
before=$(audits)
rc=0
out=$(stack_porchctl import acme customers "$T/customers.csv" 2>"$T/err") || rc=$?
check_contains "$out" "line 2: unchanged cli-c1" "the same file again: line 2 unchanged"
check_contains "$(cat "$T/err")" "0 created, 0 replaced, 3 unchanged, 2 refused" "...every good row unchanged"
check_eq "$(audits)" "$before" "...and no audit entry"
sed -i 's/Ivy Owner/Ivy Owner-Smith/' "$T/customers.csv"
out=$(stack_porchctl import acme customers "$T/customers.csv" 2>/dev/null) || true
check_contains "$out" "line 2: replaced cli-c1" "a changed row is replaced"

cat >"$T/contacts.csv" <<CSV
name,customer,external_id,role
Kim Clean,cli-c1,cli-k1,cleaner
Kit Nobody,cli-nobody,cli-k2,
CSV
rc=0
out=$(stack_porchctl import acme contacts "$T/contacts.csv" 2>/dev/null) || rc=$?
check_contains "$out" "line 2: created cli-k1" "a contact names its customer by external id, columns in any order"
check_contains "$out" "line 3: refused cli-k2: /customer: There is no customer" "a missing customer is refused at /customer"
check_eq "$(sql "SELECT c.external_id FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.external_id = 'cli-k1'")" cli-c1 \
	"...attached to that customer"

printf 'external_id,nmae\ncli-x1,X\n' >"$T/bad.csv"
rc=0
stack_porchctl import acme customers "$T/bad.csv" >/dev/null 2>"$T/err" || rc=$?
check_eq "$rc" 1 "a header naming an unknown column fails"
check_contains "$(cat "$T/err")" 'Column "nmae" is not a field of customers. Nothing was imported.' "...naming the column"
check_eq "$(xid_count customers cli-x1)" 0 "...and nothing is imported"
rc=0
stack_porchctl import acme widgets "$T/bad.csv" >/dev/null 2>"$T/err" || rc=$?
check_eq "$rc" 2 "an unknown resource is a usage error"
check_contains "$(cat "$T/err")" "not one of: customers contacts" "...naming the resources"
rc=0
stack_porchctl import nosuch customers "$T/customers.csv" >/dev/null 2>&1 || rc=$?
check_eq "$rc" 1 "an unknown tenant fails"

# --- the staff page ---
J=$(jar admin)
staff_signs_in "$J"
req "$J" "$P" acme.test /staff/import
check_eq "$HTTP_STATUS" 200 "an admin opens /staff/import"
check_contains "$HTTP_BODY" '<textarea id="csv" name="csv"' "...a form with the CSV text"
CUST=$(printf '%s' "$HTTP_BODY" | grep -o '<option value="[0-9]*"[^>]*>customers<' | grep -o '[0-9]\+' | head -n 1)
tidy_ok "the import page is valid HTML"

check_page() {
	local s=$1 port=$2 before
	customers_csv "$s" "$T/page.csv"
	csrf_post_at "$J" "$port" acme.test /staff/import /staff/import \
		--data-urlencode "resource=$CUST" --data-urlencode "csv@$T/page.csv"
	check_eq "$HTTP_STATUS" 200 "$s: the import is answered with its report"
	check_contains "$HTTP_BODY" "customers: 3 created, 0 replaced, 0 unchanged, 2 refused." "$s: ...its counts"
	check_contains "$HTTP_BODY" "<tr><td>4</td><td>$s-c3</td><td>refused</td><td>/name</td><td>name is required.</td></tr>" \
		"$s: ...line 4 refused with its field and reason"
	check_contains "$HTTP_BODY" "<tr><td>7</td><td>$s-c5</td><td>created</td>" "$s: ...line 7 created"
	check_eq "$(xid_count customers "$s-c1")$(xid_count customers "$s-c3")$(xid_count customers "$s-c5")" 101 \
		"$s: the good rows are in, the bad one is not"
	check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'customer.create' AND actor_kind = 'staff' AND detail = '$s-c1'")" 1 \
		"$s: ...audited as the staff member's"
	before=$(audits)
	csrf_post_at "$J" "$port" acme.test /staff/import /staff/import \
		--data-urlencode "resource=$CUST" --data-urlencode "csv@$T/page.csv"
	check_contains "$HTTP_BODY" "0 created, 0 replaced, 3 unchanged, 2 refused." "$s: the same text again changes nothing"
	check_eq "$(audits)" "$before" "$s: ...and writes no audit entry"
	csrf_post_at "$J" "$port" acme.test /staff/import /staff/import \
		--data-urlencode "resource=$CUST" --data-urlencode "csv=external_id,nmae"
	check_eq "$HTTP_STATUS" 400 "$s: a header naming an unknown column is 400"
	check_contains "$HTTP_BODY" "is not a field of customers" "$s: ...saying which"
}
stack_each_server check_page
tidy_ok "the report page is valid HTML"

J2=$(jar desk)
staff_signs_in "$J2" desk@acme.test
csrf_post "$J2" /staff/ /staff/import --data-urlencode "resource=$CUST" \
	--data-urlencode "csv@$T/customers.csv"
check_eq "$HTTP_STATUS" 403 "plain staff may not import"
J3=$(jar none)
rm -f "$J3"
req "$J3" "$P" acme.test /staff/import
check_eq "$HTTP_STATUS" 303 "without a session /staff/import goes to sign-in"
