#!/usr/bin/env bash
# porch — integration test of the mail outbox: porchctl mail test enqueues,
# porchctl outbox send delivers through SMTP (libcurl) to a sink
# (tests/lib/smtp_sink.py), with correct headers and UTF-8; --loop delivers
# mail enqueued while it runs and stops cleanly on SIGTERM; a relay outage
# loses nothing; max_attempts ends in "failed"; header injection is refused;
# stale claims come back; two senders at once deliver each mail exactly once.
# TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

[ -x "$top_builddir/porchctl" ] || tap_skip_all "porchctl not built (run make)"
PATH=$PATH:/usr/sbin command -v mariadbd >/dev/null || tap_skip_all "mariadbd not installed"
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

# ---------------------------------------------------------------------------
# Set-up: database, sink, a config with short retries.

stack_mariadb_start
stack_smtp_start
MAX_ATTEMPTS=3
stack_porch_config "smtp = {
  host = \"127.0.0.1\";
  port = $SMTP_PORT;
  starttls = \"off\";
  from = \"portal@acme.test\";
  from_name = \"Acme Rentals\";
  timeout = 5;
  max_attempts = $MAX_ATTEMPTS;
  retry_base_seconds = 1;
  retry_max_seconds = 2;
  batch = 3;
  poll_seconds = 1;
};"

rc=0; stack_porchctl migrate >"$T/migrate.out" 2>&1 || rc=$?
ok "$rc" "porchctl migrate"
[ "$rc" = 0 ] || tap_diag "$(cat "$T/migrate.out")"
check_contains "$(cat "$T/migrate.out")" "002_outbox_to_name.sql" \
	"migration 002 (outbox.to_name) applied"

sql() { stack_mysql_porch -N -B -e "$1"; }

# mailinfo FILE: facts about one stored message, "key=value" a line.
cat >"$T/mailinfo.py" <<'EOF'
import email, email.policy, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
head = raw.split(b"\r\n\r\n", 1)[0]
body = m.get_content().replace("\r\n", "\n")
out = {
    "from": m["From"], "to": m["To"], "subject": m["Subject"],
    "date": m["Date"], "message_id": m["Message-ID"],
    "mime": m["MIME-Version"], "ctype": m.get_content_type(),
    "charset": m.get_content_charset(), "cte": m["Content-Transfer-Encoding"],
    "auto": m["Auto-Submitted"], "bcc": m["Bcc"],
    "bare_lf": sum(1 for l in raw.split(b"\n")[:-1] if not l.endswith(b"\r")),
    "ends_crlf": raw.endswith(b"\r\n"),
    "head_ascii": all(b < 128 for b in head),
    "head_max_line": max(len(l) for l in head.split(b"\r\n")),
    "body_max_line": max(len(l) for l in raw.split(b"\r\n")),
    "body_utf8": "café, naïve, 10 €, ✓" in body,
    "body": body.replace("\n", "|"),
}
for k, v in out.items():
    print("%s=%s" % (k, v))
EOF
info() { python3 "$T/mailinfo.py" "$1"; }
field() { printf '%s\n' "$INFO" | sed -n "s/^$1=//p"; }

# newest_mail: the path of the last message the sink stored.
newest_mail() { find "$SMTP_DIR" -maxdepth 1 -name '*.eml' | sort | tail -n 1; }

# outbox_send: one pass; its summary line in SEND_OUT, stderr in $T/send.err.
outbox_send() {
	SEND_RC=0
	SEND_OUT=$(stack_porchctl outbox send 2>"$T/send.err") || SEND_RC=$?
}

# send_until SECONDS SQL_CONDITION: passes of the sender until the query
# "SELECT SQL_CONDITION" answers 1 (or the time is up; then returns 1).
send_until() {
	local deadline=$((SECONDS + $1))
	while [ "$(sql "SELECT $2")" != 1 ]; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		outbox_send
		sleep 0.3
	done
}

# ---------------------------------------------------------------------------
# porchctl mail test enqueues; outbox send delivers it.

