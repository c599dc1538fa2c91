#!/usr/bin/env bash
# porch — integration test on a three-node MariaDB Galera cluster (tests/lib/galera.sh):
# two porchd hosts, A on node 1 and B on node 2, behind one nginx. The schema is
# migrated once; a sign-in on host A is served on host B at once; a password changed
# through A, a grant revoked and a session ended on node 1 hold on B's very next
# request (causal reads, the page's statement that carries the session's check
# too); two writers on two nodes at the same moment keep each rule: one block-off
# on free dates (with one audit line and one event), one notify.bookings holder, one
# sign-in per TOTP step and per recovery code; two mail senders on two nodes send
# each mail once; block-offs of one property from both hosts at once conflict, are
# run again (the hosts' retry counter rises) and each is made once; event ids stay
# dense in commit order; a statement not answered within the cluster's read
# timeout runs its transaction again at once. TAP on stdout; the cluster's start
# and the cost of a causal read are printed as diagnostics.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"
. "$top_srcdir/tests/lib/galera.sh"

stack_require mariadbd nginx curl oathtool
galera_require
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

T0=$SECONDS
galera_start
tap_diag "cluster of three synced in ${GALERA_SECONDS} s"
check_eq "$(galera_status 2 wsrep_cluster_size)" 3 "three nodes in the cluster"
check_eq "$(galera_status 3 wsrep_local_state_comment)" Synced "...node 3 synced"

stack_smtp_start
# Each host's metrics on a listener of its own: the conflict retries are counted there.
MA=$(free_port)
MB=$(free_port)
while [ "$MB" = "$MA" ]; do MB=$(free_port); done
GALERA_CONF_A="metrics = { listen = \"127.0.0.1:$MA\"; };"
GALERA_CONF_B="metrics = { listen = \"127.0.0.1:$MB\"; };"
galera_hosts_up "smtp = { host = \"127.0.0.1\"; port = $SMTP_PORT; starttls = \"off\"; from = \"portal@porch.test\"; timeout = 5; };"
check_eq "$(galera_sql 3 "SELECT COUNT(*) > 0 FROM schema_migrations")" 1 \
	"porchctl migrate ran once through host A; node 3 has the schema"
stack_two_tenants
stack_portal_fixture acme
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_portal_user acme 'Ada Owner' nina@acme.test "$PW_OWNER"
galera_sql 1 "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	($ACME, 'Blockers', 'calendar.view,blocks.create,blocks.modify'),
	($ACME, 'Notify', 'calendar.view,notify.bookings')"
