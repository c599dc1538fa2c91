#!/usr/bin/env bash
# porch — the benchmark (not part of the test suite): porchd against a bare libfcgi
# reference responder (tests/bench/ref.c, same worker count, same MariaDB), both
# through the same nginx running the shipped nginx/porch.conf, driven by wrk on
# loopback. Prints, per case, the median requests/s over the runs, p50/p99 latency,
# the ratios to the reference, SQL statements per request (porchd's request log,
# sql=N), then the peak memory of porchd's workers and the targets of issue 6.
# Then the scale run (BENCH_SCALE, on by default): tests/bench/scale.sql grows the
# database to 10,000 more tenants, 100,000 portal users and 1,000,000 bookings, and
# the calendar and booking pages are measured again (the same pages of the same
# user, among large tables; and a generated tenant's user's calendar), next to the
# small figures: the ratio large/small shows how the cost grows with the data.
# The flood cases measure the calendar page (tenant acme) again while a bounded flood
# of bad sign-ins (tests/bench/flood.c) hits another tenant (beta): from one address
# with porchd's defaults (flood: the throttle refuses it before hashing), from many
# addresses with the argon2 cap as configured by default (flood-spread: the cap
# bounds the hashing) and with every worker allowed to hash (flood-nocap); the
# signin case, which measures the sign-in path against argon2 alone, also runs with
# every worker allowed to hash.
#
# Run from a built tree:   tests/bench/run.sh        (or: make bench)
# Environment: BENCH_RUNS (3), BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), PORCH_WORKERS (2, used for porchd and the reference),
# BENCH_FLOOD_RATE (300) bad sign-ins a second in the flood cases, at most
# BENCH_FLOOD_CONNECTIONS (64) of them in flight (tests/bench/flood.c),
# BENCH_FLOOD_SPREAD (4096) source addresses of flood-spread and flood-nocap,
# BENCH_CASES (all: a space-separated subset of the small case names below),
# BENCH_SCALE=0 skips the scale run (its cases: calendar-large, booking-large,
# calendar-gen; the large/small ratios need calendar and booking among the cases),
# STACK_KEEP=1 keeps the stack's directory (logs) afterwards, BENCH_SQL_LOG=1 logs
# every statement with its time in MariaDB's slow log (not for figures),
# STACK_MARIADB_OPTS (a 256 MB buffer pool and redo log) MariaDB's own settings.
# The tenant API's cases, api-load (a first load through POST /api/v1/batch against
# the mariadb client) and api-list (GET /api/v1/bookings?limit=500 on the loaded
# tenant), are in tests/bench/api.sh with their settings: BENCH_API_PROPERTIES
# (10000), BENCH_API_BOOKINGS (1000000), BENCH_API_LINES (5000 a request),
# BENCH_API_PARALLEL (4 requests at a time).
# ical-feed (not among the defaults) is the calendar feed of a property with 500
# bookings (GET /ical/TOKEN.ics, no session): BENCH_CASES="ref-select ical-feed".
set -eu
shopt -s extglob
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"
. "$top_srcdir/tests/bench/api.sh"

RUNS=${BENCH_RUNS:-3}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
export PORCH_WORKERS=${PORCH_WORKERS:-2}
CASES=${BENCH_CASES:-ref-fixed ref-select ref-select2 healthz home calendar booking token signin flood flood-spread flood-nocap api-load api-list}
FLOOD_RATE=${BENCH_FLOOD_RATE:-300}
FLOOD_CONNS=${BENCH_FLOOD_CONNECTIONS:-64}
FLOOD_SPREAD=${BENCH_FLOOD_SPREAD:-4096}
SCALE=${BENCH_SCALE:-1}
# MariaDB sized as a server, not as the test suite's small and quick stack: with a
# 32 MB buffer pool and a 16 MB redo log, the token case's session inserts (a new
# session each request) stall on checkpoints and page evictions within seconds.
export STACK_MARIADB_OPTS=${STACK_MARIADB_OPTS:---innodb-buffer-pool-size=256M --innodb-log-file-size=256M}
SCALE_CASES='calendar-large booking-large calendar-gen'
GEN_HOST=t00001.bench.test
PW='bench password for porch'

for prog in wrk mariadbd nginx curl; do
	PATH=$PATH:/usr/sbin command -v "$prog" >/dev/null \
		|| stack_die "$prog is not installed (scripts/install-deps --bench)"
