#!/usr/bin/env bash
# porch — end to end: a tenant filled from empty through the tenant API alone, then
# seen by its portal user through nginx and Apache. The hosting company makes an
# empty tenant (porchctl tenant add, domain add) and a key for it (porchctl apikey
# add); no staff member exists and no staff page is used. The tenant's system then
# puts, through POST /api/v1/batch and the item routes only, permission groups,
# customers, contacts, properties, bookings with every money field, block-offs,
# notes, monthly statements with their lines, documents with their files (PUT
# .../file) — at least as much of each as the demo tenant (porchctl seed-demo,
# loaded beside it and counted) — and last the portal users with their grants:
# owner 1 gets the group "Owner access" over their own properties and the group
# "Calendar only" over one house of owner 3. The invitation mail goes through the
# outbox to the SMTP sink and its link sets the password (as in
# tests/integration/users.sh). The owner then signs in through each web server
# and sees exactly what the grants give: owner 1's calendar, bookings with notes
# and money, statements with their lines, public documents and a document's
# bytes; owner 3's house in the calendar, without guest names or money; nothing
# of owners 2 and 4, nor owner 3's other data. GET /api/v1/events shows the
# user's first sign-in, and nothing the API itself did. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

H=stays.test
PW_OWNER='the owner chose this passphrase'

stack_db_up --smtp
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
# --- An empty tenant and its key: what the hosting company does. ---
stack_porchctl tenant add stays "Shore Stays" >/dev/null
stack_porchctl domain add "$H" stays >/dev/null
KEY=$(stack_porchctl apikey add stays "Property system" 2>/dev/null)
stack_porchctl seed-demo >/dev/null 2>&1
STAYS=$(sql "SELECT id FROM tenants WHERE slug = 'stays'")
DEMO=$(sql "SELECT id FROM tenants WHERE slug = 'demo'")
stack_serve --apache

count() { sql "SELECT COUNT(*) FROM $1 WHERE tenant_id = $2"; }
check_eq "$(for t in customers contacts properties bookings blocks notes statements statement_lines documents portal_users staff_users; do count $t "$STAYS"; done | tr '\n' ' ')" \
	"0 0 0 0 0 0 0 0 0 0 0 " "the new tenant is empty, without staff"
check_eq "$(sql "SELECT GROUP_CONCAT(name ORDER BY name) FROM permission_groups WHERE tenant_id = $STAYS")" \
	"Non-Portal Users,Owners" "...but for the two groups every tenant starts with"

# sapi METHOD PATH [CURL_ARGS...]: the API on $H through nginx, with the key.
sapi() {
	local m=$1 path=$2
	shift 2
	http_req "$P" "$H" "$path" -X "$m" -H "Authorization: Bearer $KEY" "$@"
}

