#!/usr/bin/env bash
# porch — integration test: the shipped nginx and Apache configs keep the tokens of
# token links, invitations and resets out of every log of the web server, access
# and error logs alike, also when porchd is down, refuses, stalls or hangs up (the
# 502/504 cases where the web servers write an error line about the request). The
# stack's nginx logs at level info and Apache here at debug (more than a
# deployment would), so what either writes about those requests is all seen.
# TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3

STACK_APACHE_LOG_LEVEL=${STACK_APACHE_LOG_LEVEL:-debug}
stack_mariadb_start
stack_porch_config
stack_porchctl migrate >/dev/null
stack_tenant acme "Acme Rentals" acme.test >"$T/setup.out" 2>&1
stack_porchd_start
stack_nginx_start
stack_apache_start

# A fresh secret-looking token per request, so each can be looked for alone.
TOKENS=()
token() { python3 -c 'import secrets; print(secrets.token_urlsafe(32))'; }
# hit WHAT CURL_ARGS...: a token URL of each kind, and /login, through both web
# servers.
hit() {
	local what=$1 port kind tok
	shift
	for port in "$NGINX_PORT" "$APACHE_PORT"; do
		for kind in t invite reset; do
			tok=$(token)
			TOKENS+=("$tok")
			http_req "$port" acme.test "/$kind/$tok" "$@"
			printf '%s %s /%s/: %s\n' "$what" "$port" "$kind" "$HTTP_STATUS" >>"$T/statuses"
		done
		# A page without a secret, whose errors are logged as ever.
		http_req "$port" acme.test /login "$@"
	done
}
# fake_fcgi MODE: a stand-in for porchd on its socket: "refuse" leaves a socket
# file nobody listens on, "stall" accepts and never answers, "hangup" reads the
# request and closes the connection without a reply.
FAKE_PID=
fake_fcgi() {
	rm -f "$T/porchd.sock"
	python3 - "$T/porchd.sock" "$1" <<-'EOF' &
		import os, socket, sys, time
		path, mode = sys.argv[1], sys.argv[2]
		s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		s.bind(path)
		os.chmod(path, 0o666)
		if mode == "refuse":
		    s.close()
		    sys.exit(0)
		s.listen(16)
		held = []
		while True:
		    c, _ = s.accept()
		    if mode == "stall":
		        held.append(c)
		        continue
		    c.settimeout(2)
		    try:
		        c.recv(65536)
		    except OSError:
		        pass
		    c.close()
	EOF
	FAKE_PID=$!
	stack_track_pid "$FAKE_PID"
	stack_wait_socket "$T/porchd.sock" "$FAKE_PID" fake_fcgi "$T/smtp.log" || true
	[ "$1" != refuse ] || wait "$FAKE_PID" || true
}
fake_stop() {
	[ -n "$FAKE_PID" ] || return 0
	kill "$FAKE_PID" 2>/dev/null || true
	wait "$FAKE_PID" 2>/dev/null || true
	FAKE_PID=
	rm -f "$T/porchd.sock"
}

# porchd answering: the access logs cut the path already.
hit up
check_eq "$(grep -c ' 404$' "$T/statuses")" 6 "with porchd up, unknown tokens are 404s through both servers"
# porchd stopped: no socket at all (nginx logs this at crit).
stack_porchd_stop
hit down
check_eq "$(grep '^down' "$T/statuses" | grep -vc ' 50[23]$' || true)" 0 "with porchd stopped, both servers answer 502 or 503"
fake_fcgi refuse
hit refused
check_eq "$(grep '^refused' "$T/statuses" | grep -vc ' 50[23]$' || true)" 0 "a socket nobody listens on: 502 or 503"
fake_stop
fake_fcgi hangup
hit hangup
check_eq "$(grep '^hangup' "$T/statuses" | grep -vc ' 50[23]$' || true)" 0 "porchd hanging up without an answer: 502 or 503"
fake_stop
fake_fcgi stall
hit stalled --max-time 2
check_eq "$(grep '^stalled' "$T/statuses" | grep -vc ' 000$' || true)" 0 "porchd stalling: the client gives up"
sleep 1
fake_stop
stack_nginx_stop
stack_apache_stop

logs=$(find "$T/nginx" "$T/apache" -name '*.log' -type f | sort)
check_match "$(cat "$T/nginx/error.log")" 'while (connecting to|reading response header from) upstream' \
	"nginx's error log has its lines about the failing upstream (of other paths)"
check_match "$(cat $logs)" '/t/\.\.\.' "the access logs name the token paths, cut"
leaked=0
for tok in "${TOKENS[@]}"; do
	if grep -lF -- "$tok" $logs >"$T/leak" 2>/dev/null; then
		leaked=$((leaked + 1))
		tap_diag "token in: $(tr '\n' ' ' <"$T/leak")"
		grep -hF -- "$tok" $logs | head -n 2 | while read -r l; do tap_diag "$l"; done
	fi
done
check_eq "$leaked" 0 "none of the ${#TOKENS[@]} tokens is in any log file of nginx or Apache"
check_eq "$(cat $logs | grep -cE '/(t|invite|reset)/[A-Za-z0-9_-]{20,}' || true)" 0 \
	"...nor anything shaped like one"
