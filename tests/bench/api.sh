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
API_PAIRS=${BENCH_API_PAIRS:-5}
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
	local d=$T/api-load before total t0 rows rows_cp refused codes rss0 rss f n i
	local ca=0 cd=0 cw=0 cs=0 a0 d0 w0 a1 d1 w1 api_ms sql_ms pairs=() files
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
	rows_cp=$(cat $(ls "$d"/batch.*.ndjson | head -n "$before") | wc -l)
	rss0=$(api_rss)
	echo "bench: api-load: $rows rows in $total requests, $API_PAR at a time;" \
		"the bookings in $API_PAIRS parts, each by the client and then by the API" >&2
	export API_HOST API_KEY P
	export -f api_post
	# api_part FILES...: the API loads them (the first part one at a time, in
	# order: the bookings name the properties, the properties the customers);
	# sql_part FILES...: the client loads them. Each adds its ms and CPU ticks.
	api_part() {
		read -r a0 d0 w0 <<<"$(cpu_now api-load)"
		t0=$(stack_now_ms)
		if [ "$1" = --serial ]; then
			shift
			for f in "$@"; do api_post "$f" >>"$d/codes"; done
		else
			printf '%s\n' "$@" | xargs -P "$API_PAR" -n 1 bash -c 'api_post "$0"' >>"$d/codes"
		fi
		PART_MS=$(($(stack_now_ms) - t0))
		read -r a1 d1 w1 <<<"$(cpu_now api-load)"
		ca=$((ca + a1 - a0)); cd=$((cd + d1 - d0)); cw=$((cw + w1 - w0))
	}
	sql_part() {
		d0=$(cpu_ticks "$MARIADB_PID")
		t0=$(stack_now_ms)
		cat "$@" | stack_mysql_porch || stack_die "the mariadb load failed"
		PART_MS=$(($(stack_now_ms) - t0))
		cs=$((cs + $(cpu_ticks "$MARIADB_PID") - d0))
	}
	# shellcheck disable=SC2046
	api_part --serial $(ls "$d"/batch.*.ndjson | head -n "$before")
	api_ms=$PART_MS
	sql_part "$d/load.sql"
	sql_ms=$PART_MS
	pairs+=("$rows_cp $api_ms $sql_ms")
	n=$((total - before))
	for i in $(seq 0 $((API_PAIRS - 1))); do
		# Part i: the booking files from n*i/PAIRS to n*(i+1)/PAIRS.
		files=$(ls "$d"/batch.*.ndjson | tail -n +"$((before + 1))" \
			| sed -n "$((n * i / API_PAIRS + 1)),$((n * (i + 1) / API_PAIRS))p")
		[ -n "$files" ] || continue
		# shellcheck disable=SC2086
		sql_part $(printf '%s\n' $files | sed 's/batch\.\([0-9]*\)\.ndjson$/load.\1.sql/')
		f=$PART_MS
		# shellcheck disable=SC2086
		api_part $files
		pairs+=("$(cat $files | wc -l) $PART_MS $f")
		api_ms=$((api_ms + PART_MS)); sql_ms=$((sql_ms + f))
		echo "bench: api-load: part $((i + 1)) of $API_PAIRS: the client ${f} ms, the API ${PART_MS} ms" >&2
	done
	rss=$(api_rss)
	codes=$(sort "$d/codes" | uniq -c | awk '{ printf "%s%sx%s", (n++ ? "," : ""), $2, $1 }')
	refused=$(cat "$d"/batch.*.out | jq -R -c 'fromjson? | select(.status >= 400)' | wc -l)
	[ "$refused" = 0 ] || { echo "bench: api-load: lines refused, the first:" >&2;
		cat "$d"/batch.*.out | jq -R -c 'fromjson? | select(.status >= 400)' | head -n 3 >&2; }
	local n_api n_sql
	n_api=$(sql "SELECT (SELECT COUNT(*) FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'apiload')
		+ (SELECT COUNT(*) FROM properties c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'apiload')
		+ (SELECT COUNT(*) FROM bookings c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'apiload')")
	n_sql=$(sql "SELECT (SELECT COUNT(*) FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'sqlload')
		+ (SELECT COUNT(*) FROM properties c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'sqlload')
		+ (SELECT COUNT(*) FROM bookings c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'sqlload')")
	# The paired ratios: the first line is the customers and properties, the
	# others the parts of the bookings; the target is on the bookings' median.
	API_PAIR_RATIO=$(printf '%s\n' "${pairs[@]}" | tail -n +2 \
		| awk '$2 > 0 { print ($3 / $2) }' | spread)
	API_REPORT=$(awk -v r="$rows" -v a="$api_ms" -v s="$sql_ms" \
		-v na="$n_api" -v ns="$n_sql" -v rf="$refused" -v c="$codes" -v rss="$rss" \
		-v rss0="$rss0" -v p="$API_PROPS" -v b="$API_BOOKINGS" -v par="$API_PAR" \
		-v l="$API_LINES" -v hz="$HZ" -v ca="$ca" -v cd="$cd" -v cw="$cw" -v cs="$cs" \
		-v pr="$API_PAIR_RATIO" -v np="$API_PAIRS" \
		-v first="${pairs[0]}" 'BEGIN {
		ra = r / (a / 1000); rs = r / (s / 1000)
		split(first, f, " ")
		split(pr, m, " ")
		printf "api-load (%d properties, %d bookings, %d rows; %d lines a request, %d at a time):\n", p, b, r, l, par
		printf "  POST /api/v1/batch over nginx: %.1f s, %.0f rows/s (HTTP %s; %d lines refused; %d rows in the tenant)\n", a / 1000, ra, c, rf, na
		printf "  mariadb client, multi-row INSERTs: %.1f s, %.0f rows/s (%d rows in the tenant)\n", s / 1000, rs, ns
		printf "  customers and properties (%d rows, one request at a time): API / client %.2f\n", f[1], f[3] / f[2]
		printf "  bookings in %d parts, client then API each: API / client median %.2f (%s)\n", np, m[1], m[2]
		printf "  the whole load, API / client: %.2f\n", ra / rs
		printf "  CPU per row: the API %.0f us of porchd, %.0f us of mariadbd, %.0f us of nginx; the client %.0f us of mariadbd\n", ca * 1000000 / hz / r, cd * 1000000 / hz / r, cw * 1000000 / hz / r, cs * 1000000 / hz / r
		printf "  porchd workers peak RSS (VmHWM summed): %.1f MiB (%.1f MiB before the load)\n", rss / 1024, rss0 / 1024
	}')
	printf '%s\n' "$API_REPORT" >&2
}
