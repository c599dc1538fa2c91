#!/usr/bin/env bash
# porch — integration test of rights kept in porchd's workers (docs/DESIGN.md,
# "Rights in the worker"; security invariant 13) through nginx, with four workers
# serving one portal user in turn: once every worker keeps the user's rights, a
# renamed money formula, a changed group (a permission removed), a removed grant,
# a changed financial override, the portal-admin switch, a token visitor's system
# group, a disabled user and a revoked session each apply at the very next request
# on every worker, each change made as staff make it (the rights version bumped in
# the change's own transaction); a page that carries the session's check in its
# one statement (calendar, booking page, bookings list, statements list) is made
# again in full when the check finds the session changed or gone, never shown.
# Every request's log line says whether its rights were kept, read, or read again
# because the version moved, and how a session taken as kept was checked. TAP on
# stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl

WORKERS=4
export PORCH_WORKERS=$WORKERS
stack_setup --fixture acme

bid() { sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = '$1'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
A1=$(bid A1-1); B1=$(bid B1-1); PB1=$(pid 'Bo Loft')
BO=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Bo Owner'")
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
stack_porchctl tokenlink issue acme >/dev/null
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level,
	field_filter, field_list) VALUES ($ACME, 'Watch', 'calendar.view', 'all', 'all', '')"
WATCH=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Watch'")
SYS=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND is_system = 1")
# A money formula the group shows: the total price, as "Net".
sql "INSERT INTO formulas (tenant_id, name) VALUES ($ACME, 'Net')"
NET=$(sql "SELECT id FROM formulas WHERE tenant_id = $ACME AND name = 'Net'")
sql "INSERT INTO formula_terms (tenant_id, formula_id, position, field, sign)
	VALUES ($ACME, $NET, 0, 'total_price', 1)"
sql "INSERT INTO group_formulas (tenant_id, group_id, formula_id) VALUES ($ACME, $WATCH, $NET)"
stack_grant acme ada@acme.test Watch 'customer:Ada Owner'
GRANT=$(sql "SELECT id FROM access_grants WHERE portal_user_id = $ADA")
version() { sql "SELECT rights_version FROM tenants WHERE id = $ACME"; }

stack_serve

# rounds JAR PATH: GET PATH with JAR's cookies, 16 requests at once, until each of
# the WORKERS workers has answered at least once (at most 10 rounds). LINES gets
# porchd's log lines of those requests, SEEN how many workers answered them (a
# worker's request ids start with its own 8 hex digits).
rounds() {
	local jar=$1 path=$2 from i
	from=$(porchd_req_lines)
	for i in $(seq 10); do
		seq 16 | xargs -P 16 -I{} curl -s -o /dev/null --max-time 30 -b "$jar" \
			--resolve "acme.test:$P:127.0.0.1" "http://acme.test:$P$path"
		LINES=$(grep ' req=' "$T/porchd.log" | tail -n "+$((from + 1))" |
			grep -F " path=${path%%\?*} " || true)
		SEEN=$(printf '%s\n' "$LINES" | sed -n 's/.* req=\([0-9a-f]\{8\}\).*/\1/p' |
			sort -u | grep -c . || true)
		[ "$SEEN" -ge "$WORKERS" ] && return 0
	done
}
# statuses: the distinct statuses among LINES, comma-separated.
statuses() { printf '%s\n' "$LINES" | sed -n 's/.* status=\([0-9]*\) .*/\1/p' | sort -u | paste -sd, -; }
# fewest WORD: the fewest statements (sql=N) of the lines of LINES with rights=WORD
# (the session's idle-time touch adds one at most once a minute).
fewest() {
	printf '%s\n' "$LINES" | grep " rights=$1 " | sed 's/.* sql=//' | sort -n | head -n 1
}
# outcomes: the distinct rights= words among LINES, comma-separated.
outcomes() { printf '%s\n' "$LINES" | sed -n 's/.* rights=\([a-z]*\) .*/\1/p' | sort -u | paste -sd, -; }
# checks: the distinct session= words among LINES (how a session taken as kept was
# checked: in the page's statement, alone, or found changed), comma-separated.
checks() { printf '%s\n' "$LINES" | sed -n 's/.* session=\([a-z]*\) .*/\1/p' | sort -u | paste -sd, -; }
# first_says WORD: each worker's first line among LINES says WORD (e.g. rights=read).
first_says() {
	printf '%s\n' "$LINES" | awk -v w="$1" '
		match($0, / req=[0-9a-f]{8}/) {
			id = substr($0, RSTART + 5, 8)
			if (!(id in seen)) { seen[id] = 1; if (index($0, " " w " ") == 0) bad++ }
		}
		END { exit bad > 0 }'
}
# first_of_each WORD: each worker's first line among LINES says rights=WORD.
first_of_each() { first_says "rights=$1"; }
# warm JAR PATH STATUS WHAT: every worker answers PATH with STATUS and has the
# visitor's session and rights kept by the end (the next round is all "kept", each
# page one statement that carries the session's check).
warm() {
	rounds "$1" "$2"
	rounds "$1" "$2"
	check_eq "$SEEN $(statuses) $(outcomes) $(checks)" "$WORKERS $3 kept twin" \
		"before: all $WORKERS workers answer $2 with $3 from the session and rights they keep ($4)"
}
# after JAR PATH STATUS WHAT: right after a change, every worker answers PATH with
# STATUS, each reading the rights again at its first request.
after() {
	rounds "$1" "$2"
	check_eq "$SEEN $(statuses)" "$WORKERS $3" \
		"after: all $WORKERS workers answer $2 with $3 at once ($4)"
	if [ -n "${5:-}" ]; then
		check_cmd "...each worker's first request read the rights again ($4)" \
			first_of_each "$5"
	fi
}
# pages_with JAR PATH TEXT WHAT: right after a change, each worker's first request
# for PATH read the rights again; then N is how many of 8 more pages hold TEXT.
pages_with() {
	local i
	rounds "$1" "$2"
	check_cmd "after: each worker's first request read the rights again ($4)" \
		first_of_each moved
	N=0
	for i in $(seq 8); do
		req "$1" "$P" acme.test "$2"
		case $HTTP_BODY in *"$3"*) N=$((N + 1)) ;; esac
	done
}

