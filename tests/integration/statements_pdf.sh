#!/usr/bin/env bash
# porch — integration test of owner statements as owners expect them, through nginx
# and Apache: the page titled by its period ("March 2027") with lines linked to
# their bookings only where the viewer may open them; the same statement as a PDF
# (/portal/statements/ID.pdf) read back by a real PDF reader (pdftotext, pdfinfo):
# the period's title and exactly the lines and figures of the page, none that the
# viewer's money rights hide, a long table over several pages with its head
# repeated; the PDF's headers (type, file name by period, private caching with a
# 304 for an unchanged ETag), its audit entry, the one 404 for another customer's
# or tenant's statement; and the mail about a new statement, which a portal user
# turns off and on again on /account. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq pdftotext pdfinfo

stack_setup --smtp --fixture acme --fixture beta
KEY=$(stack_porchctl apikey add acme "Sync" 2>/dev/null)

cust() { sql "SELECT id FROM customers WHERE tenant_id = $1 AND name = '$2'"; }
prop() { sql "SELECT id FROM properties WHERE tenant_id = $1 AND name = '$2'"; }
ADA=$(cust "$ACME" 'Ada Owner')
A1=$(prop "$ACME" 'Ada Beach House')
B1=$(prop "$ACME" 'Bo Loft')
ADA_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $A1")
BO_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND property_id = $B1")
BETA_ST=$(sql "SELECT MIN(id) FROM statements WHERE tenant_id = $BETA")
A2=$(prop "$ACME" 'Ada Cabin')
A1_1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A1-1'")
A2_1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A2-1'")
# A line of the Beach House's statement about a stay in the Cabin.
sql "INSERT INTO statement_lines (tenant_id, statement_id, booking_id, line_order, description)
	VALUES ($ACME, $ADA_ST, $A2_1, 3, 'Cabin stay A2-1')"
sql "UPDATE customers SET external_id = 'c-ada' WHERE id = $ADA;
     UPDATE properties SET external_id = 'p-beach' WHERE id = $A1"

# Portal users of Ada: owner sees bookings, statements and all money; nomoney the
# statements without any money; nocal the statements with money but not the
# calendar (so no booking page to link to).
for u in owner nomoney nocal; do
	stack_portal_user acme 'Ada Owner' "$u@ada.test" "$PW_OWNER"
done
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level) VALUES
	($ACME, 'Owner', 'calendar.view,statements.view', 'all'),
	($ACME, 'No money', 'calendar.view,statements.view', 'none'),
	($ACME, 'No calendar', 'statements.view', 'all')"
stack_grant acme owner@ada.test Owner 'customer:Ada Owner'
stack_grant acme nomoney@ada.test 'No money' 'customer:Ada Owner'
stack_grant acme nocal@ada.test 'No calendar' 'customer:Ada Owner'

# A long statement (October 2026, 150 lines), to go over several pages.
sql "INSERT INTO statements (tenant_id, customer_id, property_id, period_start, period_end,
	owner_revenue_cents, total_price_cents, payout_cents)
	VALUES ($ACME, $ADA, $A1, '2026-10-01', '2026-10-31', 1500000, 3000000, 1500000)"
LONG_ST=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND period_start = '2026-10-01'")
sql "INSERT INTO statement_lines (tenant_id, statement_id, line_order, description,
	total_price_cents, owner_revenue_cents, payout_cents)
	WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 150)
	SELECT $ACME, $LONG_ST, i, CONCAT('Stay ', LPAD(i, 3, '0'), ' of the long month'),
	  20000 + i, 10000 + i, 10000 + i FROM n"

