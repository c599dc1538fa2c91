#!/usr/bin/env bash
# porch — integration test of the staff documents pages and the multipart forms:
# uploads through nginx and Apache (curl -F) stored under the tenant's directory
# with their SHA-256, downloaded by the portal users whose rights cover them
# (public/private, customer/property) and by nobody else; replace and delete;
# refusals (too large 413, malformed 400, no CSRF 403, another tenant's customer
# 404) that write nothing, neither row nor file; the list's search, order and
# pages over more than 1,000 documents; the CSV import's file upload. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl sha256sum

# porch's own upload limit below the web servers' (65 MiB), so porchd's 413 is
# reachable with a small file.
LIMIT='api = { upload_limit = 200000; };'
stack_setup --fixture acme --fixture beta "$LIMIT"
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' cabin@acme.test "$PW_OWNER"
stack_portal_user acme 'Bo Owner' bo@acme.test "$PW_OWNER"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
	VALUES ($ACME, 'All docs', 'calendar.view,documents.public,documents.private', 'none'),
	($ACME, 'Public docs', 'calendar.view,documents.public', 'none')"
stack_grant acme ada@acme.test 'All docs' 'customer:Ada Owner'
stack_grant acme cabin@acme.test 'Public docs' 'property:Ada Cabin'
stack_grant acme bo@acme.test 'All docs' 'customer:Bo Owner'
# documents.dir belongs to porchd's user, which makes the tenant's directory.
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
stack_serve --apache
A=$APACHE_PORT

cid() { sql "SELECT id FROM customers WHERE tenant_id = $1 AND name = '$2'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $1 AND name = '$2'"; }
ADA=$(cid "$ACME" 'Ada Owner')
BO=$(cid "$ACME" 'Bo Owner')
BADA=$(cid "$BETA" 'Ada Owner')
CABIN=$(pid "$ACME" 'Ada Cabin')
BEACH=$(pid "$ACME" 'Ada Beach House')
LOFT=$(pid "$ACME" 'Bo Loft')
D=$T/documents
ndocs() { sql "SELECT COUNT(*) FROM documents WHERE tenant_id = $ACME"; }
# Every file under the tenant's upload directory, temporary ones included.
nfiles() { find "$D/acme/files" -type f 2>/dev/null | wc -l; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }
mails() { sql "SELECT COUNT(*) FROM outbox WHERE to_addr = '$1' AND subject LIKE 'New document:%'"; }

js=$(jar staff)
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "staff sign in"
# up PORT PATH FROM [CURL_ARGS...]: GET FROM (for its CSRF token), then a multipart
# POST to PATH with the token first and CURL_ARGS (-F name=value ...).
up() {
	local port=$1 path=$2 from=$3 tok
	shift 3
	req "$js" "$port" acme.test "$from"
	tok=$(csrf_of "$HTTP_BODY")
	req "$js" "$port" acme.test "$path" -F "csrf=$tok" "$@"
}
FORM="/staff/documents?customer=$ADA"

# --- the pages ---
req "$js" "$P" acme.test /staff/documents
check_eq "$HTTP_STATUS" 200 "/staff/documents opens for staff"
check_contains "$HTTP_BODY" "Ada house rules" "...listing the tenant's documents"
check_not_contains "$HTTP_BODY" 'enctype="multipart/form-data" action="/staff/documents"' \
	"...without an upload form until a customer is chosen"
tidy_ok "the documents list passes tidy"
req "$js" "$P" acme.test "$FORM"
check_contains "$HTTP_BODY" 'enctype="multipart/form-data" action="/staff/documents"' \
	"a customer's documents: the upload form"