JS=$(jar staff)
staff_signs_in "$JS"
check_eq "$HTTP_STATUS" 303 "staff signs in"
JA=$(fresh_jar ada)
sign_in "$JA" "$P" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in"

# --- A formula renamed: the tenant's formulas are kept at the version too. ---
warm "$JA" "/portal/bookings/$A1" 200 "the booking page with the formula Net"
req "$JA" "$P" acme.test "/portal/bookings/$A1"
check_contains "$HTTP_BODY" '>Net<' "the booking page shows the formula Net"
csrf_post "$JS" "/staff/formulas/edit?formula=$NET" /staff/formulas/edit \
	--data-urlencode "formula=$NET" --data-urlencode "name=Gross sum" --data-urlencode t0=7
check_eq "$HTTP_STATUS" 303 "an admin renames the formula"
pages_with "$JA" "/portal/bookings/$A1" '>Gross sum<' "formula"
check_eq "$N" 8 "...and every page names it Gross sum"

# --- A group loses a permission. ---
warm "$JA" /portal/bookings 200 "calendar.view through the group Watch"
v=$(version)
csrf_post "$JS" /staff/groups /staff/groups/edit --data-urlencode "group=$WATCH" \
	--data-urlencode name=Watch --data-urlencode perm=notes.view \
	--data-urlencode level=all --data-urlencode filter=all
check_eq "$HTTP_STATUS" 303 "an admin takes calendar.view from the group"
check_eq "$(version)" "$((v + 1))" "...which bumps the rights version once"
after "$JA" /portal/bookings 404 "the group no longer gives calendar.view" moved
csrf_post "$JS" /staff/groups /staff/groups/edit --data-urlencode "group=$WATCH" \
	--data-urlencode name=Watch --data-urlencode perm=calendar.view \
	--data-urlencode level=all --data-urlencode filter=all
after "$JA" /portal/bookings 200 "calendar.view given back" moved
check_eq "$(fewest moved)" 4 \
	"...that first request is four statements: the light session, the session with the rights, the tenant's formulas, the list"
warm "$JA" /portal/bookings 200 "calendar.view given back"
check_eq "$(fewest kept)" 1 \
	"...then one: the list, carrying the session's check (session, rights and formulas kept)"

# --- The financial override: money shown, then hidden. ---
PAGE=/staff/portal-users/$ADA
warm "$JA" "/portal/bookings/$A1" 200 "the booking page"
req "$JA" "$P" acme.test "/portal/bookings/$A1"
check_contains "$HTTP_BODY" 'class="price"' "the booking page shows its price by the group"
csrf_post "$JS" "$PAGE" "$PAGE/finance" --data-urlencode override=user --data-urlencode level=none \
	--data-urlencode filter=all
check_eq "$HTTP_STATUS" 303 "an admin sets Ada's override to no money"
pages_with "$JA" "/portal/bookings/$A1" 'class="price"' "override"
check_eq "$N" 0 "...and no worker shows the price any more"
csrf_post "$JS" "$PAGE" "$PAGE/finance" --data-urlencode override=groups
check_eq "$HTTP_STATUS" 303 "the override is taken away again"