done
for bin in porchd porchctl; do
	[ -x "$top_builddir/$bin" ] || stack_die "$bin is not built (run make)"
done

# --- Build the reference and the argon2 timer with porchd's compiler and flags. ---
mkvar() { sed -n "s/^$1 = //p" "$top_builddir/Makefile" | head -n 1; }
CC_=$(mkvar CC)
BENCH_CFLAGS="$(mkvar CFLAGS) $(mkvar PORCH_CFLAGS)"
# shellcheck disable=SC2086
$CC_ $BENCH_CFLAGS $(mkvar FCGI_CFLAGS) $(mkvar MARIADB_CFLAGS) \
	-o "$T/ref" "$top_srcdir/tests/bench/ref.c" $(mkvar FCGI_LIBS) $(mkvar MARIADB_LIBS) \
	|| stack_die "building tests/bench/ref.c failed"
# shellcheck disable=SC2086
$CC_ $BENCH_CFLAGS $(mkvar ARGON2_CFLAGS) -o "$T/argon2_cost" \
	"$top_srcdir/tests/bench/argon2_cost.c" $(mkvar ARGON2_LIBS) \
	|| stack_die "building tests/bench/argon2_cost.c failed"
$CC_ $BENCH_CFLAGS -o "$T/flood" "$top_srcdir/tests/bench/flood.c" \
	|| stack_die "building tests/bench/flood.c failed"

# --- The stack: porch.conf with the default argon2 cost; sign-in throttling only
# counts failures, and every bench sign-in succeeds. ---
echo "bench: starting MariaDB, porchd ($PORCH_WORKERS workers), nginx" >&2
stack_mariadb_start
stack_porch_config "$BENCH_API_CONF"
stack_porchctl migrate >/dev/null
stack_two_tenants "$PW"
stack_portal_fixture acme
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW"
sql "INSERT INTO permission_groups (tenant_id, name, permissions, financial_level,
	field_filter) VALUES ($ACME, 'Bench', 'calendar.view,booking.guest_name,notes.view',
	'all', 'all')"
stack_grant acme ada@acme.test Bench 'customer:Ada Owner'
A1=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A1-1'")
PA1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Beach House'")
BO=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Bo Owner'")
# BENCH_SQL_LOG=1: every statement from here on goes to MariaDB's slow log
# ($T/slow.log, with STACK_KEEP=1 to read it), to see what a page's statements cost
# (set before porchd and the reference connect: a session keeps the old setting).
# It slows everything down: figures from such a run are not comparable.
if [ "${BENCH_SQL_LOG:-0}" = 1 ]; then
	stack_mysql -e "SET GLOBAL slow_query_log_file = '$T/slow.log';
		SET GLOBAL long_query_time = 0; SET GLOBAL log_slow_verbosity = 'query_plan';
		SET GLOBAL slow_query_log = 1;"
fi

stack_serve

# The reference: its own socket, and its own server block in the same nginx: the
# shipped server block as the stack rewrote it, on another port and socket.
REF_PORT=$(free_port)
"$T/ref" "$T/ref.sock" "$PORCH_WORKERS" "$DB_SOCKET" "$DB_NAME" "$DB_USER" \
	"$DB_PASSWORD" "$ACME" </dev/null >>"$T/ref.log" 2>&1 &
REF_PID=$!
stack_track_pid "$REF_PID"
stack_wait_socket "$T/ref.sock" "$REF_PID" ref "$T/ref.log" || stack_die "ref did not start"
sed -n '/^server {/,$p' "$T/nginx/porch.conf" \
	| sed -e "s#listen 127.0.0.1:$P default_server#listen 127.0.0.1:$REF_PORT#" \
		-e "s#unix:$PORCHD_SOCKET#unix:$T/ref.sock#" \
		-e "s#access_log [^;]*;#access_log $T/nginx/ref-access.log porch;#" \
		>"$T/nginx/ref.conf"
grep -q "listen 127.0.0.1:$REF_PORT;" "$T/nginx/ref.conf" \
	&& grep -qF "unix:$T/ref.sock" "$T/nginx/ref.conf" \
	|| stack_die "could not derive the reference's server block from nginx/porch.conf"
echo "include $T/nginx/ref.conf;" >>"$T/nginx/porch.conf"
nginx -p "$T/nginx/" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" -t \
	>"$T/nginx/check.log" 2>&1 || { cat "$T/nginx/check.log" >&2; stack_die "nginx -t failed"; }
