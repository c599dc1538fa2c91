#!/usr/bin/env bash
# porch — the benchmark (not part of the test suite): porchd against a bare libfcgi
# reference responder (tests/bench/ref.c, same worker count, same MariaDB), both
# through the same nginx running the shipped nginx/porch.conf, driven by wrk on
# loopback. Each case runs in pairs with the reference's one-SELECT page
# (ref-select, case, ref-select, case, ...: BENCH_PAIRS pairs of BENCH_SECONDS
# runs), so a machine that gets busier or quieter moves both runs of a pair alike;
# a case's ratio is the median of its paired ratios (req/s over the pair's
# ref-select req/s, and p99 over the pair's ref-select p99), with their spread
# (min-max). Every case runs at each worker count of BENCH_WORKERS (2 and 8 workers
# per side: as many as the CPUs, and more, as a deployment runs). Prints, per case
# and worker count, the median req/s, p50/p99 latency, the paired ratios, SQL
# statements per request (porchd's request log, sql=N), then the peak memory of
# porchd's workers and one line per target of issue 18 (ok or MISS, with the
# figure) and of the earlier issues.
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
# Environment: BENCH_PAIRS (5) pairs of runs per case, BENCH_SECONDS (5) per run,
# BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_WORKERS ("2 8": the worker
# counts, each used for porchd and the reference alike),
# BENCH_FLOOD_RATE (300) bad sign-ins a second in the flood cases, at most
# BENCH_FLOOD_CONNECTIONS (64) of them in flight (tests/bench/flood.c),
# BENCH_FLOOD_SPREAD (4096) source addresses of flood-spread and flood-nocap,
# BENCH_CASES (all: a space-separated subset of the small case names below, e.g.
# BENCH_CASES="token staff-customers" BENCH_SCALE=0 BENCH_WORKERS=2; ref-select runs
# in every pair whether named or not),
# BENCH_SCALE=0 skips the scale run (its cases: calendar-large, booking-large,
# calendar-gen; the large/small ratios need calendar and booking among the cases),
# STACK_KEEP=1 keeps the stack's directory (logs) afterwards, BENCH_SQL_LOG=1 logs
# every statement with its time in MariaDB's slow log (not for figures) and at the
# end times each kind of warm page's statement piece by piece (tests/bench/sql_cost.py,
# BENCH_SQL_RUNS (5000) runs of each piece),
# STACK_MARIADB_OPTS (a 256 MB buffer pool and redo log) MariaDB's own settings.
# The tenant API's cases, api-load (a first load through POST /api/v1/batch against
# the mariadb client) and api-list (GET /api/v1/bookings?limit=500 on the loaded
# tenant), are in tests/bench/api.sh with their settings: BENCH_API_PROPERTIES
# (10000), BENCH_API_BOOKINGS (1000000), BENCH_API_LINES (5000 a request),
# BENCH_API_PARALLEL (4 requests at a time), BENCH_API_PAIRS (5: the bookings'
# parts, each loaded by the client and then by the API); they run once, at the
# first worker count (api-list at each).
# staff-customers is the staff customers list (/staff/customers, the first page of
# 50 by name) of tenant acme with 1,000 customers, seeded below, signed in as staff.
# ical-feed (not among the defaults) is the calendar feed of a property with 500
# bookings (GET /ical/TOKEN.ics, no session): BENCH_CASES="ref-select ical-feed".
set -eu
shopt -s extglob
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"
. "$top_srcdir/tests/bench/api.sh"

PAIRS=${BENCH_PAIRS:-5}
SECS=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WORKER_SET=${BENCH_WORKERS:-2 8}
export PORCH_WORKERS=${WORKER_SET%% *}
CASES=${BENCH_CASES:-ref-fixed ref-select ref-select2 healthz home calendar booking token staff-customers signin flood flood-spread flood-nocap api-load api-list}
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
# staff-customers: acme gets to 1,000 customers (a contact's details each, one in
# ten with a portal user), made as the API would (one row each, no token link).
case " $CASES " in
*" staff-customers "*)
	stack_mysql_porch -e "
		INSERT INTO customers (tenant_id, external_id, name, email, phone)
		  SELECT $ACME, CONCAT('bench-', seq), CONCAT('Customer ', LPAD(seq, 4, '0')),
		    CONCAT('customer', seq, '@owner.test'), CONCAT('+44 20 7946 ', LPAD(seq, 4, '0'))
		  FROM seq_1_to_1000
		  WHERE seq > (SELECT COUNT(*) FROM customers WHERE tenant_id = $ACME);
		INSERT INTO portal_users (tenant_id, customer_id, login, status)
		  SELECT $ACME, c.id, c.email, 'active' FROM customers c
		  WHERE c.tenant_id = $ACME AND c.external_id LIKE 'bench-%' AND c.id % 10 = 0;"
	[ "$(sql "SELECT COUNT(*) FROM customers WHERE tenant_id = $ACME")" = 1000 ] \
		|| stack_die "acme does not have 1,000 customers"
	;;
