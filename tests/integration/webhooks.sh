#!/usr/bin/env bash
# porch — integration test of webhooks through nginx and Apache: endpoints
# registered on /staff/webhooks (admins only, the secret shown once) and with
# porchctl; a small HTTPS receiver (python3, a throwaway CA made here) that checks
# every Porch-Signature and records the event ids it gets; the receiver down while
# events pile up and the sender retries, then up: every event arrives once and in
# order, with two senders running at once; a wrong secret refused by the receiver
# and tried again; an event sent again from the page and by porchctl; an endpoint
# removed; loopback refused at registration and at send time without
# webhooks.allow_private; every change audited. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq openssl python3

# --- A throwaway CA and the receiver's certificate for 127.0.0.1 and localhost. ---
stack_tls_cert rx IP:127.0.0.1,DNS:localhost
RX_PORT=$(free_port)
RX_LOG=$T/received.log
RX_SECRETS=$T/secrets
: >"$RX_LOG"; : >"$RX_SECRETS"

# The receiver: checks Porch-Signature (HMAC-SHA256 under the secret its path has
# in $RX_SECRETS, of "T." and the body, T within 300 s of now) and Porch-Event-Id,
# answers 204 (or 400 for a bad signature) and writes "PATH ID ok|badsig TYPE".
cat >"$T/receiver.py" <<'EOF'
import hashlib, hmac, http.server, json, ssl, sys, time
port, cert, key, secrets_file, log = sys.argv[1:6]

class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        secrets = {}
        for line in open(secrets_file).read().splitlines():
            if line.strip():
                path, secret = line.split(None, 1)
                secrets[path] = secret.strip()
        secret = secrets.get(self.path, "")
        fields = dict(p.split("=", 1) for p in self.headers.get("Porch-Signature", "").split(",") if "=" in p)
        t, v1 = fields.get("t", ""), fields.get("v1", "")
        want = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
        event = json.loads(body)
        good = (secret != "" and t.isdigit() and abs(time.time() - int(t)) <= 300
                and hmac.compare_digest(want, v1)
                and self.headers.get("Porch-Event-Id") == str(event["id"]))
        with open(log, "a") as f:
            f.write("%s %d %s %s\n" % (self.path, event["id"], "ok" if good else "badsig", event["type"]))
        self.send_response(204 if good else 400)
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", int(port)), Receiver)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
server.serve_forever()
EOF
RX_PID=
rx_start() {
	python3 "$T/receiver.py" "$RX_PORT" "$T/tls/rx.pem" "$T/tls/rx.key" "$RX_SECRETS" \
		"$RX_LOG" 2>>"$T/receiver.err" &
	RX_PID=$!
	stack_track_pid "$RX_PID"
	stack_wait_port "$RX_PORT" "$RX_PID" receiver "$T/receiver.err" || stack_die "the receiver did not start"
}
rx_stop() { stack_stop_var RX_PID; }

WH="webhooks = { allow_private = true; ca_file = \"$T/tls/ca.pem\"; timeout = 3; retry_base_seconds = 1; retry_max_seconds = 2; poll_seconds = 1; };"
stack_setup --fixture acme --fixture beta "$WH"
sed 's/allow_private = true/allow_private = false/' "$T/porch.conf" >"$T/strict.conf"
chmod --reference="$T/porch.conf" "$T/strict.conf"
strict() { "$top_builddir/porchctl" -c "$T/strict.conf" "$@"; }
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme desk@acme.test >/dev/null
sql "INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	($ACME, 'Hook testers', 'calendar.view,notes.view,notes.add')"
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_grant acme ada@acme.test 'Hook testers' 'customer:Ada Owner'
BK=$(sql "SELECT id FROM bookings WHERE tenant_id = $ACME AND reference = 'A1-1'")
stack_serve --apache
URL=https://127.0.0.1:$RX_PORT

last_event() { stack_porchctl events acme --after 0 --limit 1000 | tail -n 1 | cut -f1 | grep . || echo 0; }
audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = '$1'"; }
# notes N PORT: Ada adds N notes through the web server on PORT (N events).
JA=$(fresh_jar ada)
sign_in "$JA" "$P" acme.test /login ada@acme.test "$PW_OWNER"
notes() {
	local i
	for i in $(seq 1 "$1"); do
		csrf_post_at "$JA" "$2" acme.test /account "/portal/bookings/$BK/notes" \
			--data-urlencode "body=note $i through $2"
	done
}
# received PATH: the event ids PATH got with a good signature, space-separated.
received() { awk -v p="$1" '$1 == p && $3 == "ok" { printf "%s ", $2 }' "$RX_LOG"; }
# wait_received PATH IDS: waits (at most 30 s) until PATH got exactly IDS.
wait_received() {
	local deadline=$((SECONDS + 30))
	while [ "$(received "$1")" != "$2" ] && [ "$SECONDS" -lt "$deadline" ]; do
		sleep 0.2
	done
}
send_once() { stack_porchctl webhooks send --once 2>>"$T/sender.log"; }