# --- The data, as the tenant's system sends it. ---
# Owners 1 and 2 have two properties each, 3 and 4 one; owner 1 is the one who
# signs in. Each property has 60 bookings in 2026, four nights every six days,
# a block-off in every fifth gap, and notes on its first five bookings. Each
# owner has a statement for every month from January to November, one line per
# booking that arrived that month. Each owner has a public handbook, a private
# agreement and a private insurance certificate; each property public house
# rules and a public inventory. Two permission groups: what an owner sees of
# their own houses (the new default group), and the calendar alone.
OWNER_OF=(- 1 1 2 2 3 4)		# property -> owner
NAMES=(- "Harbor Holdings LLC" "Dune Road Partners" "Lighthouse Family Trust" "Jan & Ewa Kowalski")
HOUSES=(- "Harbor View Loft" "Pier 7 Cottage" "Dune House" "Beach Grass Studio" "Lighthouse Keeper's Cabin" "Kowalski Garden Flat")
day() { date -u -d "2026-01-01 + $1 days" +%F; }
# money K: the fields of booking K (the model's arithmetic: total = base +
# cleaning + taxes; owner revenue = total - commission - management - taxes).
money() {
	local base=$((40000 + $1 * 250)) clean=6000 tax=3500 comm=4100 mgmt=5200 total owner
	total=$((base + clean + tax)); owner=$((total - comm - mgmt - tax))
	printf '"base_rate_cents":%d,"cleaning_fee_cents":%d,"taxes_cents":%d,"channel_commission_cents":%d,"management_fee_cents":%d,"owner_revenue_cents":%d,"total_price_cents":%d,"payout_cents":%d' \
		"$base" "$clean" "$tax" "$comm" "$mgmt" "$owner" "$total" "$owner"
}
put() { printf '{"op":"put","resource":"%s","external_id":"%s","data":%s}\n' "$1" "$2" "$3"; }
{
	put groups owner-access '{"name":"Owner access","permissions":["calendar.view","notes.view","statements.view","documents.public"],"financial_level":"owner_revenue","financial_filter":"all","default":true}'
	put groups calendar-only '{"name":"Calendar only","permissions":["calendar.view"]}'
	for c in 1 2 3 4; do
		put customers "own-$c" "{\"name\":\"${NAMES[$c]}\",\"email\":\"owner$c@owners.test\",\"phone\":\"+1 555 010$c\"}"
		put contacts "con-$c-1" "{\"customer\":\"own-$c\",\"name\":\"Cleaner $c\",\"email\":\"clean$c@crew.test\",\"role\":\"Cleaner\"}"
		put contacts "con-$c-2" "{\"customer\":\"own-$c\",\"name\":\"Accountant $c\",\"role\":\"Accountant\"}"
	done
	for p in 1 2 3 4 5 6; do
		put properties "prop-$p" "{\"customer\":\"own-${OWNER_OF[$p]}\",\"name\":\"${HOUSES[$p]}\",\"address\":\"$p Wharf Street\",\"city\":\"Port Seaside\",\"bedrooms\":$((p % 3 + 1)),\"description\":\"House $p by the sea.\",\"arrival_instructions\":\"Key box code $p$p$p$p.\"}"
	done
} >"$T/base.ndjson"
{
	for p in 1 2 3 4 5 6; do
		for k in $(seq 0 59); do
			put bookings "bk-$p-$k" "{\"property\":\"prop-$p\",\"reference\":\"R$p-$k\",\"arrival\":\"$(day $((6 * k)))\",\"departure\":\"$(day $((6 * k + 4)))\",\"checkin_time\":\"16:00\",\"checkout_time\":\"10:00\",\"status\":\"confirmed\",\"channel\":\"direct\",\"guest_name\":\"Guest $p-$k\",\"guest_email\":\"guest$p$k@guests.test\",\"guest_phone\":\"+1 555 7$p$k\",\"adults\":2,\"children\":1,\"infants\":0,$(money "$k"),\"currency\":\"EUR\"}"
			[ $((k % 5)) != 0 ] || put blocks "blk-$p-$k" "{\"property\":\"prop-$p\",\"start\":\"$(day $((6 * k + 4)))\",\"end\":\"$(day $((6 * k + 6)))\",\"reason\":\"Owner stay $p-$k\"}"
			[ "$k" -ge 5 ] || put notes "note-$p-$k" "{\"booking\":\"bk-$p-$k\",\"author_name\":\"Front desk\",\"body\":\"Late arrival for R$p-$k, leave the porch light on.\"}"
		done
	done
} >"$T/bookings.ndjson"
# A statement per owner and month, January to November 2026: a line per booking
# of the owner's properties that arrived that month.
{
	for c in 1 2 3 4; do
		for m in 01 02 03 04 05 06 07 08 09 10 11; do
			lines= n=0
			for p in 1 2 3 4 5 6; do
				[ "${OWNER_OF[$p]}" = "$c" ] || continue
				for k in $(seq 0 59); do
					a=$(day $((6 * k)))
					[ "${a:5:2}" = "$m" ] || continue
					lines="$lines${lines:+,}{\"description\":\"${HOUSES[$p]}: R$p-$k\",$(money "$k")}"
					n=$((n + 1))
				done
			done
			put statements "st-$c-$m" "{\"customer\":\"own-$c\",\"property\":null,\"period_start\":\"2026-$m-01\",\"period_end\":\"$(date -u -d "2026-$m-01 + 1 month - 1 day" +%F)\",\"issued\":\"$(date -u -d "2026-$m-01 + 1 month + 2 days" +%F)\",\"currency\":\"EUR\",\"lines\":[$lines]}"
		done
	done
	for c in 1 2 3 4; do
		put documents "doc-$c-hb" "{\"customer\":\"own-$c\",\"property\":null,\"title\":\"Owner handbook $c\",\"file_name\":\"handbook-$c.txt\",\"content_type\":\"text/plain\",\"visibility\":\"public\"}"
		put documents "doc-$c-ag" "{\"customer\":\"own-$c\",\"property\":null,\"title\":\"Management agreement $c\",\"file_name\":\"agreement-$c.txt\",\"content_type\":\"text/plain\",\"visibility\":\"private\"}"
		put documents "doc-$c-in" "{\"customer\":\"own-$c\",\"property\":null,\"title\":\"Insurance certificate $c\",\"file_name\":\"insurance-$c.txt\",\"content_type\":\"text/plain\",\"visibility\":\"private\"}"
	done
	for p in 1 2 3 4 5 6; do
		put documents "doc-rules-$p" "{\"customer\":\"own-${OWNER_OF[$p]}\",\"property\":\"prop-$p\",\"title\":\"House rules - ${HOUSES[$p]}\",\"file_name\":\"rules-$p.txt\",\"content_type\":\"text/plain\",\"visibility\":\"public\"}"
		put documents "doc-inv-$p" "{\"customer\":\"own-${OWNER_OF[$p]}\",\"property\":\"prop-$p\",\"title\":\"Inventory - ${HOUSES[$p]}\",\"file_name\":\"inventory-$p.txt\",\"content_type\":\"text/plain\",\"visibility\":\"public\"}"
	done
} >"$T/papers.ndjson"

