# porch — a MariaDB Galera cluster for integration tests, sourced after stack.sh:
#   . "$top_srcdir/tests/lib/stack.sh"; . "$top_srcdir/tests/lib/galera.sh"
# Three nodes on loopback under $T/galera/nN (datadir, log, pid; each its own SQL,
# group communication, IST and SST port; rsync SST), run as the mysql account;
# two porchd "hosts" (A in $T: porch.conf, porchd.sock, porchd.log, so porchctl and
# the stack's helpers use it; B in $T/hostb) each preferring one node with the
# others as fallbacks; one nginx with both hosts in an upstream. docs/CLUSTER.md
# describes the same topology for production.
#   galera_start      the cluster (node 1 bootstrapped, then 2 and 3 join)
#   galera_hosts_up   porch.conf of both hosts, the schema migrated once, both
#                     porchd started, nginx in front: P (both hosts, round robin),
#                     PA (host A only) and PB (host B only) are its ports
# stack_cleanup stops all of it (galera_stop_all, from STACK_STOP_HOOKS).

GALERA_N=3
GALERA_PIDS=()
GALERA_SOCK=()
GALERA_PORT=()
GALERA_GCOMM=()
GALERA_IST=()
GALERA_SST=()
GALERA_PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
PORCHD_B_PID=

# galera_require: skips the test unless the provider, rsync and the account are there.
galera_require() {
	[ -e "$GALERA_PROVIDER" ] || tap_skip_all "galera-4 not installed ($GALERA_PROVIDER)"
	command -v rsync >/dev/null || tap_skip_all "rsync not installed"
	[ "$(id -u)" = 0 ] || tap_skip_all "the cluster runs as the mysql account: needs root"
	id mysql >/dev/null 2>&1 || tap_skip_all "no mysql account"
}

# galera_mysql N [ARGS...]: the admin client on node N (1-3).
galera_mysql() {
	local n=$1
	shift
	mariadb --no-defaults --default-character-set=utf8mb4 \
		--socket="${GALERA_SOCK[$n]}" -u root "$@"
}

# galera_sql N STATEMENTS: porch's database on node N, rows tab-separated. A node
# that is out of the primary component for a while (a busy machine: it may have to
# rejoin) is waited for, up to 3 minutes, as porchd fails over to another.
galera_sql() {
	local i out
	for i in $(seq 1 360); do
		if out=$(galera_mysql "$1" -N "$DB_NAME" -e "$2" 2>"$T/galera_sql.err"); then
			printf '%s\n' "$out"
			return 0
		fi
		grep -q '^ERROR 1047' "$T/galera_sql.err" || break
		sleep 0.5
	done
	cat "$T/galera_sql.err" >&2
	# A node not ready for three minutes: what each node says of the cluster, and
	# the tails of their logs.
	if grep -q '^ERROR 1047' "$T/galera_sql.err"; then
		for i in $(seq 1 $GALERA_N); do
			echo "# node $i: $(galera_mysql "$i" -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN
				('wsrep_cluster_status', 'wsrep_local_state_comment', 'wsrep_ready',
				'wsrep_cluster_size', 'wsrep_incoming_addresses')" 2>&1 | tr '\t\n' '= ')" >&2
		done
		galera_dump_logs
	fi
	return 1
}

# galera_status N VAR: a wsrep status variable of node N ("" when it does not answer).
galera_status() {
	galera_mysql "$1" -N -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2
}

# galera_ports: four free ports a node (one python3 start: each costs on a busy machine).
galera_ports() {
	local n ports
	ports=($(python3 -c 'import socket
ss = [socket.socket() for _ in range(4 * '"$GALERA_N"')]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))'))
	for n in $(seq 1 $GALERA_N); do
		GALERA_PORT[$n]=${ports[4 * n - 4]}
		GALERA_GCOMM[$n]=${ports[4 * n - 3]}
		GALERA_IST[$n]=${ports[4 * n - 2]}
		GALERA_SST[$n]=${ports[4 * n - 1]}
		GALERA_SOCK[$n]=$STACK_RUN/g$n/mysqld.sock
	done
}