kill -HUP "$NGINX_PID"
stack_wait_port "$REF_PORT" "$NGINX_PID" nginx "$T/nginx/error.log" || stack_die "no reference port"
for _ in $(seq 50); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REF_PORT/select")" = 200 ] && break
	sleep 0.1
done

# --- Sessions and tokens the cases use. ---
J=$(jar ada); rm -f "$J"
sign_in "$J" "$P" acme.test /login ada@acme.test "$PW"
[ "$HTTP_STATUS" = 303 ] || stack_die "Ada's sign-in answered $HTTP_STATUS"
cookie_header() { awk '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$1"; }
ADA_COOKIE=$(cookie_header "$J")
JS=$(jar staff); rm -f "$JS"
sign_in "$JS" "$P" acme.test /staff/login office@acme.test "$PW"
req "$JS" "$P" acme.test "/staff/customers/$BO"
TOKEN=$(printf '%s' "$HTTP_BODY" | grep -o 'value="http://acme.test\(:[0-9]*\)\?/t/[A-Za-z0-9_-]*"' \
	| head -n 1 | sed 's|.*/t/||; s/"$//')
[ -n "$TOKEN" ] || stack_die "no token link for Bo Owner on the staff page"
# ical-feed: a property with 500 bookings (one a week from 2026-01-05, one to six
# nights each, guest names and contacts and a price set) and its feed.
ICAL_FEED=
case " $CASES " in
*" ical-feed "*)
	stack_mysql_porch -e "
		INSERT INTO properties (tenant_id, customer_id, name, city, bedrooms)
		  SELECT $ACME, id, 'Feed House', 'Penzance', 4 FROM customers
		  WHERE tenant_id = $ACME AND name = 'Bo Owner';
		SET @p = (SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Feed House');
		INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date,
		  adults, children, guest_name, guest_email, guest_phone, total_price_cents)
		  SELECT $ACME, @p, CONCAT('F-', seq), '2026-01-05' + INTERVAL seq * 7 DAY,
		    '2026-01-05' + INTERVAL seq * 7 + 1 + seq % 6 DAY, 2, seq % 3,
		    CONCAT('Guest number ', seq), CONCAT('g', seq, '@guest.test'),
		    '+44 20 7946 0000', 50000 + seq FROM seq_0_to_499;"
	FP=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Feed House'")
	req "$JS" "$P" acme.test /staff/calendars
	req "$JS" "$P" acme.test /staff/calendars/rotate --data-urlencode "property=$FP" \
		--data-urlencode "csrf=$(csrf_of "$HTTP_BODY")"
	req "$JS" "$P" acme.test /staff/calendars
	ICAL_FEED=$(printf '%s' "$HTTP_BODY" | grep -o '/ical/[A-Za-z0-9_-]*\.ics' | tail -n 1)
	[ -n "$ICAL_FEED" ] || stack_die "no calendar feed address for Feed House"
	curl -s -o "$T/ical.ics" -H 'Host: acme.test' "http://127.0.0.1:$P$ICAL_FEED"
	[ "$(grep -c 'BEGIN:VEVENT' "$T/ical.ics")" = 500 ] \
		|| stack_die "the Feed House feed does not hold 500 events"
	;;
esac
JP=$(jar pre); rm -f "$JP"
req "$JP" "$P" acme.test /login
PRE_CSRF=$(csrf_of "$HTTP_BODY")
PRE_COOKIE=$(cookie_header "$JP")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
cat >"$T/signin.lua" <<-EOF
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
	wrk.body = "csrf=$(enc "$PRE_CSRF")&login=$(enc ada@acme.test)&password=$(enc "$PW")"