# --- The page is for admins: a staff member without the role gets a 403. ---
JD=$(fresh_jar desk)
sign_in "$JD" "$P" acme.test /staff/login desk@acme.test "$PW_STAFF"
req "$JD" "$P" acme.test /staff/webhooks
check_eq "$HTTP_STATUS" 403 "a staff member who is no admin cannot open /staff/webhooks"
req "$JD" "$P" acme.test /staff/
check_not_contains "$HTTP_BODY" 'href="/staff/webhooks"' "...and is not offered the link"
JS=$(fresh_jar office)
sign_in "$JS" "$P" acme.test /staff/login office@acme.test "$PW_STAFF"
req "$JS" "$P" acme.test /staff/
check_contains "$HTTP_BODY" 'href="/staff/webhooks"' "an admin's staff home links to the webhooks page"
csrf_post_at "$JD" "$P" acme.test /account /staff/webhooks --data-urlencode "url=$URL/x"
check_eq "$HTTP_STATUS" 403 "...nor register an endpoint"

# --- Endpoints: /a through nginx's page, /b through Apache's. ---
# register PORT JAR PATH: registers $URL/PATH on the page; the secret (shown once)
# goes to the receiver's list.
register() {
	csrf_post_at "$2" "$1" acme.test /staff/webhooks /staff/webhooks --data-urlencode "url=$URL/$3"
	check_eq "$HTTP_STATUS" 200 "port $1: the admin registers $URL/$3"
	SECRET=$(printf '%s' "$HTTP_BODY" | grep -o '<code id="secret">[^<]*' | sed 's/.*>//')
	check_match "$SECRET" '^whsec_[A-Za-z0-9_-]{43}$' "...and sees its signing secret"
	printf '/%s %s\n' "$3" "$SECRET" >>"$RX_SECRETS"
}
register "$NGINX_PORT" "$JS" a
SECRET_A=$SECRET
JSA=$(fresh_jar office-apache)
sign_in "$JSA" "$APACHE_PORT" acme.test /staff/login office@acme.test "$PW_STAFF"
register "$APACHE_PORT" "$JSA" b
EA=$(sql "SELECT id FROM webhook_endpoints WHERE tenant_id = $ACME AND url = '$URL/a'")
EB=$(sql "SELECT id FROM webhook_endpoints WHERE tenant_id = $ACME AND url = '$URL/b'")
req "$JS" "$P" acme.test /staff/webhooks
check_eq "$HTTP_STATUS" 200 "the page lists the endpoints"
tidy_ok "the webhooks page passes tidy"
check_contains "$HTTP_BODY" "$URL/a" "...with /a"
check_contains "$HTTP_BODY" "$URL/b" "...and /b"
check_not_contains "$HTTP_BODY" "$SECRET_A" "the secret is not shown again"
check_not_contains "$(sql "SELECT HEX(secret_enc) FROM webhook_endpoints") $(sql "SELECT secret_enc FROM webhook_endpoints")" \
	"${SECRET_A#whsec_}" "the database holds the secret sealed only"
check_eq "$(audit_count webhook.add)" 2 "each registration is audited"

# Refused registrations: nothing written.
n0=$(sql "SELECT COUNT(*) FROM webhook_endpoints")
csrf_post_at "$JS" "$P" acme.test /staff/webhooks /staff/webhooks --data-urlencode "url=ftp://example.com/x"
check_eq "$HTTP_STATUS" 400 "a URL that is not https is refused (400)"
check_contains "$HTTP_BODY" "must start with https://" "...saying why"
csrf_post_at "$JS" "$APACHE_PORT" acme.test /staff/webhooks /staff/webhooks --data-urlencode "url=https://user:pw@example.com/x"
check_eq "$HTTP_STATUS" 400 "a URL with a password in it is refused, through Apache too"
rc=0; out=$(strict webhook add acme "https://127.0.0.1:$RX_PORT/x" 2>&1) || rc=$?
check_eq "$rc" 2 "without allow_private, porchctl refuses an endpoint on 127.0.0.1"
check_contains "$out" "loopback, link-local or private" "...saying why"
rc=0; strict webhook add acme "https://[::1]/x" >/dev/null 2>&1 || rc=$?
check_eq "$rc" 2 "...and on ::1"
rc=0; strict webhook add acme "https://10.1.2.3/x" >/dev/null 2>&1 || rc=$?
check_eq "$rc" 2 "...and on a private network"
check_eq "$(sql "SELECT COUNT(*) FROM webhook_endpoints")" "$n0" "refused endpoints are not written"