check_contains "$HTTP_BODY" "<option value=\"$CABIN\">Ada Cabin</option>" "...offering her properties"
check_not_contains "$HTTP_BODY" "Bo Loft</option>" "...and not Bo's"
check_not_contains "$HTTP_BODY" "Bo house rules" "...listing only her documents"
tidy_ok "a customer's documents page passes tidy"
req "$js" "$P" acme.test "/staff/documents?customer=$BADA"
check_eq "$HTTP_STATUS" 404 "another tenant's customer's documents: 404"
ja=$(jar ada)
owner_signs_in "$ja" ada@acme.test
req "$ja" "$P" acme.test /staff/documents
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" "a portal user is sent to staff sign-in"
# A portal user's form with a file, their own CSRF token first: refused before
# porch reads the file (no "upload:" line of its request in porchd's log).
uploads() { grep -c ' upload: ' "$T/porchd.log" || true; }
u0=$(uploads)
req "$ja" "$P" acme.test /account
head -c 300000 /dev/urandom >"$T/junk.bin"
req "$ja" "$P" acme.test /staff/documents -F "csrf=$(csrf_of "$HTTP_BODY")" \
	-F "customer=$ADA" -F "title=Junk" -F visibility=public -F "file=@$T/junk.bin"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /staff/login" \
	"a portal user's upload to a staff page is sent to staff sign-in"
check_eq "$(uploads)" "$u0" "...before porch read the file"

# --- an upload through nginx: a public document of the Ada Cabin ---
head -c 50000 /dev/urandom >"$T/cabin.pdf"
printf 'line 1\r\n--not-a-boundary\r\n\r\nline 3\n' >>"$T/cabin.pdf"
SHA=$(sha256sum "$T/cabin.pdf" | cut -d' ' -f1)
n=$(audits document.create)
up "$P" /staff/documents "$FORM" -F "customer=$ADA" -F "property=$CABIN" \
	-F "title=Cabin inventory 2027" -F visibility=public \
	-F "file=@$T/cabin.pdf;type=application/pdf"
check_eq "$HTTP_STATUS $(http_header Location)" \
	"303 /staff/documents?customer=$ADA&done=uploaded" "nginx: the upload is saved"
check_eq "$(uploads)" "$((u0 + 1))" "...its file read by porch, as its log says"
DOC=$(sql "SELECT id FROM documents WHERE tenant_id = $ACME AND title = 'Cabin inventory 2027'")
check_eq "$(sql "SELECT CONCAT_WS('|', customer_id, property_id, visibility, file_name, content_type, size_bytes, sha256, external_id IS NULL) FROM documents WHERE id = $DOC")" \
	"$ADA|$CABIN|public|cabin.pdf|application/pdf|$(stat -c %s "$T/cabin.pdf")|$SHA|1" \
	"...its row: owner, property, visibility, name, type, size and SHA-256"
REL=$(sql "SELECT storage_path FROM documents WHERE id = $DOC")
check_match "$REL" '^acme/files/doc-[0-9a-f]{16}$' "...the file under the tenant's directory"
check_eq "$(sha256sum "$D/$REL" | cut -d' ' -f1)" "$SHA" "...byte for byte"
check_eq "$(nfiles)" 1 "...and no temporary file left"
check_eq "$(audits document.create)" "$((n + 1))" "...audited once (document.create)"
check_eq "$(mails ada@acme.test)|$(mails cabin@acme.test)|$(mails bo@acme.test)" "1|1|0" \
	"...mailed to the users who may see it"
req "$js" "$P" acme.test "/staff/documents?customer=$ADA&done=uploaded"
check_contains "$HTTP_BODY" "The document is uploaded." "the list says so"
check_contains "$HTTP_BODY" "$SHA" "...and shows the file's SHA-256"

# The portal: who may download it.
jc=$(jar cabin)
owner_signs_in "$jc" cabin@acme.test
jb=$(jar bo)
owner_signs_in "$jb" bo@acme.test
req "$ja" "$P" acme.test "/portal/documents/$DOC"
check_eq "$HTTP_STATUS" 200 "Ada (all documents of her customer) downloads it"
curl -s -o "$T/got.pdf" -b "$ja" -H 'Host: acme.test' "http://127.0.0.1:$P/portal/documents/$DOC"
check_eq "$(sha256sum <"$T/got.pdf" | cut -d' ' -f1)" "$SHA" "...its bytes are the upload's"
req "$jc" "$P" acme.test "/portal/documents/$DOC"
check_eq "$HTTP_STATUS" 200 "the Cabin's user (public, that property) downloads it"
req "$jb" "$P" acme.test "/portal/documents/$DOC"
check_eq "$HTTP_STATUS" 404 "Bo's user (another customer) gets the 404"