rc=0; out=$(stack_porchctl mail test ann@example.test --name "Zoë Ann" 2>&1) || rc=$?
ok "$rc" "porchctl mail test ADDRESS exits 0"
check_match "$out" '^test mail [0-9]+ to ann@example.test queued' "mail test names the queued mail"
id1=$(sql "SELECT MAX(id) FROM outbox")
check_eq "$(sql "SELECT status, to_addr, to_name, COALESCE(tenant_id, 'NULL'), attempts FROM outbox WHERE id = $id1")" \
	"$(printf 'queued\tann@example.test\tZoë Ann\tNULL\t0')" \
	"the test mail is queued for no tenant"

list=$(stack_porchctl outbox list 2>&1) || true
check_match "$list" "^$id1	queued	0	[0-9-]+ [0-9:]+	-	ann@example.test	porch test mail ✓	-\$" \
	"outbox list shows the queued mail"
check_not_contains "$list" "Non-ASCII check" "outbox list never shows a body"

before=$(stack_smtp_count)
outbox_send
check_eq "$SEND_RC" 0 "outbox send exits 0"
check_eq "$SEND_OUT" "sent 1, deferred 0, failed 0" "outbox send reports one sent"
check_eq "$(stack_smtp_count)" "$((before + 1))" "the sink received one message"
check_eq "$(sql "SELECT status, attempts, sent_at IS NOT NULL, body, claimed_by IS NULL FROM outbox WHERE id = $id1")" \
	"$(printf 'sent\t1\t1\t\t1')" "the mail is marked sent, its body dropped"
check_not_contains "$(stack_porchctl outbox list)" "ann@example.test" \
	"outbox list leaves sent mail out"
check_match "$(stack_porchctl outbox list --all)" "^$id1	sent	1	" \
	"outbox list --all shows sent mail"

mail=$(newest_mail)
INFO=$(info "$mail")
check_eq "$(field from)" "Acme Rentals <portal@acme.test>" "From: smtp.from_name <smtp.from>"
check_eq "$(field to)" "Zoë Ann <ann@example.test>" "To: UTF-8 name decodes"
check_eq "$(field subject)" "porch test mail ✓" "Subject: UTF-8 decodes"
check_match "$(field date)" '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \+0000$' \
	"Date: RFC 5322 in UTC"
check_eq "$(field message_id)" "<porch.$id1.$(sql "SELECT FLOOR(UNIX_TIMESTAMP(created_at)) FROM outbox WHERE id = $id1")@acme.test>" \
	"Message-ID from the outbox row and the From domain"
check_eq "$(field mime)" "1.0" "MIME-Version: 1.0"
check_eq "$(field ctype)/$(field charset)" "text/plain/utf-8" "Content-Type text/plain; charset=utf-8"
check_eq "$(field cte)" "quoted-printable" "UTF-8 body sent quoted-printable"
check_eq "$(field auto)" "auto-generated" "Auto-Submitted: auto-generated"
check_eq "$(field body_utf8)" "True" "UTF-8 body decodes"
check_eq "$(field head_ascii)" "True" "headers are plain ASCII on the wire"
check_eq "$(field bare_lf)/$(field ends_crlf)" "0/True" "every line ends CR LF"
rc=0; [ "$(field head_max_line)" -le 78 ] || rc=$?
ok "$rc" "header lines at most 78 characters ($(field head_max_line))"
check_eq "$(cat "${mail%.eml}.env")" "$(printf 'from portal@acme.test\nto ann@example.test')" \
	"envelope: MAIL FROM smtp.from, RCPT TO the address"

# Line ends of every kind, and lines the SMTP dot-stuffing must carry through.
sql "INSERT INTO outbox (to_addr, subject, body) VALUES ('dots@example.test', 'Dots',
	CONCAT('.leading dot', CHAR(10), '..two dots', CHAR(13), 'cr line', CHAR(13, 10),
	'.', CHAR(10), 'end', CHAR(10)))"
outbox_send
INFO=$(info "$(newest_mail)")
check_eq "$(field body)" ".leading dot|..two dots|cr line|.|end|" \
	"LF, CR and CR LF become CR LF; lines with dots arrive intact"
check_eq "$(field cte)/$(field to)" "7bit/dots@example.test" "an ASCII body is sent 7bit"

