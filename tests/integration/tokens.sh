#!/usr/bin/env bash
# porch — integration test of customers' token links through nginx: porchctl issuing
# them, the staff customer page (show, rotate, expiry, disable, enable), opening
# /t/<token> (token session, the landing page, sign-in required once the customer
# has an active portal user), token sessions dying with their link however it ended,
# the token visitor's sign-out, asking before a link from elsewhere would end the
# browser's own session, the one 404 for every dead or foreign link,
# Referrer-Policy, CSRF, tenant isolation, the audit log, and that no token is in
# porchd's log or in the database in plain text. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

stack_setup

audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }

# Customers made by SQL, as seed data and imports make them: no link yet.
sql "INSERT INTO customers (tenant_id, name) VALUES
	((SELECT id FROM tenants WHERE slug = 'acme'), 'Tina Token'),
	((SELECT id FROM tenants WHERE slug = 'beta'), 'Bea Beta')"
TINA=$(sql "SELECT id FROM customers WHERE name = 'Tina Token'")
BEA=$(sql "SELECT id FROM customers WHERE name = 'Bea Beta'")
check_eq "$(sql "SELECT COUNT(*) FROM customers WHERE token_hash IS NOT NULL")" 0 \
	"customers made by SQL have no link yet"

# --- porchctl tokenlink issue ---
grep -v '^secret_key' "$T/porch.conf" >"$T/nokey.conf"
rc=0
"$top_builddir/porchctl" -c "$T/nokey.conf" tokenlink issue acme >"$T/out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchctl tokenlink without secret_key exits 2"
check_contains "$(cat "$T/out")" "secret_key is not set" "...saying the key is missing"
check_eq "$(stack_porchctl tokenlink issue acme)" "1 token link issued for acme" \
	"porchctl issues a link to the customer without one"
check_eq "$(stack_porchctl tokenlink issue acme)" "0 token links issued for acme" \
	"...and leaves customers with a link alone"
stack_porchctl tokenlink issue beta >/dev/null
rc=0
"$top_builddir/porchctl" -c "$T/nokey.conf" seed-demo >"$T/out" 2>&1 || rc=$?
check_eq "$rc" 2 "seed-demo without secret_key exits 2"
check_eq "$(sql "SELECT COUNT(*) FROM tenants WHERE slug = 'demo'")" 0 "...before adding anything"
stack_porchctl seed-demo >/dev/null
check_eq "$(sql "SELECT CONCAT(COUNT(*), ' ', COUNT(token_hash)) FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'demo'")" \
	"4 4" "seed-demo gives each demo customer a token link"
check_eq "$(sql "SELECT CONCAT(LENGTH(token_hash), ' ', LENGTH(token_enc), ' ', token_disabled, ' ', token_expires_at IS NULL) FROM customers WHERE id = $TINA")" \
	"32 61 0 1" "the link is a 32-byte hash and a sealed copy, on, without expiry"

# A customer with an active portal user (its link from porchctl too), and one that
# still has no link when porchd runs.
stack_portal_user acme 'Olga Owner' owner@acme.test "$PW_OWNER"
OLGA=$(sql "SELECT id FROM customers WHERE name = 'Olga Owner'")
check_eq "$(sql "SELECT LENGTH(token_hash) FROM customers WHERE id = $OLGA")" 32 \
	"stack_portal_user's customer has a link"
sql "INSERT INTO customers (tenant_id, name) VALUES
	((SELECT id FROM tenants WHERE slug = 'acme'), 'Nora Nolink')"
NORA=$(sql "SELECT id FROM customers WHERE name = 'Nora Nolink'")

stack_serve

