#!/usr/bin/env bash
# porch — integration test of local formats, through nginx and Apache: an admin
# sets the tenant's time zone and number format on /staff/brand (admins only,
# CSRF, audited as tenant.local); a bad zone or format is a 400 that says why,
# with nothing saved; money on a statement's page, its PDF and the statements
# list is written with the currency's symbol in the chosen format, and nights and
# occupancy on the dashboard and the reports (tables and charts) with its
# decimal mark; times on the
# sessions list and the audit log are shown in the tenant's zone with its
# abbreviation (summer and winter time told apart), in UTC before; a portal user
# or a staff member chooses a zone of their own on /account (audited as
# account.time_zone), which wins over the tenant's for them alone; another
# tenant keeps its own. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

# Every request reads its tenant afresh, so a change shows in every worker at once.
export PORCH_TENANT_CACHE_SECONDS=0
stack_setup --fixture acme --fixture beta
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test >/dev/null
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user beta 'Ada Owner' ada@beta.test "$PW_OWNER" 2>/dev/null || true
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	SELECT id, 'Money', 'calendar.view,statements.view,reports.view', 'all' FROM tenants
	WHERE slug IN ('acme', 'beta')"
stack_grant acme ada@acme.test Money 'customer:Ada Owner'
A1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Beach House'")
ADA_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $A1")
stack_serve --apache