EOF
# The flood: bad sign-ins on beta.test at FLOOD_RATE a second, a new login each
# time (as credential stuffing does), with the sign-in form's cookie and token.
JF=$(jar flood); rm -f "$JF"
req "$JF" "$P" beta.test /login
FLOOD_CSRF=$(csrf_of "$HTTP_BODY")
FLOOD_COOKIE=$(cookie_header "$JF")
[ -n "$FLOOD_CSRF" ] || stack_die "no sign-in form on beta.test"
FLOOD_PID=
# hashed_failures: beta.test's sign-in failures audited so far (one per argon2
# verification that failed; a sign-in refused by the throttle is not hashed).
hashed_failures() {
	stack_mysql_porch -N -e "SELECT COUNT(*) FROM audit_log a JOIN tenants t
		ON t.id = a.tenant_id WHERE t.slug = 'beta' AND a.action = 'signin.failure'"
}
# flood_start SECONDS SPREAD / flood_stop: the flood in the background (from SPREAD
# source addresses, 0: 127.0.0.1 alone), stopped by its pid.
flood_start() {
	"$T/flood" "$P" beta.test "$FLOOD_COOKIE" "$FLOOD_CSRF" "$FLOOD_RATE" \
		"$FLOOD_CONNS" "$1" "$2" >>"$T/flood.out" 2>&1 &
	FLOOD_PID=$!
	stack_track_pid "$FLOOD_PID"
}
flood_stop() { stack_stop_var FLOOD_PID; }

# porch_cap N: porchd's workers replaced (SIGHUP) with argon2.max_concurrent = N
# (0: derived from the CPUs, the default). The signin and flood-nocap cases let every
# worker hash; the others run with the default.
CUR_CAP=0
case_cap() {
	case $1 in
	signin|flood-nocap) echo "$PORCH_WORKERS" ;;
	*) echo 0 ;;
	esac
}
porch_cap() {
	local before now
	[ "$1" != "$CUR_CAP" ] || return 0
	before=$(porchd_worker_pids)
	stack_porch_config "argon2 = { max_concurrent = $1; };" "$BENCH_API_CONF"
	kill -HUP "$PORCHD_PID"
	for _ in $(seq 600); do
		now=$(porchd_worker_pids)
		if [ "$(printf '%s\n' "$now" | grep -c .)" = "$PORCH_WORKERS" ] \
			&& [ -z "$(printf '%s\n%s\n' "$before" "$now" | sort | uniq -d)" ]; then
			CUR_CAP=$1
			return 0
		fi
		sleep 0.05
	done
	stack_die "porchd did not reload with argon2.max_concurrent = $1"
}
# The cap porchd derived by itself (its log: "at most N argon2 hashes at once").
AUTO_CAP=$(grep -o 'at most [0-9]* argon2 hash' "$T/porchd.log" | head -n 1 | awk '{ print $3 }')

# Each case: NAME PORT PATH [WRK ARGS...] and what a right answer looks like.
case_args() {
	case $1 in
	ref-fixed) echo "$REF_PORT|/|" ;;
	ref-select) echo "$REF_PORT|/select|" ;;
	ref-select2) echo "$REF_PORT|/select2|" ;;
	healthz) echo "$P|/healthz|" ;;
	home) echo "$P|/|" ;;
	calendar|calendar-large|flood*) echo "$P|/portal/calendar?property=$PA1&month=2027-03|cookie" ;;
	booking|booking-large) echo "$P|/portal/bookings/$A1|cookie" ;;
	calendar-gen) echo "$P|/portal/calendar?property=$GP1&month=2026-04|gen" ;;
	api-list) echo "$P|/api/v1/bookings?limit=500|api" ;;
	token) echo "$P|/t/$TOKEN|" ;;
	ical-feed) echo "$P|$ICAL_FEED|" ;;
	signin) echo "$P|/login|signin" ;;
	*) stack_die "unknown case $1" ;;
	esac
}
want_status() {
	case $1 in
	token|signin) echo 303 ;;
	*) echo 200 ;;
	esac
}

# wrk_once CASE SECONDS: one wrk run; prints "RPS P50_MS P99_MS ERRORS REQUESTS".
wrk_once() {
	local spec port path extra args=()
	spec=$(case_args "$1"); port=${spec%%|*}; spec=${spec#*|}; path=${spec%%|*}; extra=${spec#*|}
	args=(-t "$THREADS" -c "$CONNS" -d "${2}s" --latency --timeout 30s)
	case $extra in
	gen) args+=(-H "Host: $GEN_HOST") ;;
	api) args+=(-H "Host: $API_HOST" -H "Authorization: Bearer $API_KEY") ;;
	*) args+=(-H "Host: acme.test") ;;
	esac
	case $extra in
	cookie) args+=(-H "Cookie: $ADA_COOKIE") ;;
	gen) args+=(-H "Cookie: $GEN_COOKIE") ;;
	signin) args+=(-H "Cookie: $PRE_COOKIE" -s "$T/signin.lua") ;;
	esac
	wrk "${args[@]}" "http://127.0.0.1:$port$path" >"$T/wrk.out" 2>&1 || true
	awk '
		function ms(v) {
			if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
			if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
			if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
			if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
			return v + 0
		}
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/ requests in / { total = $1 }
		/Non-2xx or 3xx/ { err += $NF }
		/Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
		END { printf "%s %s %s %d %d\n", rps + 0, p50 + 0, p99 + 0, err, total }' "$T/wrk.out"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# The status codes and SQL statements per request of porchd's request lines since