# link_on_page HOST: the token link shown in HTTP_BODY (empty when none).
link_on_page() {
	printf '%s' "$HTTP_BODY" | grep -o "value=\"http://$1:$P/t/[A-Za-z0-9_-]*\"" \
		| head -n 1 | sed 's/^value="//; s/"$//'
}
# staff_link JAR HOST CUSTOMER: opens the customer page, sets LINK, TOKEN and TOK.
staff_link() {
	req "$1" "$P" "$2" "/staff/customers/$3"
	LINK=$(link_on_page "$2")
	TOKEN=${LINK##*/t/}
	TOK=$(csrf_of "$HTTP_BODY")
}
# staff_do JAR HOST CUSTOMER DO [ARGS...]: a POST to the customer page with its CSRF token.
staff_do() {
	local j=$1 host=$2 c=$3 act=$4
	shift 4
	staff_link "$j" "$host" "$c"
	req "$j" "$P" "$host" "/staff/customers/$c" --data-urlencode "csrf=$TOK" \
		--data-urlencode "do=$act" "$@" --data-urlencode confirm=1
}
# visit HOST TOKEN: opens /t/TOKEN with a fresh jar (jar file in VJ).
VN=0
visit() {
	VN=$((VN + 1))
	VJ=$(jar "visitor$VN")
	rm -f "$VJ"
	req "$VJ" "$P" "$1" "/t/$2"
}
ALL_TOKENS=

# --- Staff see the link of a customer. ---
js=$(fresh_jar staff)
req "$js" "$P" acme.test "/staff/customers/$TINA"
check_eq "$HTTP_STATUS" 303 "the customer page needs a staff session"
sign_in "$js" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 303 "staff sign in"
req "$js" "$P" acme.test /staff/customers
check_contains "$HTTP_BODY" "href=\"/staff/customers/$TINA\"" "the roster links to the customer page"
staff_link "$js" acme.test "$TINA"
check_eq "$HTTP_STATUS" 200 "the customer page opens"
check_contains "$HTTP_BODY" "<h1>Tina Token</h1>" "...for that customer"
check_match "$LINK" '^http://acme\.test:'"$P"'/t/[A-Za-z0-9_-]{43}$' "it shows the link on the tenant's host, at the port used"
check_contains "$HTTP_BODY" 'readonly' "...in a read-only field to copy"
check_contains "$HTTP_BODY" "Status: <strong>active</strong>" "...and says it is active"
tidy_ok "the customer page passes tidy"
T1=$TOKEN
ALL_TOKENS="$ALL_TOKENS $T1"
check_eq "$(sql "SELECT COUNT(*) FROM customers WHERE id = $TINA AND token_hash = UNHEX(SHA2(FROM_BASE64('$(printf '%s' "$T1" | tr '_-' '/+')='), 256))")" 1 \
	"the database holds the SHA-256 of the shown token"

# --- Opening the link: a token session, the token stripped by a redirect. ---
visit acme.test "$T1"
J1=$VJ
check_eq "$HTTP_STATUS" 303 "the link redirects"
check_eq "$(http_header Location)" /portal "...to /portal, without the token"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
check_match "$(http_header Set-Cookie)" '^porch_session=[A-Za-z0-9_-]{43};' "...and sets a session cookie"
check_eq "$(sql "SELECT CONCAT(principal, ' ', customer_id, ' ', portal_user_id IS NULL) FROM sessions WHERE customer_id = $TINA")" \
	"token $TINA 1" "the session is a token visitor's, for the customer"
# A visitor without a session lands in one statement, its own transaction: the
# link checked, the session made and its audit entry written.
# (The fewest of up to three landings: a worker may read the tenant again first,
# once its tenant_cache_seconds are up. The others' sessions go again.)
land_sql() { grep ' path=/t/\.\.\. ' "$T/porchd.log" | tail -n 1 | sed 's/.* sql=//'; }
n=$(land_sql)
first=$(sql "SELECT HEX(token_hash) FROM sessions WHERE customer_id = $TINA")
for _ in 1 2; do
	[ "$n" != 1 ] || break
	visit acme.test "$T1"
	[ "$(land_sql)" -lt "$n" ] && n=$(land_sql)
done
sql "DELETE FROM sessions WHERE customer_id = $TINA AND HEX(token_hash) <> '$first'"
check_eq "$n" 1 "...made with the link's check and the audit entry in one statement: sql=1"
check_eq "$(sql "SELECT CONCAT_WS(' ', HEX(link_hash) = HEX(c.token_hash), s.mfa_state, s.ip, s.expires_at > UTC_TIMESTAMP() + INTERVAL 1 HOUR) FROM sessions s JOIN customers c ON c.id = s.customer_id WHERE s.customer_id = $TINA")" \
	"1 none 127.0.0.1 1" "...tied to its link, with the visitor's address and the session's lifetime"
req "$J1" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 200 "the landing page opens with the token session"
check_contains "$HTTP_BODY" "Portal of <span class=\"customer\">Tina Token</span>" "...and names the customer"
check_contains "$HTTP_BODY" "Acme Rentals" "...and the tenant"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
tidy_ok "the landing page passes tidy"
check_eq "$(audit_count tokenlink.use)" 1 "the use is audited"
check_eq "$(sql "SELECT CONCAT_WS(',', actor_kind, actor_id, target_kind, target_id, COALESCE(detail, '-')) FROM audit_log WHERE action = 'tokenlink.use'")" \
	"token,$TINA,customer,$TINA,-" "...with the customer as actor and target, and no token"
# The session and its audit line together or not at all: when the line cannot be
# written, the landing's statement rolls the session back too and no cookie is
# set; the worker's connection is left with no transaction open (the landings
# after it are committed on their own, and the refused session never is).
tina_all() { sql "SELECT COUNT(*) FROM sessions WHERE customer_id = $TINA"; }
ns=$(tina_all)
stack_mysql "$DB_NAME" -e "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log
	FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit refused'"
visit acme.test "$T1"
# (A transaction left open would hold the trigger's table: no endless wait.)
stack_mysql "$DB_NAME" -e "SET SESSION lock_wait_timeout = 20; DROP TRIGGER audit_refused"
check_match "$HTTP_STATUS" '^5[0-9][0-9]$' "a landing whose audit line cannot be written fails"
check_eq "$(http_header Set-Cookie)" "" "...sets no cookie"
check_eq "$(tina_all) $(audit_count tokenlink.use)" "$ns 1" "...and leaves neither a session nor an audit line"
for _ in 1 2 3; do visit acme.test "$T1"; done
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "the link lands again afterwards"
check_eq "$(tina_all) $(audit_count tokenlink.use)" "$((ns + 3)) 4" \
	"...each landing with its session and its audit line, and nothing of the refused one"
sql "DELETE FROM sessions WHERE customer_id = $TINA AND HEX(token_hash) <> '$first'"

jn=$(fresh_jar nobody)
req "$jn" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "/portal without a session redirects"
check_eq "$(http_header Location)" /login "...to sign-in"
req "$js" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "/portal is not a staff page"
jo=$(jar owner)
owner_signs_in "$jo" owner@acme.test
req "$jo" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 200 "a signed-in portal user sees the landing page"
check_contains "$HTTP_BODY" "Olga Owner" "...of their own customer"

# --- The one 404, for every link that does not work. ---
visit acme.test "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
check_eq "$HTTP_STATUS" 404 "an unknown token is 404"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
check_eq "$(http_header Set-Cookie)" "" "...and no cookie"
GONE=$HTTP_BODY
check_contains "$GONE" "This link is not valid" "...saying the link is not valid"
tidy_ok "the invalid-link page passes tidy"
visit acme.test "not-a-token"
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "a malformed token gets the same 404 page"
visit acme.test ""
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "an empty token gets the same 404 page"
visit acme.test "${T1}x"
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "a token with a byte more gets the same 404 page"

# --- Another tenant's link on this host. ---
jb=$(fresh_jar beta)
sign_in "$jb" "$P" beta.test /staff/login office@beta.test "$PW_STAFF"
staff_link "$jb" beta.test "$BEA"
TB=$TOKEN
ALL_TOKENS="$ALL_TOKENS $TB"
check_match "$LINK" '^http://beta\.test:'"$P"'/t/' "beta's staff see beta's link on beta's host"
visit acme.test "$TB"
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "another tenant's link on this host is the same 404"
visit beta.test "$TB"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "...and works on its own host"
req "$js" "$P" acme.test "/staff/customers/$BEA"
check_eq "$HTTP_STATUS" 404 "another tenant's customer page is 404"
hash_bea=$(sql "SELECT HEX(token_hash) FROM customers WHERE id = $BEA")
staff_link "$js" acme.test "$TINA"
req "$js" "$P" acme.test "/staff/customers/$BEA" --data-urlencode "csrf=$TOK" --data-urlencode "do=rotate"
check_eq "$HTTP_STATUS" 404 "rotating another tenant's link is 404"
check_eq "$(sql "SELECT HEX(token_hash) FROM customers WHERE id = $BEA")" "$hash_bea" "...and changes nothing"
req "$js" "$P" acme.test "/staff/customers/x$TINA"
check_eq "$HTTP_STATUS" 404 "a malformed customer id is 404"

# --- A customer with an active portal user: sign in instead. ---
staff_link "$js" acme.test "$OLGA"
check_contains "$HTTP_BODY" "has an active portal user" "staff see that the link now asks to sign in"
TO=$TOKEN
ALL_TOKENS="$ALL_TOKENS $TO"
n_sessions=$(sql "SELECT COUNT(*) FROM sessions")
visit acme.test "$TO"
check_eq "$HTTP_STATUS" 303 "the link of a customer with an active user redirects"
check_eq "$(http_header Location)" "/login?link=1" "...to sign-in"
check_eq "$(http_header Set-Cookie)" "" "...without a session cookie"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
check_eq "$(sql "SELECT COUNT(*) FROM sessions")" "$n_sessions" "...and no session was made"
req "$VJ" "$P" acme.test "/login?link=1"
check_contains "$HTTP_BODY" "Your link alone no longer opens the portal" "the sign-in page says why"
check_eq "$(sql "SELECT CONCAT_WS(',', COALESCE(actor_kind, '-'), target_kind, target_id) FROM audit_log WHERE action = 'tokenlink.refused_has_users'")" \
	"-,customer,$OLGA" "the refusal is audited"

# --- Rotation: the old link dies at once, with the sessions it opened. ---
staff_link "$js" acme.test "$TINA"
req "$js" "$P" acme.test "/staff/customers/$TINA" --data-urlencode "do=rotate"
check_eq "$HTTP_STATUS" 403 "rotating without the CSRF token is 403"
staff_link "$js" acme.test "$TINA"
check_eq "$TOKEN" "$T1" "...and the link is unchanged"
# Every change of an issued link asks first: without confirm=1 the POST is the
# page saying what will happen, with the real button and Cancel.
staff_link "$js" acme.test "$TINA"
req "$js" "$P" acme.test "/staff/customers/$TINA" --data-urlencode "csrf=$TOK" \
	--data-urlencode "do=rotate"
check_eq "$HTTP_STATUS" 200 "rotating without the confirmation asks first"
check_contains "$HTTP_BODY" "the old link stops working at once" "...saying what will happen"
check_contains "$HTTP_BODY" '<input type="hidden" name="do" value="rotate">' "...with the confirming form"
check_contains "$HTTP_BODY" "href=\"/staff/customers/$TINA\">Cancel</a>" "...and Cancel back to the customer"
tidy_ok "the confirmation page passes tidy"
staff_link "$js" acme.test "$TINA"
check_eq "$TOKEN" "$T1" "...and the link is unchanged"
staff_do "$js" acme.test "$TINA" rotate
check_eq "$HTTP_STATUS" 303 "rotating redirects"
check_eq "$(http_header Location)" "/staff/customers/$TINA?done=rotated" "...back to the customer page"
req "$js" "$P" acme.test "/staff/customers/$TINA?done=rotated"
check_contains "$HTTP_BODY" "The old one no longer works" "the page confirms"
staff_link "$js" acme.test "$TINA"
T2=$TOKEN
ALL_TOKENS="$ALL_TOKENS $T2"
check_match "$T2" '^[A-Za-z0-9_-]{43}$' "the page shows a new link"
check_not_contains "$T2" "$T1" "...different from the old one"
visit acme.test "$T1"
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "the rotated link is the same 404"
req "$J1" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "the session the old link opened has ended"
visit acme.test "$T2"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "the new link works"
J2=$VJ
check_eq "$(audit_count tokenlink.rotate)" 1 "the rotation is audited"

# --- Expiry. ---
yesterday=$(date -u -d yesterday +%Y-%m-%d)
nextyear=$(date -u -d 'next year' +%Y-%m-%d)
nextyear_words=$(LC_ALL=C date -u -d "$nextyear" '+%a %-d %b %Y')
staff_do "$js" acme.test "$TINA" expiry --data-urlencode "expires=2026-02-30"
check_eq "$HTTP_STATUS" 400 "an impossible expiry date is 400"
check_contains "$HTTP_BODY" "Give the expiry as a date" "...with a message"
staff_link "$js" acme.test "$TINA"
req "$js" "$P" acme.test "/staff/customers/$TINA" --data-urlencode "csrf=$TOK" \
	--data-urlencode "do=expiry" --data-urlencode "expires=$nextyear"
check_contains "$HTTP_BODY" "works until the end of $nextyear_words (UTC), then stops." \
	"setting an expiry asks first, naming the day as people write it"
staff_do "$js" acme.test "$TINA" expiry --data-urlencode "expires=$nextyear"
check_eq "$HTTP_STATUS" 303 "a future expiry date is saved"
staff_link "$js" acme.test "$TINA"
check_contains "$HTTP_BODY" "works until the end of <time datetime=\"$nextyear\">$nextyear_words</time>" "the page shows it as people write a day"
check_contains "$HTTP_BODY" "value=\"$nextyear\"" "...in the date field too"
visit acme.test "$T2"
check_eq "$HTTP_STATUS" 303 "a link with a future expiry works"
staff_do "$js" acme.test "$TINA" expiry --data-urlencode "expires=$yesterday"
check_eq "$HTTP_STATUS" 303 "an expiry date in the past is saved"
visit acme.test "$T2"
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "an expired link is the same 404"
req "$J2" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "expiring the link ended its sessions"
staff_link "$js" acme.test "$TINA"
check_contains "$HTTP_BODY" "Status: <strong>expired</strong>" "staff see it expired"
staff_do "$js" acme.test "$TINA" expiry --data-urlencode "expires="
check_eq "$HTTP_STATUS" 303 "the expiry date is removed"
check_eq "$(sql "SELECT token_expires_at IS NULL FROM customers WHERE id = $TINA")" 1 "...in the database"
visit acme.test "$T2"
check_eq "$HTTP_STATUS" 303 "without the expiry the link works again"
check_eq "$(audit_count tokenlink.expiry)" 3 "each expiry change is audited"
check_eq "$(sql "SELECT GROUP_CONCAT(detail ORDER BY id) FROM audit_log WHERE action = 'tokenlink.expiry'")" \
	"$nextyear,$yesterday,none" "...with the date set"

# --- Disable and enable. ---
J3=$VJ
staff_do "$js" acme.test "$TINA" disable
check_eq "$HTTP_STATUS" 303 "disabling redirects"
visit acme.test "$T2"
check_eq "$HTTP_STATUS $HTTP_BODY" "404 $GONE" "a disabled link is the same 404"
req "$J3" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "disabling ended the link's sessions"
staff_link "$js" acme.test "$TINA"
check_contains "$HTTP_BODY" "Status: <strong>disabled</strong>" "staff see it disabled"
check_contains "$HTTP_BODY" "Enable the link" "...with a way to enable it"
check_eq "$TOKEN" "$T2" "...and the link is still shown"
staff_do "$js" acme.test "$TINA" enable
check_eq "$HTTP_STATUS" 303 "enabling redirects"
visit acme.test "$T2"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "the re-enabled link works"
check_eq "$(audit_count tokenlink.disable) $(audit_count tokenlink.enable)" "1 1" \
	"disabling and enabling are audited"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log a JOIN staff_users s ON s.id = a.actor_id WHERE a.action LIKE 'tokenlink.%' AND a.actor_kind = 'staff' AND s.email = 'office@acme.test' AND a.target_kind = 'customer' AND a.target_id = $TINA")" \
	6 "staff changes name the staff member and the customer"

# --- A token session also ends when its link's expiry date passes by itself. ---
visit acme.test "$T2"
JE=$VJ
req "$JE" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 200 "a token session opened before its link expires works"
sessions_of() { sql "SELECT COUNT(*) FROM sessions WHERE principal = 'token' AND customer_id = $1"; }
before=$(sessions_of "$TINA")
# The clock passes the saved expiry (moved to a moment ago, as a day ending would).
sql "UPDATE customers SET token_expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = $TINA"
req "$JE" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "once the link has expired, its session no longer opens the portal"
check_eq "$(sessions_of "$TINA")" "$((before - 1))" "...and it was ended on the server"
sql "UPDATE customers SET token_expires_at = NULL WHERE id = $TINA"
req "$JE" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "...for good, even when the link works again"
# A link replaced by any route (here straight in the database) ends its sessions too.
visit acme.test "$T2"
JR=$VJ
tina_hash=$(sql "SELECT HEX(token_hash) FROM customers WHERE id = $TINA")
sql "UPDATE customers SET token_hash = UNHEX(SHA2('another link', 256)) WHERE id = $TINA"
req "$JR" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "a session whose link was replaced no longer opens the portal"
sql "UPDATE customers SET token_hash = UNHEX('$tina_hash') WHERE id = $TINA"
req "$JR" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "...nor when the old link comes back"

# --- A token visitor can sign out. ---
visit acme.test "$T2"
JV=$VJ
req "$JV" "$P" acme.test /portal
check_contains "$HTTP_BODY" '<form method="post" action="/logout"' "a token visitor's page has a sign-out button"
check_contains "$HTTP_BODY" '<span class="user-name">Link visitor</span>' "...beside \"Link visitor\""
check_not_contains "$HTTP_BODY" 'href="/account"' "...and no account link (a link has no account)"
tidy_ok "the token visitor's page with its sign-out button passes tidy"
before=$(sessions_of "$TINA")
req "$JV" "$P" acme.test /logout --data-urlencode "csrf=$(csrf_of "$HTTP_BODY")"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /" "signing out redirects home"
check_eq "$(sessions_of "$TINA")" "$((before - 1))" "...the session ended on the server"
req "$JV" "$P" acme.test /portal
check_eq "$HTTP_STATUS" 303 "...and the portal no longer opens"

# --- A link opened from elsewhere never ends the browser's own session unasked. ---
jx=$(jar staff-x)
staff_signs_in "$jx"
n_sessions=$(sql "SELECT COUNT(*) FROM sessions")
req "$jx" "$P" acme.test "/t/$T2" -H 'Sec-Fetch-Site: cross-site'
check_eq "$HTTP_STATUS" 200 "a link opened from another site in a staff browser asks first"
check_eq "$(http_header Set-Cookie)" "" "...without touching the session cookie"
check_eq "$(http_header Referrer-Policy)" no-referrer "...with Referrer-Policy no-referrer"
check_contains "$HTTP_BODY" "Opening this link signs you out first" "...saying what opening it does"
check_contains "$HTTP_BODY" '<form method="post" action="/t/">' "...offering a POST from this page"
check_not_match "$HTTP_BODY" "(href|action)=\"[^\"]*$T2" "...with the token in no address"
tidy_ok "the page that asks passes tidy"
CONFIRM=$HTTP_BODY
check_eq "$(sql "SELECT COUNT(*) FROM sessions")" "$n_sessions" "...no session was made or ended"
req "$jx" "$P" acme.test /staff/customers
check_eq "$HTTP_STATUS" 200 "...and the staff session still works"
req "$jo" "$P" acme.test "/t/$T2" -H 'Sec-Fetch-Site: none'
check_eq "$HTTP_STATUS" 200 "a link from a mail program in a portal user's browser asks too"
req "$jo" "$P" acme.test "/t/$T2"
check_eq "$HTTP_STATUS" 200 "...as does one that says nothing of where it came from"
req "$jo" "$P" acme.test /portal
check_contains "$HTTP_STATUS $HTTP_BODY" "200 " "...and the portal user is still signed in"
check_contains "$HTTP_BODY" "Olga Owner" "...as themselves"
tok=$(csrf_of "$CONFIRM")
req "$jx" "$P" acme.test /t/ --data-urlencode "csrf=$tok" --data-urlencode "token=$T2" \
	-H 'Sec-Fetch-Site: cross-site' -H 'Origin: http://evil.test'
check_eq "$HTTP_STATUS" 403 "the confirmation posted from another site is 403"
req "$jx" "$P" acme.test /staff/customers
check_eq "$HTTP_STATUS" 200 "...and the staff session lives on"
req "$jx" "$P" acme.test /t/ --data-urlencode "csrf=$tok" --data-urlencode "token=${T1}" \
	-H 'Sec-Fetch-Site: same-origin'
check_eq "$HTTP_STATUS" 404 "confirming a dead link is 404"
check_contains "$HTTP_BODY" "This link is not valid" "...with the invalid-link page"
req "$jx" "$P" acme.test /t/ --data-urlencode "csrf=$tok" --data-urlencode "token=$T2" \
	-H 'Sec-Fetch-Site: same-origin' -H "Origin: http://acme.test:$P"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "confirming from the page opens the link"
req "$jx" "$P" acme.test /portal
check_contains "$HTTP_BODY" "Tina Token" "...as a token visitor"
req "$jx" "$P" acme.test /staff/customers
check_eq "$HTTP_STATUS" 303 "...in place of the staff session, as asked"
req "$jx" "$P" acme.test "/t/$T2" -H 'Sec-Fetch-Site: cross-site'
check_eq "$HTTP_STATUS $(http_header Location) $(http_header Set-Cookie)" "303 /portal " \
	"the same link opened again goes on with the visitor's session"
jf=$(fresh_jar fresh-x)
req "$jf" "$P" acme.test "/t/$T2" -H 'Sec-Fetch-Site: cross-site'
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "a browser without a session goes straight in"

# --- A customer without a link: staff issue one. ---
staff_link "$js" acme.test "$NORA"
check_contains "$HTTP_BODY" "No link has been issued" "a customer without a link says so"
check_eq "$LINK" "" "...and shows none"
staff_do "$js" acme.test "$NORA" rotate
staff_link "$js" acme.test "$NORA"
TN=$TOKEN
ALL_TOKENS="$ALL_TOKENS $TN"
check_match "$TN" '^[A-Za-z0-9_-]{43}$' "staff issue a first link"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'tokenlink.rotate' AND target_id = $NORA")" \
	"first link" "...audited as the first"

# --- A sealed copy moved to another row does not open there. ---
sql "SET @e = (SELECT token_enc FROM customers WHERE id = $TINA);
	UPDATE customers SET token_enc = @e WHERE id = $NORA"
staff_link "$js" acme.test "$NORA"
check_eq "$LINK" "" "a copy taken from another customer is not shown"
check_not_contains "$HTTP_BODY" "$T2" "...Tina's token is nowhere on Nora's page"
check_contains "$HTTP_BODY" "cannot be read" "...the page says the copy cannot be read"
staff_do "$js" acme.test "$NORA" rotate
staff_link "$js" acme.test "$NORA"
check_match "$TOKEN" '^[A-Za-z0-9_-]{43}$' "...and a new link repairs it"
ALL_TOKENS="$ALL_TOKENS $TOKEN"

# --- The audit page lists the entries. ---
req "$js" "$P" acme.test "/staff/audit?action=tokenlink.use"
check_eq "$HTTP_STATUS" 200 "the audit page filters on tokenlink.use"
check_contains "$HTTP_BODY" "tokenlink.use" "...and lists the uses"
check_contains "$HTTP_BODY" "Tina Token" "...naming the customer"
req "$js" "$P" acme.test "/staff/audit?action=tokenlink.rotate"
check_contains "$HTTP_BODY" "office@acme.test" "rotations list the staff member"

# --- A token session ends once its customer gets an active portal user. ---
visit acme.test "$T2"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "a token session for Tina"
JT=$VJ
tina_sessions() { sql "SELECT COUNT(*) FROM sessions WHERE principal = 'token' AND customer_id = $TINA"; }
before=$(tina_sessions)
sql "INSERT INTO portal_users (tenant_id, customer_id, login, status)
	SELECT tenant_id, id, 'tina@acme.test', 'active' FROM customers WHERE id = $TINA"
req "$JT" "$P" acme.test /portal
check_eq "$HTTP_STATUS $(http_header Location)" "303 /login?link=1" \
	"when Tina gets an active portal user, her open token session is sent to sign in"
check_eq "$(tina_sessions)" "$((before - 1))" "...and ended on the server"
sql "DELETE FROM portal_users WHERE login = 'tina@acme.test'"

# --- No token in porchd's log, the web servers' access logs, or the database. ---
check_match "$(grep -c ' path=/t/\.\.\. ' "$T/porchd.log")" '^[1-9]' "porchd logs token links cut after /t/"
check_match "$(grep -c '"GET /t/\.\.\." ' "$T/nginx/access.log")" '^[1-9]' \
	"nginx's access log (shipped format) cuts token links after /t/"
# Apache with the shipped config: a link opened through it is logged cut too.
stack_apache_start
req "$(jar apache)" "$APACHE_PORT" acme.test "/t/$T2"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "the link works through Apache"
check_match "$(grep -c '"GET /t/\.\.\." ' "$T/apache/access.log")" '^[1-9]' \
	"Apache's access log (shipped format) cuts token links after /t/"
req "$(jar apache)" "$APACHE_PORT" acme.test /portal
check_match "$(grep -c '"GET /portal" 200 ' "$T/apache/access.log")" '^1$' \
	"...and other paths in full"
# raw_hex TOKEN: the token's 32 bytes in upper-case hex.
raw_hex() { printf '%s' "$1" | tr '_-' '/+' | sed 's/$/=/' | base64 -d | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
leaks=
# Binary columns as hex: the raw bytes of a token would show as its hex.
dump=$(stack_mysql_porch -e "SELECT id, name, HEX(token_hash), HEX(token_enc), token_created_at
	FROM customers; SELECT HEX(token_hash), principal, customer_id, ip, user_agent FROM sessions;
	SELECT * FROM audit_log" 2>&1)
for t in $ALL_TOKENS; do
	grep -qF -- "$t" "$T/porchd.log" && leaks="$leaks log:$t"
	grep -qF -- "$t" "$T/nginx/access.log" "$T/apache/access.log" && leaks="$leaks access:$t"
	raw=$(raw_hex "$t")
	case $dump in *"$t"* | *"$raw"*) leaks="$leaks db:$t" ;; esac
done
check_eq "$leaks" "" "no token in porchd's or the web servers' logs, nor in the database as text or raw bytes"
# The check above can see bytes: the hash of the live link is in the dump as hex.
check_contains "$dump" "$(printf '%s' "$T2" | tr '_-' '/+' | sed 's/$/=/' | base64 -d | sha256sum | cut -c1-64 | tr a-f A-F)" \
	"...(the dump does show the link's SHA-256, so raw bytes would show too)"