esac
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
ref_start() {
	rm -f "$T/ref.sock"
	"$T/ref" "$T/ref.sock" "$PORCH_WORKERS" "$DB_SOCKET" "$DB_NAME" "$DB_USER" \
		"$DB_PASSWORD" "$ACME" </dev/null >>"$T/ref.log" 2>&1 &
	REF_PID=$!
	stack_track_pid "$REF_PID"
	stack_wait_socket "$T/ref.sock" "$REF_PID" ref "$T/ref.log" || stack_die "ref did not start"
}
ref_start
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
STAFF_COOKIE=$(cookie_header "$JS")
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
# (0: derived from the CPUs, the default) and PORCH_WORKERS workers. The signin and
# flood-nocap cases let every worker hash; the others run with the default.
CUR_CAP=0
CUR_WORKERS=$PORCH_WORKERS
case_cap() {
	case $1 in
	signin|flood-nocap) echo "$PORCH_WORKERS" ;;
	*) echo 0 ;;
	esac
}
porch_cap() {
	local before now
	[ "$1" != "$CUR_CAP" ] || [ "$PORCH_WORKERS" != "$CUR_WORKERS" ] || return 0
	before=$(porchd_worker_pids)
	stack_porch_config "argon2 = { max_concurrent = $1; };" "$BENCH_API_CONF"
	kill -HUP "$PORCHD_PID"
	for _ in $(seq 600); do
		now=$(porchd_worker_pids)
		if [ "$(printf '%s\n' "$now" | grep -c .)" = "$PORCH_WORKERS" ] \
			&& [ -z "$(printf '%s\n%s\n' "$before" "$now" | sort | uniq -d)" ]; then
			CUR_CAP=$1
			CUR_WORKERS=$PORCH_WORKERS
			return 0
		fi
		sleep 0.05
	done
	stack_die "porchd did not reload with argon2.max_concurrent = $1"
}
# use_workers N: porchd and the reference with N workers each from now on.
use_workers() {
	export PORCH_WORKERS=$1
	porch_cap 0
	stack_stop_var REF_PID
	ref_start
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
	staff-customers) echo "$P|/staff/customers|staff" ;;
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
	# Sign-ins: two connections a worker, so that a loaded machine's slow hashes
	# still complete within a run (more would only queue: the rate is argon2's).
	args=(-t "$THREADS" -c "$(case $1 in signin) echo $((PORCH_WORKERS * 2)) ;; *) echo "$CONNS" ;; esac)" \
		-d "${2}s" --latency --timeout 30s)
	case $extra in
	gen) args+=(-H "Host: $GEN_HOST") ;;
	api) args+=(-H "Host: $API_HOST" -H "Authorization: Bearer $API_KEY") ;;
	*) args+=(-H "Host: acme.test") ;;
	esac
	case $extra in
	cookie) args+=(-H "Cookie: $ADA_COOKIE") ;;
	staff) args+=(-H "Cookie: $STAFF_COOKIE") ;;
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

declare -A RPS P50 P99 ERR SQLA SQLM STAT MS SQLMODE CPU FLOOD RATIO P99R HWM A2_ALL
# spread: numbers on stdin, one a line: "MEDIAN MIN-MAX" ("- -" for none).
spread() {
	sort -g | awk '{ a[NR] = $1 } END {
		if (!NR) { print "- -"; exit }
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.2f %.2f-%.2f\n", m, a[1], a[NR] }'
}
flood_spread() { case $1 in flood) echo 0 ;; *) echo "$FLOOD_SPREAD" ;; esac; }

