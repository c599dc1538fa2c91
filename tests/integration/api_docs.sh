#!/usr/bin/env bash
# porch — integration test of the tenant API's statements and documents, through
# nginx and Apache: create (201), replace (200; a statement's lines as a whole), the
# same PUT again changing nothing (no write, no audit entry, no mail), read, lists
# paged by a cursor, delete (204) and the customer's 409 naming them; unknown fields
# and wrong types with their pointers, even inside a line; unknown or mismatched
# customer and property (422). A document's file through each web server (larger
# than the /api/ body limit, accepted on the file path alone), its SHA-256 and size;
# 413 past api.upload_limit and past api.body_limit elsewhere; a cut-off upload
# leaves no file and no changed row; the file downloaded through the portal by a
# user who may see it (404 for one who may not); and the mail about a new statement
# or document to exactly the portal users who may see it, none to those who turned
# it off on /account, none for a repeat. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq sha256sum

UPLOAD_LIMIT=12582912
stack_setup --smtp --fixture acme "api = { body_limit = 65536; upload_limit = $UPLOAD_LIMIT; };"
# porchd writes the files the web servers send.
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
stack_serve --apache
KEY=$(stack_porchctl apikey add acme "Sync" 2>/dev/null)

# External ids of the fixture's customers and properties, as a first sync leaves them.
sql "UPDATE customers SET external_id = 'c-ada' WHERE tenant_id = $ACME AND name = 'Ada Owner';
     UPDATE customers SET external_id = 'c-bo' WHERE tenant_id = $ACME AND name = 'Bo Owner';
     UPDATE properties SET external_id = 'p-beach' WHERE tenant_id = $ACME AND name = 'Ada Beach House';
     UPDATE properties SET external_id = 'p-cabin' WHERE tenant_id = $ACME AND name = 'Ada Cabin';
     UPDATE properties SET external_id = 'p-loft' WHERE tenant_id = $ACME AND name = 'Bo Loft'"

# Portal users: full sees Ada's statements and documents; public only public
# documents on the Beach House (and Ada's customer-wide ones); bo only Bo's; quiet
# sees what full sees but turns the mail off on /account.
for u in full public quiet; do
	stack_portal_user acme 'Ada Owner' "$u@owner.test" "$PW_OWNER"
done
stack_portal_user acme 'Bo Owner' bo@owner.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level) VALUES
	($ACME, 'Full', 'calendar.view,statements.view,documents.public,documents.private', 'all'),
	($ACME, 'Public', 'calendar.view,documents.public', 'none')"
stack_grant acme full@owner.test Full 'customer:Ada Owner'
stack_grant acme quiet@owner.test Full 'customer:Ada Owner'
stack_grant acme public@owner.test Public 'property:Ada Beach House'
stack_grant acme bo@owner.test Full 'customer:Bo Owner'

# api and jqb (tests/lib/stack.sh) use KEY.
# upload PORT XID FILE: PUT FILE as the document's file.
upload() {
	http_req "$1" acme.test "/api/v1/documents/$2/file" -X PUT \
		-H "Authorization: Bearer $KEY" -H 'Content-Type: application/octet-stream' \
		--data-binary "@$3"
}
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1' ${2:+AND $2}"; }
# A statement as stored, lines included, for "nothing changed".
st_row() {
	sql "SELECT CONCAT_WS('|', s.id, s.customer_id, IFNULL(s.property_id, '-'), s.period_start,
		s.period_end, s.issued_at, s.currency, s.total_price_cents, s.payout_cents,
		(SELECT GROUP_CONCAT(CONCAT(l.id, ':', l.description, ':', l.total_price_cents)
		 ORDER BY l.line_order) FROM statement_lines l WHERE l.statement_id = s.id))
	     FROM statements s WHERE s.tenant_id = $ACME AND s.external_id = '$1'"
}
doc_row() {
	sql "SELECT CONCAT_WS('|', id, customer_id, IFNULL(property_id, '-'), title, file_name,
		content_type, visibility, storage_path, size_bytes, IFNULL(sha256, '-'))
	     FROM documents WHERE tenant_id = $ACME AND external_id = '$1'"
}
# mailed: the mails sent so far to each user, "full public quiet bo".
mailed() {
	outbox_send
	local u out=""
	for u in full public quiet bo; do
		out="$out$(mails_to "$u@owner.test") "
	done
	printf '%s' "${out% }"
}
# plus BASE A B C D: the counts of BASE (as mailed gives them) plus A B C D.
plus() { printf '%s\n' "$1" | awk -v a="$2" -v b="$3" -v c="$4" -v d="$5" '{print $1+a, $2+b, $3+c, $4+d}'; }
uploads_left() { find "$T/documents" -name '.upload-*' | wc -l; }