stack_serve --apache
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1' ${2:+AND $2}"; }
# The error page without its request id, to compare two 404s.
norm() { printf '%s' "$HTTP_BODY" | sed 's#<code>[^<]*</code>##'; }
# pdf_text: the text of the PDF last fetched (pdftotext, layout kept).
pdf_text() { pdftotext -layout "$T/got.pdf" - 2>/dev/null || true; }
# fetch JAR PORT PATH [CURL ARGS]: req on acme.test, the raw body kept in $T/got.pdf.
fetch() {
	req "$1" "$2" acme.test "$3" "${@:4}"
	if [ -f "$T/http.body" ]; then cp "$T/http.body" "$T/got.pdf"; else : >"$T/got.pdf"; fi
}
# money: the figures in stdin ("$1,230.00"), sorted, one a line.
money() { grep -o '\$[0-9][0-9,]*\.[0-9][0-9]' | sort | uniq -c | sed 's/^ *//'; }
jo=$(jar owner)
owner_signs_in "$jo" owner@ada.test
check_eq "$HTTP_STATUS" 303 "the owner signs in"
jn=$(jar nomoney)
owner_signs_in "$jn" nomoney@ada.test
jc=$(jar nocal)
owner_signs_in "$jc" nocal@ada.test

req "$jo" "$P" acme.test /portal/statements/99999999
NOTFOUND=$(norm)

# --- The page: titled by period, lines linked to their bookings. ---
req "$jo" "$P" acme.test /portal/statements
check_contains "$HTTP_BODY" "<a href=\"/portal/statements/$ADA_ST\">March 2027</a>" \
	"the list names each statement by its period"
check_contains "$HTTP_BODY" "<a href=\"/portal/statements/$LONG_ST\">October 2026</a>" \
	"...October 2026 too"
req "$jo" "$P" acme.test "/portal/statements/$ADA_ST"
check_eq "$HTTP_STATUS" 200 "the statement page opens"
check_contains "$HTTP_BODY" '<h1>Statement for <span class="period">March 2027</span></h1>' \
	"...titled by its period"
check_contains "$HTTP_BODY" "Mon 1 Mar 2027 to Wed 31 Mar 2027" "...with its first and last day"
check_contains "$HTTP_BODY" "<td><a href=\"/portal/bookings/$A1_1\">Booking A1-1</a></td>" \
	"...its booking line linked to the booking"
check_contains "$HTTP_BODY" "<td>Linen service</td>" "...a line without a booking not linked"
check_contains "$HTTP_BODY" "href=\"/portal/statements/$ADA_ST.pdf\" download" "...and a link to its PDF"
tidy_ok "the statement page passes tidy"
PAGE=$HTTP_BODY
req "$jo" "$P" acme.test "/portal/bookings/$A1_1"
check_eq "$HTTP_STATUS" 200 "...the linked booking opens for the owner"
req "$jc" "$P" acme.test "/portal/statements/$ADA_ST"
check_contains "$HTTP_BODY" "<td>Booking A1-1</td>" "without calendar.view: the line is not linked"
check_not_contains "$HTTP_BODY" "/portal/bookings/" "...no booking link at all"
check_contains "$PAGE" "<td><a href=\"/portal/bookings/$A2_1\">Cabin stay A2-1</a></td>" \
	"...a line about another property's booking linked too"
sql "UPDATE properties SET archived_at = UTC_TIMESTAMP() WHERE id = $A2"
req "$jo" "$P" acme.test "/portal/statements/$ADA_ST"
check_contains "$HTTP_BODY" "<td>Cabin stay A2-1</td>" "once that property is archived, its booking's page is gone: not linked"
req "$jo" "$P" acme.test "/portal/bookings/$A2_1"
check_eq "$HTTP_STATUS" 404 "...(the booking page is the 404)"
sql "UPDATE properties SET archived_at = NULL WHERE id = $A2"