for f in base bookings papers; do
	sapi POST /api/v1/batch -H 'Content-Type: application/x-ndjson' --data-binary "@$T/$f.ndjson"
	check_eq "$HTTP_STATUS|$(printf '%s\n' "$HTTP_BODY" | jq -r 'select(.status != 201) | .line' | wc -l)|$(printf '%s\n' "$HTTP_BODY" | wc -l)" \
		"200|0|$(wc -l <"$T/$f.ndjson")" "the batch of $f: every line created"
done
# The documents' files, each through PUT .../file.
for d in $(sql "SELECT external_id FROM documents WHERE tenant_id = $STAYS ORDER BY external_id"); do
	printf 'The file of %s.\n%s\n' "$d" "$(head -c 3000 /dev/urandom | base64 -w 76)" >"$T/file.$d"
	sapi PUT "/api/v1/documents/$d/file" -H 'Content-Type: application/octet-stream' --data-binary "@$T/file.$d"
	[ "$HTTP_STATUS" = 200 ] || [ "$HTTP_STATUS" = 201 ] || check_eq "$HTTP_STATUS" 200 "the file of $d is stored"
done
check_eq "$(sql "SELECT COUNT(*) FROM documents WHERE tenant_id = $STAYS AND size_bytes > 0 AND sha256 IS NOT NULL")" 24 \
	"every document has its file"
# What the API reads back is what was sent.
sapi GET /api/v1/bookings/bk-1-3
check_eq "$(jqb '[.property, .arrival, .departure, .guest_name, .total_price_cents, .owner_revenue_cents, .currency] | map(tostring) | join("|")')" \
	"prop-1|2026-01-19|2026-01-23|Guest 1-3|50250|37450|EUR" "a booking reads back as sent, money and all"

# At least the demo's content, table by table.
for t in customers contacts properties bookings blocks notes statements statement_lines documents; do
	n=$(count $t "$STAYS"); d=$(count $t "$DEMO")
	check_cmd "$t: the tenant filled by the API has $n, the demo $d (at least as many)" [ "$n" -ge "$d" ]
done