# --- /account: quiet turns off mail about new statements and documents ---
j=$(jar quiet)
owner_signs_in "$j" quiet@owner.test
req "$j" "$P" acme.test /account
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c 'name="mail_[a-z]*" value="1" checked')" 2 \
	"/account: both mail check boxes are on by default"
tidy_ok "/account with the mail settings is valid HTML"
csrf_post "$j" /account /account/mail
check_eq "$HTTP_STATUS|$(http_header Location)" "303|/account?mail=1" "/account/mail: saved"
check_eq "$(sql "SELECT CONCAT(mail_statements, mail_documents) FROM portal_users WHERE login = 'quiet@owner.test'")" \
	00 "...both turned off"
check_eq "$(audits account.mail "detail = 'statements=off documents=off'")" 1 "...audited"
req "$j" "$P" acme.test /account
check_eq "$(printf '%s' "$HTTP_BODY" | grep -c 'checked')" 0 "...and shown off"
csrf_post "$j" /account /account/mail --data-urlencode mail_statements=1
check_eq "$(sql "SELECT CONCAT(mail_statements, mail_documents) FROM portal_users WHERE login = 'quiet@owner.test'")" \
	10 "one box on again"
csrf_post "$j" /account /account/mail
check_eq "$(audits account.mail)" 3 "...each change audited"
req "$j" "$P" acme.test /account/mail -X POST --data-urlencode mail_statements=1
check_eq "$HTTP_STATUS" 403 "/account/mail without the CSRF token is 403"

ST_LINES='[{"description": "Booking A1-1", "total_price_cents": 123000, "payout_cents": 83000},
	{"description": "Linen service", "management_fee_cents": 1500}]'
st_body() { # CUSTOMER PROPERTY LINES
	printf '{"customer": "%s", "property": %s, "period_start": "2027-05-01", "period_end": "2027-05-31", "issued": "2027-06-02", "currency": "EUR", "total_price_cents": 123000, "payout_cents": 83000, "lines": %s}' "$1" "$2" "$3"
}

