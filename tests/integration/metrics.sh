#!/usr/bin/env bash
# porch — integration test of the metrics endpoint (metrics.listen): Prometheus text
# on a listener of porchd's own, scraped while real requests go through nginx and
# Apache: a 404 counts under 404, a sign-in under its family, the latency histogram
# and the counts of every worker add up; MariaDB stopped and started moves the
# unavailable and reconnect counters; a worker killed counts as a restart; the
# senders' queues show what waits; a slow sign-in is argon2 work in flight. From the public side (any tenant host, either
# web server) /metrics is a plain 404 with no figure. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl

MPORT=$(free_port)
stack_setup --fixture acme "metrics = { listen = \"127.0.0.1:$MPORT\"; };"
stack_serve --apache
stack_wait_port "$MPORT" "$PORCHD_PID" porchd "$T/porchd.log" ||
	stack_die "the metrics listener did not start"

# scrape: the endpoint's answer in $T/metrics (its status in SCRAPE_STATUS).
scrape() {
	SCRAPE_STATUS=$(curl -s -o "$T/metrics" -D "$T/metrics.head" -w '%{http_code}' \
		--max-time 10 "http://127.0.0.1:$MPORT/metrics") || SCRAPE_STATUS=000
}
# metric SERIES: its value in the last scrape, 0 when it is not there.
metric() {
	awk -v s="$1" '$1 == s { v = $2 } END { print (v == "" ? 0 : v) }' "$T/metrics"
}
# delta SERIES CMD...: how much SERIES moved while CMD ran.
delta() {
	local s=$1 before after
	shift
	scrape
	before=$(metric "$s")
	"$@"
	scrape
	after=$(metric "$s")
	echo $((after - before))
}

scrape
check_eq "$SCRAPE_STATUS" 200 "GET /metrics on the metrics listener: 200"
check_contains "$(tr -d '\r' <"$T/metrics.head")" \
	"Content-Type: text/plain; version=0.0.4" "...in the Prometheus text format"
mname='[a-z_][a-z0-9_]*'
check_eq "$(grep -Ev "^(# (HELP|TYPE) $mname .+|$mname(\\{$mname=\"[^\"]*\"(,$mname=\"[^\"]*\")*\\})? [0-9]+(\\.[0-9]+)?)\$" \
	"$T/metrics" | head -n 3)" "" "...every line a comment or a sample"
check_eq "$(awk '/^# TYPE/ { print $3 }' "$T/metrics" | sort | uniq -d)" "" \
	"...each metric typed once"
for m in porch_requests_total porch_request_duration_seconds porch_db_errors_total \
	porch_db_unavailable_total porch_db_conflicts_total porch_db_reconnects_total \
	porch_db_retries_total porch_argon2_in_flight porch_argon2_refused_total \
	porch_worker_restarts_total porch_queue_depth porch_queue_oldest_seconds; do
	check_match "$(cat "$T/metrics")" "# TYPE $m (counter|gauge|histogram)" "$m is exported"
done
check_eq "$(metric porch_argon2_in_flight)" 0 "no argon2 work at rest"
check_eq "$(metric porch_db_up)" 1 "the queues were read from MariaDB"