# --- The portal user with their grants, by the API too. ---
# Owner 1 sees their own houses as owners do, and the calendar of one house of
# owner 3 (which they look after), until the end of 2027.
put users user-own-1 '{"customer":"own-1","grants":[{"group":"owner-access","scope":"customer"},{"group":"calendar-only","scope":"property","property":"prop-5","expires":"2027-12-31"}]}' >"$T/access.ndjson"
sapi POST /api/v1/batch -H 'Content-Type: application/x-ndjson' --data-binary "@$T/access.ndjson"
check_eq "$HTTP_STATUS|$(printf '%s\n' "$HTTP_BODY" | jq -r '.status')" "200|201" "the batch of access: the portal user created"
sapi GET /api/v1/users/user-own-1
check_eq "$(jqb '[.login, .status, (.grants[] | "\(.group):\(.scope):\(.customer // .property):\(.expires)")] | join(" ")')" \
	"owner1@owners.test invited owner-access:customer:own-1:null calendar-only:property:prop-5:2027-12-31" \
	"...with the owner's email as login, invited, and exactly the grants sent"
check_eq "$(sql "SELECT CONCAT_WS(' ', (SELECT COUNT(*) FROM staff_users WHERE tenant_id = $STAYS), (SELECT COUNT(*) FROM audit_log WHERE tenant_id = $STAYS AND actor_kind = 'staff'))")" \
	"0 0" "...and no staff member did anything (there is none)"
outbox_send
link=$(mail_body_to owner1@owners.test | grep -o "http://$H:$P/invite/[A-Za-z0-9_-]*" | head -n 1)
check_match "$link" "/invite/" "the invitation mail arrived with its link"
ipath=/${link#http://*/}
ji=$(fresh_jar invite)
req "$ji" "$P" "$H" "$ipath"
tok=$(csrf_of "$HTTP_BODY")
req "$ji" "$P" "$H" /invite/ --data-urlencode "csrf=$tok" --data-urlencode "token=${ipath#/invite/}" \
	--data-urlencode "new=$PW_OWNER" --data-urlencode "confirm=$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "the invitation link sets the password"
U=$(sql "SELECT id FROM portal_users WHERE tenant_id = $STAYS AND login = 'owner1@owners.test'")
EV0=$(sql "SELECT COALESCE(MAX(id), 0) FROM events")

# --- What the owner sees: exactly owner 1's data, through each web server. ---
P1=$(sql "SELECT id FROM properties WHERE tenant_id = $STAYS AND external_id = 'prop-1'")
P5=$(sql "SELECT id FROM properties WHERE tenant_id = $STAYS AND external_id = 'prop-5'")
B53=$(sql "SELECT id FROM bookings WHERE tenant_id = $STAYS AND external_id = 'bk-5-3'")
B13=$(sql "SELECT id FROM bookings WHERE tenant_id = $STAYS AND external_id = 'bk-1-3'")
ST=$(sql "SELECT id FROM statements WHERE tenant_id = $STAYS AND external_id = 'st-1-03'")
DOC=$(sql "SELECT id FROM documents WHERE tenant_id = $STAYS AND external_id = 'doc-rules-1'")
# refs BODY: the booking references R<p>-<k> on a page, sorted, one a line.
refs() { printf '%s' "$1" | grep -o 'R[0-9]-[0-9]\{1,2\}\b' | sort -u; }
check_portal() {
	local s=$1 port=$2 j want
	if [ "$s" = apache ]; then
		# Apache sends a document's file for porchd by X-Sendfile.
		stack_porchd_stop
		PORCH_DOC_SENDER=apache stack_porch_config "$STACK_ARGON2_CHEAP"
		stack_porchd_start
	fi
	j=$(fresh_jar "owner-$s")
	sign_in "$j" "$port" "$H" /login owner1@owners.test "$PW_OWNER"
	check_eq "$HTTP_STATUS" 303 "$s: the owner signs in"

	req "$j" "$port" "$H" "/portal/calendar?property=$P1&month=2026-03"
	check_eq "$HTTP_STATUS" 200 "$s: the calendar of March"
	want=$(for k in $(seq 0 59); do a=$(day $((6 * k))); d=$(day $((6 * k + 4))); [[ $a < 2026-04-01 && $d > 2026-03-01 ]] && echo "R1-$k"; done | sort -u)
	check_eq "$(refs "$HTTP_BODY" | tr '\n' ' ')" "$(printf '%s\n' "$want" | tr '\n' ' ')" \
		"$s: ...shows exactly the bookings of Harbor View Loft in March"
	check_contains "$HTTP_BODY" '<td class="blocked" data-date="2026-03-06" colspan="2">' "$s: ...and its block-off"
	check_contains "$HTTP_BODY" '<td class="blocked" data-date="2026-03-07" colspan="2">' "$s: ...to its last day"
	req "$j" "$port" "$H" "/portal/calendar?property=$(sql "SELECT id FROM properties WHERE tenant_id = $STAYS AND external_id = 'prop-3'")&month=2026-03"
	check_not_contains "$HTTP_BODY" "R3-" "$s: ...another owner's calendar shows none of its bookings"
	req "$j" "$port" "$H" "/portal/calendar?property=$P5&month=2026-03"
	want=$(for k in $(seq 0 59); do a=$(day $((6 * k))); d=$(day $((6 * k + 4))); [[ $a < 2026-04-01 && $d > 2026-03-01 ]] && echo "R5-$k"; done | sort -u)
	check_eq "$(refs "$HTTP_BODY" | tr '\n' ' ')" "$(printf '%s\n' "$want" | tr '\n' ' ')" \
		"$s: ...the calendar of owner 3's house the property grant names shows its bookings"

	req "$j" "$port" "$H" "/portal/bookings?from=2026-01-01&to=2026-12-31"
	check_eq "$HTTP_STATUS" 200 "$s: the bookings list"
	check_contains "$HTTP_BODY" "R1-3" "$s: ...lists the owner's bookings"
	check_contains "$HTTP_BODY" "R2-" "$s: ...of both properties"
	check_contains "$HTTP_BODY" "R5-" "$s: ...and those of the house of owner 3 the grant names"
	check_eq "$(refs "$HTTP_BODY" | grep -vc '^R[125]-' || true)" 0 "$s: ...and no other house's"

	req "$j" "$port" "$H" "/portal/bookings/$B13"
	check_eq "$HTTP_STATUS" 200 "$s: the booking page"
	check_contains "$HTTP_BODY" "R1-3" "$s: ...of R1-3"
	check_contains "$HTTP_BODY" "Late arrival for R1-3, leave the porch light on." "$s: ...with its note"
	check_match "$HTTP_BODY" "374[.,]50" "$s: ...and the owner's revenue (374.50)"
	check_not_contains "$HTTP_BODY" "Guest 1-3" "$s: ...but not the guest's name (the group does not allow it)"
	req "$j" "$port" "$H" "/portal/bookings/$B53"
	check_eq "$HTTP_STATUS" 200 "$s: a booking of owner 3's house (calendar only)"
	check_not_contains "$HTTP_BODY" "Late arrival for R5-3" "$s: ...without its note"
	check_not_match "$HTTP_BODY" "374[.,]50" "$s: ...nor any money"
	req "$j" "$port" "$H" "/portal/bookings/$(sql "SELECT id FROM bookings WHERE tenant_id = $STAYS AND external_id = 'bk-3-3'")"
	check_eq "$HTTP_STATUS" 404 "$s: a booking of a house no grant names is 404"

	req "$j" "$port" "$H" /portal/statements
	check_eq "$HTTP_STATUS" 200 "$s: the statements list"
	check_eq "$(printf '%s' "$HTTP_BODY" | grep -o "/portal/statements/[0-9]*" | sort -u | wc -l)" 11 \
		"$s: ...lists the owner's 11 statements"
	req "$j" "$port" "$H" "/portal/statements/$ST"
	check_eq "$HTTP_STATUS" 200 "$s: a statement"
	want=$(for p in 1 2; do for k in $(seq 0 59); do a=$(day $((6 * k))); [ "${a:5:2}" = 03 ] && echo "R$p-$k"; done; done | sort -u)
	check_eq "$(refs "$HTTP_BODY" | tr '\n' ' ')" "$(printf '%s\n' "$want" | tr '\n' ' ')" \
		"$s: ...with exactly its lines (the March bookings of both houses)"
	req "$j" "$port" "$H" "/portal/statements/$(sql "SELECT id FROM statements WHERE tenant_id = $STAYS AND external_id = 'st-2-03'")"
	check_eq "$HTTP_STATUS" 404 "$s: another owner's statement is 404"
	req "$j" "$port" "$H" "/portal/statements/$(sql "SELECT id FROM statements WHERE tenant_id = $STAYS AND external_id = 'st-3-03'")"
	check_eq "$HTTP_STATUS" 404 "$s: ...and so is owner 3's (the calendar grant gives no statements)"

	req "$j" "$port" "$H" /portal/documents
	check_eq "$HTTP_STATUS" 200 "$s: the documents list"
	check_eq "$(printf '%s' "$HTTP_BODY" | grep -o 'Owner handbook [0-9]\|House rules - [A-Za-z0-9 ]*\|Inventory - [A-Za-z0-9 ]*\|Management agreement [0-9]\|Insurance certificate [0-9]' | sort -u | tr '\n' '|')" \
		"House rules - Harbor View Loft|House rules - Pier 7 Cottage|Inventory - Harbor View Loft|Inventory - Pier 7 Cottage|Owner handbook 1|" \
		"$s: ...exactly the owner's public documents"
	req "$j" "$port" "$H" "/portal/documents/$DOC"
	check_eq "$HTTP_STATUS" 200 "$s: a document downloads"
	check_eq "$(printf '%s' "$HTTP_BODY" | sha256sum | cut -c1-64)" "$(printf '%s' "$(cat "$T/file.doc-rules-1")" | sha256sum | cut -c1-64)" \
		"$s: ...with the bytes the API stored"
}
stack_each_server check_portal

# --- The way back: the owner's first sign-in is an event. ---
sapi GET "/api/v1/events?after=$EV0"
check_eq "$HTTP_STATUS" 200 "GET /api/v1/events"
check_eq "$(jqb "[.items[] | select(.type == \"portal_user.first_sign_in\") | \"\\(.subject.kind):\\(.subject.id)\"] | join(\" \")")" \
	"portal_user:$U" "...shows the owner's first sign-in, once"
sapi GET /api/v1/events
check_eq "$(jqb '[.items[].type] | join(" ")')" "portal_user.first_sign_in" \
	"...and nothing the API itself did (the user's creation) is sent back"
