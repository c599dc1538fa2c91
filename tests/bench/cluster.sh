#!/usr/bin/env bash
# porch — the cluster benchmark (not part of the test suite): the fault run's load
# (tests/lib/load_client.py: portal users browsing their calendar and making
# block-offs, staff members browsing and making customers, tenant API keys reading
# a booking and adding notes) without faults, for BENCH_SECONDS each, on loopback:
#   single  one porchd on one MariaDB (tests/lib/stack.sh)
#   one     one porchd host on the three-node Galera cluster (tests/lib/galera.sh)
#   two     both porchd hosts on that cluster, behind one nginx upstream
# Prints per case the requests a second, p50 and p99 in ms, the failed requests
# and the total (errors: any answer but the expected one).
#
# Run from a built tree (as root, for the cluster):   tests/bench/cluster.sh
# Environment: BENCH_SECONDS (10), BENCH_CLIENTS (8: of each five, two portal users,
# two staff members, one API key), PORCH_WORKERS (2 a host), BENCH_CLUSTER_CASES
# ("single one two"), GALERA_DB_EXTRA (more of the hosts' database group, as
# "cluster_read_timeout = 30;"), STACK_KEEP=1 keeps the stacks' directories.
set -eu

SELF=$(cd "$(dirname "$0")" && pwd)/cluster.sh
SECS=${BENCH_SECONDS:-10}
CLIENTS=${BENCH_CLIENTS:-8}
export PORCH_WORKERS=${PORCH_WORKERS:-2}
CASES=${BENCH_CLUSTER_CASES:-single one two}

# --- The driver: each stack in a process of its own, then the table. ---
if [ "${1:-}" != --stack ]; then
	out=$(mktemp)
	trap 'rm -f "$out"' EXIT
	case " $CASES " in *" single "*) bash "$SELF" --stack single >>"$out" ;; esac
	case " $CASES " in *" one "*|*" two "*) bash "$SELF" --stack galera >>"$out" ;; esac
	echo
	echo "porch cluster benchmark: $(nproc) CPUs, $PORCH_WORKERS workers a host," \
		"$CLIENTS clients, ${SECS} s a case"
	printf '%-8s %9s %8s %8s %7s %9s\n' case 'req/s' 'p50 ms' 'p99 ms' failed requests
	for c in $CASES; do
		line=$(grep "^$c " "$out" || true)
		[ -n "$line" ] || { echo "$c: no figures" >&2; continue; }
		# shellcheck disable=SC2086
		printf '%-8s %9s %8s %8s %7s %9s\n' $line
	done
	echo "(single: one porchd on one MariaDB; one: one porchd host on the three-node"
	echo " Galera cluster; two: both hosts on it behind one nginx upstream; every client"
	echo " browses a page, then writes, in a loop: tests/lib/load_client.py)"
	exit 0
fi

. "$(cd "$(dirname "$SELF")/../lib" && pwd)/stack.sh"
for prog in mariadbd nginx curl python3; do
	PATH=$PATH:/usr/sbin command -v "$prog" >/dev/null || stack_die "$prog is not installed"
done
for bin in porchd porchctl; do
	[ -x "$top_builddir/$bin" ] || stack_die "$bin is not built (run make)"
done
API_CONF='api = { rate_per_minute = 1000000; };'

# fixture: tenants, users, a group that may make block-offs, a staff member and an
# API key per client that needs one; runs SQL through RUN_SQL.
fixture() {
	local i
	stack_two_tenants
	stack_portal_fixture acme
	for i in $(seq 0 $((CLIENTS - 1))); do
		case $((i % 5)) in
		0|1) stack_portal_user acme 'Ada Owner' "p$i@acme.test" "$PW_OWNER" ;;
		2|3) printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme "s$i@acme.test" \
			>/dev/null 2>&1 ;;
		esac
	done
	$RUN_SQL "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
		($ACME, 'Blockers', 'calendar.view,blocks.create,blocks.modify');
		UPDATE bookings SET external_id = reference WHERE tenant_id = $ACME"
	for i in $(seq 0 $((CLIENTS - 1))); do
		[ $((i % 5)) -gt 1 ] || stack_grant acme "p$i@acme.test" Blockers 'customer:Ada Owner'
	done
	KEY=$(stack_porchctl apikey add acme "Load" 2>/dev/null)
	PA1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Beach House'")
}

# measure CASE PORT: the load for SECS seconds through PORT; prints "CASE RPS P50 P99
# FAILED REQUESTS".
measure() {
	local i sep='' kind clients=''
	for i in $(seq 0 $((CLIENTS - 1))); do
		case $((i % 5)) in
		0|1) kind="{\"kind\": \"portal\", \"login\": \"p$i@acme.test\", \"password\": \"$PW_OWNER\", \"property\": $PA1, \"first\": $i, \"step\": $CLIENTS}" ;;
		2|3) kind="{\"kind\": \"staff\", \"login\": \"s$i@acme.test\", \"password\": \"$PW_STAFF\"}" ;;
		*) kind="{\"kind\": \"api\", \"key\": \"$KEY\", \"booking\": \"A1-1\"}" ;;
		esac
		clients="$clients$sep$kind"
		sep=', '
	done
	# Each case names its writes by markers of its own.
	cat >"$T/load.$1.json" <<-EOF
		{"port": $2, "host": "acme.test", "stop": "$T/stop.none", "seconds": $SECS,
		 "prefix": "$1",
		 "clients": [$clients]}
	EOF
	python3 "$top_srcdir/tests/lib/load_client.py" run "$T/load.$1.json" "$T/load.$1.log"
	echo "$1 $(python3 "$top_srcdir/tests/lib/load_client.py" bench "$T/load.$1.log")"
}

case $2 in
single)
	echo "bench: one porchd on one MariaDB" >&2
	RUN_SQL=sql
	stack_db_up "$API_CONF"
	fixture
	stack_serve
	measure single "$P"
	;;
galera)
	. "$top_srcdir/tests/lib/galera.sh"
	galera_require
	echo "bench: the three-node cluster and two porchd hosts" >&2
	RUN_SQL="galera_sql 1"
	galera_start
	galera_hosts_up "$API_CONF"
	fixture
	case " $CASES " in *" one "*) measure one "$PA" ;; esac
	# The second case writes its block-offs on another property's calendar.
	PA1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Cabin'")
	case " $CASES " in *" two "*) measure two "$P" ;; esac
	;;
esac