# measure CASE: warm-ups, then PAIRS pairs of wrk runs (ref-select, then the case);
# sets the case's figures above under "CASE@WORKERS". A flood case's flood runs
# only while the case itself is measured (from 2 s before its run).
measure() {
	local c=$1 k="$1@$PORCH_WORKERS" from n a0 d0 w0 a1 d1 w1 ca=0 cd=0 cw=0
	local t0 fs=0 fst host= h0 h1 f1 hs=0 fc=0 ref line
	porch_cap "$(case_cap "$c")"
	case $c in
	api-load) api_load; return ;;
	api-list) [ -n "$API_KEY" ] || stack_die "api-list needs api-load before it in BENCH_CASES" ;;
	esac
	case $c in flood*) host=acme.test ;; esac
	wrk_once ref-select 2 >/dev/null   # warm-ups, not counted
	wrk_once "$c" 2 >/dev/null
	from=$(log_len)
	: >"$T/runs.$k"
	: >"$T/pairs.$k"
	for _ in $(seq "$PAIRS"); do
		ref=$(wrk_once ref-select "$SECS")
		echo "$ref" >>"$T/runs.ref-select@$PORCH_WORKERS"
		if [ -n "$host" ]; then
			t0=$(stack_now_ms); h0=$(hashed_failures)
			flood_start $((SECS + 30)) "$(flood_spread "$c")"
			sleep 2   # the flood under way before the page is measured
		fi
		read -r a0 d0 w0 <<<"$(cpu_now "$c")"
		line=$(wrk_once "$c" "$SECS")
		read -r a1 d1 w1 <<<"$(cpu_now "$c")"
		ca=$((ca + a1 - a0)); cd=$((cd + d1 - d0)); cw=$((cw + w1 - w0))
		if [ -n "$host" ]; then
			# The flood's own answers over its time: per second, by status, how
			# many were hashed (each hashed failure is audited), and the CPU the
			# flood client itself took from the same CPUs.
			f1=$(cpu_ticks "$FLOOD_PID")
			flood_stop
			h1=$(hashed_failures)
			fs=$((fs + $(stack_now_ms) - t0)); hs=$((hs + h1 - h0)); fc=$((fc + f1))
		fi
		echo "$line" >>"$T/runs.$k"
		echo "$ref $line" >>"$T/pairs.$k"
	done
	if [ -n "$host" ]; then
		read -r _ _ fst _ _ <<<"$(porch_lines "$from" beta.test)"
		FLOOD[$k]=$(printf '%s' "$fst" | tr ',' '\n' | awk -v s="$(awk -v m="$fs" 'BEGIN { print m / 1000 }')" -F x \
			-v h="$hs" -v f="$fc" -v hz="$HZ" '
			{ n += $2; st[$1] = $2 }
			END { printf "%.0f sign-ins/s: %.0f/s wrong (200; %.0f/s of them hashed, the rest refused by the throttle before hashing), %.0f/s refused busy (503)%s; the flood client took %.0f%% of a CPU",
				n / s, st["200"] / s, h / s, st["503"] / s,
				(n - st["200"] - st["503"] > 0 ? ", others: " n - st["200"] - st["503"] : ""),
				f * 100 / hz / s }')
	fi
	n=$(awk '{ s += $5 } END { print s + 0 }' "$T/runs.$k")
	CPU[$k]=$(awk -v a="$ca" -v d="$cd" -v w="$cw" -v n="$n" -v hz="$HZ" \
		'BEGIN { if (n > 0) printf "%.2f/%.2f/%.2f", a * 1000 / hz / n, d * 1000 / hz / n, w * 1000 / hz / n; else printf "-" }')
	figures "$c"
	RATIO[$k]=$(awk '$1 > 0 { print $6 / $1 }' "$T/pairs.$k" | spread)
	P99R[$k]=$(awk '$3 > 0 { print $8 / $3 }' "$T/pairs.$k" | spread)
	case $c in
	ref-*) SQLA[$k]=-; SQLM[$k]=-; STAT[$k]=-; MS[$k]=-; SQLMODE[$k]=- ;;
	*) read -r SQLA[$k] SQLM[$k] STAT[$k] MS[$k] SQLMODE[$k] <<<"$(porch_lines "$from" "$host")" ;;
	esac
	printf 'bench: %-15s %2s workers %9.1f req/s  p99 %7.2f ms  paired: %s x ref-select (%s), p99 %s x (%s)\n' \
		"$c" "$PORCH_WORKERS" "${RPS[$k]}" "${P99[$k]}" ${RATIO[$k]} ${P99R[$k]} >&2
	case ${STAT[$k]} in
	-|"$(want_status "$c")x"+([0-9])) ;;
	*) echo "bench: $c answered ${STAT[$k]}, not only $(want_status "$c")" >&2 ;;
	esac
}
# figures CASE: the medians of the case's runs at the current worker count.
figures() {
	local k="$1@$PORCH_WORKERS"
	RPS[$k]=$(awk '{ print $1 }' "$T/runs.$k" | median)
	P50[$k]=$(awk '{ print $2 }' "$T/runs.$k" | median)
	P99[$k]=$(awk '{ print $3 }' "$T/runs.$k" | median)
	ERR[$k]=$(awk '{ s += $4 } END { print s + 0 }' "$T/runs.$k")
}