# --- The PDF, through each web server. ---
check_pdf() {
	local s=$1 port=$2 text etag before
	before=$(audits export.statement_pdf)
	fetch "$jo" "$port" "/portal/statements/$ADA_ST.pdf"
	check_eq "$HTTP_STATUS" 200 "$s: the statement's PDF downloads"
	check_eq "$(http_header Content-Type)" application/pdf "$s: ...as application/pdf"
	check_contains "$(http_header Content-Disposition)" 'attachment; filename="statement-2027-03.pdf"' \
		"$s: ...as an attachment named by its period"
	check_eq "$(http_header Cache-Control)" "no-store" \
		"$s: ...kept by no cache, the browser's included"
	check_eq "$(head -c 5 "$T/got.pdf")" "%PDF-" "$s: ...a PDF file"
	check_match "$(pdfinfo "$T/got.pdf" 2>/dev/null)" 'Title: +Statement for March 2027' \
		"$s: ...titled by its period in its metadata"
	text=$(pdf_text)
	check_contains "$text" "Statement for March 2027" "$s: ...and on its page"
	check_eq "$(printf '%s' "$text" | internal_words)" "" \
		"$s: ...its text names no right or field by its internal name, no fractional second"
	check_contains "$text" "Acme Rentals" "$s: ...naming the tenant"
	check_contains "$text" "Ada Beach House · Ada Owner · Mon 1 Mar 2027 to Wed 31 Mar 2027" "$s: ...the property, customer and days"
	check_contains "$text" "Booking A1-1" "$s: ...the booking line"
	check_contains "$text" "Linen service" "$s: ...the linen line"
	check_eq "$(printf '%s' "$text" | money)" "$(printf '%s' "$PAGE" | money)" \
		"$s: ...every figure of the page, as often as the page shows it, and no other"
	check_eq "$(audits export.statement_pdf "target_id = $ADA_ST")" "$((before + 1))" \
		"$s: the download is audited"
	etag=$(http_header ETag)
	check_match "$etag" '^"[0-9a-f]{32}"$' "$s: ...with an ETag"
	fetch "$jo" "$port" "/portal/statements/$ADA_ST.pdf" -H "If-None-Match: $etag"
	check_eq "$HTTP_STATUS|$(wc -c <"$T/got.pdf")" "304|0" "$s: the same ETag again: 304, no body"
	check_eq "$(audits export.statement_pdf "target_id = $ADA_ST")" "$((before + 1))" \
		"$s: ...and no second audit entry"
	fetch "$jn" "$port" "/portal/statements/$ADA_ST.pdf" -H "If-None-Match: $etag"
	check_eq "$HTTP_STATUS" 200 "$s: another viewer's rights, another PDF: that ETag is not fresh for them"
	check_not_match "$(pdf_text)" '\$[0-9]' "$s: no money right: no figure in the PDF"
	check_contains "$(pdf_text)" "Booking A1-1" "$s: ...but its lines"
	fetch "$jo" "$port" "/portal/statements/$BO_ST.pdf"
	check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "$s: another customer's statement PDF is the 404 of an unknown id"
	check_eq "$(http_header Cache-Control)" "no-store" "$s: ...not kept"
	fetch "$jo" "$port" "/portal/statements/$BETA_ST.pdf"
	check_eq "$HTTP_STATUS $(norm)" "404 $NOTFOUND" "$s: another tenant's statement PDF: the same 404"
	for bad in "$ADA_ST.pdf/x" "x$ADA_ST.pdf" "$ADA_ST.PDF" ".pdf" "$ADA_ST.pdf.pdf"; do
		fetch "$jo" "$port" "/portal/statements/$bad"
		check_eq "$HTTP_STATUS" 404 "$s: /portal/statements/$bad is the 404"
	done
	fetch "$(fresh_jar nobody)" "$port" "/portal/statements/$ADA_ST.pdf"
	check_eq "$HTTP_STATUS|$(http_header Location)" "303|/login" "$s: signed out: to the sign-in page"
}
stack_each_server check_pdf

# --- The money rules: what the page hides, the PDF hides. ---
req "$jn" "$P" acme.test "/portal/statements/$ADA_ST"
check_not_match "$HTTP_BODY" '\$[0-9]' "no money right: no figure on the page"
fetch "$jn" "$P" "/portal/statements/$ADA_ST.pdf"
check_not_match "$(pdf_text)" '\$[0-9]' "...nor in the PDF"
check_not_contains "$(pdf_text)" "Total price" "...nor a money column's head"
sql "UPDATE permission_groups SET financial_level = 'all', field_filter = 'except',
	field_list = 'total_price' WHERE tenant_id = $ACME AND name = 'No money'"
req "$jn" "$P" acme.test "/portal/statements/$ADA_ST"
P2=$HTTP_BODY
check_not_contains "$P2" "1,230.00" "total price hidden: not on the page"
check_contains "$P2" "\$830.00" "...the owner revenue is"
fetch "$jn" "$P" "/portal/statements/$ADA_ST.pdf"
check_not_contains "$(pdf_text)" "1,230.00" "...nor in the PDF"
check_eq "$(pdf_text | money)" "$(printf '%s' "$P2" | money)" "...which has the page's figures exactly"