# line FROM of its log: "sql_avg sql_max statuses ms_avg sql_mode" (ms: porchd's own time per
# request; the most frequent sql=N is the page's own count, the max adds the
# once-a-minute session touch and the tenant map's reload). HOST: only its requests.
porch_lines() {
	tail -n +"$(($1 + 1))" "$T/porchd.log" | grep ' req=' | grep -F " host=${2:-}" | awk '
		{
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^sql=/) { s = substr($i, 5) + 0; sum += s; if (s > max) max = s; cnt[s]++ }
				if ($i ~ /^status=/) st[substr($i, 8)]++
				if ($i ~ /^ms=/) ms += substr($i, 4)
			}
			n++
		}
		END {
			out = ""
			for (k in st) out = out (out == "" ? "" : ",") k "x" st[k]
			for (k in cnt) if (cnt[k] > cnt[mode] || mode == "") mode = k
			if (n) printf "%.2f %d %s %.1f %d\n", sum / n, max, out, ms / n, mode
			else print "- - - - -"
		}'
}

log_len() { wc -l <"$T/porchd.log"; }

# cpu_ticks PID...: user + system CPU clock ticks of those processes so far.
cpu_ticks() {
	local pid sum=0 t
	for pid in "$@"; do
		t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
		sum=$((sum + t))
	done
	echo "$sum"
}
children() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true; }
# cpu_now CASE: "APP DB WEB" ticks: the responder's workers (porchd's or the
# reference's), mariadbd, nginx's workers.
cpu_now() {
	local app
	case $1 in
	ref-*) app=$(children "$REF_PID") ;;
	*) app=$(porchd_worker_pids) ;;
	esac
	# shellcheck disable=SC2086
	echo "$(cpu_ticks $app) $(cpu_ticks "$MARIADB_PID") $(cpu_ticks $(children "$NGINX_PID"))"
}
HZ=$(getconf CLK_TCK)

