# porch — shared setup for integration tests and scripts/dev: a private
# MariaDB, porchd, nginx and Apache under one directory ($T), TAP helpers,
# and a cleanup trap that stops whatever was started here.
#
# Use from bash:   set -eu; . "$top_srcdir/tests/lib/stack.sh"
# Sourcing it makes $T (a fresh temp dir, removed at exit; STACK_KEEP=1 keeps
# it) unless STACK_BASE names a directory to use instead (kept; scripts/dev
# uses ./var). top_srcdir / top_builddir come from AM_TESTS_ENVIRONMENT and
# default to the repository root, so a test also runs by hand:
#   bash tests/integration/http.sh
# Services: stack_mariadb_start, stack_porch_config, stack_porchd_start,
# stack_nginx_start, stack_apache_start (and the matching _stop functions).

# ---------------------------------------------------------------------------
# Paths

stack_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_srcdir=$(cd "${top_srcdir:-$stack_lib_dir/../..}" && pwd)
top_builddir=$(cd "${top_builddir:-$top_srcdir}" && pwd)
export top_srcdir top_builddir
# An --enable-asan build: what LeakSanitizer must not take for lost (lsan.supp).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$stack_lib_dir/lsan.supp}

# ---------------------------------------------------------------------------
# TAP: "ok N - DESC" / "not ok N - DESC" (+ "# " diagnostics), plan printed
# last by the exit trap. Diagnostics never contain raw control bytes.

TAP_N=0
TAP_FAILED=0
TAP_USED=0
TAP_SKIP_ALL=0

# tap_diag TEXT...: "# "-prefixed diagnostic lines on stdout.
tap_diag() {
	printf '%s\n' "$*" | LC_ALL=C tr -d '\000-\010\013-\037\177' \
		| LC_ALL=C sed -e 's/^/# /'
}

t_ok() {
	TAP_USED=1
	TAP_N=$((TAP_N + 1))
	printf 'ok %d - %s\n' "$TAP_N" "$1"
}

# t_fail DESC [DIAG...]
t_fail() {
	local desc=$1
	shift
	TAP_USED=1
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	printf 'not ok %d - %s\n' "$TAP_N" "$desc"
	if [ $# -gt 0 ]; then
		tap_diag "$@"
	fi
}

# ok EXIT_STATUS DESC: passes when EXIT_STATUS is 0. Under set -e capture
# the status first:  rc=0; some_cmd || rc=$?; ok "$rc" "some_cmd works"
ok() {
	if [ "$1" = 0 ]; then
		t_ok "$2"
	else
		t_fail "$2" "exit status: $1"
	fi
}

# check_cmd DESC CMD [ARGS...]: passes when the command exits 0.
check_cmd() {
	local desc=$1 rc=0
	shift
	"$@" || rc=$?
	ok "$rc" "$desc"
}

# tap_short TEXT: the first 400 bytes of TEXT, for diagnostics.
tap_short() {
	local s=$1
	if [ ${#s} -gt 400 ]; then
		s="${s:0:400}..."
	fi
	printf '%s' "$s"
}

check_eq() {
	if [ "$1" = "$2" ]; then
		t_ok "$3"
	else
		t_fail "$3" "got:  $(tap_short "$1")" "want: $2"
	fi
}

# check_contains HAYSTACK NEEDLE DESC (fixed string)
check_contains() {
	case $1 in
	*"$2"*) t_ok "$3" ;;
	*) t_fail "$3" "want text containing: $2" "got: $(tap_short "$1")" ;;
	esac
}

check_not_contains() {
	case $1 in
	*"$2"*) t_fail "$3" "want text without: $2" "got: $(tap_short "$1")" ;;
	*) t_ok "$3" ;;
	esac
}

# check_match HAYSTACK ERE DESC (grep -E, any line)
check_match() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		t_ok "$3"
	else
		t_fail "$3" "want a match for: $2" "got: $(tap_short "$1")"
	fi
}

check_not_match() {
	local hit
	if hit=$(printf '%s\n' "$1" | grep -Eo -- "$2" | head -n 3) \
		&& [ -n "$hit" ]; then
		t_fail "$3" "want no match for: $2" "found: $hit"
	else
		t_ok "$3"
	fi
}

# tap_skip_all REASON: no tests at all ("1..0 # SKIP ..."), exit 0.
tap_skip_all() {
	TAP_SKIP_ALL=1
	printf '1..0 # SKIP %s\n' "$1"
	exit 0
}

# ---------------------------------------------------------------------------
# Small helpers

# free_port: a TCP port on 127.0.0.1 that was free a moment ago.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

stack_log() {
	printf '%s\n' "stack: $*" >&2
}

stack_die() {
	stack_log "$*"
	exit 1
}

# stack_alive PID: the process exists and is not a zombie.
stack_alive() {
	local state
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $state in
	Z*) return 1 ;;
	esac
	return 0
}