# --- The portal-admin switch: Bo's property, reached only as an admin. ---
warm "$JA" "/portal/bookings/$B1" 404 "Bo's booking is not Ada's"
csrf_post "$JS" "$PAGE" "$PAGE/admin" --data-urlencode admin=1
check_eq "$HTTP_STATUS" 303 "an admin makes Ada a portal admin"
after "$JA" "/portal/bookings/$B1" 200 "a portal admin reaches every property" moved
warm "$JA" "/portal/bookings/$B1" 200 "as portal admin"
csrf_post "$JS" "$PAGE" "$PAGE/admin"
check_eq "$HTTP_STATUS" 303 "...and takes the switch away"
after "$JA" "/portal/bookings/$B1" 404 "no longer an admin" moved

# --- A grant removed. ---
warm "$JA" /portal/bookings 200 "through the grant over Ada's customer"
csrf_post "$JS" "$PAGE" "$PAGE/grants/remove" --data-urlencode "grant=$GRANT"
check_eq "$HTTP_STATUS" 303 "an admin removes Ada's only grant"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants WHERE portal_user_id = $ADA")" 0 "...it is gone"
after "$JA" /portal/bookings 404 "without a grant" moved

# --- A token visitor's system group. ---
req "$JS" "$P" acme.test "/staff/customers/$BO"
LINK=$(printf '%s' "$HTTP_BODY" | grep -o "value=\"http://acme.test:$P/t/[A-Za-z0-9_-]*\"" |
	head -n 1 | sed 's/^value="//; s/"$//')
check_match "$LINK" '/t/' "staff read Bo's token link"
JT=$(fresh_jar token)
req "$JT" "$P" acme.test "/t/${LINK##*/t/}"
check_eq "$HTTP_STATUS" 303 "the link opens a visitor session"
warm "$JT" /portal/bookings 200 "the token visitor, through Non-Portal Users"
csrf_post "$JS" /staff/groups /staff/groups/edit --data-urlencode "group=$SYS" \
	--data-urlencode "name=Non-Portal Users" --data-urlencode perm=notes.view \
	--data-urlencode level=none --data-urlencode filter=all
check_eq "$HTTP_STATUS" 303 "an admin takes calendar.view from Non-Portal Users"
after "$JT" /portal/bookings 404 "the visitor's group no longer gives it" moved

# --- A disabled user. ---
stack_grant acme ada@acme.test Watch 'customer:Ada Owner'
warm "$JA" /portal/bookings 200 "with a grant again"
staff_post() { csrf_post "$JS" /staff/users "$@"; }
staff_post /staff/users/action --data-urlencode "user=$ADA" --data-urlencode do=disable \
	--data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "staff disable Ada"
after "$JA" /portal/bookings 303 "a disabled user's session opens nothing"
check_cmd "...each worker's first request found the session changed and made the page again" \
	first_says session=again
check_eq "$(sql "SELECT COUNT(*) FROM sessions WHERE portal_user_id = $ADA")" 0 \
	"...and is gone"

# --- A revoked session. ---
staff_post /staff/users/action --data-urlencode "user=$ADA" --data-urlencode do=enable \
	--data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "staff enable Ada again"
JA=$(fresh_jar ada)
sign_in "$JA" "$P" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in again"
warm "$JA" /portal/bookings 200 "the new session"
cp "$JA" "$T/jar.kept"
req "$JA" "$P" acme.test /account
tok=$(csrf_of "$HTTP_BODY")
req "$JA" "$P" acme.test /logout --data-urlencode "csrf=$tok"
check_eq "$HTTP_STATUS" 303 "Ada signs out"
after "$T/jar.kept" /portal/bookings 303 "the signed-out session's cookie opens nothing"
check_cmd "...each worker's first request found the session gone and made the page again" \
	first_says session=again

# --- A session ended between two requests of each worker, on every page that
# carries the session's check: the next one is refused at once, never the page
# read with the check that found the session gone. ---
sql "UPDATE permission_groups SET permissions = 'calendar.view,statements.view'
	WHERE id = $WATCH"
for path in /portal/calendar "/portal/bookings/$A1" /portal/statements; do
	JE=$(fresh_jar ended)
	sign_in "$JE" "$P" acme.test /login ada@acme.test "$PW_OWNER"
	warm "$JE" "$path" 200 "a session to end"
	cp "$JE" "$T/jar.ending"
	req "$T/jar.ending" "$P" acme.test /account
	tok=$(csrf_of "$HTTP_BODY")
	req "$T/jar.ending" "$P" acme.test /logout --data-urlencode "csrf=$tok"
	check_eq "$HTTP_STATUS" 303 "$path: Ada signs out in another tab"
	after "$JE" "$path" 303 "the session ended: a sign-in, nothing of the page"
	check_cmd "...each worker's first request found it gone and made the page again" \
		first_says session=again
done