# --- The receiver is down: events pile up, the sender retries. ---
M=$(last_event)
notes 3 "$NGINX_PORT"
notes 2 "$APACHE_PORT"
check_eq "$(last_event)" $((M + 5)) "five notes are five events"
rc=0; out=$(send_once) || rc=$?
ok "$rc" "a pass of the sender runs with the receiver down"
check_eq "$out" "delivered 0, deferred 2" "...delivers nothing and defers both endpoints"
check_match "$(stack_porchctl webhook deliveries acme "$EA")" "^$((M + 1))	note.added	not-delivered	attempts=1	status=0	next=[0-9-]+ [0-9:]+	.*(onnect|refused)" \
	"the first event is tried once and waits, with curl's reason"
check_eq "$(stack_porchctl webhook deliveries acme "$EA" | wc -l)" 1 "...and the next ones wait behind it"
req "$JS" "$P" acme.test /staff/webhooks
check_contains "$HTTP_BODY" "Event $((M + 1)) is failing after 1 attempts" "the page shows the failing event"
check_match "$HTTP_BODY" '<span class="waiting">5</span> waiting' "...and the five waiting"
sleep 2.2
send_once >/dev/null
check_match "$(stack_porchctl webhook deliveries acme "$EA")" "attempts=2" "after its delay the sender tries again"
notes 2 "$NGINX_PORT"
check_eq "$(received /a)" "" "the receiver got nothing while down"

# --- The receiver is up; two senders run at once. ---
rx_start
# Started directly (no shell between), so SIGTERM reaches porchctl itself.
"$top_builddir/porchctl" -c "$T/porch.conf" webhooks send --loop 2>>"$T/sender1.log" &
S1=$!; stack_track_pid "$S1"
"$top_builddir/porchctl" -c "$T/porch.conf" webhooks send --loop 2>>"$T/sender2.log" &
S2=$!; stack_track_pid "$S2"
WANT="$(seq -s ' ' $((M + 1)) $((M + 7))) "
wait_received /a "$WANT"
wait_received /b "$WANT"
check_eq "$(received /a)" "$WANT" "/a got every event once, in order, signed"
check_eq "$(received /b)" "$WANT" "/b too"
notes 3 "$APACHE_PORT"
WANT="$(seq -s ' ' $((M + 1)) $((M + 10))) "
wait_received /a "$WANT"
wait_received /b "$WANT"
check_eq "$(received /a)" "$WANT" "events made while both senders run arrive once and in order at /a"
check_eq "$(received /b)" "$WANT" "...and at /b"
check_eq "$(grep -c badsig "$RX_LOG" || true)" 0 "every signature checked out"
check_eq "$(cat "$T/sender1.log" "$T/sender2.log" | grep -c 'delivered to endpoint')" 20 \
	"the two senders delivered 20 events between them, none twice"
stack_stop_var S1
stack_stop_var S2
check_contains "$(cat "$T/sender1.log")" "webhooks: sender stopped" "a sender stops on SIGTERM"
req "$JS" "$P" acme.test /staff/webhooks
check_not_contains "$HTTP_BODY" "is failing" "the page shows no failure any more"
check_match "$(stack_porchctl webhook list acme)" "^$EA	$URL/a	after=$((M + 10))	waiting=0	failing=0" \
	"porchctl lists /a as done with every event"

# --- A wrong secret: the receiver refuses, the event is tried again until it passes. ---
cp "$RX_SECRETS" "$T/secrets.good"
sed -i "s|^/b .*|/b whsec_not-the-secret|" "$RX_SECRETS"
notes 1 "$NGINX_PORT"
send_once >/dev/null
check_eq "$(awk '$1 == "/b" && $3 == "badsig"' "$RX_LOG" | wc -l)" 1 "a receiver with another secret rejects the signature"
check_match "$(stack_porchctl webhook deliveries acme "$EB" | head -n 1)" "^$((M + 11))	note.added	not-delivered	attempts=1	status=400	.*answered 400" \
	"the refusal is recorded with the receiver's status"