NB=$'\xc2\xa0'	# the no-break space between a figure and its symbol
tz() { sql "SELECT CONCAT(time_zone, ' ', number_format) FROM tenants WHERE id = $ACME"; }
user_tz() { sql "SELECT COALESCE(time_zone, '-') FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'"; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = '$1'"; }
# A session's sign-in at a known moment: 16:18 UTC on 1 December 2026 (winter).
fix_sessions() {
	sql "UPDATE sessions SET created_at = '2026-12-01 16:18:00' WHERE tenant_id = $ACME"
}

js=$(jar staff)
jo=$(jar owner)
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "the admin signs in"
owner_signs_in "$jo" ada@acme.test
check_eq "$HTTP_STATUS" 303 "Ada signs in"
fix_sessions

# --- Before: UTC, and the currency's symbol in the default format. ---
req "$jo" "$P" acme.test "/portal/statements/$ADA_ST"
check_eq "$HTTP_STATUS" 200 "Ada's statement opens"
check_contains "$HTTP_BODY" '<td>$1,230.00' "by default money has its symbol before it: \$1,230.00"
check_not_contains "$HTTP_BODY" '1,230.00 USD' "...no longer the code after it"
# report_row: the Beach House's row of March 2027 on the reports page.
report_row() {
	printf '%s' "$HTTP_BODY" | awk -v p="data-property=\"$A1\"" -v m='data-month="2027-03"' '
		index($0, p) { on = 1 } on && index($0, m) { print; exit }'
}
req "$jo" "$P" acme.test '/portal/reports?year=2027'
check_contains "$(report_row)" '<td class="nights">5</td><td class="occupancy">16.1%</td>' \
	"the reports write occupancy with a decimal point by default: 16.1%"
req "$jo" "$P" acme.test /portal
check_match "$(printf '%s\n' "$HTTP_BODY" | grep 'data-figure="occupancy-year"')" '<strong class="value">[0-9]+\.[0-9]%</strong>' \
	"...as does the dashboard"
req "$jo" "$P" acme.test /account
check_contains "$HTTP_BODY" '<time datetime="2026-12-01T16:18Z">Tue 1 Dec 2026 16:18 UTC</time>' \
	"the sessions list shows the sign-in in UTC, named so"
check_not_contains "$HTTP_BODY" '(UTC)</th>' "...and no heading says UTC any more"

# --- The settings: admins only, CSRF. ---
req "$js" "$P" acme.test /staff/brand
check_eq "$HTTP_STATUS" 200 "the brand page opens"
check_contains "$HTTP_BODY" 'action="/staff/brand/local"' "...with the form of time zone and numbers"
check_contains "$HTTP_BODY" 'name="time_zone" type="text" maxlength="63" autocomplete="off" spellcheck="false" value="UTC"' \
	"...the time zone UTC"
check_contains "$HTTP_BODY" '<option value="comma-dot" selected>1,234.56 (€1,234.56)</option>' \
	"...the default number format chosen, with a sample"
check_contains "$HTTP_BODY" "<option value=\"space-comma\">1 234,56 (1${NB}234,56${NB}€)</option>" \
	"...and the others offered"
tidy_ok "the brand page is valid HTML"

jc=$(jar clerk)
staff_signs_in "$jc" clerk@acme.test
csrf_post "$jc" /staff/customers /staff/brand/local --data-urlencode time_zone=Europe/Berlin \
	--data-urlencode number_format=dot-comma
check_eq "$HTTP_STATUS" 403 "a staff member who is no admin may not set them"
csrf_post "$jo" /account /staff/brand/local --data-urlencode time_zone=Europe/Berlin \
	--data-urlencode number_format=dot-comma
check_match "$HTTP_STATUS" '^(303|403)$' "nor may a portal user"
req "$js" "$P" acme.test /staff/brand/local --data-urlencode time_zone=Europe/Berlin \
	--data-urlencode number_format=dot-comma
check_eq "$HTTP_STATUS" 403 "a post without the CSRF token is refused"
check_eq "$(tz)" "UTC comma-dot" "...and none of them changed anything"

# --- Bad input: a clear 400, nothing saved. ---
bad_zone() { # SERVER PORT ZONE WHY
	csrf_post_at "$js" "$2" acme.test /staff/brand /staff/brand/local \
		--data-urlencode "time_zone=$3" --data-urlencode number_format=dot-comma
	check_eq "$HTTP_STATUS" 400 "$1: the zone \"$3\" is refused with a 400"
	check_contains "$HTTP_BODY" "$4" "$1: ...saying why"
	check_eq "$(tz)" "UTC comma-dot" "$1: ...and nothing was saved"
}
bad_zone nginx "$P" Mars/Olympus 'Time zone not saved: There is no such time zone'
bad_zone apache "$APACHE_PORT" Europe/Berlinn 'There is no such time zone'
bad_zone nginx "$P" ../../../etc/passwd 'A time zone is named like Europe/Berlin'
bad_zone apache "$APACHE_PORT" right/Europe/Berlin 'A time zone is named like Europe/Berlin'
bad_zone nginx "$P" 'CET-1CEST,M3.5.0' 'letters, digits and / _ + - only'
bad_zone nginx "$P" '' 'Time zone not saved'
check_contains "$HTTP_BODY" 'value="UTC"' "...the form shows the zone still set"
csrf_post "$js" /staff/brand /staff/brand/local --data-urlencode time_zone=Europe/Berlin \
	--data-urlencode 'number_format=1.234,56'
check_eq "$HTTP_STATUS" 400 "a number format not listed is refused"
check_contains "$HTTP_BODY" "Number format not saved" "...saying so"
check_eq "$(tz)" "UTC comma-dot" "...and the zone sent with it is not saved either"
check_eq "$(audits tenant.local)" 0 "no refusal was audited"

# --- Set: Europe/Berlin and 1.234,56. ---
csrf_post "$js" /staff/brand /staff/brand/local --data-urlencode time_zone=Europe/Berlin \
	--data-urlencode number_format=dot-comma
check_eq "$HTTP_STATUS" 303 "the admin sets Europe/Berlin and 1.234,56"
check_eq "$(http_header Location)" "/staff/brand?done=local#local" "...back to the page, with a notice"
check_eq "$(tz)" "Europe/Berlin dot-comma" "...saved"
check_eq "$(audits tenant.local)" 1 "...audited as tenant.local"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'tenant.local'")" \
	"time_zone,number_format" "...naming what changed"
csrf_post "$js" /staff/brand /staff/brand/local --data-urlencode time_zone=Europe/Berlin \
	--data-urlencode number_format=dot-comma
check_eq "$(http_header Location)" "/staff/brand?done=same#local" "the same again changes nothing"
check_eq "$(audits tenant.local)" 1 "...and is not audited"
req "$js" "$P" acme.test /staff/brand
check_contains "$HTTP_BODY" 'value="Europe/Berlin"' "the page shows the zone now set"
check_contains "$HTTP_BODY" '<option value="dot-comma" selected>' "...and the format"
# The audit line at a summer moment: shown in summer time.
sql "UPDATE audit_log SET at = '2026-07-01 10:00:00' WHERE action = 'tenant.local'"

each() { # SERVER PORT
	req "$jo" "$2" acme.test "/portal/statements/$ADA_ST"
	check_contains "$HTTP_BODY" "<td>1.230,00${NB}\$" "$1: the statement's total price is 1.230,00 \$"
	check_contains "$HTTP_BODY" "<td>830,00${NB}\$" "$1: ...its owner revenue 830,00 \$"
	check_not_contains "$HTTP_BODY" '1,230.00' "$1: ...the old format nowhere"
	req "$jo" "$2" acme.test /portal/statements
	check_contains "$HTTP_BODY" "class=\"fin-total_price\">1.230,00${NB}\$<" "$1: the statements list too"
	req "$jo" "$2" acme.test '/portal/reports?year=2027'
	check_contains "$(report_row)" '<td class="nights">5</td><td class="occupancy">16,1%</td>' \
		"$1: the reports' occupancy has the format's decimal comma: 16,1%"
	check_contains "$HTTP_BODY" '<title>March 2027: 16,1%</title>' "$1: ...in the occupancy chart too"
	check_not_match "$HTTP_BODY" '>[0-9]+\.[0-9]%<' "$1: ...and no figure with a decimal point"
	req "$jo" "$2" acme.test /portal
	check_match "$(printf '%s\n' "$HTTP_BODY" | grep 'data-figure="occupancy-year"')" '<strong class="value">[0-9]+,[0-9]%</strong>' \
		"$1: the dashboard's occupancy too"
	req "$jo" "$2" acme.test /account
	check_contains "$HTTP_BODY" '<time datetime="2026-12-01T16:18Z">Tue 1 Dec 2026 17:18 CET</time>' \
		"$1: Ada's sessions list shows her sign-in at 17:18 CET"
	req "$js" "$2" acme.test /staff/audit
	check_contains "$HTTP_BODY" '<time datetime="2026-07-01T10:00:00Z">Wed 1 Jul 2026 12:00:00 CEST</time>' \
		"$1: the audit log shows a summer moment in CEST"
	req "$js" "$2" acme.test /account
	check_contains "$HTTP_BODY" 'Tue 1 Dec 2026 17:18 CET' "$1: the admin's own sessions list is in CET"
}
stack_each_server each

if command -v pdftotext >/dev/null; then
	req "$jo" "$P" acme.test "/portal/statements/$ADA_ST.pdf"
	check_eq "$HTTP_STATUS" 200 "the statement's PDF is made"
	cp "$T/http.body" "$T/st.pdf"
	check_contains "$(pdftotext -layout "$T/st.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g' | tr -s ' ')" \
		'Total price 1.230,00 $' "...with its money in the tenant's format"
else
	t_ok "the statement's PDF # SKIP pdftotext not installed"
	t_ok "...its money # SKIP pdftotext not installed"
fi

# --- A user's own zone. ---
csrf_post "$jo" /account /account/zone --data-urlencode time_zone=Europe/Nowhere
check_eq "$HTTP_STATUS" 400 "a user's bad zone is refused with a 400"
check_contains "$HTTP_BODY" "Time zone not saved: There is no such time zone" "...saying why"
check_contains "$HTTP_BODY" 'value="Europe/Nowhere"' "...the form keeps what was typed"
check_eq "$(user_tz)" - "...and nothing was saved"
csrf_post "$jo" /account /account/zone --data-urlencode time_zone=America/New_York
check_eq "$HTTP_STATUS" 303 "Ada chooses America/New_York"
check_eq "$(user_tz)" America/New_York "...saved"
check_eq "$(audits account.time_zone)" 1 "...audited as account.time_zone"
own() { # SERVER PORT
	req "$jo" "$2" acme.test '/account?zone=1'
	check_contains "$HTTP_BODY" "Your time zone was saved." "$1: the account page says so"
	check_contains "$HTTP_BODY" '<time datetime="2026-12-01T16:18Z">Tue 1 Dec 2026 11:18 EST</time>' \
		"$1: Ada's own zone wins over the tenant's: 11:18 EST"
	check_contains "$HTTP_BODY" "Leave it empty for the office's: Europe/Berlin." \
		"$1: ...the hint names the office's zone"
	req "$js" "$2" acme.test /account
	check_contains "$HTTP_BODY" 'Tue 1 Dec 2026 17:18 CET' "$1: the admin still sees CET"
}
stack_each_server own
csrf_post "$js" /account /account/zone --data-urlencode time_zone=Asia/Kolkata
check_eq "$HTTP_STATUS" 303 "a staff member chooses a zone of their own too"
req "$js" "$P" acme.test /account
check_contains "$HTTP_BODY" 'Tue 1 Dec 2026 21:48 IST' "...and sees their sessions in it"
csrf_post "$jo" /account /account/zone --data-urlencode time_zone=
check_eq "$HTTP_STATUS" 303 "Ada empties her zone"
check_eq "$(user_tz)" - "...stored as none"
req "$jo" "$P" acme.test /account
check_contains "$HTTP_BODY" 'Tue 1 Dec 2026 17:18 CET' "...and sees the office's zone again"
tidy_ok "the account page is valid HTML"

# --- Another tenant keeps its own. ---
check_eq "$(sql "SELECT CONCAT(time_zone, ' ', number_format) FROM tenants WHERE id = $BETA")" \
	"UTC comma-dot" "the other tenant's formats did not change"
jb=$(jar beta)
rm -f "$jb"
sign_in "$jb" "$P" beta.test /staff/login office@beta.test "$PW_STAFF"
sql "UPDATE sessions SET created_at = '2026-12-01 16:18:00' WHERE tenant_id = $BETA"
req "$jb" "$P" beta.test /account
check_contains "$HTTP_BODY" 'Tue 1 Dec 2026 16:18 UTC' "...its staff see UTC"