miss() { http_req "$1" acme.test /no-such-page; }
visits() { local i; for i in 1 2 3 4 5 6 7; do http_req "$1" acme.test /; done; }
staff_in() {
	rm -f "$(jar m)"
	sign_in "$(jar m)" "$1" acme.test /staff/login office@acme.test "$PW_STAFF"
}
public_side() { # NAME PORT: /metrics through the web server is porch's plain 404
	local name=$1 port=$2
	check_eq "$(delta 'porch_requests_total{family="other",status="404"}' miss "$port")" 1 \
		"$name: a 404 counts once under family other, status 404"
	check_eq "$(delta 'porch_requests_total{family="home",status="200"}' visits "$port")" 7 \
		"$name: seven visits to / count seven, whichever worker served them"
	check_eq "$(delta 'porch_requests_total{family="auth",status="303"}' staff_in "$port")" 1 \
		"$name: a staff sign-in (303) counts under family auth"
	req "$(jar m)" "$port" acme.test /staff/
	check_eq "$HTTP_STATUS" 200 "$name: the signed-in staff page"
	scrape
	check_match "$(metric 'porch_requests_total{family="staff",status="200"}')" '^[1-9]' \
		"$name: ...counts under family staff"
	local host
	for host in acme.test beta.test unknown.test; do
		http_req "$port" "$host" /metrics
		check_eq "$HTTP_STATUS" 404 "$name: /metrics on host $host is a 404"
		check_not_contains "$HTTP_BODY" porch_ "$name: ...with no figure in it"
	done
	http_req "$port" acme.test /metrics -H "Host: 127.0.0.1:$MPORT"
	check_eq "$HTTP_STATUS" 404 "$name: /metrics for Host 127.0.0.1:$MPORT is a 404"
	check_not_contains "$HTTP_BODY" porch_ "$name: ...with no figure in it"
}
stack_each_server public_side

scrape
count=$(metric 'porch_request_duration_seconds_count{family="auth"}')
check_match "$count" '^[1-9]' "the latency histogram counted the sign-ins"
check_eq "$(metric 'porch_request_duration_seconds_bucket{family="auth",le="+Inf"}')" \
	"$count" "...its +Inf bucket is its count"
check_eq "$(awk -F'[ ]' '/^porch_request_duration_seconds_bucket\{family="auth"/ {
	if ($2 + 0 < last + 0) bad = 1; last = $2 } END { print bad + 0 }' "$T/metrics")" 0 \
	"...its buckets never decrease"

# Only /metrics, only GET or HEAD, on the metrics listener.
check_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/")" 404 \
	"the metrics listener answers 404 outside /metrics"
check_eq "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$MPORT/metrics")" \
	405 "...and 405 to a POST"
check_eq "$(ss -Htln "sport = :$MPORT" | awk '{ print $4 }')" "127.0.0.1:$MPORT" \
	"the listener is bound to the configured loopback address alone"
# A client that sends half a request and waits holds the endpoint 5 s at the most.
(exec 3<>"/dev/tcp/127.0.0.1/$MPORT" && printf 'GET /met' >&3 && sleep 12) &
holder=$!
sleep 0.3
t0=$(stack_now_ms)
scrape
check_eq "$SCRAPE_STATUS" 200 "a scrape behind a half-sent request is answered"
check_match "$(($(stack_now_ms) - t0))" '^[0-9]{1,4}$' "...within 10 s"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true

# The senders' queues: a mail queued, an iCal URL due, an event a webhook waits for.
scrape
outbox0=$(metric 'porch_queue_depth{queue="outbox"}')
stack_porchctl mail test someone@example.com >/dev/null
sql "INSERT INTO ical_sources (tenant_id, property_id, channel, url, next_sync_at)
	SELECT $ACME, p.id, 'airbnb', 'https://calendar.example.com/a.ics',
	UTC_TIMESTAMP() - INTERVAL 90 SECOND FROM properties p WHERE p.tenant_id = $ACME
	LIMIT 1" 2>/dev/null || true
scrape
check_eq "$(($(metric 'porch_queue_depth{queue="outbox"}') - outbox0))" 1 \
	"a queued mail shows in the outbox's depth"
check_match "$(metric 'porch_queue_oldest_seconds{queue="outbox"}')" '^[0-9]+$' \
	"...with the age of the oldest"
ical_rows=$(sql "SELECT COUNT(*) FROM ical_sources WHERE next_sync_at <= UTC_TIMESTAMP()")
check_eq "$(metric 'porch_queue_depth{queue="ical"}')" "$ical_rows" \
	"the iCal URLs due show in their depth"