# small_cases: every case of CASES at the current worker count (api-load at the
# first only), then ref-select's figures from all its runs, argon2id with one
# hash per worker at once and the peak memory of porchd's workers.
A2_T=2 A2_M=19456 A2_P=1
small_cases() {
	local c k="ref-select@$PORCH_WORKERS" kb
	: >"$T/runs.$k"
	for c in $CASES; do
		case $c in
		ref-select) ;;
		api-load) [ "$PORCH_WORKERS" != "$FIRST_WORKERS" ] || measure "$c" ;;
		*) measure "$c" ;;
		esac
	done
	if [ ! -s "$T/runs.$k" ]; then   # ref-select alone
		for _ in $(seq "$PAIRS"); do wrk_once ref-select "$SECS" >>"$T/runs.$k"; done
	fi
	figures ref-select
	RATIO[$k]="1.00 1.00-1.00"; P99R[$k]="1.00 1.00-1.00"
	SQLA[$k]=-; SQLM[$k]=-; STAT[$k]=-; MS[$k]=-; SQLMODE[$k]=-; CPU[$k]=-
	a2pids=()
	for i in $(seq "$PORCH_WORKERS"); do
		"$T/argon2_cost" "$A2_T" "$A2_M" "$A2_P" 5 >"$T/argon2.$i" &
		a2pids+=($!)
	done
	wait "${a2pids[@]}"
	A2_ALL[$PORCH_WORKERS]=$(cat "$T"/argon2.* | awk '{ s += $1 } END { printf "%.2f", s }')
	rm -f "$T"/argon2.*
	HWM[$PORCH_WORKERS]=
	for pid in $(porchd_worker_pids); do
		kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
		[ -z "$kb" ] || HWM[$PORCH_WORKERS]="${HWM[$PORCH_WORKERS]} ${kb}"
	done
}

echo "bench: $PAIRS pairs of ${SECS} s runs per case (ref-select, case), $CONNS connections," \
	"$THREADS wrk threads, workers: $WORKER_SET" >&2
FIRST_WORKERS=$PORCH_WORKERS
for w in $WORKER_SET; do
	[ "$w" = "$PORCH_WORKERS" ] || use_workers "$w"
	small_cases
done
case " $CASES " in *" ref-select "*) ;; *) CASES="ref-select $CASES" ;; esac

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
	for w in $WORKER_SET; do
		[ "$w" = "$PORCH_WORKERS" ] || use_workers "$w"
		for c in $SCALE_CASES; do
			measure "$c"
		done
	done
	CASES="$CASES $SCALE_CASES"
fi

# --- BENCH_SQL_LOG=1: what each kind of warm page's one statement (its twin, as
# logged) costs mariadbd, piece by piece, with the slow log off again and nothing
# else running (tests/bench/sql_cost.py). ---
SQL_COST=
if [ "${BENCH_SQL_LOG:-0}" = 1 ]; then
	stack_mysql -e "SET GLOBAL slow_query_log = 0"
	SQL_COST=$(python3 "$top_srcdir/tests/bench/sql_cost.py" "$T/slow.log" "$DB_SOCKET" \
		"$(id -un)" "$DB_NAME" "$MARIADB_PID" "${BENCH_SQL_RUNS:-5000}") \
		|| stack_die "tests/bench/sql_cost.py failed"
fi

# --- argon2id alone, with porch's default parameters (module/core/cfg.c). ---
A2_ONE=$("$T/argon2_cost" "$A2_T" "$A2_M" "$A2_P" 3)