check_eq "$(received /a)" "$WANT$((M + 11)) " "/a, with the right secret, got it"
cp "$T/secrets.good" "$RX_SECRETS"
sleep 2.2
send_once >/dev/null
check_eq "$(received /b)" "$WANT$((M + 11)) " "with the right secret back, /b gets it on the next try"
# The header is what makes it: the same body with its signature under another
# timestamp, or another body under the same signature, is refused.
EV=$((M + 11))
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/tls/ca.pem" "$URL/a" \
	-H "Porch-Event-Id: $EV" -H "Porch-Signature: t=$(date +%s),v1=$(printf '%064d' 0)" \
	--data "{\"id\": $EV, \"type\": \"note.added\"}" || true)
check_eq "$code" 400 "a forged signature is refused by the receiver"

# --- Sending again: from the page (one endpoint) and porchctl (every endpoint). ---
csrf_post_at "$JSA" "$APACHE_PORT" acme.test /staff/webhooks "/staff/webhooks/$EA/resend" \
	--data-urlencode "event=$((M + 2))"
check_eq "$HTTP_STATUS" 303 "the admin sends event $((M + 2)) again to /a through Apache"
check_eq "$(audit_count webhook.resend)" 1 "...audited"
send_once >/dev/null
check_eq "$(received /a)" "$WANT$((M + 11)) $((M + 2)) " "/a gets it once more"
check_eq "$(received /b)" "$WANT$((M + 11)) " "/b does not"
rc=0; out=$(stack_porchctl webhook resend acme $((M + 3))) || rc=$?
ok "$rc" "porchctl webhook resend"
send_once >/dev/null
check_eq "$(received /b)" "$WANT$((M + 11)) $((M + 3)) " "...sends it again to every endpoint"
rc=0; stack_porchctl webhook resend acme 999999 >/dev/null 2>&1 || rc=$?
check_eq "$rc" 1 "an event that does not exist cannot be sent again"
csrf_post_at "$JS" "$P" acme.test /staff/webhooks "/staff/webhooks/$EA/resend" --data-urlencode "event=999999"
check_eq "$HTTP_STATUS" 404 "...from the page either"

# --- Another tenant sees none of it. ---
JB=$(fresh_jar beta)
sql "UPDATE staff_users SET role = 'admin' WHERE email = 'office@beta.test'"
sign_in "$JB" "$P" beta.test /staff/login office@beta.test "$PW_STAFF"
req "$JB" "$P" beta.test /staff/webhooks
check_not_contains "$HTTP_BODY" "$URL" "beta's admin sees no endpoint of acme"
csrf_post_at "$JB" "$P" beta.test /staff/webhooks "/staff/webhooks/$EA/remove" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 404 "...and cannot remove one"

# --- Removed: nothing more goes to it. ---
csrf_post_at "$JS" "$P" acme.test /staff/webhooks "/staff/webhooks/$EA/remove" --data-urlencode confirm=1
check_eq "$HTTP_STATUS" 303 "the admin removes /a"
check_eq "$(audit_count webhook.remove)" 1 "...audited"
check_eq "$(sql "SELECT LENGTH(secret_enc) FROM webhook_endpoints WHERE id = $EA")" 0 "...its secret forgotten"
notes 1 "$NGINX_PORT"
send_once >/dev/null
check_not_contains "$(received /a)" "$((M + 12)) " "a removed endpoint gets no new event"
check_contains "$(received /b)" "$((M + 12)) " "the other one does"

# --- Without allow_private, a name that resolves to loopback is refused when sending. ---
rc=0; out=$(strict webhook add acme "https://localhost:$RX_PORT/c") || rc=$?
ok "$rc" "a URL by name passes registration"
printf '/c %s\n' "$(printf '%s' "$out" | sed -n 's/.*shown once): //p')" >>"$RX_SECRETS"
EC=$(sql "SELECT id FROM webhook_endpoints WHERE tenant_id = $ACME AND url LIKE '%/c'")
notes 1 "$NGINX_PORT"
strict webhooks send --once >/dev/null 2>>"$T/sender.log" || true
check_eq "$(received /c)" "" "but the sender does not connect to its loopback address"
check_match "$(stack_porchctl webhook deliveries acme "$EC")" "refused: (127\.0\.0\.1|::1) is a loopback, link-local or private address" \
	"...and records why"

rx_stop