# galera_opts N: the server options of node N, one a line.
galera_opts() {
	local n=$1 d=$T/galera/n$1 addr='' i
	for i in $(seq 1 $GALERA_N); do
		addr=$addr${addr:+,}127.0.0.1:${GALERA_GCOMM[$i]}
	done
	cat <<-EOF
		--datadir=$d/data
		--tmpdir=$d/tmp
		--socket=${GALERA_SOCK[$n]}
		--pid-file=$d/mariadb.pid
		--log-error=$d/mariadb.log
		--user=mysql
		--bind-address=127.0.0.1
		--port=${GALERA_PORT[$n]}
		--default-time-zone=+00:00
		--character-set-server=utf8mb4
		--collation-server=utf8mb4_unicode_ci
		--innodb-buffer-pool-size=32M
		--innodb-log-file-size=16M
		--innodb-flush-log-at-trx-commit=2
		--performance-schema=OFF
		--skip-name-resolve
		--max-connections=100
		--binlog-format=ROW
		--default-storage-engine=InnoDB
		--innodb-autoinc-lock-mode=2
		--wsrep-on=ON
		--wsrep-provider=$GALERA_PROVIDER
		--wsrep-cluster-name=porch-test
		--wsrep-cluster-address=gcomm://$addr
		--wsrep-node-name=n$n
		--wsrep-node-address=127.0.0.1:${GALERA_GCOMM[$n]}
		--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${GALERA_GCOMM[$n]};ist.recv_addr=127.0.0.1:${GALERA_IST[$n]};gcache.size=32M;gcache.page_size=32M;evs.suspect_timeout=PT10S;evs.inactive_timeout=PT30S;evs.install_timeout=PT15S
		--wsrep-sst-method=rsync
		--wsrep-sst-receive-address=127.0.0.1:${GALERA_SST[$n]}
		--wsrep-slave-threads=2
	EOF
}

# galera_node_start N [--wsrep-new-cluster]: starts node N in the background.
galera_node_start() {
	local n=$1 d=$T/galera/n$1 opts
	shift
	command -v mariadbd >/dev/null || PATH=$PATH:/usr/sbin
	stack_reap_stale "$d/mariadb.pid" "--datadir=$d/data"
	mkdir -p "$d/data" "$d/tmp" "$STACK_RUN/g$n"
	# The socket's directory: mysql makes it, porchd's group may enter, no one else.
	chown mysql "$d" "$d/data" "$d/tmp" "$STACK_RUN/g$n"
	[ -z "$PORCHD_GROUP" ] || chgrp "$PORCHD_GROUP" "$STACK_RUN/g$n"
	chmod 700 "$d/data" "$d/tmp"
	chmod 750 "$d" "$STACK_RUN/g$n"
	rm -f "${GALERA_SOCK[$n]}"
	mapfile -t opts < <(galera_opts "$n")
	if [ "$n" = 1 ] && [ ! -d "$d/data/mysql" ]; then
		if ! mariadb-install-db --no-defaults --force "${opts[@]}" --wsrep-on=OFF \
			--auth-root-authentication-method=socket --auth-root-socket-user=root \
			--skip-test-db >"$d/install.log" 2>&1; then
			tail -n 20 "$d/install.log" >&2
			stack_die "mariadb-install-db failed on node 1"
		fi
	fi
	mariadbd --no-defaults "${opts[@]}" "$@" </dev/null >>"$d/stdout.log" 2>&1 &
	GALERA_PIDS[$n]=$!
}

# galera_wait_synced N [SECONDS]: until node N answers, is Synced, ready and in the
# primary component, twice half a second apart (a view change just after a node
# joins may take it out of service a moment: error 1047) (60 s).
galera_wait_synced() {
	local n=$1 deadline=$((SECONDS + ${2:-60})) state seen=0
	while :; do
		state=$(galera_status "$n" wsrep_local_state_comment)
		if [ "$state" = Synced ] &&
		    [ "$(galera_status "$n" wsrep_ready)" = ON ] &&
		    [ "$(galera_status "$n" wsrep_cluster_status)" = Primary ]; then
			seen=$((seen + 1))
			[ "$seen" -lt 2 ] || return 0
			sleep 0.5
			continue
		fi
		seen=0
		if ! stack_alive "${GALERA_PIDS[$n]}"; then
			tail -n 30 "$T/galera/n$n/mariadb.log" >&2
			stack_die "galera node $n exited during start-up"
		fi
		[ "$SECONDS" -lt "$deadline" ] \
			|| stack_die "galera node $n not synced after ${2:-60} s (state: ${state:-none})"
		sleep 0.2
	done
}

# galera_saved_view: each node's gvwstate.dat names it and the primary component of
# all three, as a cluster that lost power leaves it: started together, the nodes
# restore that component themselves (pc.recovery) at the state all three share.
galera_saved_view() {
	local uuids n m f
	uuids=($(python3 -c 'import uuid; print(" ".join(str(uuid.uuid1()) for _ in range(3)))'))
	for n in 1 2 3; do
		f=$T/galera/n$n/data/gvwstate.dat
		{
			echo "my_uuid: ${uuids[n - 1]}"
			echo '#vwbeg'
			echo "view_id: 3 ${uuids[0]} 3"
			echo 'bootstrap: 0'
			for m in 0 1 2; do
				echo "member: ${uuids[m]} 0"
			done
			echo '#vwend'
		} >"$f"
		chown mysql "$f"
		sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 0/' \
			"$T/galera/n$n/data/grastate.dat"
	done
}