declare -A RPS P50 P99 ERR SQLA SQLM STAT MS SQLMODE CPU FLOOD
# measure CASE: a warm-up, then RUNS wrk runs; sets the case's figures above.
measure() {
	local c=$1 from n a0 d0 w0 a1 d1 w1 t0 fs fst host= h0 h1 f0 f1
	porch_cap "$(case_cap "$c")"
	case $c in
	api-load) api_load; return ;;
	api-list) [ -n "$API_KEY" ] || stack_die "api-list needs api-load before it in BENCH_CASES" ;;
	esac
	case $c in
	flood*)
		host=acme.test
		flood_start $((RUNS * SECS + 60)) "$(case $c in flood) echo 0 ;; *) echo "$FLOOD_SPREAD" ;; esac)"
		sleep 2 ;;   # the flood under way before the page is measured
	esac
	wrk_once "$c" 2 >/dev/null   # warm-up, not counted
	from=$(log_len)
	t0=$(stack_now_ms)
	: >"$T/runs.$c"
	read -r a0 d0 w0 <<<"$(cpu_now "$c")"
	if [ -n "$host" ]; then
		h0=$(hashed_failures); f0=$(cpu_ticks "$FLOOD_PID")
	fi
	for _ in $(seq "$RUNS"); do
		wrk_once "$c" "$SECS" >>"$T/runs.$c"
	done
	read -r a1 d1 w1 <<<"$(cpu_now "$c")"
	if [ -n "$host" ]; then
		# The flood's own answers over the same time: per second, by status, how
		# many were hashed (each hashed failure is audited), and the CPU the flood
		# client itself took from the same two CPUs.
		fs=$(awk -v a="$t0" -v b="$(stack_now_ms)" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
		h1=$(hashed_failures); f1=$(cpu_ticks "$FLOOD_PID")
		read -r _ _ fst _ _ <<<"$(porch_lines "$from" beta.test)"
		flood_stop
		FLOOD[$c]=$(printf '%s' "$fst" | tr ',' '\n' | awk -v s="$fs" -F x \
			-v h=$((h1 - h0)) -v f=$((f1 - f0)) -v hz="$HZ" '
			{ n += $2; st[$1] = $2 }
			END { printf "%.0f sign-ins/s: %.0f/s wrong (200; %.0f/s of them hashed, the rest refused by the throttle before hashing), %.0f/s refused busy (503)%s; the flood client took %.0f%% of a CPU",
				n / s, st["200"] / s, h / s, st["503"] / s,
				(n - st["200"] - st["503"] > 0 ? ", others: " n - st["200"] - st["503"] : ""),
				f * 100 / hz / s }')
	fi
	n=$(awk '{ s += $5 } END { print s + 0 }' "$T/runs.$c")
	CPU[$c]=$(awk -v a=$((a1 - a0)) -v d=$((d1 - d0)) -v w=$((w1 - w0)) -v n="$n" -v hz="$HZ" \
		'BEGIN { if (n > 0) printf "%.2f/%.2f/%.2f", a * 1000 / hz / n, d * 1000 / hz / n, w * 1000 / hz / n; else printf "-" }')
	RPS[$c]=$(awk '{ print $1 }' "$T/runs.$c" | median)
	P50[$c]=$(awk '{ print $2 }' "$T/runs.$c" | median)
	P99[$c]=$(awk '{ print $3 }' "$T/runs.$c" | median)
	ERR[$c]=$(awk '{ s += $4 } END { print s + 0 }' "$T/runs.$c")
	case $c in
	ref-*) SQLA[$c]=-; SQLM[$c]=-; STAT[$c]=-; MS[$c]=-; SQLMODE[$c]=- ;;
	*) read -r SQLA[$c] SQLM[$c] STAT[$c] MS[$c] SQLMODE[$c] <<<"$(porch_lines "$from" "$host")" ;;
	esac
	printf 'bench: %-14s %10.1f req/s  p50 %7.2f ms  p99 %7.2f ms\n' "$c" "${RPS[$c]}" \
		"${P50[$c]}" "${P99[$c]}" >&2
	case ${STAT[$c]} in
	-|"$(want_status "$c")x"+([0-9])) ;;
	*) echo "bench: $c answered ${STAT[$c]}, not only $(want_status "$c")" >&2 ;;
	esac
}
echo "bench: $RUNS runs of ${SECS} s per case, $CONNS connections, $THREADS wrk threads" >&2
for c in $CASES; do
	measure "$c"
done

