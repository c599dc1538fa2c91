#!/usr/bin/env bash
# porch — end to end: a tenant filled from empty through the tenant API alone, then
# seen by its portal user through nginx and Apache. The hosting company makes an
# empty tenant (porchctl tenant add, domain add, staff add) and a key for it
# (porchctl apikey add); the tenant's system then puts, through POST /api/v1/batch
# and the item routes only, customers, contacts, properties, bookings with every
# money field, block-offs, notes, monthly statements with their lines, and
# documents with their files (PUT .../file) — at least as much of each as the demo
# tenant (porchctl seed-demo, loaded beside it and counted). The portal user is
# made the way a tenant makes one: staff create it on /staff/customers for the
# owner (it gets the default group, "Owners", over the owner's properties; staff
# first let that group read notes on /staff/groups/edit), the invitation mail
# goes through the outbox to the SMTP sink and its link sets the password (as in
# tests/integration/users.sh). The owner then signs in through each web server
# and sees exactly that owner's data, as the default group allows: the calendar,
# the bookings list, a booking page with its notes and money, the statements
# with their lines, the documents list (public ones only) and a document's bytes;
# and GET /api/v1/events shows the owner's first sign-in. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

H=stays.test
PW_STAFF='staff of shore stays passphrase'
PW_OWNER='the owner chose this passphrase'

stack_db_up --smtp
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
# --- An empty tenant and its key: what the hosting company does. ---
stack_porchctl tenant add stays "Shore Stays" >/dev/null
stack_porchctl domain add "$H" stays >/dev/null
stack_porchctl tenant set stays staff-mfa off >/dev/null
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add stays office@$H --admin >/dev/null
KEY=$(stack_porchctl apikey add stays "Property system" 2>/dev/null)
stack_porchctl seed-demo >/dev/null 2>&1
STAYS=$(sql "SELECT id FROM tenants WHERE slug = 'stays'")
DEMO=$(sql "SELECT id FROM tenants WHERE slug = 'demo'")
stack_serve --apache

count() { sql "SELECT COUNT(*) FROM $1 WHERE tenant_id = $2"; }
check_eq "$(for t in customers contacts properties bookings blocks notes statements statement_lines documents; do count $t "$STAYS"; done | tr '\n' ' ')" \
	"0 0 0 0 0 0 0 0 0 " "the new tenant is empty"

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
# rules and a public inventory.
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

# --- The portal user, as a tenant makes one. ---
js=$(fresh_jar staff)
sign_in "$js" "$P" "$H" /staff/login "office@$H" "$PW_STAFF"
check_eq "$HTTP_STATUS" 303 "staff sign in"
OWNERS=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $STAYS AND is_default = 1")
check_eq "$(sql "SELECT name FROM permission_groups WHERE id = $OWNERS")" Owners "the default group is Owners"
csrf_post_at "$js" "$P" "$H" /staff/groups /staff/groups/edit --data-urlencode "group=$OWNERS" \
	--data-urlencode "name=Owners" --data-urlencode "perm=calendar.view" \
	--data-urlencode "perm=statements.view" --data-urlencode "perm=documents.public" \
	--data-urlencode "perm=notes.view" --data-urlencode "level=owner_revenue" --data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 303 "staff let the default group read notes too"
C1=$(sql "SELECT id FROM customers WHERE tenant_id = $STAYS AND external_id = 'own-1'")
csrf_post_at "$js" "$P" "$H" /staff/customers /staff/users/new --data-urlencode "customer=$C1"
check_eq "$HTTP_STATUS" 303 "staff create the owner's portal user on /staff/customers"
check_eq "$(sql "SELECT CONCAT(g.name, ' ', a.scope) FROM access_grants a JOIN permission_groups g ON g.id = a.group_id JOIN portal_users u ON u.id = a.portal_user_id WHERE u.login = 'owner1@owners.test'")" \
	"Owners customer" "...with the default group over the owner"
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
	check_contains "$HTTP_BODY" '<td class="blocked" data-date="2026-03-06">' "$s: ...and its block-off"
	check_contains "$HTTP_BODY" '<td class="blocked" data-date="2026-03-07">' "$s: ...to its last day"
	req "$j" "$port" "$H" "/portal/calendar?property=$(sql "SELECT id FROM properties WHERE tenant_id = $STAYS AND external_id = 'prop-3'")&month=2026-03"
	check_not_contains "$HTTP_BODY" "R3-" "$s: ...another owner's calendar shows none of its bookings"

	req "$j" "$port" "$H" "/portal/bookings?from=2026-01-01&to=2026-12-31"
	check_eq "$HTTP_STATUS" 200 "$s: the bookings list"
	check_contains "$HTTP_BODY" "R1-3" "$s: ...lists the owner's bookings"
	check_contains "$HTTP_BODY" "R2-" "$s: ...of both properties"
	check_eq "$(refs "$HTTP_BODY" | grep -vc '^R[12]-' || true)" 0 "$s: ...and no other owner's"

	req "$j" "$port" "$H" "/portal/bookings/$B13"
	check_eq "$HTTP_STATUS" 200 "$s: the booking page"
	check_contains "$HTTP_BODY" "R1-3" "$s: ...of R1-3"
	check_contains "$HTTP_BODY" "Late arrival for R1-3, leave the porch light on." "$s: ...with its note"
	check_match "$HTTP_BODY" "374[.,]50" "$s: ...and the owner's revenue (374.50)"
	check_not_contains "$HTTP_BODY" "Guest 1-3" "$s: ...but not the guest's name (the group does not allow it)"

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