# --- through Apache: a private document of the whole customer ---
printf 'CONTRACT %s\r\n' "$RANDOM$RANDOM" >"$T/contract.txt"
up "$A" /staff/documents "$FORM" -F "customer=$ADA" -F "title=Management contract" \
	-F visibility=private -F "file=@$T/contract.txt;type=text/plain; charset=utf-8"
check_eq "$HTTP_STATUS" 303 "Apache: the upload is saved"
PRIV=$(sql "SELECT id FROM documents WHERE tenant_id = $ACME AND title = 'Management contract'")
check_eq "$(sql "SELECT CONCAT_WS('|', IFNULL(property_id, 'all'), visibility, content_type, sha256) FROM documents WHERE id = $PRIV")" \
	"all|private|text/plain|$(sha256sum "$T/contract.txt" | cut -d' ' -f1)" \
	"...private, for all properties, its type without parameters, its SHA-256"
req "$ja" "$P" acme.test "/portal/documents/$PRIV"
check_eq "$HTTP_STATUS|$HTTP_BODY" "200|$(cat "$T/contract.txt")" "Ada (private documents) downloads it"
req "$jc" "$P" acme.test "/portal/documents/$PRIV"
check_eq "$HTTP_STATUS" 404 "the Cabin's user (public documents only) gets the 404"
check_eq "$(mails cabin@acme.test)" 1 "...and was not mailed about it"

# --- refusals write nothing ---
rows=$(ndocs)
files=$(nfiles)
nothing() { check_eq "$(ndocs)|$(nfiles)" "$rows|$files" "$1: ...no row and no file written"; }
head -c 250000 /dev/urandom >"$T/big.bin"
refusals() {
	local s=$1 port=$2
	up "$port" /staff/documents "$FORM" -F "customer=$ADA" -F "title=Too big" \
		-F visibility=public -F "file=@$T/big.bin"
	check_eq "$HTTP_STATUS" 413 "$s: a file over api.upload_limit is 413"
	nothing "$s"
	req "$js" "$port" acme.test /staff/documents -F "customer=$ADA" -F "title=No token" \
		-F visibility=public -F "file=@$T/contract.txt"
	check_eq "$HTTP_STATUS" 403 "$s: without the CSRF token, 403"
	nothing "$s"
	req "$js" "$port" acme.test /staff/documents -F "csrf=forged" -F "customer=$ADA" \
		-F "title=Forged" -F "file=@$T/contract.txt"
	check_eq "$HTTP_STATUS" 403 "$s: with a forged token, 403"
	nothing "$s"
	up "$port" /staff/documents "$FORM" -F "customer=$BADA" -F "title=Elsewhere" \
		-F visibility=public -F "file=@$T/contract.txt"
	check_eq "$HTTP_STATUS" 404 "$s: another tenant's customer, 404"
	nothing "$s"
	up "$port" /staff/documents "$FORM" -F "customer=$ADA" -F "property=$LOFT" \
		-F "title=Wrong property" -F visibility=public -F "file=@$T/contract.txt"
	check_eq "$HTTP_STATUS" 404 "$s: a property of another customer, 404"
	nothing "$s"
	up "$port" /staff/documents "$FORM" -F "customer=$ADA" -F visibility=public \
		-F "file=@$T/contract.txt"
	check_eq "$HTTP_STATUS" 400 "$s: no title, 400"
	check_contains "$HTTP_BODY" "Give the document a title" "$s: ...saying so"
	nothing "$s"
	up "$port" /staff/documents "$FORM" -F "customer=$ADA" -F "title=No file" \
		-F visibility=public -F "file=@/dev/null;filename="
	check_eq "$HTTP_STATUS" 400 "$s: no file chosen, 400"
	nothing "$s"
	# Malformed bodies, the token first and valid.
	req "$js" "$port" acme.test "$FORM"
	local tok b=XyZ
	tok=$(csrf_of "$HTTP_BODY")
	printf -- '--%s\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n--%s\r\nContent-Disposition: form-data; name="customer"\r\n\r\n%s\r\n--%s\r\nContent-Disposition: form-data; name="title"\r\n\r\nCut\r\n--%s\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\n\r\npart of a file\r\n' \
		"$b" "$tok" "$b" "$ADA" "$b" "$b" >"$T/cut.body"
	req "$js" "$port" acme.test /staff/documents -H "Content-Type: multipart/form-data; boundary=$b" \
		--data-binary "@$T/cut.body"
	check_eq "$HTTP_STATUS" 400 "$s: a body without its closing boundary, 400"
	nothing "$s"
	req "$js" "$port" acme.test /staff/documents -H "Content-Type: multipart/form-data" \
		--data-binary "@$T/cut.body"
	check_eq "$HTTP_STATUS" 400 "$s: a multipart type without a boundary, 400"
	printf -- '--%s\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n--%s\r\nContent-Type: text/plain\r\n\r\nno name\r\n--%s--\r\n' \
		"$b" "$tok" "$b" "$b" >"$T/bad.body"
	req "$js" "$port" acme.test /staff/documents -H "Content-Type: multipart/form-data; boundary=$b" \
		--data-binary "@$T/bad.body"
	check_eq "$HTTP_STATUS" 400 "$s: a part without Content-Disposition, 400"
	nothing "$s"
	up "$port" /staff/groups/new "/staff/groups" -F name=Multipart
	check_eq "$HTTP_STATUS" 415 "$s: a multipart body where no file is taken, 415"
}
stack_each_server refusals
head -c 70000000 /dev/zero >"$T/huge.bin"
up "$P" /staff/documents "$FORM" -F "customer=$ADA" -F "title=Huge" -F "file=@$T/huge.bin"
check_eq "$HTTP_STATUS" 413 "nginx: a body over its 65 MiB for the path, 413"
up "$A" /staff/documents "$FORM" -F "customer=$ADA" -F "title=Huge" -F "file=@$T/huge.bin"
check_eq "$HTTP_STATUS" 413 "Apache: the same, 413"
nothing "web servers"
rm -f "$T/huge.bin"