check_statements() {
	local s=$1 port=$2 x=$1-st1 before id m
	m=$(mailed)
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada '"p-beach"' "$ST_LINES")"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new statement is 201"
	check_eq "$(jqb '[.external_id, .customer, .property, .period_start, .period_end, .issued, .currency, (.total_price_cents|tostring), (.lines|length|tostring), .lines[1].description, (.lines[1].management_fee_cents|tostring)] | join("|")')" \
		"$x|c-ada|p-beach|2027-05-01|2027-05-31|2027-06-02|EUR|123000|2|Linen service|1500" \
		"$s: ...answering it with its lines, money in cents"
	id=$(sql "SELECT id FROM statements WHERE tenant_id = $ACME AND external_id = '$x'")
	check_eq "$(audits statement.create "target_id = $id AND actor_kind = 'api_key'")" 1 "$s: ...audited as the key's"
	check_eq "$(mailed)" "$(plus "$m" 1 0 0 0)" "$s: ...mailed to the one user who may see it and wants it"
	check_contains "$(mail_body_to full@owner.test)" "/portal/statements/$id" "$s: ...with its link"
	before=$(st_row "$x")
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada '"p-beach"' "$ST_LINES")"
	check_eq "$HTTP_STATUS" 200 "$s: the same PUT again is 200"
	check_eq "$(st_row "$x")" "$before" "$s: ...the statement and its lines as they were (same line ids)"
	check_eq "$(audits statement.update "target_id = $id")" 0 "$s: ...no audit entry"
	check_eq "$(mailed)" "$(plus "$m" 1 0 0 0)" "$s: ...and no mail"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada null '[{"description": "Owner payout", "payout_cents": 5}]')"
	check_eq "$HTTP_STATUS" 200 "$s: replacing the lines is 200"
	check_eq "$(sql "SELECT GROUP_CONCAT(description) FROM statement_lines WHERE statement_id = $id")" \
		"Owner payout" "$s: ...the lines replaced as a whole"
	check_eq "$(jqb '[(.property|tostring), (.lines|length|tostring)] | join("|")')" "null|1" "$s: ...and the property dropped"
	check_eq "$(audits statement.update "target_id = $id AND detail = 'property,lines'")" 1 "$s: ...audited with what changed"
	check_eq "$(mailed)" "$(plus "$m" 1 0 0 0)" "$s: ...a replaced statement is not new: no mail"
	api "$port" GET /api/v1/statements/$x
	check_eq "$HTTP_STATUS|$(jqb .lines[0].description)" "200|Owner payout" "$s: GET of the statement"

	# the body's errors, with their pointers
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada null '[{"description": "x", "amout": 1}]')"
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "400|unknown_field|/lines/0/amout" \
		"$s: an unknown field in a line is 400 with its pointer"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada null '[{"description": "x"}, {"description": "y", "taxes_cents": "5"}]')"
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "400|wrong_type|/lines/1/taxes_cents" \
		"$s: a string for cents in a line is 400 wrong_type"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada null '"none"')"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/lines" "$s: lines that are not an array: 400 /lines"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada null '[7]')"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/lines/0" "$s: a line that is not an object: 400 /lines/0"
	api "$port" PUT /api/v1/statements/$x '{"customer": "c-ada", "period_start": "2027-05-01", "period_end": "2027-05-31", "issued": "2027-06-02", "currency": "EUR", "total_price_cents": 1.5}'
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "400|wrong_type|/total_price_cents" "$s: a fraction of a cent is 400"
	api "$port" PUT /api/v1/statements/$x '{"customer": "c-ada", "period_start": "2027-05-01", "period_end": "2027-05-31", "issued": "2027-06-02", "currency": "EUR", "totl": 1}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/totl" "$s: an unknown top-level field is 400 /totl"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-nobody null '[]')"
	check_eq "$HTTP_STATUS|$(jqb .error.code)|$(jqb .error.field)" "422|unprocessable|/customer" "$s: an unknown customer is 422 /customer"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada '"p-nowhere"' '[]')"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/property" "$s: an unknown property is 422 /property"
	api "$port" PUT /api/v1/statements/$x "$(st_body c-ada '"p-loft"' '[]')"
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/property" "$s: another customer's property is 422 /property"
	api "$port" PUT /api/v1/statements/$x '{"customer": "c-ada", "period_start": "2027-05-31", "period_end": "2027-05-01", "issued": "2027-06-02", "currency": "EUR"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/period_end" "$s: a period ending before it starts is 422 /period_end"
	api "$port" PUT /api/v1/statements/$x '{"customer": "c-ada", "period_start": "2027-05-01", "period_end": "2027-05-31", "issued": "2027-06-02", "currency": "eur"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/currency" "$s: a currency in small letters is 422 /currency"
	api "$port" PUT /api/v1/statements/$s-new "$(st_body c-nobody null '[]')"
	check_eq "$(sql "SELECT COUNT(*) FROM statements WHERE external_id = '$s-new'")" 0 "$s: a refused PUT writes nothing"

	# delete: the customer is kept while it has statements (409 saying so)
	api "$port" DELETE /api/v1/customers/c-bo
	check_eq "$HTTP_STATUS" 409 "$s: deleting a customer with statements and documents is 409"
	check_contains "$(jqb .error.message)" "1 statement" "$s: ...naming its statements"
	check_contains "$(jqb .error.message)" "2 documents" "$s: ...and its documents"
	api "$port" DELETE /api/v1/statements/$x
	check_eq "$HTTP_STATUS" 204 "$s: deleting the statement is 204"
	check_eq "$(sql "SELECT COUNT(*) FROM statement_lines WHERE statement_id = $id")" 0 "$s: ...its lines with it"
	check_eq "$(audits statement.delete "target_id = $id")" 1 "$s: ...audited"
	api "$port" DELETE /api/v1/statements/$x
	check_eq "$HTTP_STATUS" 404 "$s: deleting it again is 404"
}
stack_each_server check_statements

