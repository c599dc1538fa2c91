# porch — the tenant API's bench cases, sourced by tests/bench/run.sh.
#
# api-load: a first load of a fresh tenant through POST /api/v1/batch over nginx —
# BENCH_API_PROPERTIES (10,000) properties, their customers (one per 10
# properties) and BENCH_API_BOOKINGS (1,000,000) bookings with every money field —
# in requests of BENCH_API_LINES (5,000) lines with ?echo=false, the customers and
# then the properties one request at a time, the bookings BENCH_API_PARALLEL (4)
# requests at a time. Reports rows/s, the lines refused (there should be none), the
# CPU time per row of porchd's workers, mariadbd and nginx's workers (what a busy
# machine moves least) and the peak RSS of porchd's workers (VmHWM, summed). Then
# the same rows, written by tests/bench/api_load.py as multi-row INSERTs (1,000
# rows each, explicit ids), are loaded into another fresh tenant by the mariadb
# client (mariadbd's CPU per row measured too), and the ratio of the two rates is
# reported (target: the API at 0.3x or more).
# api-list: GET /api/v1/bookings?limit=500 on the loaded tenant with wrk, like the
# other cases (needs api-load before it in BENCH_CASES).

API_PROPS=${BENCH_API_PROPERTIES:-10000}
API_BOOKINGS=${BENCH_API_BOOKINGS:-1000000}
API_LINES=${BENCH_API_LINES:-5000}
API_PAR=${BENCH_API_PARALLEL:-4}
API_HOST=apiload.bench.test
API_KEY=
# porch.conf for the bench: the list case asks far more than a tenant's system would.
BENCH_API_CONF="api = { rate_per_minute = 1000000; };"
API_REPORT=

# api_rss: the peak RSS of porchd's workers, summed (KiB).
api_rss() {
	local pid sum=0 kb
	for pid in $(porchd_worker_pids); do
		kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
		sum=$((sum + kb))
	done
	echo "$sum"
}

# api_post FILE: FILE to the batch, the answer in FILE.out; prints the status.
api_post() {
	curl -s -o "$1.out" -w '%{http_code}\n' --max-time 900 \
		--resolve "$API_HOST:$P:127.0.0.1" -H "Authorization: Bearer $API_KEY" \
		-H 'Content-Type: application/x-ndjson' --data-binary "@$1" \
		"http://$API_HOST:$P/api/v1/batch?echo=false"
}

api_load() {
	local d=$T/api-load before total t0 t2 rows api_ms sql_ms refused codes rss0 rss
	local a0 d0 w0 a1 d1 w1 d2 d3
	mkdir -p "$d"
	stack_tenant apiload "API Load" "$API_HOST" >/dev/null
	stack_tenant sqlload "SQL Load" sqlload.bench.test >/dev/null
	API_KEY=$(stack_porchctl apikey add apiload "Bench loader" 2>/dev/null)
	echo "bench: api-load: writing $API_PROPS properties and $API_BOOKINGS bookings" \
		"as NDJSON and SQL ..." >&2
	read -r before total <<<"$(python3 "$top_srcdir/tests/bench/api_load.py" "$d" \
		"$API_PROPS" "$API_BOOKINGS" "$API_LINES" sqlload)" \
		|| stack_die "tests/bench/api_load.py failed"
	rows=$(cat "$d"/batch.*.ndjson | wc -l)
	rss0=$(api_rss)
	echo "bench: api-load: $rows rows in $total requests, $API_PAR at a time" >&2
	read -r a0 d0 w0 <<<"$(cpu_now api-load)"
	t0=$(stack_now_ms)
	# Customers, then properties, in order: the bookings name them.
	for f in $(ls "$d"/batch.*.ndjson | head -n "$before"); do
		api_post "$f" >>"$d/codes"
	done
	export API_HOST API_KEY P
	export -f api_post
	ls "$d"/batch.*.ndjson | tail -n +"$((before + 1))" \
		| xargs -P "$API_PAR" -n 1 bash -c 'api_post "$0"' >>"$d/codes"
	t2=$(stack_now_ms)
	read -r a1 d1 w1 <<<"$(cpu_now api-load)"
	rss=$(api_rss)
	codes=$(sort "$d/codes" | uniq -c | awk '{ printf "%s%sx%s", (n++ ? "," : ""), $2, $1 }')
	refused=$(cat "$d"/batch.*.out | jq -R -c 'fromjson? | select(.status >= 400)' | wc -l)
	[ "$refused" = 0 ] || { echo "bench: api-load: lines refused, the first:" >&2;
		cat "$d"/batch.*.out | jq -R -c 'fromjson? | select(.status >= 400)' | head -n 3 >&2; }
	api_ms=$((t2 - t0))
	echo "bench: api-load: the API loaded $rows rows in $api_ms ms; loading them with mariadb ..." >&2
	d2=$(cpu_ticks "$MARIADB_PID")
	t0=$(stack_now_ms)
	stack_mysql_porch <"$d/load.sql" || stack_die "the mariadb load failed"
	sql_ms=$(($(stack_now_ms) - t0))
	d3=$(cpu_ticks "$MARIADB_PID")
	local n_api n_sql
	n_api=$(sql "SELECT (SELECT COUNT(*) FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'apiload')
		+ (SELECT COUNT(*) FROM properties c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'apiload')
		+ (SELECT COUNT(*) FROM bookings c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'apiload')")
	n_sql=$(sql "SELECT (SELECT COUNT(*) FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'sqlload')
		+ (SELECT COUNT(*) FROM properties c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'sqlload')
		+ (SELECT COUNT(*) FROM bookings c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'sqlload')")
	API_REPORT=$(awk -v r="$rows" -v a="$api_ms" -v s="$sql_ms" \
		-v na="$n_api" -v ns="$n_sql" -v rf="$refused" -v c="$codes" -v rss="$rss" \
		-v rss0="$rss0" -v p="$API_PROPS" -v b="$API_BOOKINGS" -v par="$API_PAR" \
		-v l="$API_LINES" -v hz="$HZ" -v ca=$((a1 - a0)) -v cd=$((d1 - d0)) \
		-v cw=$((w1 - w0)) -v cs=$((d3 - d2)) 'BEGIN {
		ra = r / (a / 1000); rs = r / (s / 1000)
		printf "api-load (%d properties, %d bookings, %d rows; %d lines a request, %d at a time):\n", p, b, r, l, par
		printf "  POST /api/v1/batch over nginx: %.1f s, %.0f rows/s (HTTP %s; %d lines refused; %d rows in the tenant)\n", a / 1000, ra, c, rf, na
		printf "  mariadb client, multi-row INSERTs: %.1f s, %.0f rows/s (%d rows in the tenant)\n", s / 1000, rs, ns
		printf "  ratio API / mariadb: %.2f (target >= 0.3: %s)\n", ra / rs, ra / rs >= 0.3 ? "ok" : "MISSED"
		us = 1000000 / hz / r
		printf "  CPU per row: the API %.0f us of porchd, %.0f us of mariadbd, %.0f us of nginx; the client %.0f us of mariadbd\n", ca * us, cd * us, cw * us, cs * us
		printf "  porchd workers peak RSS (VmHWM summed): %.1f MiB (%.1f MiB before the load)\n", rss / 1024, rss0 / 1024
	}')
	printf '%s\n' "$API_REPORT" >&2
}