# --- The scale run: the same pages among large tables (tests/bench/scale.sql). ---
GROW_SECS=
if [ "$SCALE" != 0 ]; then
	echo "bench: growing the data (tests/bench/scale.sql) ..." >&2
	g0=$(date +%s%N)
	stack_mysql "$DB_NAME" <"$top_srcdir/tests/bench/scale.sql" >"$T/scale.out" \
		|| stack_die "tests/bench/scale.sql failed"
	GROW_SECS=$(awk -v a="$g0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	ROWS=
	for t in tenants portal_users bookings sessions; do
		ROWS="$ROWS${ROWS:+, }$t $(sql "SELECT COUNT(*) FROM $t")"
	done
	echo "bench: grown in $GROW_SECS s: $ROWS" >&2
	# Have InnoDB write the new rows back now (at most a minute): left alone, it keeps
	# them dirty and writes them while the large cases run.
	dirty() {
		stack_mysql -N -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
			WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'"
	}
	pct=$(stack_mysql -N -e "SELECT @@GLOBAL.innodb_max_dirty_pages_pct")
	stack_mysql -e "SET GLOBAL innodb_max_dirty_pages_pct = 0"
	waited=0
	while [ "$waited" -lt 60 ] && [ "$(dirty)" -gt 10 ]; do
		sleep 1
		waited=$((waited + 1))
	done
	stack_mysql -e "SET GLOBAL innodb_max_dirty_pages_pct = $pct"
	echo "bench: InnoDB wrote the rows back in about $waited s ($(dirty) pages left)" >&2
	GP1=$(sql "SELECT p.id FROM properties p JOIN tenants t ON t.id = p.tenant_id
		WHERE t.slug = '${GEN_HOST%%.*}' AND p.name = 'House 1'")
	[ -n "$GP1" ] || stack_die "no property House 1 in the generated tenant ${GEN_HOST%%.*}"
	JG=$(jar gen); rm -f "$JG"
	sign_in "$JG" "$P" "$GEN_HOST" /login "u1@$GEN_HOST" "$PW"
	[ "$HTTP_STATUS" = 303 ] || stack_die "u1@$GEN_HOST's sign-in answered $HTTP_STATUS"
	GEN_COOKIE=$(cookie_header "$JG")
	for c in $SCALE_CASES; do
		measure "$c"
	done
	CASES="$CASES $SCALE_CASES"
fi

# --- argon2id alone, with porch's default parameters (module/core/cfg.c). ---
A2_T=2 A2_M=19456 A2_P=1
# One timer alone, then one per worker at the same time (as porchd's workers hash).
A2_ONE=$("$T/argon2_cost" "$A2_T" "$A2_M" "$A2_P" 3)
a2pids=()
for i in $(seq "$PORCH_WORKERS"); do
	"$T/argon2_cost" "$A2_T" "$A2_M" "$A2_P" 5 >"$T/argon2.$i" &
	a2pids+=($!)
done
wait "${a2pids[@]}"
A2_ALL=$(cat "$T"/argon2.* | awk '{ s += $1 } END { printf "%.2f", s }')

# --- Peak memory of porchd's workers. ---
HWM=
for pid in $(porchd_worker_pids); do
	kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
	[ -z "$kb" ] || HWM="$HWM ${kb}"
done

# --- Report. ---
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "") printf "%.2f", a / b; else printf "-" }'; }
target() {
	local c=$1 rsel p99r
	rsel=$(ratio "${RPS[$c]}" "${RPS[ref-select]:-}")
	p99r=$(ratio "${P99[$c]}" "${P99[ref-select]:-}")
	pass() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "-") print "?"; else if ((op == ">=" && v + 0 >= t) || (op == "<" && v + 0 < t) || (op == "<=" && v + 0 <= t)) print "ok"; else print "MISSED" }'; }
	case $c in
	calendar-large|booking-large)
		printf 'large/small %s: >=0.8x small: %s' "$(ratio "${RPS[$c]}" "${RPS[${c%-large}]:-}")" \
			"$(pass "$(ratio "${RPS[$c]}" "${RPS[${c%-large}]:-}")" '>=' 0.8)" ;;
	calendar|booking|calendar-gen)
		printf '>=0.5x sel: %s; p99<3x: %s; sql<=3: %s' "$(pass "$rsel" '>=' 0.5)" \
			"$(pass "$p99r" '<' 3)" "$(pass "${SQLMODE[$c]}" '<=' 3)" ;;
	token)
		printf '>=0.3x sel: %s; p99<3x: %s' "$(pass "$rsel" '>=' 0.3)" "$(pass "$p99r" '<' 3)" ;;
	signin)
		printf '>=0.9x argon2 (%s/s): %s' "$A2_ALL" "$(pass "$(ratio "${RPS[$c]}" "$A2_ALL")" '>=' 0.9)" ;;
	flood*)
		printf 'calendar under the flood: %sx req/s (>=0.7x: %s), p99 %sx (<3x: %s)' \
			"$(ratio "${RPS[$c]}" "${RPS[calendar]:-}")" \
			"$(pass "$(ratio "${RPS[$c]}" "${RPS[calendar]:-}")" '>=' 0.7)" \
			"$(ratio "${P99[$c]}" "${P99[calendar]:-}")" \
			"$(pass "$(ratio "${P99[$c]}" "${P99[calendar]:-}")" '<' 3)" ;;
	*) printf -- '-' ;;
	esac
}

echo
echo "porch benchmark: $(nproc) CPUs, $PORCH_WORKERS workers each, wrk -t$THREADS -c$CONNS, median of $RUNS x ${SECS} s"
printf '%-14s %9s %8s %8s %6s %7s %6s %7s %6s %15s %6s %-16s %-10s %s\n' case 'req/s' 'p50 ms' 'p99 ms' \
	'/fixed' '/select' '/sel2' 'p99/sel' 'errors' 'sql/req' 'srv ms' 'cpu ms app/db/web' statuses \
	'targets (issue 6)'