# --- A long statement: page after page, the head row on each. ---
req "$jo" "$P" acme.test "/portal/statements/$LONG_ST"
LONG_PAGE=$HTTP_BODY
fetch "$jo" "$P" "/portal/statements/$LONG_ST.pdf"
check_contains "$(http_header Content-Disposition)" 'filename="statement-2026-10.pdf"' "October 2026: statement-2026-10.pdf"
pages=$(pdfinfo "$T/got.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check_match "$pages" '^([3-9]|[1-9][0-9])$' "150 lines take several pages ($pages)"
heads=0
for i in $(seq 1 "${pages:-0}"); do
	t=$(pdftotext -layout -f "$i" -l "$i" "$T/got.pdf" - 2>/dev/null || true)
	case $t in
	*Description*"Owner revenue"*) heads=$((heads + 1)) ;;
	esac
done
check_eq "$heads" "$pages" "...each with the table's head row"
check_eq "$(pdf_text | grep -o 'Stay [0-9]* of the long month' | tr '\n' ' ')" \
	"$(printf '%s' "$LONG_PAGE" | grep -o 'Stay [0-9]* of the long month' | tr '\n' ' ')" \
	"...every line of the page, in its order"
check_eq "$(pdf_text | money)" "$(printf '%s' "$LONG_PAGE" | money)" "...and every figure"
check_contains "$(pdftotext -f "$pages" -l "$pages" "$T/got.pdf" - 2>/dev/null)" \
	"Statement for October 2026 · page $pages" "...each page's footer names the statement and the page"

# --- The mail about a new statement: a choice on /account. ---
req "$jo" "$P" acme.test /account
check_contains "$HTTP_BODY" 'name="mail_statements" value="1" checked> Mail me when a new owner statement is ready' \
	"/account: the statement mail is on by default, said in plain words"
tidy_ok "/account passes tidy"
st_body() { # PERIOD_START PERIOD_END ISSUED
	printf '{"customer": "c-ada", "property": "p-beach", "period_start": "%s", "period_end": "%s", "issued": "%s", "currency": "USD", "total_price_cents": 1000, "lines": [{"description": "Stay", "total_price_cents": 1000}]}' "$1" "$2" "$3"
}
outbox_send
before=$(mails_to owner@ada.test)
csrf_post "$jo" /account /account/mail --data-urlencode mail_documents=1
check_eq "$HTTP_STATUS|$(http_header Location)" "303|/account?mail=1" "the owner turns the statement mail off"
req "$jo" "$P" acme.test /account
check_not_contains "$HTTP_BODY" 'name="mail_statements" value="1" checked' "...and /account shows it off"
api "$P" PUT /api/v1/statements/st-may "$(st_body 2027-05-01 2027-05-31 2027-06-02)"
check_eq "$HTTP_STATUS" 201 "a new statement arrives by the API" || tap_diag "$HTTP_BODY"
outbox_send
check_eq "$(mails_to owner@ada.test)" "$before" "...and the owner who turned it off gets no mail"
csrf_post "$jo" /account /account/mail --data-urlencode mail_statements=1 \
	--data-urlencode mail_documents=1
api "$P" PUT /api/v1/statements/st-june "$(st_body 2027-06-01 2027-06-30 2027-07-02)"
JUNE=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND external_id = 'st-june'")
outbox_send
check_eq "$(mails_to owner@ada.test)" "$((before + 1))" "turned on again: the next statement is mailed"
check_eq "$(mail_part "$(mail_file_to owner@ada.test)" subject)" \
	"New owner statement: June 2027" "...its subject naming the period"
check_contains "$(mail_body_to owner@ada.test)" "/portal/statements/$JUNE.pdf" "...with a link to its PDF"
check_eq "$(mail_body_to owner@ada.test | internal_words)" "" \
	"...its text names no right or field by its internal name, no fractional second"
check_eq "$(mail_html_to owner@ada.test | internal_words)" "" "...nor does its HTML part"
check_contains "$(mail_html_to owner@ada.test)" "June 2027" "...which is read (the check saw its words)"