stack_grant acme ada@acme.test Blockers 'customer:Ada Owner'
stack_grant acme nina@acme.test Blockers 'customer:Ada Owner'
PA1=$(sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = 'Ada Beach House'")

for h in "$PA" "$PB"; do
	http_req "$h" acme.test /healthz
	check_eq "$HTTP_STATUS" 200 "/healthz of the host behind port $h"
done

# --- A session made on host A is served by host B at once. ---
js=$(fresh_jar staff)
sign_in "$js" "$PA" acme.test /staff/login office@acme.test "$PW_STAFF"
check_eq "$HTTP_STATUS" 303 "staff sign in through host A"
req "$js" "$PB" acme.test /staff/
check_eq "$HTTP_STATUS" 200 "...and host B serves the next request in that session"
check_contains "$HTTP_BODY" office@acme.test "...as the same staff member"
ok=0
for i in 1 2 3 4 5 6; do
	req "$js" "$P" acme.test /staff/
	[ "$HTTP_STATUS" != 200 ] || ok=$((ok + 1))
done
check_eq "$ok" 6 "through the upstream of both hosts every request is served"
check_match "$(cat "$T/porchd.log")" ' req=' "...host A served some"
check_match "$(cat "$T/hostb/porchd.log")" ' req=' "...host B served some"

# --- A token link's landing through host B (one compound statement, its own
# transaction): host A serves that session's next page at once. ---
BO=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Bo Owner'")
req "$js" "$PA" acme.test "/staff/customers/$BO"
TOKEN=$(printf '%s' "$HTTP_BODY" | grep -o '/t/[A-Za-z0-9_-]*' | head -n 1)
TOKEN=${TOKEN#/t/}
check_match "$TOKEN" '^[A-Za-z0-9_-]{20,}$' "Bo Owner's token link on his staff page (a customer without portal users)"
uses0=$(galera_sql 3 "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME
	AND action = 'tokenlink.use'")
jt=$(fresh_jar token)
req "$jt" "$PB" acme.test "/t/$TOKEN"
check_eq "$HTTP_STATUS $(http_header Location)" "303 /portal" "the link lands through host B"
# (The fewest statements of up to three landings: a worker may read the tenant
# again first.)
land_sql() { grep ' path=/t/\.\.\. ' "$T/hostb/porchd.log" | tail -n 1 | sed 's/.* sql=\([0-9]*\).*/\1/'; }
n=$(land_sql)
lands=1
for _ in 1 2; do
	[ "$n" != 1 ] || break
	req "$(fresh_jar token2)" "$PB" acme.test "/t/$TOKEN"
	lands=$((lands + 1))
	[ "$(land_sql)" -lt "$n" ] && n=$(land_sql)
done
check_eq "$n" 1 "...in one statement"
req "$jt" "$PA" acme.test /portal
check_eq "$HTTP_STATUS" 200 "...and host A serves the token session's next page"
check_contains "$HTTP_BODY" "Bo Owner" "...as Bo Owner's portal"
check_eq "$(galera_sql 3 "SET SESSION wsrep_sync_wait = 1; SELECT COUNT(*) FROM audit_log
	WHERE tenant_id = $ACME AND action = 'tokenlink.use'")" "$((uses0 + lands))" \
	"...each landing audited once (node 3)"

# --- A password changed through host A: host B knows it on the next request. ---
ja=$(fresh_jar ada)
sign_in "$ja" "$PA" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 303 "Ada signs in through host A"
NEWPW='a new password for the cluster'
csrf_post_at "$ja" "$PA" acme.test /account/password /account/password \
	--data-urlencode "current=$PW_OWNER" --data-urlencode "new=$NEWPW" \
	--data-urlencode "confirm=$NEWPW"
check_eq "$HTTP_STATUS" 303 "...changes her password there"
jb=$(fresh_jar ada_b)
sign_in "$jb" "$PB" acme.test /login ada@acme.test "$PW_OWNER"
check_eq "$HTTP_STATUS" 200 "at once, host B refuses the old password"
sign_in "$jb" "$PB" acme.test /login ada@acme.test "$NEWPW"
check_eq "$HTTP_STATUS" 303 "...and takes the new one"

# --- A grant revoked through host A (node 1): host B (node 2) no longer shows the
# property at its next request, though its workers kept Ada's rights. ---
for i in 1 2 3 4 5 6; do
	req "$jb" "$PB" acme.test /portal
done
check_contains "$HTTP_BODY" 'Ada Beach House' "Ada sees her property through host B"
check_match "$(grep ' path=/portal ' "$T/hostb/porchd.log" | tail -n 6)" ' rights=kept ' \
	"...from the rights host B's workers keep"
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
csrf_post_at "$js" "$PA" acme.test "/staff/portal-users/$ADA" \
	"/staff/portal-users/$ADA/grants/remove" --data-urlencode \
	"grant=$(sql "SELECT id FROM access_grants WHERE portal_user_id = $ADA")"
check_eq "$HTTP_STATUS" 303 "an admin removes Ada's grant through host A"
req "$jb" "$PB" acme.test /portal
check_not_contains "$HTTP_BODY" 'Ada Beach House' \
	"the grant revoked on node 1: host B's next page no longer shows it"
check_match "$(grep ' path=/portal ' "$T/hostb/porchd.log" | tail -n 1)" ' rights=(moved|read) ' \
	"...its worker read the rights again (the version moved)"
stack_grant acme ada@acme.test Blockers 'customer:Ada Owner'

# --- A session ended through host A (node 1): host B's next calendar page, one
# statement that carries the session's check when its worker keeps the session,
# reads it causally and sends Ada to sign in. ---
jc=$(fresh_jar ada_c)
sign_in "$jc" "$PB" acme.test /login ada@acme.test "$NEWPW"
for i in 1 2 3 4 5 6; do
	req "$jc" "$PB" acme.test /portal/calendar
done
check_eq "$HTTP_STATUS" 200 "Ada's calendar through host B"
check_match "$(grep ' path=/portal/calendar ' "$T/hostb/porchd.log" | tail -n 6)" \
	' session=twin .* sql=1$' "...one statement, carrying the session's check"
cp "$jc" "$T/jar.ada_c2"
csrf_post_at "$T/jar.ada_c2" "$PA" acme.test /account /logout
check_eq "$HTTP_STATUS" 303 "Ada signs out through host A"
req "$jc" "$PB" acme.test /portal/calendar
check_eq "$HTTP_STATUS" 303 "...host B's next calendar page in that session is a sign-in"
check_not_contains "$HTTP_BODY" 'Ada Beach House' "...showing nothing of the calendar"

# --- Two writers on two nodes at the same moment. ---
# race NAME CMD_A CMD_B: runs both commands (shell text) side by side, released
# together; their outputs in $T/race.NAME.a and .b.
race() {
	local name=$1 go=$T/race.$1.go
	rm -f "$go"
	(while [ ! -e "$go" ]; do sleep 0.01; done; eval "$2") >"$T/race.$name.a" 2>&1 &
	local pa=$!
	(while [ ! -e "$go" ]; do sleep 0.01; done; eval "$3") >"$T/race.$name.b" 2>&1 &
	local pb=$!
	sleep 0.2
	: >"$go"
	wait "$pa" "$pb" || true
}
# block_post JAR PORT START END: a new block-off of the Beach House; prints the status.
block_post() {
	curl -s -o /dev/null -w '%{http_code}' -b "$1" -c "$1" \
		--resolve "acme.test:$2:127.0.0.1" "http://acme.test:$2/portal/blocks/new" \
		--data-urlencode "csrf=$(cat "$1.csrf")" --data-urlencode "property=$PA1" \
		--data-urlencode "start=$3" --data-urlencode "end=$4"
}
jn=$(fresh_jar nina)
sign_in "$jn" "$PB" acme.test /login nina@acme.test "$PW_OWNER"
for j in "$jb" "$jn"; do
	req "$j" "$PB" acme.test /portal/bookings
	csrf_of "$HTTP_BODY" >"$j.csrf"
done
ROUNDS=6
wins=0
for r in $(seq 1 $ROUNDS); do
	d=$(printf '2028-%02d' "$r")
	race "block$r" "block_post $jb $PA $d-10 $d-15" "block_post $jn $PB $d-12 $d-18"
	n=$(sql "SELECT COUNT(*) FROM blocks WHERE tenant_id = $ACME AND property_id = $PA1
		AND start_date < '$d-18' AND end_date > '$d-10'")
	[ "$n" != 1 ] || wins=$((wins + 1))
	tap_diag "round $r: $(cat "$T/race.block$r.a") on A, $(cat "$T/race.block$r.b") on B, $n block-off(s)"
done
check_eq "$wins" "$ROUNDS" "overlapping block-offs from two nodes at once: one of each pair is made"
check_eq "$(galera_sql 3 "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME
	AND action = 'block.create'")" "$ROUNDS" "...with one audit line each (seen on node 3)"
check_eq "$(galera_sql 2 "SELECT COUNT(*) FROM events WHERE tenant_id = $ACME
	AND type = 'block.created'")" "$ROUNDS" "...and one event each"
RETRIES=$(cat "$T/porchd.log" "$T/hostb/porchd.log" | grep -c 'transaction conflict' || true)
tap_diag "transactions run again after a conflict: $RETRIES"
if cat "$T"/race.block*.[ab] | grep -q 503; then
	tap_diag "a request answered 503; the hosts logged:" \
		"$(grep -h -E 'error|warn|status=503' "$T/porchd.log" "$T/hostb/porchd.log")"
fi

# One notify.bookings holder per property: two grants of it from two nodes at once.
NINA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'nina@acme.test'")
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
NOTIFY=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = 'Notify'")
ADA_C=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Ada Owner'")
js2=$(fresh_jar staff2)
sign_in "$js2" "$PB" acme.test /staff/login office@acme.test "$PW_STAFF"
grant_post() {
	curl -s -o /dev/null -w '%{http_code}' -b "$1" -c "$1" \
		--resolve "acme.test:$2:127.0.0.1" "http://acme.test:$2/staff/portal-users/$3/grants/add" \
		--data-urlencode "csrf=$(cat "$1.csrf")" --data-urlencode "group=$NOTIFY" \
		--data-urlencode "scope=customer" --data-urlencode "customer=$ADA_C"
}
for j in "$js" "$js2"; do
	req "$j" "$PA" acme.test "/staff/portal-users/$ADA"
	csrf_of "$HTTP_BODY" >"$j.csrf"
done
race notify "grant_post $js $PA $ADA" "grant_post $js2 $PB $NINA"
tap_diag "notify.bookings grants: $(cat "$T/race.notify.a") on A, $(cat "$T/race.notify.b") on B"
check_eq "$(sql "SELECT COUNT(*) FROM access_grants WHERE tenant_id = $ACME AND group_id = $NOTIFY")" 1 \
	"two notify.bookings grants over one customer from two nodes at once: one is kept"

# A TOTP step and a recovery code, each given on two nodes at the same moment: one
# sign-in passes. (office@beta.test enrols through host A first.)
stack_porchctl tenant set beta staff-mfa on >/dev/null
jm=$(fresh_jar mfa)
sign_in "$jm" "$PA" beta.test /staff/login office@beta.test "$PW_STAFF"
req "$jm" "$PA" beta.test /mfa/enrol
SECRET=$(printf '%s' "$HTTP_BODY" | grep -o '<code id="secret" class="secret">[^<]*' | sed 's/.*>//; s/ //g')
STEP=$(( $(date +%s) / 30 ))
csrf_post_at "$jm" "$PA" beta.test /mfa/enrol /mfa/enrol \
	--data-urlencode "code=$(oathtool --totp -b "$SECRET" --now "@$((STEP * 30))")"
RCODE=$(printf '%s' "$HTTP_BODY" | grep -o '<li><code>[0-9a-z]\{5\}-[0-9a-z]\{5\}</code>' \
	| head -n 1 | sed 's/<li><code>//; s/<.code>//')
check_match "$RCODE" '^[0-9a-z]{5}-[0-9a-z]{5}$' "office@beta.test enrols in MFA through host A"
# mfa_post JAR PORT CODE: the code step's form; prints the status and Location.
mfa_post() {
	curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' -b "$1" -c "$1" \
		--resolve "beta.test:$2:127.0.0.1" "http://beta.test:$2/login/mfa" \
		--data-urlencode "csrf=$(cat "$1.csrf")" --data-urlencode "code=$3"
}
# mfa_race NAME CODE: two sessions at the code step, one per host, give CODE at once;
# WON is how many were signed in.
mfa_race() {
	local j1 j2 j
	j1=$(fresh_jar "$1-a")
	j2=$(fresh_jar "$1-b")
	sign_in "$j1" "$PA" beta.test /staff/login office@beta.test "$PW_STAFF"
	sign_in "$j2" "$PB" beta.test /staff/login office@beta.test "$PW_STAFF"
	for j in "$j1" "$j2"; do
		req "$j" "$PA" beta.test /login/mfa
		csrf_of "$HTTP_BODY" >"$j.csrf"
	done
	race "$1" "mfa_post $j1 $PA $2" "mfa_post $j2 $PB $2"
	tap_diag "$1: $(cat "$T/race.$1.a") on A, $(cat "$T/race.$1.b") on B"
	WON=$(cat "$T/race.$1.a" "$T/race.$1.b" | grep -c '^303 ' || true)
}
mfa_race totp "$(oathtool --totp -b "$SECRET" --now "@$(((STEP + 1) * 30))")"
check_eq "$WON" 1 "one TOTP code given on two nodes at once signs in one session"
mfa_race recovery "$RCODE"
check_eq "$WON" 1 "one recovery code given on two nodes at once signs in one session"
check_eq "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NOT NULL")" 1 \
	"...and is marked used once"

# --- A conflict runs the transaction again: block-offs of one property on free
# dates, two through each host at the same moment, for up to 10 rounds. Each one
# raises the property's write_seq, so transactions on the two nodes conflict at
# certification and the loser runs again: every one is made, and made once. ---
stack_wait_port "$MA" "$PORCHD_PID" "porchd (host A)" "$T/porchd.log" ||
	stack_die "the metrics listener of host A did not start"
stack_wait_port "$MB" "$PORCHD_B_PID" "porchd (host B)" "$T/hostb/porchd.log" ||
	stack_die "the metrics listener of host B did not start"
# blk JAR PORT START END: a block-off of the Beach House; its status. The jar is only
# read: several of these run at once.
blk() {
	curl -s -o /dev/null -w '%{http_code} ' --max-time 30 -b "$1" \
		--resolve "acme.test:$2:127.0.0.1" "http://acme.test:$2/portal/blocks/new" \
		--data-urlencode "csrf=$(cat "$1.csrf")" --data-urlencode "property=$PA1" \
		--data-urlencode "start=$3" --data-urlencode "end=$4"
}
# retries: porch_db_retries_total of both hosts, added.
retries() {
	local m v s=0
	for m in "$MA" "$MB"; do
		v=$(curl -s --max-time 10 "http://127.0.0.1:$m/metrics" |
			awk '$1 == "porch_db_retries_total" { print $2 }')
		s=$((s + ${v:-0}))
	done
	echo "$s"
}
blocks_before=$(sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'block.create'")
retries_before=$(retries)
sent=0
for r in $(seq 1 10); do
	d=$(printf '2030-%02d' "$r")
	race "retry$r" "blk $jb $PA $d-01 $d-03 & blk $jn $PA $d-05 $d-07 & wait" \
		"blk $jb $PB $d-09 $d-11 & blk $jn $PB $d-13 $d-15 & wait"
	sent=$((sent + 4))
	[ "$r" -lt 3 ] || [ "$(retries)" -le "$retries_before" ] || break
done
retries_after=$(retries)
tap_diag "$sent block-offs in $r rounds: answers $(cat "$T"/race.retry*.[ab] | tr '\n' ' ');" \
	"porch_db_retries_total of both hosts $retries_before -> $retries_after"
check_cmd "the conflict retry counter of the hosts rose ($retries_before -> $retries_after)" \
	[ "$retries_after" -gt "$retries_before" ]
check_eq "$(cat "$T"/race.retry*.[ab] | tr ' ' '\n' | grep -c '^303$' || true)" "$sent" \
	"...and every one of the $sent block-offs was answered as made"
check_eq "$(galera_sql 3 "SELECT COUNT(*), COUNT(DISTINCT start_date) FROM blocks
	WHERE tenant_id = $ACME AND property_id = $PA1 AND start_date >= '2030-01-01'" | tr '\t' ' ')" \
	"$sent $sent" "...each is there once (node 3)"
check_eq "$(galera_sql 3 "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME
	AND action = 'block.create'")" "$((blocks_before + sent))" "...with one audit line each"
check_eq "$(galera_sql 2 "SELECT COUNT(*) FROM events WHERE tenant_id = $ACME
	AND type = 'block.created'")" "$((blocks_before + sent))" "...and one event each"

# --- A statement not answered within database.cluster_read_timeout (10 s): the
# connection is dropped and the transaction runs again from its start on a fresh
# one (a node may never answer a statement of a transaction it aborted for a
# conflict: docs/CLUSTER.md, "A statement never answered"). Here the property's
# row is held on node 1 for 13 s, so host A's block-off waits in its first write;
# it is made in about 13 s, once, not after the 30 s of one server's timeout. ---
galera_mysql 1 "$DB_NAME" -N -e "START TRANSACTION;
	SELECT id FROM properties WHERE tenant_id = $ACME AND id = $PA1 FOR UPDATE;
	SELECT SLEEP(13); COMMIT;" >/dev/null 2>&1 &
HOLD=$!
sleep 0.5
lost_before=$(grep -c 'running it again' "$T/porchd.log" || true)
out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 -b "$jb" \
	--resolve "acme.test:$PA:127.0.0.1" "http://acme.test:$PA/portal/blocks/new" \
	--data-urlencode "csrf=$(cat "$jb.csrf")" --data-urlencode "property=$PA1" \
	--data-urlencode "start=2031-02-01" --data-urlencode "end=2031-02-03")
wait "$HOLD" || true
secs=${out#* }
tap_diag "a block-off behind a row held 13 s: $out s"
check_eq "${out% *}" 303 "a block-off whose statement is not answered in 10 s is made"
check_cmd "...after the row is free (${secs} s), not after a 30 s wait" \
	awk -v s="$secs" 'BEGIN { exit !(s >= 10 && s < 28) }'
check_cmd "...having run again on a fresh connection (host A's log)" \
	[ "$(grep -c 'running it again' "$T/porchd.log" || true)" -gt "$lost_before" ]
check_eq "$(galera_sql 3 "SELECT COUNT(*) FROM blocks WHERE tenant_id = $ACME
	AND property_id = $PA1 AND start_date = '2031-02-01'")" 1 "...once (node 3)"
check_eq "$(galera_sql 3 "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME
	AND action = 'block.create' AND detail LIKE '%2031-02-01..%'")" 1 \
	"...with one audit line"

# --- Event ids: dense, in commit order, whichever node wrote them. ---
check_eq "$(galera_sql 3 "SELECT COUNT(*) = MAX(id) FROM events WHERE tenant_id = $ACME")" 1 \
	"the tenant's event ids have no gap (an after=ID cursor skips nothing)"

# --- Two mail senders on two nodes: each mail is sent once. ---
for i in $(seq 1 20); do
	galera_sql $((i % 3 + 1)) "INSERT INTO outbox (tenant_id, to_addr, to_name, subject, body)
		VALUES ($ACME, 'race$i@owner.test', '', 'race $i', 'body')"
done
race outbox "stack_porchctl outbox send" \
	"\"$top_builddir/porchctl\" -c \"$T/hostb/porch.conf\" outbox send"
for i in $(seq 1 40); do
	[ "$(stack_smtp_count)" -lt 20 ] || break
	sleep 0.1
done
dup=0
for i in $(seq 1 20); do
	[ "$(mails_to "race$i@owner.test")" = 1 ] || dup=$((dup + 1))
done
check_eq "$dup" 0 "two senders on two nodes at once: each of 20 mails sent exactly once"

# --- The cost of a causal read (diagnostic): 300 session look-ups on node 2. ---
causal_ms() {
	local t0 t1
	t0=$(stack_now_ms)
	for i in $(seq 1 300); do
		echo "$1 SELECT COUNT(*) FROM sessions WHERE token_hash = 'x';"
	done | galera_mysql 2 "$DB_NAME" >/dev/null
	t1=$(stack_now_ms)
	echo $((t1 - t0))
}
plain=$(causal_ms '')
causal=$(causal_ms 'SET STATEMENT wsrep_sync_wait = 1 FOR')
tap_diag "300 session reads on node 2: ${plain} ms plain, ${causal} ms with wsrep_sync_wait = 1"
# --- Backup and restore as docs/CLUSTER.md gives them: mariadb-backup of node 3
# while the cluster serves, prepared, copied back into an empty datadir, one
# MariaDB without Galera started on it; porchctl reads it, and every row is there. ---
RESTORED_PID=
restored_stop() {
	[ -n "$RESTORED_PID" ] || return 0
	kill -TERM "$RESTORED_PID" 2>/dev/null || true
	stack_wait_exit "$RESTORED_PID" 60 || kill -KILL "$RESTORED_PID" 2>/dev/null || true
	RESTORED_PID=
}
STACK_STOP_HOOKS="restored_stop $STACK_STOP_HOOKS"
if command -v mariadb-backup >/dev/null; then
	t0=$SECONDS
	BK=$T/backup
	RD=$T/restored
	RSOCK=$STACK_RUN/r/mysqld.sock
	mkdir -p "$RD/tmp" "$STACK_RUN/r"
	chown mysql "$RD" "$RD/tmp" "$STACK_RUN/r"
	chmod 700 "$RD" "$RD/tmp"
	rows="SELECT CONCAT_WS(' ', (SELECT COUNT(*) FROM tenants), (SELECT COUNT(*) FROM blocks),
		(SELECT COUNT(*) FROM audit_log), (SELECT MAX(id) FROM events))"
	# mariadb-backup's own output to backup.log, the checks' lines to the TAP stream.
	backup() { mariadb-backup --no-defaults "$@" >>"$T/backup.log" 2>&1; }
	check_cmd "mariadb-backup --backup --galera-info of node 3 while the cluster serves" \
		backup --backup --galera-info --user=root \
		--socket="${GALERA_SOCK[3]}" --datadir="$T/galera/n3/data" --target-dir="$BK"
	want=$(galera_sql 3 "$rows")
	check_match "$(cat "$BK/mariadb_backup_galera_info" "$BK/xtrabackup_galera_info" 2>/dev/null)" \
		'^[0-9a-f-]{36}:[0-9]+' "...which names the cluster's state (UUID:seqno) it holds"
	check_cmd "mariadb-backup --prepare" backup --prepare --target-dir="$BK"
	check_cmd "mariadb-backup --copy-back into an empty datadir" \
		backup --copy-back --target-dir="$BK" --datadir="$RD/data"
	chown -R mysql:mysql "$RD/data"
	mariadbd --no-defaults --datadir="$RD/data" --tmpdir="$RD/tmp" --socket="$RSOCK" \
		--pid-file="$RD/mariadb.pid" --log-error="$RD/mariadb.log" --user=mysql \
		--skip-networking --wsrep-on=OFF --innodb-buffer-pool-size=32M \
		--default-time-zone=+00:00 </dev/null >/dev/null 2>&1 &
	RESTORED_PID=$!
	for i in $(seq 1 300); do
		mariadb-admin --no-defaults --socket="$RSOCK" -u root ping >/dev/null 2>&1 && break
		sleep 0.2
	done
	chmod 755 "$STACK_RUN/r"
	# Host A's config pointed at the restored server alone.
	sed -e "s|socket = \"[^\"]*\";|socket = \"$RSOCK\";|" \
		-e 's|fallbacks = "[^"]*"; cluster = true;||' "$T/porch.conf" >"$RD/porch.conf"
	check_eq "$("$top_builddir/porchctl" -c "$RD/porch.conf" tenant list 2>&1 | cut -f2 | sort | tr '\n' ' ')" \
		"acme beta " "a single MariaDB started on the restored datadir: porchctl lists the tenants"
	check_eq "$(mariadb --no-defaults --socket="$RSOCK" -u root -N "$DB_NAME" -e "$rows")" "$want" \
		"...and has every row node 3 had at the backup (tenants, block-offs, audit lines, last event)"
	restored_stop
	tap_diag "backup, prepare, restore and check: $((SECONDS - t0)) s; the backup's" \
		"Galera position in $(cd "$BK" && ls -- *galera_info*)"
else
	tap_diag "mariadb-backup not installed: backup and restore not checked"
fi

tap_diag "whole test: $((SECONDS - T0)) s"