# --- lists of statements: a stable cursor, lines included ---
m=$(mailed)
for i in 4 1 5 3 2; do
	api "$P" PUT /api/v1/statements/list-$i "$(st_body c-bo '"p-loft"' "[{\"description\": \"line of $i\"}]")"
done
check_list() {
	local s=$1 port=$2 got="" cursor="" pages=0
	while :; do
		api "$port" GET "/api/v1/statements?limit=2${cursor:+&after=$cursor}"
		[ "$HTTP_STATUS" = 200 ] || break
		pages=$((pages + 1))
		got="$got$(jqb '.items[] | .external_id + "=" + .lines[0].description' | tr '\n' ' ')"
		cursor=$(jqb .next)
		[ "$cursor" != null ] && [ "$pages" -lt 10 ] || break
	done
	check_eq "$got" "list-1=line of 1 list-2=line of 2 list-3=line of 3 list-4=line of 4 list-5=line of 5 " \
		"$s: following next through pages of 2 gives every statement once, in order, each with its lines"
	check_eq "$pages" 3 "$s: ...in 3 pages"
	api "$port" GET "/api/v1/statements?limit=0"
	check_eq "$HTTP_STATUS" 400 "$s: limit=0 is 400"
}
stack_each_server check_list
check_eq "$(mailed)" "$(plus "$m" 0 0 0 5)" "Bo's five new statements were mailed to bo alone, one mail each"

# --- documents: metadata, then the file ---
doc_meta() { printf '{"customer": "c-ada", "property": null, "title": "House manual (%s)", "file_name": "manual.pdf", "content_type": "application/pdf", "visibility": "public"}' "$1"; }
PRIV='{"customer": "c-ada", "property": "p-beach", "title": "Insurance", "file_name": "insurance.pdf", "content_type": "application/pdf", "visibility": "private"}'
head -c 10485760 /dev/urandom >"$T/big1"	# 10 MiB: past the /api/ body limit (8 MiB)
head -c 9437184 /dev/urandom >"$T/big2"
head -c 13631488 /dev/urandom >"$T/huge"	# past api.upload_limit (12 MiB)
head -c 300000 /dev/urandom >"$T/small"
sha() { sha256sum "$1" | cut -d' ' -f1; }

check_documents() {
	local s=$1 port=$2 x=$1-doc p=$1-priv before id n m j
	api "$port" PUT /api/v1/documents/$x "$(doc_meta $s)"
	check_eq "$HTTP_STATUS" 201 "$s: PUT of a new document is 201"
	check_eq "$(jqb '[.external_id, .customer, (.property|tostring), .title, .file_name, .content_type, .visibility, (.file|tostring)] | join("|")')" \
		"$x|c-ada|null|House manual ($s)|manual.pdf|application/pdf|public|null" "$s: ...without a file yet"
	id=$(sql "SELECT id FROM documents WHERE tenant_id = $ACME AND external_id = '$x'")
	check_eq "$(audits document.create "target_id = $id")" 1 "$s: ...audited"
	m=$(mailed)
	j=$(jar full)
	owner_signs_in "$j" full@owner.test
	req "$j" "$P" acme.test /portal/documents
	check_not_contains "$HTTP_BODY" "House manual ($s)" "$s: ...and not in the portal before its file"
	api "$port" PUT /api/v1/documents/$x "$(doc_meta $s)"
	check_eq "$HTTP_STATUS|$(audits document.update "target_id = $id")" "200|0" "$s: the same metadata again: 200, no audit entry"
	api "$port" PUT /api/v1/documents/$x '{"customer": "c-ada", "title": "T", "file_name": "a/b", "visibility": "public"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/file_name" "$s: a file name with a slash is 422 /file_name"
	api "$port" PUT /api/v1/documents/$x '{"customer": "c-ada", "title": "T", "file_name": "a", "visibility": "secret"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "400|/visibility" "$s: a visibility that is not public or private is 400"
	api "$port" PUT /api/v1/documents/$x '{"customer": "c-ada", "property": "p-loft", "title": "T", "file_name": "a", "visibility": "public"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/property" "$s: another customer's property is 422 /property"
	api "$port" PUT /api/v1/documents/$x '{"customer": "c-nobody", "title": "T", "file_name": "a", "visibility": "public"}'
	check_eq "$HTTP_STATUS|$(jqb .error.field)" "422|/customer" "$s: an unknown customer is 422 /customer"

	# the file: larger than the /api/ limit, accepted on its own path
	upload "$port" $x "$T/big1"
	check_eq "$HTTP_STATUS" 201 "$s: a 10 MiB file through $s is 201 (its first file)"
	check_eq "$(jqb '.file.sha256')|$(jqb '.file.size')" "$(sha "$T/big1")|10485760" "$s: ...its SHA-256 and size in the answer"
	api "$port" GET /api/v1/documents/$x
	check_eq "$(jqb '.file.sha256')" "$(sha "$T/big1")" "$s: ...and in GET"
	check_eq "$(sha "$T/documents/$(sql "SELECT storage_path FROM documents WHERE id = $id")")" "$(sha "$T/big1")" \
		"$s: ...the file on disk whole"
	check_eq "$(audits document.file "target_id = $id")" 1 "$s: ...audited"
	check_eq "$(mailed)" "$(plus "$m" 1 1 0 0)" \
		"$s: ...mailed, now that it has its file, to full and public (not quiet, not bo)"
	check_contains "$(mail_body_to public@owner.test)" "House manual ($s)" "$s: ...naming it"
	before=$(doc_row $x)
	n=$(mailed)
	upload "$port" $x "$T/big1"
	check_eq "$HTTP_STATUS|$(doc_row $x)" "200|$before" "$s: the same file again: 200, the row unchanged"
	check_eq "$(audits document.file "target_id = $id")" 1 "$s: ...no audit entry"
	check_eq "$(find "$T/documents/acme/api" -name "$id-*" | wc -l)" 1 "$s: ...and one file on disk"
	check_eq "$(mailed)" "$n" "$s: ...no new mail"
	upload "$port" $x "$T/big2"
	check_eq "$HTTP_STATUS|$(jqb '.file.sha256')" "200|$(sha "$T/big2")" "$s: another file replaces it: 200"
	check_eq "$(find "$T/documents/acme/api" -name "$id-*" | wc -l)" 1 "$s: ...the old file removed"
	check_eq "$(mailed)" "$n" "$s: ...a replaced file is not new: no mail"

	# limits
	before=$(doc_row $x)
	upload "$port" $x "$T/huge"
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "413|payload_too_large" "$s: a file past api.upload_limit is 413"
	check_eq "$(doc_row $x)|$(uploads_left)" "$before|0" "$s: ...nothing changed, nothing left on disk"
	http_req "$port" acme.test /api/v1/statements/$s-big -X PUT -H "Authorization: Bearer $KEY" \
		-H 'Content-Type: application/json' --data-binary "@$T/big1"
	check_eq "$HTTP_STATUS" 413 "$s: 10 MiB on another API path is 413 (the web server's /api/ limit)"
	api "$port" PUT /api/v1/statements/$s-big "{\"customer\": \"$(head -c 70000 /dev/zero | tr '\0' a)\"}"
	check_eq "$HTTP_STATUS|$(jqb .error.code)" "413|payload_too_large" "$s: a JSON body past api.body_limit is 413"
	http_req "$port" acme.test /api/v1/documents/$x/file -H "Authorization: Bearer $KEY"
	check_eq "$HTTP_STATUS" 405 "$s: GET of the file is not the API's (405)"
	upload "$port" $s-nodoc "$T/small"
	check_eq "$HTTP_STATUS" 404 "$s: a file for an unknown document is 404"
	check_eq "$(uploads_left)" 0 "$s: ...nothing left on disk"

	# a cut-off upload: the client goes away after a third of the body
	before=$(doc_row $x)
	n=$(audits document.file)
	{
		exec 3<>"/dev/tcp/127.0.0.1/$port"
		printf 'PUT /api/v1/documents/%s/file HTTP/1.1\r\nHost: acme.test\r\nAuthorization: Bearer %s\r\nContent-Type: application/octet-stream\r\nContent-Length: 3000000\r\nConnection: close\r\n\r\n' "$x" "$KEY" >&3
		head -c 1000000 "$T/big1" >&3
		sleep 1
		exec 3>&-
	} 2>/dev/null || true
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(uploads_left)" = 0 ] && break
		sleep 0.5
	done
	sleep 1
	check_eq "$(doc_row $x)|$(audits document.file)|$(uploads_left)" "$before|$n|0" \
		"$s: a cut-off upload leaves no file and no changed row"
	check_eq "$(find "$T/documents/acme/api" -name "$id-*" | wc -l)" 1 "$s: ...the document's file still one"
	# nginx takes the whole body before porchd sees it (nginx/porch.conf); Apache
	# streams it, so porchd read the start and refused the rest.
	check_eq "$(grep -c "status=400 method=PUT.*path=/api/v1/documents/$x/file" "$T/porchd.log")" \
		"$([ "$s" = apache ] && echo 1 || echo 0)" "$s: ...porchd refused it (400) when it got it"

	# a private document on the Beach House: full alone is told
	n=$(mailed)
	api "$port" PUT /api/v1/documents/$p "$PRIV"
	upload "$port" $p "$T/small"
	check_eq "$HTTP_STATUS" 201 "$s: a private document's file"
	check_eq "$(mailed)" "$(plus "$n" 1 0 0 0)" "$s: ...mailed to full alone"
}
stack_each_server check_documents

# --- the file through the portal, for those who may see it ---
NG=$(sql "SELECT id FROM documents WHERE tenant_id = $ACME AND external_id = 'nginx-doc'")
AP=$(sql "SELECT id FROM documents WHERE tenant_id = $ACME AND external_id = 'apache-doc'")
check_download() { # USER DOC WANT-SHA DESC
	local j
	j=$(jar "$1")
	owner_signs_in "$j" "$1@owner.test"
	req "$j" "$P" acme.test "/portal/documents/$2"
	if [ -n "$3" ]; then
		check_eq "$HTTP_STATUS|$(sha256sum "$T/http.body" | cut -d' ' -f1)" "200|$3" "$4"
	else
		check_eq "$HTTP_STATUS" 404 "$4"
	fi
}
check_download full "$NG" "$(sha "$T/big2")" "full downloads the file uploaded through nginx, whole, from the portal"
check_download public "$AP" "$(sha "$T/big2")" "public downloads the one uploaded through Apache"
check_download bo "$NG" "" "bo may not see Ada's document: 404"
PV=$(sql "SELECT id FROM documents WHERE tenant_id = $ACME AND external_id = 'nginx-priv'")
check_download public "$PV" "" "public may not see a private document: 404"
check_download full "$PV" "$(sha "$T/small")" "full downloads the private one"

# --- delete: the row first, then its file ---
path=$(sql "SELECT storage_path FROM documents WHERE tenant_id = $ACME AND external_id = 'nginx-doc'")
api "$P" DELETE /api/v1/documents/nginx-doc
check_eq "$HTTP_STATUS" 204 "deleting a document is 204"
check_eq "$(sql "SELECT COUNT(*) FROM documents WHERE id = $NG")|$([ -e "$T/documents/$path" ] && echo file || echo gone)" \
	"0|gone" "...the row and its file gone"
check_eq "$(audits document.delete "target_id = $NG")" 1 "...audited"
api "$P" DELETE /api/v1/documents/nginx-doc
check_eq "$HTTP_STATUS" 404 "deleting it again is 404"
api "$APACHE_PORT" GET "/api/v1/documents?limit=1"
check_eq "$HTTP_STATUS|$(jqb '.items[0].external_id')|$(jqb .next)" "200|apache-doc|apache-doc" "the documents list, paged"
api "$APACHE_PORT" GET "/api/v1/documents?limit=5&after=apache-doc"
check_eq "$(jqb '[.items[].external_id] | join(" ")')|$(jqb .next)" "apache-priv nginx-priv|null" "...its next page"
