#!/usr/bin/env bash
# porch — integration test of the deployment modes and porchd's privilege drop: the
# files and sockets of the stack (tests/lib/stack.sh, which scripts/dev uses) have
# a deployment's modes, porchd started as root serves as an unprivileged account
# (also after a reload), refuses to serve as root, and a local user outside porch
# ("nobody") can neither read the config nor speak FastCGI to porchd nor reach
# MariaDB. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl python3 setpriv
[ "$(id -u)" = 0 ] || tap_skip_all "run as root: porchd drops root only when it has it"
id nobody >/dev/null 2>&1 || tap_skip_all "no account nobody to play the outsider"

stack_mariadb_start
stack_porch_config
stack_porchctl migrate >/dev/null
stack_tenant acme "Acme Rentals" acme.test >"$T/setup.out" 2>&1
stack_smtp_start
stack_serve
WEB=$(stack_web_user)
PUID=$(id -u "$PORCHD_USER") PGID=$(id -g "$PORCHD_USER")

mode_of() { stat -c '%a %U:%G' "$1"; }
# as_nobody CMD...: CMD as nobody, in nobody's group alone.
as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- "$@"; }
# ids_of PID: "Uid: r e s fs / Gid: r e s fs / Groups" of a process, one line.
ids_of() { grep -E '^(Uid|Gid|Groups):' "/proc/$1/status" | tr -s '\t ' ' ' | tr '\n' '/'; }

# --- The modes of what the stack made. ---
check_eq "$(mode_of "$T")" "711 root:root" "the stack's directory: others may pass, not list"
check_eq "$(mode_of "$T/porch.conf")" "640 root:$PORCHD_GROUP" \
	"porch.conf is 0640, readable by porchd's group ($PORCHD_GROUP) only"
for f in secret.key db.password porchd.log mariadb.log smtp.log nginx/error.log \
	nginx/access.log; do
	check_eq "$(mode_of "$T/$f")" "600 root:root" "$f is 0600"
done
check_eq "$(mode_of "$T/mail")" "700 root:root" "the mail sink's directory (reset links) is 0700"
check_eq "$(mode_of "$T/db")" "700 root:root" "MariaDB's datadir is root's alone"
check_eq "$(mode_of "$DB_SOCKET_DIR")" "750 root:$PORCHD_GROUP" \
	"MariaDB's socket directory: root and porchd's group"
check_eq "$(mode_of "$DB_SOCKET")" "660 root:$PORCHD_GROUP" "MariaDB's socket is not world-writable"
webgroup=$(id -gn "$WEB")
check_eq "$(mode_of "$PORCHD_SOCKET")" "660 root:$webgroup" \
	"porchd's socket is 0660 with the web server's group ($webgroup)"

# --- Who porchd runs as. ---
check_contains "$(cat "$T/porchd.log")" \
	"workers serve as user $PORCHD_USER (uid $PUID), group $PORCHD_GROUP (gid $PGID)" \
	"porchd logs the account its workers serve as"
http_req "$P" acme.test /
check_eq "$HTTP_STATUS" 200 "the site answers through nginx (web server to porchd, porchd to MariaDB)"
want="Uid: $PUID $PUID $PUID $PUID/Gid: $PGID $PGID $PGID $PGID/Groups: $PGID /"
workers=$(porchd_worker_pids)
check_eq "$(printf '%s\n' "$workers" | grep -c .)" 2 "porchd runs 2 workers"
for pid in $workers; do
	check_eq "$(ids_of "$pid")" "$want" "worker $pid serves as $PORCHD_USER (every uid and gid, no other group)"
done
check_match "$(ids_of "$PORCHD_PID")" '^Uid: 0 ' "the master, which serves nothing, stays root (reload, socket removal)"

# --- An outsider: nobody. ---
for f in porch.conf secret.key db.password porchd.log; do
	rc=0; as_nobody cat "$T/$f" >/dev/null 2>&1 || rc=$?
	check_eq "$([ "$rc" != 0 ] && echo refused)" refused "nobody cannot read $f"