# galera_start: the three nodes, porch's database and account made (GALERA_SECONDS:
# how long it took). Node 1 is installed and bootstrapped alone, the database and
# account made, and stopped cleanly; nodes 2 and 3 get copies of its datadir. All
# three then start side by side at that same state and restore a primary component
# of the three (galera_saved_view): no state transfer at all, where each join by
# IST or rsync SST runs the SST script (about 25 s a node on two busy cores). A node
# that rejoins later (a restart, a wiped datadir) gets IST or rsync SST as in
# production.
galera_start() {
	local t0=$SECONDS n
	galera_ports
	mkdir -p "$T/galera"
	chmod 711 "$T/galera"
	galera_node_start 1 --wsrep-new-cluster
	galera_wait_synced 1
	stack_private "$T/db.password"
	[ -s "$T/db.password" ] \
		|| python3 -c 'import secrets; print(secrets.token_hex(16))' >"$T/db.password"
	DB_PASSWORD=$(cat "$T/db.password")
	galera_mysql 1 <<-EOF
		CREATE DATABASE IF NOT EXISTS $DB_NAME
		  CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
		CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
		GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'localhost';
		GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1';
	EOF
	galera_node_stop 1
	for n in 2 3; do
		mkdir -p "$T/galera/n$n"
		cp -a "$T/galera/n1/data" "$T/galera/n$n/data"
	done
	galera_saved_view
	for n in 1 2 3; do
		galera_node_start "$n"
	done
	for n in 1 2 3; do
		galera_wait_synced "$n" 90
	done
	# Each in the one view of all three before anything is written.
	for n in 1 2 3; do
		for _ in $(seq 1 150); do
			[ "$(galera_status "$n" wsrep_cluster_size)" != 3 ] || break
			sleep 0.2
		done
		galera_wait_synced "$n" 60
	done
	for n in 1 2 3; do
		chmod 660 "${GALERA_SOCK[$n]}"
		[ -z "$PORCHD_GROUP" ] || chgrp "$PORCHD_GROUP" "${GALERA_SOCK[$n]}"
	done
	# The stack's own helpers (sql, stack_mysql) talk to node 1.
	DB_SOCKET=${GALERA_SOCK[1]}
	GALERA_SECONDS=$((SECONDS - t0))
}

# galera_node_stop N: a clean shutdown of node N.
galera_node_stop() {
	local n=$1 pid=${GALERA_PIDS[$1]:-}
	[ -n "$pid" ] || return 0
	if stack_alive "$pid"; then
		galera_mysql "$n" -e 'SHUTDOWN' >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
		if ! stack_wait_exit "$pid" 60; then
			stack_log "galera node $n did not stop in 60 s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
			stack_wait_exit "$pid" 5 || true
		fi
	fi
	GALERA_PIDS[$n]=
}

# galera_stop: nodes 3, 2, then 1 (the last one leaves a clean grastate).
galera_stop() {
	local n
	for n in 3 2 1; do
		galera_node_stop "$n"
	done
}

# galera_host_config NAME DIR SOCKET PREFERRED FALLBACKS [EXTRA_LINE...]: the porch.conf
# of host NAME in DIR/porch.conf, listening on SOCKET, preferring node PREFERRED
# (its unix socket) and falling back to FALLBACKS (a list as database.fallbacks
# takes it). GALERA_DB_EXTRA, when set, is more of the database group
# ("cluster_read_timeout = 30;", say).
galera_host_config() {
	local dir=$2 sock=$3 pref=$4 fb=$5
	shift 5
	mkdir -p "$dir"
	chmod 711 "$dir"
	PORCH_LISTEN=unix:$sock DB_SOCKET=${GALERA_SOCK[$pref]} \
		PORCH_DB_EXTRA="fallbacks = \"$fb\"; cluster = true; ${GALERA_DB_EXTRA:-}" \
		stack_porch_config "$STACK_ARGON2_CHEAP" "$@"
	[ "$dir/porch.conf" = "$T/porch.conf" ] || mv "$T/porch.conf" "$dir/porch.conf"
}

