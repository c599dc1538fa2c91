#!/usr/bin/env bash
# porch — integration test of the tenant API's keys and request path, through nginx
# and Apache: keys made by porchctl and on the staff page (shown once, stored as a
# hash, listed by prefix), a key working on its own tenant's host only, unknown,
# malformed and revoked keys refused with a JSON 401 and audited without the key's
# text, read-only keys refused writes (403), the per-key rate limit (429 with
# Retry-After) shared by both web servers and porchd's workers, unknown API paths
# and wrong methods (JSON 404, 405 with Allow), admins only on /staff/api, and a
# JSON 503 while MariaDB is down. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq python3

RATE=25
stack_setup "api = { rate_per_minute = $RATE; };"
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test >>"$T/setup.out" 2>&1
stack_serve --apache

# api PORT HOST METHOD PATH KEY [CURL_ARGS...]: one API request with KEY as bearer
# ("" for none); the answer in HTTP_STATUS, HTTP_HEADERS, HTTP_BODY.
api() {
	local port=$1 host=$2 method=$3 path=$4 key=$5
	shift 5
	if [ -n "$key" ]; then
		http_req "$port" "$host" "$path" -X "$method" -H "Authorization: Bearer $key" "$@"
	else
		http_req "$port" "$host" "$path" -X "$method" "$@"
	fi
}
# jqb FILTER: FILTER applied to the JSON answer ("" when it is not JSON).
jqb() { printf '%s' "$HTTP_BODY" | jq -r "$1" 2>/dev/null || true; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE action = '$1' ${2:+AND $2}"; }

# --- porchctl apikey ---
rc=0
KEY=$(stack_porchctl apikey add acme "Nightly sync" 2>"$T/add.err") || rc=$?
ok "$rc" "porchctl apikey add makes a key"
check_match "$KEY" '^porch_[A-Za-z0-9_-]{43}$' "the key is porch_ and 43 base64url characters"
check_contains "$(cat "$T/add.err")" "shown this once" "porchctl says the key is shown once"
KEY_ID=$(sql "SELECT id FROM api_keys WHERE name = 'Nightly sync'")
want=$(python3 -c 'import base64,hashlib,sys; k=sys.argv[1][6:]; print(hashlib.sha256(base64.urlsafe_b64decode(k+"=")).hexdigest().upper())' "$KEY")
check_eq "$(sql "SELECT HEX(key_hash) FROM api_keys WHERE id = $KEY_ID")" "$want" \
	"the database keeps the SHA-256 of the key's random bytes"
check_eq "$(sql "SELECT COUNT(*) FROM api_keys WHERE LOCATE('${KEY:6}', CONCAT(name, prefix)) > 0")" 0 \
	"the key's text is stored nowhere"
check_eq "$(sql "SELECT prefix FROM api_keys WHERE id = $KEY_ID")" "${KEY:0:14}" "the prefix is the key's first 14 characters"
check_eq "$(audits apikey.create "target_id = $KEY_ID AND actor_kind = 'system'")" 1 "making a key is audited"
LIST=$(stack_porchctl apikey list acme)
check_contains "$LIST" "${KEY:0:14}" "porchctl apikey list shows the prefix"
check_not_contains "$LIST" "$KEY" "...and never the key"
check_match "$LIST" 'read-write.*Nightly sync' "...with its scope and name"
rc=0; stack_porchctl apikey add nosuch "x" >/dev/null 2>"$T/err" || rc=$?
check_eq "$rc" 1 "apikey add for an unknown tenant fails"
check_contains "$(cat "$T/err")" 'no tenant "nosuch"' "...naming it"
rc=0; stack_porchctl apikey add acme "" >/dev/null 2>"$T/err" || rc=$?
check_eq "$rc" 2 "apikey add with an empty name is refused (exit 2, as every refused input of porchctl)"
check_contains "$(cat "$T/err")" "needs a name" "...saying a name is needed"
rc=0; stack_porchctl apikey add acme >/dev/null 2>"$T/err" || rc=$?
check_eq "$rc" 2 "apikey add without a name is a usage error"
rc=0; stack_porchctl apikey revoke acme abc >/dev/null 2>"$T/err" || rc=$?
check_eq "$rc" 2 "apikey revoke with a non-number ID is a usage error"

# --- the key on its own host, and on another tenant's ---
OTHER=$(stack_porchctl apikey add beta "Beta sync" 2>/dev/null)
check_key_hosts() {
	local s=$1 port=$2 n
	api "$port" acme.test GET /api/v1/customers "$KEY"
	check_eq "$HTTP_STATUS" 200 "$s: the key works on its own tenant's host"
	check_match "$(http_header Content-Type)" '^application/json' "$s: ...answering JSON"
	check_eq "$(jqb '.items | length')" 0 "$s: ...an empty list"
	check_eq "$(jqb '.next')" null "$s: ...with no next page"
	n=$(audits apikey.refused)
	api "$port" beta.test GET /api/v1/customers "$KEY"
	check_eq "$HTTP_STATUS" 401 "$s: acme's key on beta's host is 401"
	check_eq "$(jqb '.error.code')" unauthorized "$s: ...a JSON error"
	check_eq "$(audits apikey.refused)" $((n + 1)) "$s: ...audited"
	api "$port" acme.test GET /api/v1/customers "$OTHER"
	check_eq "$HTTP_STATUS" 401 "$s: beta's key on acme's host is 401"
	api "$port" acme.test GET /api/v1/customers ""
	check_eq "$HTTP_STATUS" 401 "$s: no key is 401"
	check_match "$(http_header WWW-Authenticate)" '^Bearer' "$s: ...asking for a bearer key"
	api "$port" acme.test GET /api/v1/customers "porch_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
	check_eq "$HTTP_STATUS" 401 "$s: an unknown key is 401"
	api "$port" acme.test GET /api/v1/customers "not a key"
	check_eq "$HTTP_STATUS" 401 "$s: a malformed key is 401"
	check_eq "$(jqb '.error.code')" unauthorized "$s: ...a JSON error"
	# Cookies and CSRF tokens mean nothing to the API: a staff session is no key.
	staff_signs_in "$(jar office)"
	req "$(jar office)" "$port" acme.test /api/v1/customers
	check_eq "$HTTP_STATUS" 401 "$s: a staff session without a key is 401"
	api "$port" acme.test GET /api/v1/nothing "$KEY"
	check_eq "$HTTP_STATUS" 404 "$s: an unknown API path is 404"
	check_eq "$(jqb '.error.code')" not_found "$s: ...in JSON"
	api "$port" acme.test POST /api/v1/customers "$KEY" -H 'Content-Type: application/json' -d '{}'
	check_eq "$HTTP_STATUS" 405 "$s: POST on a list is 405"
	check_eq "$(jqb '.error.code')" method_not_allowed "$s: ...in JSON"
	check_eq "$(http_header Allow)" "GET, HEAD" "$s: ...with Allow"
	api "$port" acme.test PATCH /api/v1/customers/c1 "$KEY"
	check_eq "$HTTP_STATUS" 405 "$s: PATCH on an item is 405"
	check_eq "$(http_header Allow)" "GET, HEAD, PUT, DELETE" "$s: ...with Allow"
	http_req "$port" acme.test / -X PUT
	check_eq "$HTTP_STATUS" 405 "$s: PUT outside the API is still refused"
}
stack_each_server check_key_hosts
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'apikey.refused' AND (detail LIKE '%porch_%' OR detail LIKE '%${KEY:6:20}%')")" 0 \
	"no refusal's audit entry holds key text"
check_eq "$(sql "SELECT last_used_at IS NOT NULL FROM api_keys WHERE id = $KEY_ID")" 1 \
	"the key's last use is recorded"

# --- the staff page: admins only; a key shown once ---
staff_signs_in "$(jar office)"
req "$(jar office)" "$P" acme.test /staff/api
check_eq "$HTTP_STATUS" 200 "an admin opens /staff/api"
check_contains "$HTTP_BODY" "${KEY:0:14}" "...listing the key by its prefix"
check_not_contains "$HTTP_BODY" "$KEY" "...never the key"
check_contains "$HTTP_BODY" "Nightly sync" "...with its name"
tidy_ok "/staff/api is valid HTML"
csrf_post "$(jar office)" /staff/api /staff/api/new --data-urlencode "name=Web reader" \
	--data-urlencode "read_only=1"
check_eq "$HTTP_STATUS" 200 "making a key on the page answers the key"
RO=$(printf '%s' "$HTTP_BODY" | grep -o 'id="api-key">porch_[A-Za-z0-9_-]*' | sed 's/.*>//')
check_match "$RO" '^porch_[A-Za-z0-9_-]{43}$' "...shown on the answer page"
RO_ID=$(sql "SELECT id FROM api_keys WHERE name = 'Web reader'")
check_eq "$(sql "SELECT read_only FROM api_keys WHERE id = $RO_ID")" 1 "...read-only as asked"
check_eq "$(audits apikey.create "target_id = $RO_ID AND actor_kind = 'staff'")" 1 "...audited as the admin's"
req "$(jar office)" "$P" acme.test /staff/api
check_not_contains "$HTTP_BODY" "$RO" "the list page never shows it again"
check_contains "$HTTP_BODY" "${RO:0:14}" "...only its prefix"
check_contains "$HTTP_BODY" "read-only" "...and its scope"
csrf_post "$(jar office)" /staff/api /staff/api/new --data-urlencode "name="
check_eq "$HTTP_STATUS" 400 "a key without a name is refused"
rc=0; sign_in "$(fresh_jar clerk)" "$P" acme.test /staff/login clerk@acme.test "$PW_STAFF"
req "$(jar clerk)" "$P" acme.test /staff/api
check_eq "$HTTP_STATUS" 403 "plain staff may not open /staff/api"
n=$(sql "SELECT COUNT(*) FROM api_keys")
csrf_post_at "$(jar clerk)" "$P" acme.test /staff/ /staff/api/new --data-urlencode "name=Sneaky"
check_eq "$HTTP_STATUS" 403 "plain staff may not make a key"
check_eq "$(sql "SELECT COUNT(*) FROM api_keys")" "$n" "...and none was made"

# --- read-only keys ---
check_read_only() {
	local s=$1 port=$2
	api "$port" acme.test GET /api/v1/customers "$RO"
	check_eq "$HTTP_STATUS" 200 "$s: a read-only key reads"
	api "$port" acme.test PUT /api/v1/customers/c1 "$RO" -H 'Content-Type: application/json' \
		-d '{"name": "Ro Owner"}'
	check_eq "$HTTP_STATUS" 403 "$s: a read-only key may not PUT"
	check_eq "$(jqb '.error.code')" forbidden "$s: ...a JSON error"
	api "$port" acme.test DELETE /api/v1/customers/c1 "$RO"
	check_eq "$HTTP_STATUS" 403 "$s: a read-only key may not DELETE"
}
stack_each_server check_read_only
check_eq "$(sql "SELECT COUNT(*) FROM customers WHERE external_id = 'c1'")" 0 "nothing was written"
check_eq "$(audits apikey.refused "target_id = $RO_ID AND detail = 'reason=read-only'")" 4 \
	"each refused write is audited"

# --- revocation: on the page, and by porchctl ---
csrf_post "$(jar office)" /staff/api /staff/api/revoke --data-urlencode "key=$RO_ID" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "revoking on the page"
check_eq "$(audits apikey.revoke "target_id = $RO_ID")" 1 "...is audited"
check_revoked() {
	local s=$1 port=$2
	api "$port" acme.test GET /api/v1/customers "$RO"
	check_eq "$HTTP_STATUS" 401 "$s: a revoked key is refused at its next request"
}
stack_each_server check_revoked
check_eq "$(audits apikey.refused "target_id = $RO_ID AND detail LIKE 'reason=revoked%'")" 2 \
	"...audited with the key's id"
req "$(jar office)" "$P" acme.test /staff/api
check_match "$HTTP_BODY" 'revoked <time datetime="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{5}Z">[A-Z][a-z]{2} [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{5} UTC</time>' "the page shows when it was revoked, in the tenant's zone"
rc=0; stack_porchctl apikey revoke acme "$KEY_ID" >"$T/out" 2>&1 || rc=$?
ok "$rc" "porchctl apikey revoke"
api "$P" acme.test GET /api/v1/customers "$KEY"
check_eq "$HTTP_STATUS" 401 "...the key fails at once"
rc=0; stack_porchctl apikey revoke acme "$KEY_ID" >"$T/out" 2>&1 || rc=$?
check_eq "$rc" 1 "revoking it again fails"
check_contains "$(cat "$T/out")" "revoked already" "...saying so"
rc=0; stack_porchctl apikey revoke beta "$KEY_ID" >"$T/out" 2>&1 || rc=$?
check_eq "$rc" 1 "another tenant cannot revoke acme's key"

# --- the rate limit, one count for every worker and web server ---
GOOD=$(stack_porchctl apikey add acme "Later" 2>/dev/null)
# The count starts again each minute: a run that crossed a minute's end
# (a slow machine) is made again with a fresh key, once.
rate_run() {
	local i start
	RK_NAME=$1
	RK=$(stack_porchctl apikey add acme "$RK_NAME" 2>/dev/null)
	# At least half a minute for the run (on a loaded machine 36 requests have
	# taken more than 15 s).
	while [ "$(date +%S | sed 's/^0//')" -gt 30 ]; do sleep 1; done
	start=$(date +%Y%m%d%H%M)
	seen=
	for i in $(seq 1 $((RATE + 10))); do
		api "$NGINX_PORT" acme.test GET /api/v1/customers "$RK"
		if [ "$HTTP_STATUS" = 429 ]; then
			seen=$i
			break
		fi
	done
	[ "$(date +%Y%m%d%H%M)" = "$start" ]
}
rate_run Busy0 || rate_run Busy || true
check_eq "${seen:-none}" $((RATE + 1)) "request $((RATE + 1)) of a minute gets 429 (api.rate_per_minute = $RATE)"
check_eq "$(jqb '.error.code')" rate_limited "...a JSON error"
check_match "$(http_header Retry-After)" '^([1-9]|[1-5][0-9]|60)$' "...with Retry-After in seconds"
api "$APACHE_PORT" acme.test GET /api/v1/customers "$RK"
check_eq "$HTTP_STATUS" 429 "...counted for Apache's requests too"
check_eq "$(sql "SELECT hits FROM api_rate r JOIN api_keys k ON k.id = r.key_id WHERE k.name = '$RK_NAME'")" \
	$((RATE + 2)) "the count lives in the database, one for every request"
api "$APACHE_PORT" acme.test GET /api/v1/customers "$GOOD"
check_eq "$HTTP_STATUS" 200 "another key of the tenant is not slowed"

# --- MariaDB away: a JSON 503 ---
stack_mariadb_stop
check_db_down() {
	local s=$1 port=$2
	api "$port" acme.test GET /api/v1/customers "$GOOD"
	check_eq "$HTTP_STATUS" 503 "$s: MariaDB down: 503"
	check_eq "$(jqb '.error.code')" unavailable "$s: ...a JSON error"
}
stack_each_server check_db_down