done
rc=0; as_nobody ls "$T/mail" >/dev/null 2>&1 || rc=$?
check_eq "$([ "$rc" != 0 ] && echo refused)" refused "nobody cannot list the mail (reset links)"
rc=0; as_nobody ls "$T" >/dev/null 2>&1 || rc=$?
check_eq "$([ "$rc" != 0 ] && echo refused)" refused "nobody cannot list the stack's directory"
# FastCGI straight to porchd's socket (where REMOTE_ADDR and HTTPS could be
# forged): root gets an answer, nobody no connection. The client is copied where
# nobody may run it, wherever the checkout is.
install -m 644 "$stack_lib_dir/fcgi_client.py" "$T/fcgi_client.py"
rc=0; python3 "$T/fcgi_client.py" "$PORCHD_SOCKET" --uri /healthz --host acme.test \
	>"$T/fcgi.out" 2>&1 || rc=$?
ok "$rc" "root speaks FastCGI to porchd (the client works)"
rc=0; as_nobody python3 "$T/fcgi_client.py" "$PORCHD_SOCKET" --uri /healthz \
	--host acme.test >"$T/fcgi.out" 2>&1 || rc=$?
check_eq "$([ "$rc" != 0 ] && echo refused)" refused "nobody cannot speak FastCGI to porchd"
check_contains "$(cat "$T/fcgi.out")" "Permission denied" "...the socket refuses it (permission denied)"
# MariaDB, even with the password in hand.
rc=0; as_nobody mariadb --no-defaults --socket="$DB_SOCKET" -u "$DB_USER" -p"$DB_PASSWORD" \
	-N -e 'SELECT 1' "$DB_NAME" >"$T/db.out" 2>&1 || rc=$?
check_eq "$([ "$rc" != 0 ] && echo refused)" refused "nobody cannot reach MariaDB's socket"
check_contains "$(cat "$T/db.out")" "(13" "...permission denied (errno 13)"
# porchd's own account reads the config (group) and reaches MariaDB: the outbox
# sender runs as it (systemd/porch-outbox.service). The binary is copied beside
# the config, as an install puts it where every account may run it: the build
# tree may be under a home only root may enter (/root).
mkdir -p "$T/bin"
install -m 0755 "$top_builddir/porchctl" "$T/bin/porchctl"
rc=0; runuser -u "$PORCHD_USER" -- "$T/bin/porchctl" -c "$T/porch.conf" outbox list \
	>"$T/outbox.out" 2>&1 || rc=$?
ok "$rc" "porchctl outbox list runs as $PORCHD_USER (config by group, MariaDB by group)"
[ "$rc" = 0 ] || tap_diag "$(cat "$T/outbox.out")"

# --- SIGHUP: the root master re-reads the config; the new workers drop too. ---
PORCH_WORKERS=3 stack_porch_config
rc=0; stack_porchd_reload 3 || rc=$?
ok "$rc" "reload to 3 workers"
for pid in $(porchd_worker_pids); do
	check_eq "$(ids_of "$pid")" "$want" "after the reload worker $pid serves as $PORCHD_USER"
done
http_req "$P" acme.test /
check_eq "$HTTP_STATUS" 200 "the site answers after the reload"

# --- Refusals. ---
# conf_with LINE: the stack's config with its user/group lines replaced by LINE.
conf_with() {
	grep -v '^user = \|^group = ' "$T/porch.conf" >"$T/other.conf"
	printf '%s\n' "$@" >>"$T/other.conf"
	chmod 600 "$T/other.conf"
}
conf_with 'user = "root";'
rc=0; "$top_builddir/porchd" -t -c "$T/other.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t as root refuses user = \"root\""
check_contains "$(cat "$T/t.out")" "porchd never serves as root" "...saying why"
rc=0; "$top_builddir/porchd" -c "$T/other.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd does not start with user = \"root\""
conf_with "user = \"$PORCHD_USER\";" 'group = "root";'
rc=0; "$top_builddir/porchd" -t -c "$T/other.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t refuses group = \"root\""
conf_with 'user = "no-such-porch-user";'
rc=0; "$top_builddir/porchd" -t -c "$T/other.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t refuses an account that does not exist"
check_contains "$(cat "$T/t.out")" 'user "no-such-porch-user" does not exist' "...naming it"
conf_with "user = \"$PORCHD_USER\";"
chmod 644 "$T/other.conf"
rc=0; "$top_builddir/porchd" -t -c "$T/other.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 0 "porchd -t accepts a world-readable config..."
check_contains "$(cat "$T/t.out")" "readable or writable by every local user" "...with a warning"