# ---------------------------------------------------------------------------
# Header injection and bad addresses are refused before anything is queued.
# (Control characters are refused by porchctl itself, before any command runs.)
n0=$(sql "SELECT COUNT(*) FROM outbox")
refused() {
	local desc=$1 want=$2 rc=0
	shift 2
	stack_porchctl mail test "$@" >"$T/ctl.out" 2>"$T/ctl.err" || rc=$?
	if [ "$rc" = 2 ] && grep -qF -- "$want" "$T/ctl.err" \
		&& grep -qE "nothing was (queued|changed)" "$T/ctl.err"; then
		t_ok "$desc"
	else
		t_fail "$desc" "exit $rc, stderr: $(cat "$T/ctl.err")"
	fi
}
refused "mail test: CR LF in the address is refused" "line break" \
	$'ann@example.test\r\nBcc: evil@example.test'
refused "mail test: LF in the address is refused" "line break" $'ann@example.test\nX: y'
refused "mail test: two @ are refused" "more than one @" "ann@evil.test@example.test"
refused "mail test: a display name is refused" "one plain address" "Ann <ann@example.test>"
refused "mail test: a list is refused" "one plain address" "a@example.test,b@example.test"
refused "mail test: no @ is refused" "no @" "ann.example.test"
refused "mail test: LF in the name is refused" "line break" ann@example.test \
	--name $'Ann\nBcc: evil@example.test'
check_eq "$(sql "SELECT COUNT(*) FROM outbox")" "$n0" "nothing was queued by refused commands"

# A row that bypassed mail_enqueue() is checked again when built: never sent.
sql "INSERT INTO outbox (to_addr, subject, body) VALUES
	(CONCAT('x@example.test', CHAR(13, 10), 'Bcc: evil@example.test'), 'Injected', 'b')"
bad=$(sql "SELECT MAX(id) FROM outbox")
before=$(stack_smtp_count)
outbox_send
check_eq "$SEND_OUT" "sent 0, deferred 0, failed 1" "a row with CR LF in the address fails at once"
check_eq "$(stack_smtp_count)" "$before" "and nothing reached the relay"
check_match "$(sql "SELECT status, last_error FROM outbox WHERE id = $bad")" \
	$'^failed\tcannot be sent: ' "it is marked failed with the reason"

# ---------------------------------------------------------------------------
# --loop: delivers what is enqueued while it runs; SIGTERM ends it with 0.

# The binary itself, not the stack_porchctl function: $! must be porchctl.
"$top_builddir/porchctl" -c "$T/porch.conf" outbox send --loop \
	>"$T/loop.out" 2>"$T/loop.err" &
loop=$!
stack_track_pid "$loop"
sleep 1.5
before=$(stack_smtp_count)
stack_porchctl mail test loop@example.test >/dev/null
for _ in $(seq 100); do
	[ "$(stack_smtp_count)" -gt "$before" ] && break
	sleep 0.1
done
check_eq "$(stack_smtp_count)" "$((before + 1))" "--loop delivers mail enqueued while it runs"
check_eq "$(sql "SELECT status FROM outbox WHERE to_addr = 'loop@example.test'")" sent \
	"--loop marks it sent"
kill -TERM "$loop"
stopped=0; stack_wait_exit "$loop" 10 && stopped=1
check_eq "$stopped/$STACK_EXIT_STATUS" "1/0" "--loop exits 0 soon after SIGTERM"
check_contains "$(cat "$T/loop.err")" "sender stopped" "--loop logs that it stopped"

# SIGTERM in the middle of a run: the mail in hand is finished, the rest of
# the claim goes back to queued, nothing stays "sending".
for i in $(seq 12); do
	stack_porchctl mail test "burst$i@example.test" >/dev/null
done
before=$(stack_smtp_count)
"$top_builddir/porchctl" -c "$T/porch.conf" outbox send --loop \
	>"$T/loop2.out" 2>"$T/loop2.err" &
loop=$!
stack_track_pid "$loop"
for _ in $(seq 200); do
	[ "$(stack_smtp_count)" -gt "$before" ] && break
	sleep 0.01
done
kill -TERM "$loop"
stopped=0; stack_wait_exit "$loop" 10 && stopped=1
check_eq "$stopped/$STACK_EXIT_STATUS" "1/0" "SIGTERM during delivery: exit status 0"
check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sending'")" 0 \
	"SIGTERM during delivery: no mail left claimed"