# MariaDB away: pages answer 503 and count it; back, porchd reconnects and counts that.
scrape
gone0=$(metric porch_db_unavailable_total)
reco0=$(metric porch_db_reconnects_total)
stack_mariadb_stop
http_req "$NGINX_PORT" acme.test /
check_eq "$HTTP_STATUS" 503 "with MariaDB stopped a page answers 503"
scrape
check_eq "$SCRAPE_STATUS" 200 "...the metrics still answer"
check_eq "$(metric porch_db_up)" 0 "...saying the queues could not be read"
check_match "$(($(metric porch_db_unavailable_total) - gone0))" '^[1-9]' \
	"...and porch_db_unavailable_total moved"
stack_mariadb_start
ok=000
for _ in $(seq 1 40); do
	http_req "$NGINX_PORT" acme.test /
	ok=$HTTP_STATUS
	[ "$ok" = 200 ] && break
	sleep 0.25
done
check_eq "$ok" 200 "MariaDB back: pages answer 200 again"
scrape
check_match "$(($(metric porch_db_reconnects_total) - reco0))" '^[1-9]' \
	"...and porch_db_reconnects_total moved"

# A worker killed outright is replaced and counted.
metrics_pid=$(grep -o 'metrics process [0-9]* started' "$T/porchd.log" | tail -n 1 | awk '{ print $3 }')
victim=$(porchd_worker_pids | grep -vx "$metrics_pid" | head -n 1)
scrape
restarts0=$(metric porch_worker_restarts_total)
kill -KILL "$victim"
for _ in $(seq 1 40); do
	scrape
	[ "$(metric porch_worker_restarts_total)" != "$restarts0" ] && break
	sleep 0.1
done
check_eq "$(($(metric porch_worker_restarts_total) - restarts0))" 1 \
	"a worker killed with SIGKILL counts one restart"

# SIGHUP: a new generation of workers (and metrics process) keeps the counts.
before=$(metric 'porch_requests_total{family="home",status="200"}')
stack_porchd_reload 3
scrape
check_eq "$SCRAPE_STATUS" 200 "after SIGHUP the metrics answer"
check_match "$(( $(metric 'porch_requests_total{family="home",status="200"}') >= before ))" \
	'^1$' "...and keep the counts of the generation before"

# argon2 work in flight: with one hash at a time and a slow cost (as in
# argon2_cap.sh), a sign-in hashing shows as 1 in flight, and another sign-in
# meanwhile is refused with 503 and counted.
stack_porch_config "metrics = { listen = \"127.0.0.1:$MPORT\"; };" \
	'argon2 = { t_cost = 12; m_cost = 65536; parallelism = 1; max_concurrent = 1; };'
stack_porchd_reload 3
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme slow@acme.test >/dev/null 2>&1
slow_in() {
	rm -f "$(jar "$1")"
	sign_in "$(jar "$1")" "$NGINX_PORT" acme.test /staff/login slow@acme.test "$PW_STAFF"
	echo "$HTTP_STATUS" >"$T/slow.$1"
}
scrape
refused0=$(metric porch_argon2_refused_total)
slow_in a &
slow_pid=$!
inflight=0
for _ in $(seq 1 100); do
	scrape
	inflight=$(metric porch_argon2_in_flight)
	[ "$inflight" = 1 ] && break
	sleep 0.05
done
check_eq "$inflight" 1 "a sign-in hashing shows as argon2 work in flight"
slow_in b
check_eq "$(cat "$T/slow.b")" 503 "...another sign-in meanwhile is refused (503)"
scrape
check_eq "$(($(metric porch_argon2_refused_total) - refused0))" 1 \
	"...and counted in porch_argon2_refused_total"
wait "$slow_pid" || true
check_eq "$(cat "$T/slow.a")" 303 "the first sign-in went through"
scrape
check_eq "$(metric porch_argon2_in_flight)" 0 "...and nothing is in flight after it"
check_eq "$(metric porch_argon2_max_concurrent)" 1 "the cap is shown"

# A bad address stops porchd -t.
printf 'metrics = { listen = "unix:/tmp/x.sock"; };\n' >"$T/bad.conf"
out=$("$top_builddir/porchd" -t -c "$T/bad.conf" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 2 "porchd -t refuses a metrics.listen that is not HOST:PORT"
check_contains "$out" 'metrics.listen must be "HOST:PORT"' "...and says why"