# --- Report. ---
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "" && a != "-") printf "%.2f", a / b; else printf "-" }'; }
# check OK? LABEL: "ok" or "MISS" (OK: 1 or 0; "-" when a figure is missing) and LABEL.
check() {
	case $1 in
	1) printf 'ok   %s\n' "$2" ;;
	0) printf 'MISS %s\n' "$2" ;;
	*) printf '?    %s (a figure is missing)\n' "$2" ;;
	esac
}
# cmp V OP T: 1 when V OP T holds, 0 when not, - without a figure. A latency
# ratio of 0 is a case whose requests never completed within a run: not met.
cmp() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "-" || v == "") print "-"; else if ((op == ">=" && v + 0 >= t) || (op == "<=" && v + 0 <= t && v + 0 > 0) || (op == "<" && v + 0 < t && v + 0 > 0)) print 1; else print 0 }'; }
med() { printf '%s' "${1%% *}"; }
rng() { printf '%s' "${1#* }"; }

echo
echo "porch benchmark: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
	"wrk -t$THREADS -c$CONNS; $PAIRS pairs of ${SECS} s runs per case (ref-select, case)"
for w in $WORKER_SET; do
	echo
	echo "$w workers per side (porchd and the reference):"
	printf '%-15s %9s %8s %8s %17s %17s %6s %15s %6s %-16s %s\n' case 'req/s' 'p50 ms' 'p99 ms' \
		'x ref-select' 'p99 x ref-sel' errors 'sql/req' 'srv ms' 'cpu ms app/db/web' statuses
	for c in $CASES; do
		k="$c@$w"
		[ -n "${RPS[$k]:-}" ] || continue
		sq=${SQLA[$k]}
		[ "$sq" = - ] || sq="${SQLMODE[$k]} ($sq/${SQLM[$k]})"
		printf '%-15s %9.1f %8.2f %8.2f %5s (%9s) %5s (%9s) %6s %15s %6s %-16s %s\n' "$c" "${RPS[$k]}" \
			"${P50[$k]}" "${P99[$k]}" "$(med "${RATIO[$k]}")" "$(rng "${RATIO[$k]}")" \
			"$(med "${P99R[$k]}")" "$(rng "${P99R[$k]}")" "${ERR[$k]}" "$sq" "${MS[$k]}" \
			"${CPU[$k]}" "${STAT[$k]}"
	done
	echo "porchd worker peak RSS (VmHWM, KiB):${HWM[$w]:- none found}"
	for c in flood flood-spread flood-nocap; do
		[ -n "${FLOOD[$c@$w]:-}" ] || continue
		case $c in
		flood) cap="from 127.0.0.1, argon2.max_concurrent derived: ${AUTO_CAP:-?}" ;;
		flood-spread) cap="from $FLOOD_SPREAD addresses, argon2.max_concurrent derived: ${AUTO_CAP:-?}" ;;
		*) cap="from $FLOOD_SPREAD addresses, argon2.max_concurrent = $w, every worker may hash" ;;
		esac
		echo "$c ($cap): the flood on beta.test made ${FLOOD[$c@$w]}"
	done
	[ -z "${RPS[ical-feed@$w]:-}" ] || echo "ical-feed: GET /ical/TOKEN.ics (a property's feed: 500 bookings, $(stat -c %s "$T/ical.ics" 2>/dev/null || echo '?') bytes)"
	[ -z "${RPS[api-list@$w]:-}" ] || echo "api-list: GET /api/v1/bookings?limit=500 (500 bookings a page)"
done
echo
printf 'argon2id alone (t=%s m=%s KiB p=%s): %s hashes/s on one core alone' "$A2_T" "$A2_M" "$A2_P" "$A2_ONE"
for w in $WORKER_SET; do printf '; %s/s with %s hashing at once' "${A2_ALL[$w]:-?}" "$w"; done
echo
[ -z "$API_REPORT" ] || printf '%s\n' "$API_REPORT"
[ -z "$SQL_COST" ] || printf '%s\n' "$SQL_COST"
if [ -n "$GROW_SECS" ]; then
	echo "scale run: data grown by tests/bench/scale.sql in $GROW_SECS s to $ROWS rows;"
	echo " calendar-large and booking-large are Ada's calendar and booking pages again,"
	echo " calendar-gen is the calendar of u1@$GEN_HOST, a generated tenant's portal user"
fi