# galera_hosts_up [EXTRA_LINE...]: host A (node 1, then 2 and 3 by TCP) and host B
# (node 2, then 3 and 1 by socket), the schema migrated once through host A, both
# porchd started and nginx in front of them. GALERA_CONF_A and GALERA_CONF_B, when
# set, are one more line of one host's config (its own metrics listener, say).
galera_hosts_up() {
	PORCHD_B_SOCKET=$T/hostb/porchd.sock
	galera_host_config b "$T/hostb" "$PORCHD_B_SOCKET" 2 \
		"${GALERA_SOCK[3]}, ${GALERA_SOCK[1]}" "$@" \
		${GALERA_CONF_B:+"$GALERA_CONF_B"}
	galera_host_config a "$T" "$PORCHD_SOCKET" 1 \
		"127.0.0.1:${GALERA_PORT[2]}, 127.0.0.1:${GALERA_PORT[3]}" "$@" \
		${GALERA_CONF_A:+"$GALERA_CONF_A"}
	stack_porchctl migrate >/dev/null
	stack_porchd_start
	galera_porchd_b_start
	galera_nginx_start
}

galera_porchd_b_start() {
	stack_reap_stale "$T/hostb/porchd.pid" "$T/hostb/porch.conf"
	rm -f "$PORCHD_B_SOCKET"
	stack_private "$T/hostb/porchd.log"
	"${PORCHD:-$top_builddir/porchd}" -c "$T/hostb/porch.conf" \
		</dev/null >>"$T/hostb/porchd.log" 2>&1 &
	PORCHD_B_PID=$!
	echo "$PORCHD_B_PID" >"$T/hostb/porchd.pid"
	stack_wait_socket "$PORCHD_B_SOCKET" "$PORCHD_B_PID" "porchd (host B)" \
		"$T/hostb/porchd.log" || stack_die "porchd of host B did not start"
}

galera_porchd_b_stop() {
	[ -n "$PORCHD_B_PID" ] || return 0
	local workers
	workers=$(porchd_worker_pids "$PORCHD_B_PID")
	stack_stop_pid "$PORCHD_B_PID" TERM 20
	PORCHD_B_PID=
	rm -f "$T/hostb/porchd.pid"
	local pid
	for pid in $workers; do
		if stack_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null \
			| grep -qF -- " -c $T/hostb/porch.conf"; then
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
}

# galera_nginx_start: stack_nginx_start with the shipped site's fastcgi_pass pointed
# at an upstream chosen by port: P both hosts, PA host A, PB host B. A host whose
# porchd is down (connect error) or whose database is (503, as /healthz answers)
# is passed over for max_fails / fail_timeout.
galera_nginx_start() {
	NGINX_PORT=${NGINX_PORT:-$(free_port)}
	PA=$(free_port)
	PB=$(free_port)
	local dir=$T/nginx
	mkdir -p "$dir"
	STACK_NGINX_SITE_SED=(
		-e "s#fastcgi_pass unix:$PORCHD_SOCKET;#fastcgi_pass \$porch_upstream;#"
		-e "/listen 127\.0\.0\.1:$NGINX_PORT[ ;]/a\\    listen 127.0.0.1:$PA;"
		-e "/listen 127\.0\.0\.1:$NGINX_PORT[ ;]/a\\    listen 127.0.0.1:$PB;"
	)
	STACK_NGINX_HTTP_EXTRA="
    upstream porch_hosts {
        server unix:$PORCHD_SOCKET max_fails=1 fail_timeout=3s;
        server unix:$PORCHD_B_SOCKET max_fails=1 fail_timeout=3s;
    }
    upstream porch_a { server unix:$PORCHD_SOCKET; }
    upstream porch_b { server unix:$PORCHD_B_SOCKET; }
    map \$server_port \$porch_upstream {
        $PA porch_a;
        $PB porch_b;
        default porch_hosts;
    }
    fastcgi_next_upstream error timeout http_503;
    fastcgi_next_upstream_tries 2;"
	stack_nginx_start
	P=$NGINX_PORT
	local h
	for h in "$PA" "$PB"; do
		local i=0
		until http_req "$h" acme.test /healthz && [ "$HTTP_STATUS" = 200 ]; do
			i=$((i + 1))
			[ $i -lt 100 ] || stack_die "/healthz through port $h: $HTTP_STATUS"
			sleep 0.1
		done
	done
}

# galera_stop_all: the hosts, then the cluster (from stack_cleanup).
galera_stop_all() {
	galera_porchd_b_stop
	stack_porchd_stop
	galera_stop
}

# galera_dump_logs: the tails of the nodes' and host B's logs (after a failure).
galera_dump_logs() {
	local f
	for f in "$T"/galera/n*/mariadb.log "$T/hostb/porchd.log"; do
		if [ -s "$f" ]; then
			echo "--- last lines of $f" >&2
			tail -n 15 "$f" >&2
		fi
	done
}

STACK_STOP_HOOKS="$STACK_STOP_HOOKS galera_stop_all"
STACK_DUMP_HOOKS="$STACK_DUMP_HOOKS galera_dump_logs"