# --- replace and delete ---
printf 'INVENTORY v2 %s\n' "$RANDOM" >"$T/v2.txt"
n=$(audits document.file)
up "$P" "/staff/documents/$DOC" "$FORM" -F "file=@$T/v2.txt;type=text/plain"
check_eq "$HTTP_STATUS $(http_header Location)" \
	"303 /staff/documents?customer=$ADA&done=replaced" "a document's file is replaced"
NEW=$(sql "SELECT storage_path FROM documents WHERE id = $DOC")
check_eq "$(sql "SELECT CONCAT_WS('|', title, file_name, content_type, sha256) FROM documents WHERE id = $DOC")" \
	"Cabin inventory 2027|v2.txt|text/plain|$(sha256sum "$T/v2.txt" | cut -d' ' -f1)" \
	"...the row names the new file, its name, type and SHA-256"
check_eq "$([ -e "$D/$REL" ] && echo kept || echo gone)|$(cat "$D/$NEW")" "gone|$(cat "$T/v2.txt")" \
	"...the old file is gone, the new one in place"
check_eq "$(audits document.file)" "$((n + 1))" "...audited (document.file)"
req "$ja" "$P" acme.test "/portal/documents/$DOC"
check_eq "$HTTP_BODY" "$(cat "$T/v2.txt")" "...and Ada downloads the new file"
up "$P" "/staff/documents/99999999" "$FORM" -F "file=@$T/v2.txt"
check_eq "$HTTP_STATUS" 404 "replacing a document that does not exist: 404"
req "$js" "$P" acme.test "$FORM"
tok=$(csrf_of "$HTTP_BODY")
req "$js" "$P" acme.test "/staff/documents/$PRIV/delete" --data-urlencode "csrf=$tok" --data-urlencode confirm=1
check_eq "$HTTP_STATUS $(http_header Location)" \
	"303 /staff/documents?customer=$ADA&done=deleted" "a document is deleted"
check_eq "$(sql "SELECT COUNT(*) FROM documents WHERE id = $PRIV")|$(nfiles)" "0|1" \
	"...its row and its file are gone"