# stack_wait_exit PID SECONDS (may be fractional): waits until PID is gone; 0 if it went in
# time. For our own children STACK_EXIT_STATUS gets the exit status
# (128+N after a signal), for other processes it stays empty.
stack_wait_exit() {
	local pid=$1 int=${2%.*} frac='' deadline
	case $2 in *.*) frac=${2#*.} ;; esac
	frac=${frac}000
	deadline=$(($(stack_now_ms) + ${int:-0} * 1000 + 10#${frac:0:3}))
	STACK_EXIT_STATUS=
	while stack_alive "$pid"; do
		if [ "$(stack_now_ms)" -ge "$deadline" ]; then
			return 1
		fi
		sleep 0.05
	done
	local st=0
	if wait "$pid" 2>/dev/null; then
		STACK_EXIT_STATUS=0
	else
		st=$?
		# 127: not our child (already reaped elsewhere or not ours).
		[ "$st" = 127 ] || STACK_EXIT_STATUS=$st
	fi
	return 0
}

# stack_tls_cert NAME SAN: a certificate $T/tls/NAME.pem (key NAME.key) for the
# subjectAltName SAN (e.g. "IP:127.0.0.1,DNS:localhost"), signed by a throwaway
# CA, $T/tls/ca.pem, made at the first call.
stack_tls_cert() {
	mkdir -p "$T/tls"
	(
		cd "$T/tls"
		if [ ! -f ca.pem ]; then
			openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
				-subj "/CN=porch test CA" -keyout ca.key -out ca.pem
		fi
		openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$1.key" \
			-out "$1.csr"
		printf 'subjectAltName=%s\n' "$2" >"$1.ext"
		openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
			-days 2 -extfile "$1.ext" -out "$1.pem"
	) >>"$T/tls/openssl.out" 2>&1 || stack_die "openssl could not make a test certificate"
}

# stack_now_ms: milliseconds since the epoch.
stack_now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

# stack_stop_pid PID SIGNAL SECONDS: signal, wait, then SIGKILL if needed.
stack_stop_pid() {
	local pid=$1
	[ -n "$pid" ] || return 0
	stack_alive "$pid" || { stack_wait_exit "$pid" 0 || true; return 0; }
	kill -s "$2" "$pid" 2>/dev/null || true
	if ! stack_wait_exit "$pid" "$3"; then
		stack_log "pid $pid did not stop after SIG$2 in $3 s; killing it"
		kill -s KILL "$pid" 2>/dev/null || true
		stack_wait_exit "$pid" 5 || true
	fi
}

# stack_stop_var VAR: stops (SIGTERM, 10 s, then SIGKILL) the background process
# whose pid the variable VAR holds, if any; leaves VAR empty and the pid out of
# the cleanup's list, so the cleanup never signals a process that reused it.
stack_stop_var() {
	local pid=${!1}
	[ -n "$pid" ] || return 0
	stack_stop_pid "$pid" TERM 10
	STACK_EXTRA_PIDS=$(printf '%s\n' $STACK_EXTRA_PIDS | grep -vx "$pid" \
		| tr '\n' ' ' || true)
	printf -v "$1" '%s' ''
}

# stack_reap_stale PIDFILE MARKER: a process left by an earlier run that was
# killed (scripts/dev) is stopped, but only when its command line contains
# MARKER (a path under $T), so an unrelated process that reused the pid is
# left alone.
stack_reap_stale() {
	local pidfile=$1 marker=$2 pid
	[ -f "$pidfile" ] || return 0
	pid=$(tr -dc '0-9' < "$pidfile")
	if [ -n "$pid" ] && stack_alive "$pid" \
		&& tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null \
			| grep -qF -- "$marker"; then
		stack_log "stopping pid $pid left by an earlier run ($pidfile)"
		kill -TERM "$pid" 2>/dev/null || true
		local i=0
		while stack_alive "$pid" && [ $i -lt 200 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		stack_alive "$pid" && kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$pidfile"
}

# stack_reap_all: every service a killed earlier run left in $T.
stack_reap_all() {
	stack_reap_stale "$T/apache/httpd.pid" "$T/apache"
	stack_reap_stale "$T/nginx/nginx.pid" "$T/nginx"
	stack_reap_stale "$T/porchd.pid" "$T/porch.conf"
	stack_reap_stale "$T/mariadb.pid" "--datadir=$T/db"
}

# stack_wait_for WHAT PID NAME LOG CMD...: waits (30 s) until CMD succeeds;
# fails early when PID dies. WHAT names the thing awaited in messages.
stack_wait_for() {
	local what=$1 pid=$2 name=$3 log=$4 deadline=$((SECONDS + 30))
	shift 4
	while ! "$@" 2>/dev/null; do
		if ! stack_alive "$pid"; then
			stack_log "$name exited during start-up; last lines of $log:"
			tail -n 20 "$log" >&2 2>/dev/null || true
			return 1
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			stack_log "$name: no $what after 30 s"
			return 1
		fi
		sleep 0.05
	done
}

stack_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stack_wait_port PORT PID NAME LOG: until 127.0.0.1:PORT accepts connections.
stack_wait_port() { stack_wait_for "listener on port $1" "$2" "$3" "$4" stack_port_open "$1"; }

# stack_wait_socket PATH PID NAME LOG: until the unix socket file exists.
stack_wait_socket() { stack_wait_for "socket $1" "$2" "$3" "$4" test -S "$1"; }

# stack_web_user: the account the web servers' workers run as. www-data
# when we are root (as in production), unless it cannot reach $T (a checkout
# under /root for scripts/dev): then root, which nginx allows. Empty when we
# are not root (the servers then run as us).
stack_web_user() {
	if [ "$(id -u)" != 0 ]; then
		return 0
	fi
	if id www-data >/dev/null 2>&1 \
		&& runuser -u www-data -- test -x "$T" 2>/dev/null; then
		echo www-data
	else
		echo root
	fi
}

# stack_static_root: the directory the web servers serve /static/ from:
# STACK_STATIC_DIR when set (scripts/dev serves the checkout as is), else a
# copy of $top_srcdir/static in $T/static (made on first use), readable by
# the web servers' user whatever the checkout's permissions. Prints it with
# a trailing slash.
stack_static_root() {
	if [ -n "${STACK_STATIC_DIR:-}" ]; then
		printf '%s/\n' "${STACK_STATIC_DIR%/}"
		return 0
	fi
	[ -d "$T/static" ] || stack_copy_static
	printf '%s/\n' "$T/static"
}

# stack_documents_dir: $T/documents, the files the web servers send for porchd
# (documents.dir), made readable by their user.
stack_documents_dir() {
	mkdir -p "$T/documents"
	chmod 755 "$T/documents"
}

# ---------------------------------------------------------------------------
# Accounts and modes: the stacks are laid out as a deployment is (README
# "Deploying"): porch.conf 0640 with porchd's group, the key, the database
# password and the logs 0600, porchd's socket 0660 with the web server's group,
# MariaDB's socket in a directory only root and porchd's group may enter, its
# datadir root's alone. Run as root, porchd's workers serve as PORCHD_USER
# (group PORCHD_GROUP): "porch" when that account exists (README), else Debian's
# "daemon"; never "nobody", which the tests play as an outsider.

# stack_porchd_user: the account porchd's workers serve as; empty when we are not
# root (porchd then runs as us).
stack_porchd_user() {
	[ "$(id -u)" = 0 ] || return 0
	if id porch >/dev/null 2>&1; then
		echo porch
	else
		echo daemon
	fi
}

# stack_private FILE...: each file exists and only its owner may read it.
stack_private() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || : >"$f"
		chmod 600 "$f"
	done
}

stack_copy_static() {
	rm -rf "$T/static"
	mkdir -p "$T/static"
	if [ -d "$top_srcdir/static" ]; then
		cp -R "$top_srcdir/static/." "$T/static/"
	fi
	chmod -R a+rX "$T/static"
}

# ---------------------------------------------------------------------------
# MariaDB: datadir $T/db, socket $DB_SOCKET ($STACK_RUN/mysqld/), no TCP, UTC.

MARIADB_PID=
DB_NAME=porch
DB_USER=porch

# stack_mysql [ARGS...]: the mariadb client as the admin account (unix
# socket authentication) on the private server. Both clients speak utf8mb4 whatever
# the locale: a root shell on a bare Debian has none, and text would be mangled.
stack_mysql() {
	mariadb --no-defaults --default-character-set=utf8mb4 --socket="$DB_SOCKET" \
		-u "$(id -un)" "$@"
}

# stack_mysql_porch [ARGS...]: the mariadb client as porch on database porch.
stack_mysql_porch() {
	mariadb --no-defaults --default-character-set=utf8mb4 --socket="$DB_SOCKET" \
		-u "$DB_USER" -p"$DB_PASSWORD" "$DB_NAME" "$@"
}

stack_mariadb_start() {
	local me db=$T/db log=$T/mariadb.log
	me=$(id -un)
	command -v mariadbd >/dev/null || PATH=$PATH:/usr/sbin
	stack_reap_stale "$T/mariadb.pid" "--datadir=$db"
	rm -f "$DB_SOCKET" "$DB_SOCKET.lock"
	mkdir -p "$T/dbtmp" "$DB_SOCKET_DIR"
	chmod 700 "$T/dbtmp"
	# The server's socket is 0777 whatever its umask: its directory keeps out
	# everyone but root and porchd's group.
	chmod 750 "$DB_SOCKET_DIR"
	[ -z "$PORCHD_GROUP" ] || chgrp "$PORCHD_GROUP" "$DB_SOCKET_DIR"
	stack_private "$log" "$T/mariadb-install.log"
	# Small buffers and a relaxed log flush to start and run fast; a clean
	# shutdown keeps everything (scripts/dev reuses the datadir).
	local opts=(
		--datadir="$db"
		# Its own tmpdir: installs running side by side (make -j) otherwise
		# clash on the bootstrap's temporary tables in the shared /tmp.
		--tmpdir="$T/dbtmp"
		--socket="$DB_SOCKET"
		--pid-file="$T/mariadb.pid"
		--skip-networking
		--user="$me"
		--default-time-zone=+00:00
		--character-set-server=utf8mb4
		--collation-server=utf8mb4_unicode_ci
		--innodb-buffer-pool-size=32M
		--innodb-log-file-size=16M
		--innodb-flush-log-at-trx-commit=2
		--key-buffer-size=1M
		--performance-schema=OFF
		--skip-name-resolve
		--max-connections=200
	)
	# STACK_MARIADB_OPTS: more server options, after these (the last one wins),
	# e.g. the benchmark's production-sized buffer pool and redo log.
	# shellcheck disable=SC2206
	opts+=(${STACK_MARIADB_OPTS:-})
	if [ ! -d "$db/mysql" ]; then
		rm -rf "$db"
		mkdir -p "$db"
		# --force: the server runs with --skip-name-resolve, so a machine whose
		# host name does not resolve (no /etc/hosts, as in a bare chroot) is fine.
		if ! mariadb-install-db --no-defaults --force "${opts[@]}" \
			--auth-root-authentication-method=socket \
			--auth-root-socket-user="$me" --skip-test-db \
			>"$T/mariadb-install.log" 2>&1; then
			tail -n 20 "$T/mariadb-install.log" >&2
			stack_die "mariadb-install-db failed"
		fi
	fi
	chmod 700 "$db"
	mariadbd --no-defaults "${opts[@]}" --log-error="$log" \
		</dev/null >>"$log" 2>&1 &
	MARIADB_PID=$!
	local deadline=$((SECONDS + 60))
	until mariadb-admin --no-defaults --socket="$DB_SOCKET" -u "$me" \
		--connect-timeout=2 ping >/dev/null 2>&1; do
		if ! stack_alive "$MARIADB_PID"; then
			tail -n 20 "$log" >&2
			stack_die "mariadbd exited during start-up"
		fi
		[ "$SECONDS" -lt "$deadline" ] \
			|| stack_die "mariadbd not answering after 60 s"
		sleep 0.1
	done
	chmod 660 "$DB_SOCKET"
	[ -z "$PORCHD_GROUP" ] || chgrp "$PORCHD_GROUP" "$DB_SOCKET"
	# One password per data directory, so a reused one (scripts/dev) keeps
	# working with an older porch.conf.
	stack_private "$T/db.password"
	if [ ! -s "$T/db.password" ]; then
		python3 -c 'import secrets; print(secrets.token_hex(16))' \
			>"$T/db.password"
	fi
	DB_PASSWORD=$(cat "$T/db.password")
	stack_mysql <<-EOF
		CREATE DATABASE IF NOT EXISTS $DB_NAME
		  CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost'
		  IDENTIFIED BY '$DB_PASSWORD';
		ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
		GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'localhost';
	EOF
}

# stack_mariadb_stop: clean shutdown; returns once the server is gone and
# its socket removed.
stack_mariadb_stop() {
	[ -n "$MARIADB_PID" ] || return 0
	if stack_alive "$MARIADB_PID"; then
		mariadb-admin --no-defaults --socket="$DB_SOCKET" \
			-u "$(id -un)" shutdown >/dev/null 2>&1 \
			|| kill -TERM "$MARIADB_PID" 2>/dev/null || true
		if ! stack_wait_exit "$MARIADB_PID" 60; then
			stack_log "mariadbd did not stop in 60 s; killing it"
			kill -KILL "$MARIADB_PID" 2>/dev/null || true
			stack_wait_exit "$MARIADB_PID" 5 || true
		fi
	fi
	local i=0
	while [ -S "$DB_SOCKET" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	rm -f "$DB_SOCKET"
	MARIADB_PID=
}

stack_mariadb_restart() {
	stack_mariadb_stop
	stack_mariadb_start
}

# ---------------------------------------------------------------------------
# porchd and porchctl

PORCHD_PID=

# stack_porch_config [EXTRA_LINE...]: writes $T/porch.conf (INTERFACES.md).
# PORCH_WORKERS (2), PORCH_TENANT_CACHE_SECONDS (10), PORCH_LISTEN
# (unix:$PORCHD_SOCKET) and PORCH_BODY_MAX (65536: below the web servers'
# 1 MiB, so porchd's own 413 is reachable) and PORCH_DOC_SENDER (nginx; apache
# for X-Sendfile) adjust it; documents live in $T/documents. Extra lines are
# appended as they are (libconfig refuses a setting given twice). Run as root,
# the file is 0640 with porchd's group, porchd's socket is given to the web
# server's group and porchd's workers serve as PORCHD_USER.
stack_porch_config() {
	local web
	[ -n "${DB_PASSWORD:-}" ] || DB_PASSWORD=$(cat "$T/db.password")
	# One key for the life of the stack: what it sealed must stay readable.
	stack_private "$T/secret.key"
	[ -s "$T/secret.key" ] || od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$T/secret.key"
	web=$(stack_web_user)
	stack_private "$T/porch.conf.tmp"
	{
		cat <<-EOF
			# written by tests/lib/stack.sh
			listen = "${PORCH_LISTEN:-unix:$PORCHD_SOCKET}";
			socket_mode = "0660";
			workers = ${PORCH_WORKERS:-2};
			shutdown_timeout = 10;
			log = "stderr";
			log_level = "info";
			schema_dir = "$top_srcdir/schema";
			tenant_cache_seconds = ${PORCH_TENANT_CACHE_SECONDS:-10};
			secret_key = "$(cat "$T/secret.key")";
			database = {
			  socket = "$DB_SOCKET";
			  name = "$DB_NAME";
			  user = "$DB_USER";
			  password = "$DB_PASSWORD";
			  connect_timeout = 2;
			  ${PORCH_DB_EXTRA:-}
			};
			documents = {
			  sender = "${PORCH_DOC_SENDER:-nginx}";
			  dir = "$T/documents";
			};
			limits = {
			  body_max = ${PORCH_BODY_MAX:-65536};
			  fields_max = 256;
			  field_max = 65536;
			  param_max = 8192;
			};
		EOF
		if [ -n "$PORCHD_USER" ]; then
			printf 'user = "%s";\ngroup = "%s";\n' "$PORCHD_USER" "$PORCHD_GROUP"
			[ "$web" = root ] || printf 'socket_group = "%s";\n' "$(id -gn "$web")"
		fi
		local line
		for line in "$@"; do
			printf '%s\n' "$line"
		done
	} >"$T/porch.conf.tmp"
	if [ -n "$PORCHD_GROUP" ]; then
		chgrp "$PORCHD_GROUP" "$T/porch.conf.tmp"
		chmod 640 "$T/porch.conf.tmp"
	fi
	mv "$T/porch.conf.tmp" "$T/porch.conf"
}

stack_porchctl() {
	"$top_builddir/porchctl" -c "$T/porch.conf" "$@"
}

# stack_porchd_start: master in the background, stderr to $T/porchd.log;
# returns once the socket exists. PORCHD_PID is the master. PORCHD names
# another build of porchd (tests/porchd-test, whose TOTP clock tests set).
stack_porchd_start() {
	stack_reap_stale "$T/porchd.pid" "$T/porch.conf"
	# A socket left by a killed run would make the bind fail.
	rm -f "$PORCHD_SOCKET"
	stack_private "$T/porchd.log"
	"${PORCHD:-$top_builddir/porchd}" -c "$T/porch.conf" \
		</dev/null >>"$T/porchd.log" 2>&1 &
	PORCHD_PID=$!
	echo "$PORCHD_PID" >"$T/porchd.pid"
	stack_wait_socket "$PORCHD_SOCKET" "$PORCHD_PID" porchd \
		"$T/porchd.log" || stack_die "porchd did not start"
}

# stack_porchd_stop: SIGTERM, wait (PORCHD_EXIT gets the exit status).
stack_porchd_stop() {
	[ -n "$PORCHD_PID" ] || return 0
	local workers
	workers=$(porchd_worker_pids)
	stack_stop_pid "$PORCHD_PID" TERM 20
	PORCHD_EXIT=$STACK_EXIT_STATUS
	PORCHD_PID=
	rm -f "$T/porchd.pid"
	stack_kill_orphans "$workers"
}

# stack_kill_orphans PIDS: workers that outlived their master are killed, only
# when they still run porchd on this stack's config: under make -j a pid may
# already belong to a worker of another test's porchd.
stack_kill_orphans() {
	local pid
	for pid in $1; do
		if stack_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null \
			| grep -qF -- " -c $T/porch.conf"; then
			stack_log "porchd worker $pid outlived its master; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
}

# porchd_worker_pids [MASTER]: the master's children, one per line, sorted (with
# metrics.listen set, the metrics process is one of them: "metrics process PID
# started" in porchd.log names it).
porchd_worker_pids() {
	local master=${1:-$PORCHD_PID}
	[ -n "$master" ] || return 0
	ps -o pid= --ppid "$master" 2>/dev/null | tr -d ' ' | sort -n || true
}

# stack_porchd_reload WORKERS: SIGHUP (after stack_porch_config) and wait (20 s)
# until the master runs WORKERS workers (one more with metrics.listen set: the
# metrics process is replaced too), none of them from before: every request
# from then on is served under the new config, by workers with empty caches.
stack_porchd_reload() {
	local before now i
	before=$(porchd_worker_pids)
	kill -HUP "$PORCHD_PID"
	for i in $(seq 400); do
		now=$(ps -o pid=,stat= --ppid "$PORCHD_PID" 2>/dev/null | awk '$2 !~ /^Z/ { print $1 }')
		if [ "$(printf '%s\n' "$now" | grep -c .)" = "$1" ] \
			&& [ -z "$(comm -12 <(printf '%s\n' "$before" | sort) <(printf '%s\n' "$now" | sort))" ]; then
			return 0
		fi
		sleep 0.05
	done
	stack_log "porchd: no new generation of $1 workers 20 s after SIGHUP"
	return 1
}

# porchd_req_lines: how many request lines porchd has logged so far.
porchd_req_lines() {
	grep -c ' req=' "$T/porchd.log" 2>/dev/null || true
}

# ---------------------------------------------------------------------------
# The shipped site config SRC (nginx/porch.conf, apache/porch.conf) as DST, with
# porch's install paths (socket, static root, documents) pointed at this stack's
# and the web server's own sed expressions (listen, logs) after them. Stops the
# run when LISTEN, the socket or the static root is not found in the result.
stack_site_conf() { # SRC DST LISTEN SED-ARGS...
	local src=$1 dst=$2 listen=$3 static
	shift 3
	static=$(stack_static_root)
	sed -e "s#unix:/run/porch/porchd\.sock#unix:$PORCHD_SOCKET#g" \
		-e "s#/usr/local/share/porch/static/#$static#g" \
		-e "s#/var/lib/porch/documents#$T/documents#g" \
		"$@" "$top_srcdir/$src" >"$dst"
	grep -qF "$listen" "$dst" && grep -qF "unix:$PORCHD_SOCKET" "$dst" \
		&& grep -qF "$static" "$dst" \
		|| stack_die "$src: listen, socket or static root not found to rewrite"
}

# ---------------------------------------------------------------------------
# nginx: the shipped nginx/porch.conf, with only the listen address, the
# socket path and the static root rewritten.

NGINX_PID=

stack_nginx_start() {
	local dir=$T/nginx user
	stack_documents_dir
	NGINX_PORT=${NGINX_PORT:-$(free_port)}
	command -v nginx >/dev/null || PATH=$PATH:/usr/sbin
	stack_reap_stale "$dir/nginx.pid" "$dir"
	mkdir -p "$dir/tmp"
	stack_private "$dir/error.log" "$dir/access.log"
	stack_site_conf nginx/porch.conf "$dir/porch.conf" "listen 127.0.0.1:$NGINX_PORT" \
		-e "s#^\([[:space:]]*listen\)[[:space:]][[:space:]]*80\([[:space:];]\)#\1 127.0.0.1:$NGINX_PORT\2#" \
		-e "s#/var/log/nginx/porch-access\.log#$dir/access.log#g" \
		-e "s#/var/log/nginx/error\.log#$dir/error.log#g"
	# STACK_NGINX_SITE_SED: more sed arguments for the site (tests/lib/galera.sh
	# points fastcgi_pass at an upstream), STACK_NGINX_HTTP_EXTRA more lines in http.
	if [ ${#STACK_NGINX_SITE_SED[@]} -gt 0 ]; then
		sed -i "${STACK_NGINX_SITE_SED[@]}" "$dir/porch.conf"
	fi
	user=$(stack_web_user)
	{
		[ -z "$user" ] || echo "user $user;"
		cat <<-EOF
			worker_processes 2;
			pid $dir/nginx.pid;
			error_log $dir/error.log info;
			events {
			    worker_connections 256;
			}
			http {
			    include /etc/nginx/mime.types;
			    default_type application/octet-stream;
			    sendfile on;
			    access_log $dir/access.log;
			    client_body_temp_path $dir/tmp/body;
			    fastcgi_temp_path $dir/tmp/fastcgi;
			    proxy_temp_path $dir/tmp/proxy;
			    uwsgi_temp_path $dir/tmp/uwsgi;
			    scgi_temp_path $dir/tmp/scgi;
			    ${STACK_NGINX_HTTP_EXTRA:-}
			    include $dir/porch.conf;
			}
		EOF
	} >"$dir/nginx.conf"
	nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -t \
		>"$dir/check.log" 2>&1 || {
		cat "$dir/check.log" >&2
		stack_die "nginx -t failed"
	}
	nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" \
		-g 'daemon off;' </dev/null >>"$dir/stdout.log" 2>&1 &
	NGINX_PID=$!
	stack_wait_port "$NGINX_PORT" "$NGINX_PID" nginx "$dir/error.log" \
		|| stack_die "nginx did not start"
}

stack_nginx_stop() { stack_stop_var NGINX_PID; }

# ---------------------------------------------------------------------------
# Apache: a minimal httpd.conf that includes the shipped apache/porch.conf,
# with only the port, the socket path and the static root rewritten.

APACHE_PID=
APACHE_MODULES=/usr/lib/apache2/modules

stack_apache_start() {
	local dir=$T/apache user m
	stack_documents_dir
	APACHE_PORT=${APACHE_PORT:-$(free_port)}
	stack_reap_stale "$dir/httpd.pid" "$dir"
	mkdir -p "$dir/run" "$dir/htdocs"
	stack_private "$dir/error.log" "$dir/access.log"
	stack_site_conf apache/porch.conf "$dir/porch.conf" "<VirtualHost *:$APACHE_PORT>" \
		-e "s#<VirtualHost \*:80>#<VirtualHost *:$APACHE_PORT>#" \
		-e "s#/var/log/apache2/porch-access\.log#$dir/access.log#g"
	user=$(stack_web_user)
	[ "$user" != root ] || user=www-data  # Apache refuses to run as root
	{
		cat <<-EOF
			ServerRoot "$dir"
			Listen 127.0.0.1:$APACHE_PORT
			ServerName localhost
			PidFile "$dir/httpd.pid"
			DefaultRuntimeDir "$dir/run"
			Mutex file:$dir/run default
			ErrorLog "$dir/error.log"
			LogLevel ${STACK_APACHE_LOG_LEVEL:-warn}
			Timeout 60
		EOF
		for m in mpm_event authz_core unixd log_config mime headers \
			rewrite alias dir proxy proxy_fcgi xsendfile setenvif; do
			echo "<IfModule !${m}_module>"
			echo "    LoadModule ${m}_module $APACHE_MODULES/mod_$m.so"
			echo "</IfModule>"
		done
		if [ -n "$user" ]; then
			echo "User $user"
			echo "Group $user"
		fi
		cat <<-EOF
			TypesConfig /etc/mime.types
			LogFormat "%h %l %u %t \"%r\" %>s %b" common
			CustomLog "$dir/access.log" common
			DocumentRoot "$dir/htdocs"
			<Directory />
			    Options None
			    AllowOverride None
			    Require all denied
			</Directory>
			Include "$dir/porch.conf"
		EOF
	} >"$dir/httpd.conf"
	/usr/sbin/apache2 -d "$dir" -f "$dir/httpd.conf" -t \
		>"$dir/check.log" 2>&1 || {
		cat "$dir/check.log" >&2
		stack_die "apache2 -t failed"
	}
	/usr/sbin/apache2 -d "$dir" -f "$dir/httpd.conf" -DFOREGROUND \
		</dev/null >>"$dir/stdout.log" 2>&1 &
	APACHE_PID=$!
	stack_wait_port "$APACHE_PORT" "$APACHE_PID" apache2 "$dir/error.log" \
		|| stack_die "apache2 did not start"
}

stack_apache_stop() { stack_stop_var APACHE_PID; }

# ---------------------------------------------------------------------------
# HTTP through a web server

# http_req PORT HOST PATH [CURL_ARGS...]: one request for
# http://HOST:PORT/PATH, HOST resolved to 127.0.0.1. Sets HTTP_STATUS
# ("000" when there was no answer), HTTP_HEADERS (the final response's
# header block, CRs removed), HTTP_BODY and HTTP_CURL_RC.
http_req() {
	local port=$1 host=$2 path=$3
	shift 3
	HTTP_CURL_RC=0
	rm -f "$T/http.head" "$T/http.body"
	HTTP_STATUS=$(curl -s -o "$T/http.body" -D "$T/http.head" \
		-w '%{http_code}' --max-time 30 \
		--resolve "$host:$port:127.0.0.1" "$@" \
		"http://$host:$port$path") || HTTP_CURL_RC=$?
	[ -n "$HTTP_STATUS" ] || HTTP_STATUS=000
	# Keep only the last header block (a "100 Continue" may come first).
	HTTP_HEADERS=$(tr -d '\r' 2>/dev/null <"$T/http.head" \
		| awk '/^HTTP\//{b=""} {b=b $0 "\n"} END{printf "%s", b}' || true)
	HTTP_BODY=$(tr -d '\000' 2>/dev/null <"$T/http.body" || true)
}

# http_header NAME: the values of header NAME in HTTP_HEADERS, one a line.
http_header() {
	printf '%s\n' "$HTTP_HEADERS" | awk -v n="$1" '
		BEGIN { n = tolower(n) }
		{
			i = index($0, ":")
			if (i > 0 && tolower(substr($0, 1, i - 1)) == n) {
				v = substr($0, i + 1)
				sub(/^[ \t]+/, "", v)
				sub(/[ \t]+$/, "", v)
				print v
			}
		}'
}

# ---------------------------------------------------------------------------
# Start-up and cleanup

STACK_TEMP=0
STACK_EXTRA_PIDS=
# Functions stack_cleanup runs after stopping the web servers (STACK_STOP_HOOKS)
# and stack_dump_logs after its own logs (STACK_DUMP_HOOKS): tests/lib/galera.sh.
STACK_STOP_HOOKS=
STACK_DUMP_HOOKS=
STACK_NGINX_SITE_SED=()

# stack_track_pid PID: one more background process for the cleanup to stop.
stack_track_pid() {
	STACK_EXTRA_PIDS="$STACK_EXTRA_PIDS $1"
}

# stack_dump_logs: the tails of the service logs, on stderr (after a failure).
stack_dump_logs() {
	local f
	for f in "$T/porchd.log" "$T/mariadb.log" "$T/nginx/error.log" \
		"$T/apache/error.log"; do
		if [ -s "$f" ]; then
			echo "--- last lines of $f" >&2
			tail -n 15 "$f" >&2
		fi
	done
	local hook
	for hook in $STACK_DUMP_HOOKS; do
		"$hook"
	done
}

stack_cleanup() {
	local st=$?
	set +e
	trap - EXIT
	# A second Ctrl-C (or a signal a supervisor forwards again) must not cut the
	# clean-up short and leave MariaDB running.
	trap '' INT TERM HUP
	local pid hook
	for pid in $STACK_EXTRA_PIDS; do
		stack_stop_pid "$pid" TERM 5
	done
	stack_apache_stop
	stack_nginx_stop
	for hook in $STACK_STOP_HOOKS; do
		"$hook"
	done
	stack_porchd_stop
	stack_mariadb_stop
	if [ "$TAP_USED" = 1 ] && [ "$TAP_SKIP_ALL" = 0 ]; then
		if [ "$st" != 0 ]; then
			t_fail "test script ended early (exit status $st)"
		fi
		printf '1..%d\n' "$TAP_N"
		printf '# %d of %d tests passed\n' "$((TAP_N - TAP_FAILED))" "$TAP_N"
		if [ "$TAP_FAILED" != 0 ]; then
			stack_dump_logs
		fi
	else
		case $st in
		0|129|130|143) ;;  # done, or stopped by a signal on purpose
		*) [ -z "${T:-}" ] || stack_dump_logs ;;
		esac
	fi
	if [ -n "${STACK_RUN:-}" ] && [ "$STACK_RUN" != "${T:-}" ]; then
		rm -rf "$STACK_RUN"
	fi
	if [ "$STACK_TEMP" = 1 ] && [ -n "${T:-}" ]; then
		if [ "${STACK_KEEP:-0}" = 1 ]; then
			stack_log "kept $T"
		else
			rm -rf "$T"
		fi
	fi
	# A run that reached its end exits 0 under automake's TAP driver (which
	# sets AM_TAP_AWK): the "not ok" lines already count as failures there,
	# and a non-zero status would add an ERROR for the same fault. Run by
	# hand, failures make the exit status 1.
	if [ "$st" = 0 ] && [ "$TAP_FAILED" != 0 ] && [ -z "${AM_TAP_AWK:-}" ]; then
		st=1
	fi
	exit "$st"
}

# stack_init: sets up $T and the traps (run when this file is sourced).
stack_init() {
	if [ -n "${STACK_BASE:-}" ]; then
		mkdir -p "$STACK_BASE"
		T=$(cd "$STACK_BASE" && pwd)
	else
		T=$(mktemp -d "${TMPDIR:-/tmp}/porch-test.XXXXXX")
		STACK_TEMP=1
	fi
	# The web servers' workers (www-data) and porchd's must traverse it to
	# the sockets and the static copy; nobody may list it.
	chmod 711 "$T"
	PORCHD_USER=$(stack_porchd_user)
	PORCHD_GROUP=
	[ -z "$PORCHD_USER" ] || PORCHD_GROUP=$(id -gn "$PORCHD_USER")
	# The sockets live in $T, unless porchd's user cannot reach it (scripts/dev
	# in a checkout under /root): then in a directory of their own.
	STACK_RUN=$T
	if [ -n "$PORCHD_USER" ] \
		&& ! runuser -u "$PORCHD_USER" -- test -x "$T/." 2>/dev/null; then
		STACK_RUN=$(mktemp -d "${TMPDIR:-/tmp}/porch-run.XXXXXX")
		chmod 711 "$STACK_RUN"
	fi
	PORCHD_SOCKET=$STACK_RUN/porchd.sock
	DB_SOCKET_DIR=$STACK_RUN/mysqld
	DB_SOCKET=$DB_SOCKET_DIR/mysqld.sock
	export T
	trap stack_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
}

stack_init

# ---------------------------------------------------------------------------
# SMTP sink (tests/lib/smtp_sink.py, python3-aiosmtpd): a mail relay on
# 127.0.0.1:$SMTP_PORT that stores each message in $SMTP_DIR ($T/mail) as
# NNNNNN.eml (+ NNNNNN.env, the envelope). The caller appends the smtp group
# to $T/porch.conf (host 127.0.0.1, port $SMTP_PORT, starttls "off").

SMTP_PID=

# stack_smtp_python: a python3 that has aiosmtpd (a pyenv or venv python3
# first on PATH may not see Debian's package); fails when there is none.
stack_smtp_python() {
	local py
	for py in python3 /usr/bin/python3; do
		if command -v "$py" >/dev/null \
			&& "$py" -c 'import aiosmtpd' 2>/dev/null; then
			command -v "$py"
			return 0
		fi
	done
	return 1
}

# stack_smtp_start [--refuse CODE]: starts the sink (again: same port, same
# directory, numbering goes on); --refuse 451 answers every recipient with a
# temporary failure (a relay outage), 550 with a permanent one.
stack_smtp_start() {
	local py
	py=$(stack_smtp_python) || stack_die "python3-aiosmtpd is not installed"
	SMTP_PORT=${SMTP_PORT:-$(free_port)}
	SMTP_DIR=${SMTP_DIR:-$T/mail}
	mkdir -p "$SMTP_DIR"
	# The mail holds invitation and reset links.
	chmod 700 "$SMTP_DIR"
	stack_private "$T/smtp.log"
	"$py" "$stack_lib_dir/smtp_sink.py" --port "$SMTP_PORT" --dir "$SMTP_DIR" "$@" \
		</dev/null >>"$T/smtp.log" 2>&1 &
	SMTP_PID=$!
	stack_track_pid "$SMTP_PID"
	stack_wait_port "$SMTP_PORT" "$SMTP_PID" smtp_sink "$T/smtp.log" \
		|| stack_die "the SMTP sink did not start"
}

# stack_smtp_stop: stops the sink; its port then refuses connections.
stack_smtp_stop() { stack_stop_var SMTP_PID; }

# stack_smtp_count: how many messages the sink has stored.
stack_smtp_count() {
	find "${SMTP_DIR:-$T/mail}" -maxdepth 1 -name '*.eml' 2>/dev/null | wc -l
}

# outbox_send: one pass of the outbox sender, its output dropped.
outbox_send() { stack_porchctl outbox send >/dev/null 2>&1 || true; }
# mails_to ADDR: how many mails the sink got for ADDR.
mails_to() { grep -lx "to $1" "$SMTP_DIR"/*.env 2>/dev/null | wc -l; }
# mail_file_to ADDR: the file of the newest mail the sink got for ADDR (none: empty).
mail_file_to() {
	local f
	for f in $(find "$SMTP_DIR" -maxdepth 1 -name '*.env' | sort -r); do
		if grep -qx "to $1" "$f"; then printf '%s' "${f%.env}.eml"; return 0; fi
	done
}
# mail_part FILE subject|body: a mail's subject, or its body decoded (the text
# part of a tenant's mail, which has an HTML part beside it).
mail_part() {
	python3 - "$1" "$2" <<-'EOF'
	import sys, email, email.policy
	m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
	print(m["Subject"] if sys.argv[2] == "subject" else
	      m.get_body(preferencelist=("plain",)).get_content())
	EOF
}
# mail_body_to ADDR: the decoded body of the newest mail to ADDR (none: empty).
mail_body_to() {
	local f
	f=$(mail_file_to "$1")
	[ -z "$f" ] || mail_part "$f" body
}
# mail_html_to ADDR: the text of the HTML part of the newest mail to ADDR, its
# tags left out (none: empty).
mail_html_to() {
	local f
	f=$(mail_file_to "$1")
	[ -z "$f" ] || python3 - "$f" <<-'EOF'
	import sys, re, html, email, email.policy
	m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
	b = m.get_body(preferencelist=("html",))
	print(html.unescape(re.sub(r"<[^>]*>", " ", b.get_content())) if b else "")
	EOF
}

# internal_words: the words in stdin no person should read (docs/DESIGN.md
# "Words on pages"), one a line with what surrounds it: a permission or a
# snake_case financial field of the catalog (read from module/auth/authz.c), a
# booking's guest field, a time with fractional seconds, a day written as
# YYYY-MM-DD (people read "Fri 5 Mar 2027"). Nothing when there is none.
internal_words() {
	python3 -c '
import re, sys
src = open(sys.argv[1]).read()
def table(name):
    m = re.search(name + r"\[[A-Z_]+\] = \{(.*?)\};", src, re.S)
    return re.findall(r"= \"([^\"]+)\"", m.group(1)) if m else []
names = table("perm_names") + [f for f in table("field_names") + ["guest_name",
    "guest_email", "guest_phone", "guest_address"] if "_" in f]
text = sys.stdin.read()
def around(i, n):
    return " ".join(text[max(0, i - 30):i + n + 30].split())
for w in names:
    m = re.search(r"(?<![\w.])" + re.escape(w) + r"(?!\w)", text)
    if m:
        print("internal name %s in: %s" % (w, around(m.start(), len(w))))
m = re.search(r"\d\d:\d\d:\d\d\.\d", text)
if m:
    print("fractional seconds in: %s" % around(m.start(), 10))
m = re.search(r"(?<![\w-])\d{4}-\d\d-\d\d(?![\w-])", text)
if m:
    print("a day as YYYY-MM-DD in: %s" % around(m.start(), 10))
' "$top_srcdir/module/auth/authz.c"
}

# --- Sessions through curl (sign-in, CSRF tokens), for the tests of pages. ---

# jar NAME: a curl cookie jar file.
jar() { printf '%s/jar.%s' "$T" "$1"; }
# req JAR PORT HOST PATH [CURL ARGS...]: http_req with a cookie jar.
req() {
	local j=$1
	shift
	http_req "$1" "$2" "$3" -b "$j" -c "$j" "${@:4}"
}
# csrf_of BODY: the first CSRF token in a page.
csrf_of() { printf '%s' "$1" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
# sign_in JAR PORT HOST PATH LOGIN PASSWORD: GET the form, POST it.
sign_in() {
	local j=$1 port=$2 host=$3 path=$4 login=$5 pw=$6 tok
	req "$j" "$port" "$host" "$path"
	tok=$(csrf_of "$HTTP_BODY")
	req "$j" "$port" "$host" "$path" --data-urlencode "csrf=$tok" \
		--data-urlencode "login=$login" --data-urlencode "password=$pw"
}

# events_undocumented: the types and subject kinds of the events on record (but
# the tests' own test.*) that docs/openapi.yaml's Event schema does not name,
# space-separated ("type:T" or "subject:K"); a line saying so when the schema
# cannot be read, so that a check of an empty answer never passes unread.
events_undocumented() {
	stack_mysql_porch -N -e "SELECT DISTINCT CONCAT('type:', type) FROM events
		WHERE type NOT LIKE 'test.%' UNION SELECT DISTINCT CONCAT('subject:', subject_kind)
		FROM events WHERE type NOT LIKE 'test.%'" |
		python3 -c '
import sys, yaml
props = yaml.safe_load(open(sys.argv[1]))["components"]["schemas"]["Event"]["properties"]
known = {"type:" + t for t in props["type"]["enum"]}
known |= {"subject:" + k for k in props["subject"]["properties"]["kind"]["enum"]}
print(" ".join(sorted(t for t in sys.stdin.read().split() if t not in known)))' \
			"$top_srcdir/docs/openapi.yaml" 2>&1 ||
		echo "docs/openapi.yaml's Event schema could not be read"
}

# fresh_jar NAME: the path of cookie jar NAME, emptied first (a new browser).
fresh_jar() { rm -f "$(jar "$1")"; jar "$1"; }

# staff_signs_in JAR [LOGIN]: JAR emptied, then staff LOGIN (office@acme.test) signs in
# on acme.test through nginx ($P) with $PW_STAFF; the answer (303 when it worked) is
# left in HTTP_STATUS, HTTP_HEADERS and HTTP_BODY, the session in JAR.
staff_signs_in() {
	rm -f "$1"
	sign_in "$1" "$P" acme.test /staff/login "${2:-office@acme.test}" "$PW_STAFF"
}

# owner_signs_in JAR LOGIN [PASSWORD]: the same for portal user LOGIN at /login, with
# PASSWORD ($PW_OWNER).
owner_signs_in() {
	rm -f "$1"
	sign_in "$1" "$P" acme.test /login "$2" "${3:-$PW_OWNER}"
}

# check_needs_staff JAR PATH: two checks that GET PATH on acme.test through nginx
# ($P), with no staff session in JAR, redirects (303) to /staff/login.
check_needs_staff() {
	req "$1" "$P" acme.test "$2"
	check_eq "$HTTP_STATUS" 303 "$2 without a session redirects"
	check_eq "$(http_header Location)" /staff/login "...to staff sign-in"
}

# api PORT METHOD PATH [JSON [CURL_ARGS...]]: a tenant API request on acme.test with
# the key in $KEY, JSON as the body (application/json) when given; the answer in
# HTTP_STATUS, HTTP_HEADERS and HTTP_BODY.
api() {
	local port=$1 method=$2 path=$3
	shift 3
	if [ $# -gt 0 ]; then
		local body=$1
		shift
		http_req "$port" acme.test "$path" -X "$method" -H "Authorization: Bearer $KEY" \
			-H 'Content-Type: application/json' --data-binary "$body" "$@"
	else
		http_req "$port" acme.test "$path" -X "$method" -H "Authorization: Bearer $KEY"
	fi
}
# jqb FILTER: jq -r FILTER over HTTP_BODY (empty when it is not JSON).
jqb() { printf '%s' "$HTTP_BODY" | jq -r "$1" 2>/dev/null || true; }

# stack_each_server FUNC: runs FUNC NAME PORT for each web server, nginx then Apache
# (the cases a test repeats through both).
stack_each_server() {
	"$1" nginx "$NGINX_PORT"
	"$1" apache "$APACHE_PORT"
}

# csrf_post JAR FROM PATH [CURL_ARGS...]: a form posted as a browser does, on
# acme.test through nginx ($P): GET page FROM, then POST to PATH with that page's
# CSRF token and CURL_ARGS (--data-urlencode "name=value" ...). The POST's answer
# is left in HTTP_STATUS, HTTP_HEADERS and HTTP_BODY.
csrf_post() { csrf_post_at "$1" "$P" acme.test "${@:2}"; }

# csrf_post_at JAR PORT HOST FROM PATH [CURL_ARGS...]: csrf_post through another web
# server (PORT) or on another tenant's HOST.
csrf_post_at() {
	local j=$1 port=$2 host=$3 from=$4 path=$5 tok
	shift 5
	req "$j" "$port" "$host" "$from"
	tok=$(csrf_of "$HTTP_BODY")
	req "$j" "$port" "$host" "$path" --data-urlencode "csrf=$tok" "$@"
}

# fewest_sql PATH URL: the fewest statements porchd logs for PATH over three GETs
# of URL through the test's own get function (a worker whose tenant map just
# expired, or a session idle for a minute, adds one).
fewest_sql() {
	local k best=99 n
	for k in 1 2 3; do
		get "$2"
		n=$(grep " path=$1 " "$T/porchd.log" | tail -n 1 | sed 's/.* sql=//')
		[ "$n" -lt "$best" ] && best=$n
	done
	printf '%s\n' "$best"
}

# first_sql LOGIN PASSWORD PATH URL: the fewest statements porchd logs for PATH at
# the first GET of URL in a new session of portal user LOGIN on acme.test (nginx),
# over three new sessions: a session no worker has seen, read with the visitor's
# rights (a page's cold cost; docs/DESIGN.md, "A page in one round trip"; a worker
# whose tenant map just expired adds one).
first_sql() {
	local j k best=99 n
	for k in 1 2 3; do
		j=$(fresh_jar first)
		sign_in "$j" "$P" acme.test /login "$1" "$2"
		req "$j" "$P" acme.test "$4"
		n=$(grep " path=$3 " "$T/porchd.log" | tail -n 1 | sed 's/.* sql=//')
		[ "$n" -lt "$best" ] && best=$n
	done
	printf '%s\n' "$best"
}

# tidy_ok DESC: the page in HTTP_BODY is valid HTML (tidy, without warnings).
tidy_ok() {
	local rc=0
	if ! command -v tidy >/dev/null; then
		t_ok "$1 # SKIP tidy not installed"
		return 0
	fi
	printf '%s' "$HTTP_BODY" >"$T/page.html"
	tidy -q -e "$T/page.html" >"$T/tidy.out" 2>&1 || rc=$?
	# ARIA 1.1's aria-current (the staff navigation's current section) is newer
	# than the tidy of Debian 12, which calls it proprietary: not a fault.
	if [ "$rc" = 1 ] && ! grep -qv 'proprietary attribute "aria-current"' "$T/tidy.out"; then
		rc=0
	fi
	check_eq "$rc" 0 "$1"
	[ "$rc" = 0 ] || tap_diag "$(cat "$T/tidy.out")"
}

# stack_two_tenants [PASSWORD]: tenants acme (Acme Rentals, on acme.test) and beta
# (Beta Homes, on beta.test), staff MFA off, with staff office@acme.test (admin) and
# office@beta.test signing in with PASSWORD ($PW_STAFF); porchctl's output in
# $T/setup.out. Leaves ACME and BETA set to the tenants' ids.
stack_two_tenants() {
	local pw=${1:-$PW_STAFF}
	{
		stack_tenant acme "Acme Rentals" acme.test
		stack_tenant beta "Beta Homes" beta.test
		printf '%s\n' "$pw" | stack_porchctl staff add acme office@acme.test --admin
		printf '%s\n' "$pw" | stack_porchctl staff add beta office@beta.test
	} >"$T/setup.out" 2>&1
	ACME=$(sql "SELECT id FROM tenants WHERE slug = 'acme'")
	BETA=$(sql "SELECT id FROM tenants WHERE slug = 'beta'")
}

# --- The usual set-up of a test of pages. ---

# The passwords the usual set-up gives: every staff member stack_two_tenants makes
# ($PW_STAFF), the portal users a test makes with stack_portal_user "$PW_OWNER". A test
# that wants others sets them after sourcing this file.
PW_STAFF='staff password for tests'
PW_OWNER='owner password for tests'
# argon2 at its cheapest, so that a sign-in takes milliseconds.
STACK_ARGON2_CHEAP='argon2 = { t_cost = 1; m_cost = 8192; parallelism = 1; };'

# sql STATEMENTS: runs STATEMENTS in porch's database; rows tab-separated, no header.
# A test's own writes to what portal visitors may see (grants, groups, formulas,
# a user's status, admin switch or override) stand for staff's changes, which bump
# the tenant's rights version in their transaction (docs/DESIGN.md, "Rights in the
# worker"): so do these, or a worker would go on with the rights it kept.
sql() {
	case $1 in
	*access_grants*|*permission_groups*|*formula*|*portal_users*)
		case $1 in
		*INSERT*|*UPDATE*|*DELETE*|*REPLACE*|*insert*|*update*|*delete*)
			stack_mysql_porch -N -e "$1;
				UPDATE tenants SET rights_version = rights_version + 1"
			return ;;
		esac ;;
	esac
	stack_mysql_porch -N -e "$1"
}

# stack_db_up [--smtp] [CONFIG_GROUP...]: MariaDB started, porch.conf written with
# cheap argon2 ($STACK_ARGON2_CHEAP; an argon2 group among the CONFIG_GROUPs takes its
# place) and the CONFIG_GROUPs, the schema migrated. With --smtp the SMTP sink runs
# too, and porch.conf's smtp group sends to it (from portal@porch.test).
stack_db_up() {
	local smtp= argon2=$STACK_ARGON2_CHEAP group
	if [ "${1:-}" = --smtp ]; then
		smtp=1
		shift
	fi
	for group in "$@"; do
		case $group in
		argon2*) argon2= ;;
		esac
	done
	stack_mariadb_start
	if [ -n "$smtp" ]; then
		stack_smtp_start
		set -- "smtp = { host = \"127.0.0.1\"; port = $SMTP_PORT; starttls = \"off\"; from = \"portal@porch.test\"; timeout = 5; };" "$@"
	fi
	stack_porch_config ${argon2:+"$argon2"} "$@"
	stack_porchctl migrate >/dev/null
}

# stack_setup [--smtp] [--fixture SLUG]... [CONFIG_GROUP...]: the usual start of a
# test of pages, before porchd runs: stack_db_up (given --smtp and the CONFIG_GROUPs),
# tenants acme and beta with their staff (stack_two_tenants: ACME and BETA are set),
# and the portal fixture (stack_portal_fixture) in each tenant SLUG named.
stack_setup() {
	local smtp=() fixtures=() slug
	while [ $# -gt 0 ]; do
		case $1 in
		--smtp) smtp=(--smtp); shift ;;
		--fixture) fixtures+=("$2"); shift 2 ;;
		*) break ;;
		esac
	done
	stack_db_up "${smtp[@]}" "$@"
	stack_two_tenants
	for slug in "${fixtures[@]}"; do
		stack_portal_fixture "$slug"
	done
}

# stack_serve [--apache]: porchd, nginx and with --apache Apache started; leaves P
# set to nginx's port (and APACHE_PORT to Apache's).
stack_serve() {
	stack_porchd_start
	stack_nginx_start
	if [ "${1:-}" = --apache ]; then
		stack_apache_start
	fi
	P=$NGINX_PORT
}

# stack_require PROG...: skips the whole test unless porchd and porchctl are built
# and every PROG is installed.
stack_require() {
	local bin prog
	for bin in porchd porchctl; do
		[ -x "$top_builddir/$bin" ] || tap_skip_all "$bin not built (run make)"
	done
	for prog in "$@"; do
		PATH=$PATH:/usr/sbin command -v "$prog" >/dev/null || tap_skip_all "$prog not installed"
	done
}

# stack_tenant SLUG NAME HOST: a new tenant (with the groups porchctl gives every
# tenant) served on HOST, whose staff sign in with a password alone (tests of MFA
# itself set the tenant up without this).
stack_tenant() {
	stack_porchctl tenant add "$1" "$2" && stack_porchctl domain add "$3" "$1" &&
		stack_porchctl tenant set "$1" staff-mfa off
}

# stack_portal_user SLUG CUSTOMER LOGIN PASSWORD: an active portal user of customer
# CUSTOMER of tenant SLUG (made when there is none of that name), without grants.
# The argon2 hash is porchd's own, made by porchctl for a
# throwaway staff account that is removed again. The customer gets its token link
# from porchctl, as every customer made outside porch should.
stack_portal_user() {
	local slug=$1 customer=$2 login=$3 pw=$4
	printf '%s\n' "$pw" | stack_porchctl staff add "$slug" hashsource@porch.invalid >/dev/null
	stack_mysql_porch -e "
		SET @t = (SELECT id FROM tenants WHERE slug = '$slug');
		INSERT INTO customers (tenant_id, name) SELECT @t, '$customer' FROM DUAL
		  WHERE NOT EXISTS (SELECT 1 FROM customers WHERE tenant_id = @t
		    AND name = '$customer');
		SET @c = (SELECT MIN(id) FROM customers WHERE tenant_id = @t AND name = '$customer');
		INSERT INTO portal_users (tenant_id, customer_id, login, status, password_hash)
		  SELECT @t, @c, '$login', 'active', password_hash
		  FROM staff_users WHERE tenant_id = @t AND email = 'hashsource@porch.invalid';
		DELETE FROM staff_users WHERE tenant_id = @t AND email = 'hashsource@porch.invalid';"
	stack_porchctl tokenlink issue "$slug" >/dev/null
}

# Portal content in tenant SLUG, for the portal pages' tests. Customers "Ada Owner"
# (properties "Ada Beach House", "Ada Cabin") and "Bo Owner" ("Bo Loft"); in March
# 2027 one booking per property (references A1-1, A2-1, B1-1) with every price
# field set (total = base + cleaning + taxes; owner revenue = total - commission -
# management fee - taxes; payout = owner revenue), a note on each, an owner
# block-off on the Beach House; an owner statement per customer with two lines; a
# public and a private document per customer. Look ids up by name or reference.
stack_portal_fixture() {
	local slug=$1
	stack_mysql_porch -e "
		SET @t = (SELECT id FROM tenants WHERE slug = '$slug');
		INSERT INTO customers (tenant_id, name, email) VALUES
		  (@t, 'Ada Owner', 'ada@owner.test'), (@t, 'Bo Owner', 'bo@owner.test');
		SET @ada = (SELECT id FROM customers WHERE tenant_id = @t AND name = 'Ada Owner');
		SET @bo = (SELECT id FROM customers WHERE tenant_id = @t AND name = 'Bo Owner');
		INSERT INTO properties (tenant_id, customer_id, name, city, bedrooms) VALUES
		  (@t, @ada, 'Ada Beach House', 'Porthleven', 3),
		  (@t, @ada, 'Ada Cabin', 'Keswick', 1),
		  (@t, @bo, 'Bo Loft', 'Leeds', 2);
		SET @a1 = (SELECT id FROM properties WHERE tenant_id = @t AND name = 'Ada Beach House');
		SET @a2 = (SELECT id FROM properties WHERE tenant_id = @t AND name = 'Ada Cabin');
		SET @b1 = (SELECT id FROM properties WHERE tenant_id = @t AND name = 'Bo Loft');
		INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date,
		  status, adults, children, guest_name, guest_email, guest_phone, channel,
		  base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents,
		  management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents)
		VALUES
		  (@t, @a1, 'A1-1', '2027-03-05', '2027-03-10', 'confirmed', 2, 1,
		   'Gina Guest', 'gina@guest.test', '+44 20 7946 0101', 'Airbnb',
		   100000, 15000, 8000, 12000, 20000, 83000, 123000, 83000),
		  (@t, @a2, 'A2-1', '2027-03-12', '2027-03-14', 'tentative', 1, 0,
		   'Hal Guest', 'hal@guest.test', '+44 20 7946 0102', 'Direct',
		   30000, 5000, 2000, 0, 6000, 29000, 37000, 29000),
		  (@t, @b1, 'B1-1', '2027-03-01', '2027-03-04', 'confirmed', 2, 0,
		   'Bob Secret', 'bob@secret.test', '+44 20 7946 0103', 'Vrbo',
		   60000, 9000, 4000, 7000, 12000, 50000, 73000, 50000);
		INSERT INTO notes (tenant_id, booking_id, author_kind, author_name, body)
		  SELECT @t, id, 'staff', 'Front desk', CONCAT('Note on ', reference)
		  FROM bookings WHERE tenant_id = @t;
		INSERT INTO blocks (tenant_id, property_id, start_date, end_date, reason)
		  VALUES (@t, @a1, '2027-03-20', '2027-03-23', 'Owner stay');
		INSERT INTO statements (tenant_id, customer_id, property_id, period_start,
		  period_end, base_rate_cents, cleaning_fee_cents, taxes_cents,
		  channel_commission_cents, management_fee_cents, owner_revenue_cents,
		  total_price_cents, payout_cents)
		VALUES
		  (@t, @ada, @a1, '2027-03-01', '2027-03-31',
		   100000, 15000, 8000, 12000, 20000, 83000, 123000, 83000),
		  (@t, @bo, @b1, '2027-03-01', '2027-03-31',
		   60000, 9000, 4000, 7000, 12000, 50000, 73000, 50000);
		INSERT INTO statement_lines (tenant_id, statement_id, booking_id, line_order,
		  description, base_rate_cents, cleaning_fee_cents, taxes_cents,
		  channel_commission_cents, management_fee_cents, owner_revenue_cents,
		  total_price_cents, payout_cents)
		  SELECT s.tenant_id, s.id, b.id, 1, CONCAT('Booking ', b.reference),
		    b.base_rate_cents, b.cleaning_fee_cents, b.taxes_cents,
		    b.channel_commission_cents, b.management_fee_cents, b.owner_revenue_cents,
		    b.total_price_cents, b.payout_cents
		  FROM statements s JOIN bookings b ON b.tenant_id = s.tenant_id
		    AND b.property_id = s.property_id WHERE s.tenant_id = @t;
		INSERT INTO statement_lines (tenant_id, statement_id, line_order, description,
		  management_fee_cents)
		  SELECT tenant_id, id, 2, 'Linen service', 1500 FROM statements
		  WHERE tenant_id = @t;
		INSERT INTO documents (tenant_id, customer_id, property_id, title, file_name,
		  storage_path, content_type, size_bytes, visibility) VALUES
		  (@t, @ada, @a1, 'Ada house rules', 'rules.pdf', '$slug/ada/rules.pdf',
		   'application/pdf', 11, 'public'),
		  (@t, @ada, NULL, 'Ada management contract', 'contract.pdf',
		   '$slug/ada/contract.pdf', 'application/pdf', 14, 'private'),
		  (@t, @bo, @b1, 'Bo house rules', 'rules.pdf', '$slug/bo/rules.pdf',
		   'application/pdf', 11, 'public'),
		  (@t, @bo, NULL, 'Bo management contract', 'contract.pdf',
		   '$slug/bo/contract.pdf', 'application/pdf', 14, 'private');"
}

# A grant: portal user LOGIN of tenant SLUG gets group GROUP over SCOPE
# ("customer:NAME", "property:NAME" or "all"), expiring at EXPIRES (SQL, optional).
stack_grant() {
	local slug=$1 login=$2 group=$3 scope=$4 expires=${5:-NULL}
	local kind=${scope%%:*} name=${scope#*:} cust=NULL prop=NULL
	case $kind in
	customer) cust="(SELECT id FROM customers WHERE tenant_id = @t AND name = '$name')" ;;
	property) prop="(SELECT id FROM properties WHERE tenant_id = @t AND name = '$name')" ;;
	esac
	stack_mysql_porch -e "
		SET @t = (SELECT id FROM tenants WHERE slug = '$slug');
		INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope,
		  customer_id, property_id, expires_at)
		SELECT @t, u.id, g.id, '$kind', $cust, $prop, $expires
		FROM portal_users u JOIN permission_groups g ON g.tenant_id = u.tenant_id
		WHERE u.tenant_id = @t AND u.login = '$login' AND g.name = '$group';
		UPDATE tenants SET rights_version = rights_version + 1 WHERE id = @t;"
}