check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE to_addr LIKE 'burst%' AND status = 'sent'")" \
	"$(($(stack_smtp_count) - before))" "SIGTERM during delivery: every delivered mail is marked sent"
send_until 20 "COUNT(*) = 12 FROM outbox WHERE to_addr LIKE 'burst%' AND status = 'sent'" || true
check_eq "$(($(stack_smtp_count) - before))" 12 "the rest goes out on the next pass, each once"

# ---------------------------------------------------------------------------
# The database goes away: one pass exits 1; --loop keeps going and delivers
# once the database is back.

"$top_builddir/porchctl" -c "$T/porch.conf" outbox send --loop \
	>"$T/loop3.out" 2>"$T/loop3.err" &
loop=$!
stack_track_pid "$loop"
sleep 1
stack_mariadb_stop
outbox_send
check_eq "$SEND_RC" 1 "outbox send exits 1 while the database is away"
check_contains "$(cat "$T/send.err")" "cannot reach MariaDB" "and says why"
sleep 2
rc=0; stack_alive "$loop" || rc=1
ok "$rc" "--loop keeps running while the database is away"
stack_mariadb_start
stack_porchctl mail test dbback@example.test >/dev/null
for _ in $(seq 150); do
	[ "$(sql "SELECT status FROM outbox WHERE to_addr = 'dbback@example.test'")" = sent ] && break
	sleep 0.1
done
check_eq "$(sql "SELECT status FROM outbox WHERE to_addr = 'dbback@example.test'")" sent \
	"--loop delivers again once the database is back"
kill -TERM "$loop"
stopped=0; stack_wait_exit "$loop" 10 && stopped=1
check_eq "$stopped/$STACK_EXIT_STATUS" "1/0" "--loop still exits 0 on SIGTERM"
check_contains "$(cat "$T/loop3.err")" "the database answers again" \
	"--loop logs the outage and the recovery"

# ---------------------------------------------------------------------------
# Relay outage: the mail stays queued with its error, and goes out later.

stack_smtp_stop
stack_porchctl mail test down@example.test >/dev/null
down=$(sql "SELECT MAX(id) FROM outbox")
outbox_send
check_eq "$SEND_RC/$SEND_OUT" "0/sent 0, deferred 1, failed 0" "relay down: the mail is deferred"
list=$(stack_porchctl outbox list)
check_match "$list" "^$down	queued	1	[0-9-]+ [0-9:]+	-	down@example.test	porch test mail ✓	.*[Cc]onnect" \
	"relay down: outbox list shows it queued, 1 attempt, the connect error"

stack_smtp_start --refuse 451
sleep 1.1
send_until 10 "attempts = 2 FROM outbox WHERE id = $down" || true
check_match "$(stack_porchctl outbox list)" "^$down	queued	2	.*451" \
	"relay refusing with 451: still queued, 2 attempts, the 451 listed"
stack_smtp_stop

stack_smtp_start
before=$(stack_smtp_count)
send_until 10 "status = 'sent' FROM outbox WHERE id = $down" || true
check_eq "$(sql "SELECT status, attempts FROM outbox WHERE id = $down")" "$(printf 'sent\t3')" \
	"relay back: the mail is delivered on a later pass"
check_eq "$(($(stack_smtp_count) - before))" 1 "relay back: delivered once"

# ---------------------------------------------------------------------------
# max_attempts: failed, listed, and queued again by outbox retry.

stack_smtp_stop
stack_smtp_start --refuse 451
stack_porchctl mail test fail@example.test >/dev/null
failid=$(sql "SELECT MAX(id) FROM outbox")
send_until 15 "status = 'failed' FROM outbox WHERE id = $failid" || true
check_eq "$(sql "SELECT status, attempts FROM outbox WHERE id = $failid")" \
	"$(printf 'failed\t%s' "$MAX_ATTEMPTS")" "after max_attempts the mail is failed"
check_match "$(stack_porchctl outbox list)" "^$failid	failed	$MAX_ATTEMPTS	.*fail@example.test.*451" \
	"outbox list shows the failed mail with its last error"