req "$ja" "$P" acme.test "/portal/documents/$PRIV"
check_eq "$HTTP_STATUS" 404 "...and Ada gets the 404"
req "$js" "$P" acme.test "/staff/documents/$DOC/delete"  -X POST
check_eq "$HTTP_STATUS" 403 "a delete without the CSRF token: 403"
BETADOC=$(sql "SELECT MIN(id) FROM documents WHERE tenant_id = $BETA")
req "$js" "$P" acme.test "/staff/documents/$BETADOC/delete" --data-urlencode "csrf=$tok"
check_eq "$HTTP_STATUS|$(sql "SELECT COUNT(*) FROM documents WHERE id = $BETADOC")" "404|1" \
	"another tenant's document: 404, kept"

# --- the list over more than 1,000 documents ---
sql "SET SESSION max_recursive_iterations = 2000; INSERT INTO documents (tenant_id, customer_id, title, file_name, storage_path, visibility)
	WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1200)
	SELECT $ACME, $BO, CONCAT('Bulk ', LPAD(i, 4, '0')), 'bulk.pdf', '', 'public' FROM s"
req "$js" "$P" acme.test "/staff/documents?q=Bulk&sort=title"
check_contains "$HTTP_BODY" "1200 documents, page 1 of 24" "searching 1,200 documents: the count and pages"
check_eq "$(printf '%s\n' "$HTTP_BODY" | sed -n 's/^<tr><td>\([^<]*\)<.*/\1/p' | sed -n '1p;$p' | paste -sd,)" \
	"Bulk 0001,Bulk 0050" "...sorted by title, 50 a page"
check_contains "$HTTP_BODY" 'href="/staff/documents?q=Bulk&amp;sort=title&amp;page=2"' \
	"...linking the next page with the search kept"
req "$js" "$P" acme.test "/staff/documents?q=Bulk&sort=title&page=24"
check_match "$HTTP_BODY" 'Bulk 1200</td>' "the last page has the last one"
check_not_contains "$HTTP_BODY" "Bulk 1150<" "...and not the page before"
req "$js" "$P" acme.test "/staff/documents?q=Bulk+0777&sort=customer"
check_contains "$HTTP_BODY" "1 documents." "searching one title finds one"
req "$js" "$P" acme.test "/staff/documents?q=%25"
check_contains "$HTTP_BODY" "0 documents." "a % in the search is a character, not a wildcard"
req "$js" "$P" acme.test "/staff/documents?customer=$ADA&property=$CABIN"
check_contains "$HTTP_BODY" "Cabin inventory 2027" "filtered by property: its document"
check_not_contains "$HTTP_BODY" "Ada house rules<" "...and not the Beach House's"

# --- the CSV import takes a file ---
printf 'external_id,name,email\nup-c1,Una Upload,una@owner.test\nup-c2,,\n' >"$T/import.csv"
import_file() {
	local s=$1 port=$2 cust
	req "$js" "$port" acme.test /staff/import
	cust=$(printf '%s' "$HTTP_BODY" | grep -o '<option value="[0-9]*"[^>]*>customers<' | grep -o '[0-9]\+' | head -n 1)
	up "$port" /staff/import /staff/import -F "resource=$cust" -F "file=@$T/$s.csv;filename=import.csv"
}
cp "$T/import.csv" "$T/nginx.csv"
cp "$T/import.csv" "$T/apache.csv"
sed -i 's/up-c/ap-c/' "$T/apache.csv"
import_file nginx "$P"
check_eq "$HTTP_STATUS" 200 "nginx: the import of a CSV file is answered with its report"
check_contains "$HTTP_BODY" "customers: 1 created, 0 replaced, 0 unchanged, 1 refused." "...one created, one refused"
check_eq "$(sql "SELECT name FROM customers WHERE tenant_id = $ACME AND external_id = 'up-c1'")" "Una Upload" \
	"...the customer is there"
import_file apache "$A"
check_contains "$HTTP_BODY" "customers: 1 created, 0 replaced, 0 unchanged, 1 refused." "Apache: the same"
check_eq "$(nfiles)" 1 "the import's file is not kept"