for c in $CASES; do
	[ "$c" != api-load ] || continue
	sq=${SQLA[$c]}
	[ "$sq" = - ] || sq="${SQLMODE[$c]} ($sq/${SQLM[$c]})"
	printf '%-14s %9.1f %8.2f %8.2f %6s %7s %6s %7s %6s %15s %6s %-16s %-10s %s\n' "$c" "${RPS[$c]}" \
		"${P50[$c]}" "${P99[$c]}" "$(ratio "${RPS[$c]}" "${RPS[ref-fixed]:-}")" \
		"$(ratio "${RPS[$c]}" "${RPS[ref-select]:-}")" \
		"$(ratio "${RPS[$c]}" "${RPS[ref-select2]:-}")" \
		"$(ratio "${P99[$c]}" "${P99[ref-select]:-}")" "${ERR[$c]}" "$sq" "${MS[$c]}" "${CPU[$c]}" "${STAT[$c]}" \
		"$(target "$c")"
done
echo
printf 'argon2id alone (t=%s m=%s KiB p=%s): %s hashes/s on one core alone, %s/s with %s hashing at once' \
	"$A2_T" "$A2_M" "$A2_P" "$A2_ONE" "$A2_ALL" "$PORCH_WORKERS"
if [ -n "${RPS[signin]:-}" ]; then
	printf '; sign-ins/s = %s of that\n' "$(ratio "${RPS[signin]}" "$A2_ALL")"
else
	echo
fi
echo "porchd worker peak RSS (VmHWM, KiB):${HWM:- none found}"
[ -z "$API_REPORT" ] || printf '%s\n' "$API_REPORT"
[ -z "${RPS[ical-feed]:-}" ] || echo "ical-feed: GET /ical/TOKEN.ics (a property's feed: 500 bookings, $(stat -c %s "$T/ical.ics" 2>/dev/null || echo '?') bytes) at $(ratio "${RPS[ical-feed]}" "${RPS[ref-select]:-}")x ref-select's req/s"
[ -z "${RPS[api-list]:-}" ] || echo "api-list: GET /api/v1/bookings?limit=500 (500 bookings a page) at $(ratio "${RPS[api-list]}" "${RPS[ref-select]:-}")x ref-select's req/s"
for c in flood flood-spread flood-nocap; do
	[ -n "${FLOOD[$c]:-}" ] || continue
	case $c in
	flood) cap="from 127.0.0.1, argon2.max_concurrent derived: ${AUTO_CAP:-?}" ;;
	flood-spread) cap="from $FLOOD_SPREAD addresses, argon2.max_concurrent derived: ${AUTO_CAP:-?}" ;;
	*) cap="from $FLOOD_SPREAD addresses, argon2.max_concurrent = $PORCH_WORKERS, every worker may hash" ;;
	esac
	echo "$c ($cap): the flood on beta.test made ${FLOOD[$c]}"
done
if [ -n "$GROW_SECS" ]; then
	echo "scale run: data grown by tests/bench/scale.sql in $GROW_SECS s to $ROWS rows;"
	echo " calendar-large and booking-large are Ada's calendar and booking pages again"
	echo " (large/small: their req/s over calendar's and booking's), calendar-gen is the"
	echo " calendar of u1@$GEN_HOST, a generated tenant's portal user"
fi
echo "(ratios: /fixed, /select and /sel2 are req/s over the reference's fixed page, its"
echo " one-SELECT page and its page of two SELECTs one after the other (ref-select2: the"
echo " least a page that loads its session and then its content can cost); p99/sel is p99 over the reference one-SELECT p99; sql/req is the most frequent"
echo " (mean/max) of porchd's sql=N over that case's requests (the max adds the session touch"
echo " once a minute and the tenant map's reload; BEGIN/COMMIT are not counted); srv ms is"
echo " porchd's mean ms=N, its own time per request; cpu ms app/db/web is the CPU time per"
echo " request of the responder's workers, mariadbd and nginx's workers; errors are non-2xx/3xx"
echo " answers and socket errors)"
echo "(flood, flood-spread, flood-nocap: Ada's calendar on acme.test measured while"
echo " tests/bench/flood.c sends $FLOOD_RATE bad sign-ins a second to beta.test (at most"
echo " $FLOOD_CONNS in flight, from one address or from $FLOOD_SPREAD); their"
echo " figures are the calendar's alone, the targets compare them with the calendar case)"