# --- Targets: one line each, ok or MISS with the figure. ---
echo
echo "targets (issue 18 unless named; x ref-select is the median of the paired ratios, min-max in brackets):"
for w in $WORKER_SET; do
	for c in calendar booking; do
		k="$c@$w"
		[ -n "${RPS[$k]:-}" ] || continue
		check "$(cmp "$(med "${RATIO[$k]}")" '>=' 0.6)" \
			"$c, $w workers: $(med "${RATIO[$k]}")x ref-select's req/s ($(rng "${RATIO[$k]}")), target >= 0.6"
		check "$(cmp "$(med "${P99R[$k]}")" '<=' 2)" \
			"$c, $w workers: p99 $(med "${P99R[$k]}")x ref-select's ($(rng "${P99R[$k]}")), target <= 2"
	done
	k="token@$w"
	[ -z "${RPS[$k]:-}" ] || check "$(cmp "$(med "${RATIO[$k]}")" '>=' 0.4)" \
		"token landing, $w workers: $(med "${RATIO[$k]}")x ref-select's req/s ($(rng "${RATIO[$k]}")), target >= 0.4"
	k="staff-customers@$w"
	[ -z "${RPS[$k]:-}" ] || check "$(cmp "$(med "${RATIO[$k]}")" '>=' 0.3)" \
		"staff customers page (1,000 customers), $w workers: $(med "${RATIO[$k]}")x ref-select's req/s ($(rng "${RATIO[$k]}")), target >= 0.3"
	for c in calendar booking; do
		[ -n "${RPS[$c-large@$w]:-}" ] && [ -n "${RPS[$c@$w]:-}" ] || continue
		v=$(ratio "$(med "${RATIO[$c-large@$w]}")" "$(med "${RATIO[$c@$w]}")")
		check "$(cmp "$v" '>=' 0.9)" \
			"$c on the large data, $w workers: ${v}x of the small ($(med "${RATIO[$c-large@$w]}")x against $(med "${RATIO[$c@$w]}")x ref-select), target >= 0.9"
	done
	k="signin@$w"
	[ -z "${RPS[$k]:-}" ] || { v=$(ratio "${RPS[$k]}" "${A2_ALL[$w]:-}");
		check "$(cmp "$v" '>=' 0.9)" \
		"issue 6: sign-ins, $w workers: ${RPS[$k]}/s, ${v}x argon2id alone with $w hashing at once, target >= 0.9"; }
	for c in flood flood-spread flood-nocap; do
		k="$c@$w"
		[ -n "${RPS[$k]:-}" ] && [ -n "${RPS[calendar@$w]:-}" ] || continue
		v=$(ratio "$(med "${RATIO[$k]}")" "$(med "${RATIO[calendar@$w]}")")
		check "$(cmp "$v" '>=' 0.7)" "issue 6: calendar under $c, $w workers: ${v}x the calendar's paired ratio, target >= 0.7"
		v=$(ratio "$(med "${P99R[$k]}")" "$(med "${P99R[calendar@$w]}")")
		check "$(cmp "$v" '<' 3)" "issue 6: calendar under $c, $w workers: p99 ${v}x the calendar's, target < 3"
	done
done
if [ -n "$API_REPORT" ]; then
	check "$(cmp "$(med "$API_PAIR_RATIO")" '>=' 0.3)" \
		"issue 13: first load, POST /api/v1/batch against the mariadb client: $(med "$API_PAIR_RATIO")x ($(rng "$API_PAIR_RATIO") over $API_PAIRS parts), target >= 0.3"
fi
echo "(x ref-select: req/s over the req/s of the ref-select run just before it, the median"
echo " of the pairs with min-max; p99 x ref-sel likewise for p99; ref-select's own row is"
echo " the median of all its runs. ref-fixed is the reference's fixed page, ref-select2"
echo " its page of two SELECTs one after the other (the least a page that loads its"
echo " session and then its content can cost). sql/req is the most frequent (mean/max)"
echo " of porchd's sql=N over that case's requests (the max adds the session touch once a"
echo " minute and the tenant map's reload; BEGIN/COMMIT are not counted); srv ms is"
echo " porchd's mean ms=N, its own time per request; cpu ms app/db/web is the CPU time per"
echo " request of the responder's workers, mariadbd and nginx's workers during the case's"
echo " runs; errors are non-2xx/3xx answers and socket errors)"
echo "(flood, flood-spread, flood-nocap: Ada's calendar on acme.test measured while"
echo " tests/bench/flood.c sends $FLOOD_RATE bad sign-ins a second to beta.test (at most"
echo " $FLOOD_CONNS in flight, from one address or from $FLOOD_SPREAD), the flood only"
echo " during the case's own runs; their targets compare them with the calendar case)"