outbox_send
check_eq "$SEND_OUT" "sent 0, deferred 0, failed 0" "a failed mail is not tried again"
stack_smtp_stop
stack_smtp_start
rc=0; stack_porchctl outbox retry "$failid" >/dev/null 2>&1 || rc=$?
ok "$rc" "outbox retry ID queues a failed mail again"
outbox_send
check_eq "$(sql "SELECT status FROM outbox WHERE id = $failid")" sent "and it is delivered"
rc=0; stack_porchctl outbox retry "$failid" >/dev/null 2>&1 || rc=$?
check_eq "$rc" 1 "outbox retry of a mail that is not failed exits 1"

# ---------------------------------------------------------------------------
# A claim left by a sender that died goes back after smtp.claim_seconds.

stack_porchctl mail test stale@example.test >/dev/null
stale=$(sql "SELECT MAX(id) FROM outbox")
sql "UPDATE outbox SET status = 'sending', claimed_by = 'dead-host/1/x/1',
	claimed_at = UTC_TIMESTAMP(6) - INTERVAL 1 HOUR WHERE id = $stale"
outbox_send
check_eq "$(sql "SELECT status, claimed_by IS NULL FROM outbox WHERE id = $stale")" \
	"$(printf 'sent\t1')" "a stale claim is taken back and delivered"
sql "UPDATE outbox SET status = 'sending', claimed_by = 'busy-host/1/x/1',
	claimed_at = UTC_TIMESTAMP(6) WHERE id = $stale"
outbox_send
check_eq "$(sql "SELECT status FROM outbox WHERE id = $stale")" sending \
	"a fresh claim of another sender is left alone"
sql "UPDATE outbox SET status = 'sent', claimed_by = NULL, claimed_at = NULL WHERE id = $stale"

# ---------------------------------------------------------------------------
# Two senders at once: each mail delivered exactly once.

N=30
for i in $(seq $N); do
	stack_porchctl mail test "par$i@example.test" >/dev/null
done
before=$(stack_smtp_count)
"$top_builddir/porchctl" -c "$T/porch.conf" outbox send >"$T/par1.out" 2>"$T/par1.err" &
p1=$!
"$top_builddir/porchctl" -c "$T/porch.conf" outbox send >"$T/par2.out" 2>"$T/par2.err" &
p2=$!
rc1=0; wait "$p1" || rc1=$?
rc2=0; wait "$p2" || rc2=$?
check_eq "$rc1/$rc2" "0/0" "two senders at once both exit 0"
tap_diag "sender 1: $(cat "$T/par1.out"); sender 2: $(cat "$T/par2.out")"
sent_total=$(cat "$T/par1.out" "$T/par2.out" | sed -n 's/^sent \([0-9]*\),.*/\1/p' \
	| awk '{ s += $1 } END { print s + 0 }')
check_eq "$sent_total" "$N" "the two senders together report $N sent"
check_eq "$(($(stack_smtp_count) - before))" "$N" "the sink received exactly $N messages"
rcpts=$(cat "$SMTP_DIR"/*.env | sed -n 's/^to \(par[0-9]*@example\.test\)$/\1/p')
check_eq "$(printf '%s\n' "$rcpts" | sort -u | wc -l)/$(printf '%s\n' "$rcpts" | wc -l)" \
	"$N/$N" "each of the $N recipients got exactly one message"
check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE to_addr LIKE 'par%' AND status = 'sent' AND attempts = 1")" \
	"$N" "each is marked sent after one attempt"

# ---------------------------------------------------------------------------
# Config checks.

bad=$T/bad-smtp.conf
printf '%s\n' '# bad starttls on line 2' 'smtp = { starttls = "maybe"; };' >"$bad"
rc=0; "$top_builddir/porchctl" -c "$bad" outbox list >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "a bad smtp.starttls stops porchctl with status 2"
check_contains "$(cat "$T/t.out")" "$bad:2: smtp.starttls must be" "and names FILE:2: and the setting"
printf '%s\n' 'smtp = { from = "Porch <porch@example.test>"; };' >"$bad"
rc=0; "$top_builddir/porchctl" -c "$bad" outbox list >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "an smtp.from with a display name is refused"
