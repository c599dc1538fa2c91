#!/usr/bin/env bash
# porch — integration test of the HTTP surface: a private MariaDB, porchd, and
# the shipped nginx and Apache configs, driven with curl; then porchd's
# process model (database outage, worker crash, reload, graceful stop), its
# config check and porchctl's command line. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3

# ---------------------------------------------------------------------------
# Set-up: database, two tenants, porchd, both web servers.

stack_mariadb_start
PORCH_TENANT_CACHE_SECONDS=1
stack_porch_config

rc=0; stack_porchctl migrate >"$T/migrate1.out" 2>&1 || rc=$?
ok "$rc" "porchctl migrate on an empty database"
rc=0
{
	stack_porchctl tenant add acme "Acme Rentals" &&
	stack_porchctl domain add acme.test acme &&
	stack_porchctl tenant add beta "Beta Homes" &&
	stack_porchctl domain add beta.test beta
} >"$T/setup.out" 2>&1 || rc=$?
ok "$rc" "porchctl adds tenants acme and beta with their domains"
[ "$rc" = 0 ] || tap_diag "$(cat "$T/setup.out")"

stack_porchd_start
stack_nginx_start
stack_apache_start

# ---------------------------------------------------------------------------
# Helpers

# check_security_headers LABEL: the headers every porch page carries, on the
# response in HTTP_HEADERS.
check_security_headers() {
	local label=$1 csp d bad=
	check_eq "$(http_header Content-Type | tr 'A-Z' 'a-z')" \
		"text/html; charset=utf-8" "$label: Content-Type text/html; charset=utf-8"
	check_eq "$(http_header X-Content-Type-Options)" nosniff \
		"$label: X-Content-Type-Options nosniff"
	csp=$(http_header Content-Security-Policy)
	check_contains "$csp" "frame-ancestors 'none'" \
		"$label: CSP has frame-ancestors 'none'"
	# script-src, or default-src standing in for it, without unsafe-inline.
	while IFS= read -r d; do
		d=$(printf '%s' "$d" | sed -e 's/^[[:space:]]*//')
		case $d in
		script-src\ *|script-src|default-src\ *|default-src)
			case $d in *unsafe-inline*|*unsafe-eval*) bad="$d" ;; esac ;;
		esac
	done <<-EOF
		$(printf '%s' "$csp" | tr ';' '\n')
	EOF
	if [ -n "$csp" ] && [ -z "$bad" ] \
		&& printf '%s' "$csp" | grep -Eq '(^|;)[[:space:]]*(script-src|default-src)[[:space:]]'; then
		t_ok "$label: CSP restricts scripts without unsafe-inline"
	else
		t_fail "$label: CSP restricts scripts without unsafe-inline" \
			"Content-Security-Policy: $csp"
	fi
	check_match "$(http_header Referrer-Policy)" '^[a-z-]+(, *[a-z-]+)*$' \
		"$label: Referrer-Policy"
	check_contains "$(http_header Cache-Control)" no-store \
		"$label: Cache-Control no-store"
}

# check_no_leak LABEL: an error page names nothing internal.
check_no_leak() {
	local label=$1 body_lc
	body_lc=$(printf '%s' "$HTTP_BODY" | tr 'A-Z' 'a-z')
	check_not_match "$body_lc" 'mysql|mariadb|sqlstate|errno' \
		"$label: page names no database"
	check_not_match "$HTTP_BODY" 'SELECT |INSERT |UPDATE |FROM [a-z_]+|WHERE ' \
		"$label: page shows no SQL"
	check_not_match "$HTTP_BODY" '/(work|usr|etc|var|tmp|home|root|run)/|[a-z_]+\.[ch]:[0-9]+' \
		"$label: page shows no file path"
	check_not_match "$HTTP_BODY" '\b(FCGX_[A-Za-z_]+|(store|req|resp|html|cfg|db|tenant|router|sess|authz)_[a-z_]+\(?)\b' \
		"$label: page shows no C function name"
}

# http_cases NAME PORT: the same cases through one web server.
http_cases() {
	local s=$1 port=$2 n0 n1 big rc

	# Tenant home page.
	http_req "$port" acme.test /
	check_eq "$HTTP_STATUS" 200 "$s: GET / on acme.test is 200"
	check_contains "$HTTP_BODY" "Acme Rentals" "$s: acme page names Acme Rentals"
	check_match "$HTTP_BODY" 'href="/login([?#][^"]*)?"' "$s: acme page links to /login"
	check_match "$HTTP_BODY" '<link [^>]*href="/static/[^"]+\.css' \
		"$s: acme page has a stylesheet under /static/"
	check_not_contains "$HTTP_BODY" "Beta Homes" "$s: acme page does not name Beta Homes"
	check_security_headers "$s: 200 page"

	# porchd's own request log is the witness for "static never reaches it".
	sleep 0.2
	check_match "$(tail -n 5 "$T/porchd.log")" ' req=[^ ]+ status=200 .*host=acme\.test' \
		"$s: porchd logged the request"

	http_req "$port" beta.test /
	check_eq "$HTTP_STATUS" 200 "$s: GET / on beta.test is 200"
	check_contains "$HTTP_BODY" "Beta Homes" "$s: beta page names Beta Homes"
	check_not_contains "$HTTP_BODY" "Acme Rentals" "$s: beta page does not name Acme Rentals"

	# Unknown host.
	http_req "$port" nope.test /
	check_eq "$HTTP_STATUS" 404 "$s: unknown host is 404"
	check_not_contains "$HTTP_BODY" "Acme Rentals" "$s: 404 page names no tenant (acme)"
	check_not_contains "$HTTP_BODY" "Beta Homes" "$s: 404 page names no tenant (beta)"
	check_contains "$HTTP_BODY" "Request id" "$s: 404 page shows a request id"
	check_security_headers "$s: 404 page"
	check_no_leak "$s: 404 page"

	# Host header disagreeing with the host of the request line.
	http_req "$port" acme.test / --request-target http://beta.test/ -H 'Host: acme.test'
	check_eq "$HTTP_STATUS" 400 "$s: request line host != Host header is 400"
	check_not_contains "$HTTP_BODY" "Beta Homes" "$s: ...and does not serve beta"

	# Static files come from disk.
	sleep 0.3
	n0=$(porchd_req_lines)
	http_req "$port" acme.test /static/porch.css
	check_eq "$HTTP_STATUS" 200 "$s: /static/porch.css is 200"
	check_match "$(http_header Content-Type)" '^text/css' "$s: static css is text/css"
	check_match "$(http_header Cache-Control)" 'max-age=[1-9][0-9]*' \
		"$s: static file has Cache-Control max-age"
	check_eq "$(http_header X-Content-Type-Options)" nosniff "$s: static file has nosniff"
	sleep 0.3
	n1=$(porchd_req_lines)
	check_eq "$n1" "$n0" "$s: static request never reached porchd"

	# Oversized bodies: porchd's limit (64 KiB here), then the web server's.
	head -c 102400 /dev/zero | tr '\0' x | sed -e 's/^/a=/' >"$T/body100k"
	http_req "$port" acme.test / --data-binary "@$T/body100k"
	check_eq "$HTTP_STATUS" 413 "$s: 100 KiB form body is 413"
	check_contains "$HTTP_BODY" "Request id" "$s: ...from porchd (request id shown)"
	check_security_headers "$s: 413 page"
	check_no_leak "$s: 413 page"
	head -c 2097152 /dev/zero | tr '\0' x | sed -e 's/^/a=/' >"$T/body2m"
	http_req "$port" acme.test / --data-binary "@$T/body2m"
	check_eq "$HTTP_STATUS" 413 "$s: 2 MiB form body is 413"
	check_not_contains "$HTTP_BODY" "Request id" "$s: ...from the web server"

	# A chunked upload carries no length: porchd still holds it to body_max.
	http_req "$port" acme.test / -H 'Transfer-Encoding: chunked' --data-binary "@$T/body100k"
	check_eq "$HTTP_STATUS" 413 "$s: 100 KiB chunked form body is 413"

	# Too many fields in a small body.
	big=$(for _ in $(seq 300); do printf 'a=1&'; done)
	http_req "$port" acme.test / --data-binary "$big"
	check_eq "$HTTP_STATUS" 413 "$s: 300 form fields is 413"

	# Invalid UTF-8 and NUL bytes.
	http_req "$port" acme.test '/?q=%FF'
	check_eq "$HTTP_STATUS" 400 "$s: query with %FF is 400"
	check_security_headers "$s: 400 page"
	check_no_leak "$s: 400 page"
	check_contains "$HTTP_BODY" "Request id" "$s: 400 page shows a request id"
	http_req "$port" acme.test '/?q=a%00b'
	check_eq "$HTTP_STATUS" 400 "$s: query with %00 is 400"
	http_req "$port" acme.test / -H $'Cookie: a=\xff'
	check_eq "$HTTP_STATUS" 400 "$s: Cookie header with byte 0xFF is 400"
	http_req "$port" acme.test / --data-binary 'a=%C3%28'
	check_eq "$HTTP_STATUS" 400 "$s: form body with invalid UTF-8 is 400"

	# Methods.
	http_req "$port" acme.test / -X DELETE
	check_eq "$HTTP_STATUS" 405 "$s: DELETE / is 405"
	check_contains "$(http_header Allow)" "GET, HEAD, POST" \
		"$s: the web server's 405 has Allow: GET, HEAD, POST"
	http_req "$port" acme.test /healthz -X POST --data-binary ''
	check_eq "$HTTP_STATUS" 405 "$s: POST /healthz is 405"
	check_match "$(http_header Allow)" 'GET' "$s: porchd's 405 has an Allow header"
	check_contains "$HTTP_BODY" "Request id" "$s: ...and is porchd's page"

	# Documents are only reachable through porchd's redirect (nginx: an internal
	# location; Apache: no URL maps to the directory, so porchd answers).
	http_req "$port" acme.test /_porch_documents/x.pdf
	check_eq "$HTTP_STATUS" 404 "$s: /_porch_documents/ asked for directly is 404"

	# HEAD: the headers of GET, no body.
	http_req "$port" acme.test / -I
	check_eq "$HTTP_STATUS" 200 "$s: HEAD / is 200"
	check_contains "$(http_header Content-Type)" "text/html" "$s: HEAD / has the page's headers"
	# A raw HEAD: whatever arrives after the blank line would be a body.
	printf 'HEAD / HTTP/1.0\r\nHost: acme.test\r\n\r\n' |
		python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1", int(sys.argv[1]))); s.sendall(sys.stdin.buffer.read()); d=b""
while True:
    c=s.recv(65536)
    if not c: break
    d+=c
print(len(d.split(b"\r\n\r\n",1)[1]))' "$port" >"$T/head.len"
	check_eq "$(cat "$T/head.len")" 0 "$s: HEAD / sends no body"

	# Pages are valid HTML (tidy reports errors with exit status 2).
	http_req "$port" acme.test /
	printf '%s' "$HTTP_BODY" >"$T/page.html"
	tidy -q -e "$T/page.html" >"$T/tidy.out" 2>&1; rc=$?
	check_eq "$rc" 0 "$s: tenant page passes tidy without warnings"
	http_req "$port" nope.test /
	printf '%s' "$HTTP_BODY" >"$T/page.html"
	tidy -q -e "$T/page.html" >"$T/tidy.out" 2>&1; rc=$?
	check_eq "$rc" 0 "$s: error page passes tidy without warnings"

	# Health check.
	http_req "$port" acme.test /healthz
	check_eq "$HTTP_STATUS" 200 "$s: GET /healthz is 200"
	check_eq "$(printf '%s' "$HTTP_BODY" | tr -d '[:space:]')" ok "$s: /healthz says ok"
}

http_cases nginx "$NGINX_PORT"
http_cases apache "$APACHE_PORT"

# ---------------------------------------------------------------------------
# Process model (through nginx).

N=$NGINX_PORT
master=$PORCHD_PID

# wait_http SECONDS HOST PATH STATUS: polls until the answer has STATUS.
wait_http() {
	local deadline=$((SECONDS + $1))
	while :; do
		http_req "$N" "$2" "$3"
		[ "$HTTP_STATUS" != "$4" ] || return 0
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.2
	done
}

# MariaDB goes away and comes back.
stack_mariadb_stop
sleep 1.5  # past tenant_cache_seconds
http_req "$N" acme.test /healthz
check_eq "$HTTP_STATUS" 503 "database down: /healthz is 503"
http_req "$N" acme.test /
check_eq "$HTTP_STATUS" 503 "database down: / is 503"
check_contains "$HTTP_BODY" "Request id" "database down: 503 page shows a request id"
check_no_leak "database down: 503 page"
stack_mariadb_start
rc=0; wait_http 10 acme.test /healthz 200 || rc=$?
ok "$rc" "database back: /healthz is 200 again within 10 s"
http_req "$N" acme.test /
check_eq "$HTTP_STATUS" 200 "database back: / is 200"
check_contains "$HTTP_BODY" "Acme Rentals" "database back: tenant page served"
check_eq "$PORCHD_PID" "$master" "database back: same porchd master"
if stack_alive "$master"; then t_ok "database back: master still running"
else t_fail "database back: master still running"; fi

# A worker dies: the master replaces it.
before=$(porchd_worker_pids)
check_eq "$(printf '%s\n' "$before" | grep -c .)" 2 "porchd runs 2 workers"
victim=$(printf '%s\n' "$before" | head -n 1)
kill -KILL "$victim"
replaced=0
for _ in $(seq 100); do
	now=$(porchd_worker_pids)
	if [ "$(printf '%s\n' "$now" | grep -c .)" = 2 ] \
		&& ! printf '%s\n' "$now" | grep -qx "$victim"; then
		replaced=1
		break
	fi
	sleep 0.05
done
check_eq "$replaced" 1 "killed worker replaced within 5 s"
fails=0
for _ in $(seq 20); do
	http_req "$N" acme.test /healthz
	[ "$HTTP_STATUS" = 200 ] || fails=$((fails + 1))
done
check_eq "$fails" 0 "requests keep succeeding after a worker crash"
# INTERFACES.md: the master logs "worker PID exited (...)".
check_match "$(grep -F "worker $victim " "$T/porchd.log" | grep -v ' started' || true)" \
	"worker $victim exited \\(" "master logged the worker's death (worker PID exited (...))"

# SIGHUP reload to 3 workers under load: no request fails.
before=$(porchd_worker_pids)
PORCH_WORKERS=3 stack_porch_config
: >"$T/hup.codes"
(
	for _ in $(seq 200); do
		curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
			--resolve "acme.test:$N:127.0.0.1" "http://acme.test:$N/" \
			|| true
	done >"$T/hup.codes"
) &
loop=$!
for _ in $(seq 200); do
	[ "$(grep -c . "$T/hup.codes" || true)" -lt 40 ] || break
	sleep 0.02
done
kill -HUP "$master"
stack_wait_exit "$loop" 600 || true
check_eq "$(grep -c . "$T/hup.codes" || true)" 200 "reload: 200 requests made"
check_eq "$(grep -vc '^200$' "$T/hup.codes" || true)" 0 \
	"reload: every request during SIGHUP is 200"
if [ "$(grep -vc '^200$' "$T/hup.codes" || true)" != 0 ]; then
	tap_diag "codes: $(sort "$T/hup.codes" | uniq -c | tr '\n' ' ')"
fi
after=
for _ in $(seq 100); do
	after=$(porchd_worker_pids)
	[ "$(printf '%s\n' "$after" | grep -c .)" != 3 ] || break
	sleep 0.1
done
check_eq "$(printf '%s\n' "$after" | grep -c .)" 3 "reload: 3 workers afterwards"
common=$(comm -12 <(printf '%s\n' "$before" | sort) <(printf '%s\n' "$after" | sort) | grep -c . || true)
check_eq "$common" 0 "reload: every worker is new"
if stack_alive "$master"; then t_ok "reload: same master pid"
else t_fail "reload: same master pid"; fi
check_match "$(cat "$T/porchd.log")" 'reloading' "reload: master logged it"

# ---------------------------------------------------------------------------
# Config check.

good=$T/good.conf
cp "$T/porch.conf" "$good"
rc=0; "$top_builddir/porchd" -t -c "$good" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 0 "porchd -t accepts a good config"
rc=0; "$top_builddir/porchd" -t -c "$top_srcdir/porch.conf.example" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t: the shipped example without a secret_key is refused"
check_contains "$(cat "$T/t.out")" "secret_key is not set" "porchd -t: a missing key is named"
check_contains "$(cat "$T/t.out")" "openssl rand -hex 32" "porchd -t: ... with how to make one"
key=$(cat "$T/secret.key")
# ...and, run as root, the stack's account for porchd's workers (the example names
# "porch", which this machine may not have).
sed -e "s/^#secret_key = \"\";/secret_key = \"$key\";/" \
	-e "s/^user = \"porch\";/user = \"${PORCHD_USER:-porch}\";/" \
	"$top_srcdir/porch.conf.example" >"$T/example.conf"
rc=0; "$top_builddir/porchd" -t -c "$T/example.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 0 "porchd -t accepts the shipped porch.conf.example with its key set (every setting documented there exists)"
sed "s/^#secret_key = \"\";/secret_key = \"${key%??}\";/" "$top_srcdir/porch.conf.example" \
	>"$T/short.conf"
line=$(grep -n '^secret_key' "$T/short.conf" | cut -d: -f1)
rc=0; "$top_builddir/porchd" -t -c "$T/short.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t: a short secret_key is refused"
check_contains "$(cat "$T/t.out")" "$T/short.conf:$line: secret_key must be 64 hex digits" \
	"porchd -t: a short key's error names FILE:LINE"
rc=0; "$top_builddir/porchd" -c "$T/short.conf" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd does not start with a short secret_key"

bad=$T/bad-syntax.conf
printf '%s\n' 'workers = 2;' 'log = "stderr";' 'shutdown_timeout = = 3;' >"$bad"
rc=0; "$top_builddir/porchd" -t -c "$bad" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t: syntax error exits 2"
check_contains "$(cat "$T/t.out")" "$bad:3:" "porchd -t: syntax error names FILE:3:"

bad=$T/bad-type.conf
printf '%s\n' '# wrong type on line 2' 'workers = "x";' >"$bad"
rc=0; "$top_builddir/porchd" -t -c "$bad" >"$T/t.out" 2>&1 || rc=$?
check_eq "$rc" 2 "porchd -t: workers = \"x\" exits 2"
check_contains "$(cat "$T/t.out")" "$bad:2:" "porchd -t: workers = \"x\" names FILE:2:"

# ---------------------------------------------------------------------------
# porchctl.

# porchctl_fails DESC ARGS...: non-zero exit and a message on stderr.
porchctl_fails() {
	local desc=$1 rc=0
	shift
	stack_porchctl "$@" >"$T/ctl.out" 2>"$T/ctl.err" || rc=$?
	if [ "$rc" != 0 ] && [ -s "$T/ctl.err" ]; then
		t_ok "$desc"
	else
		t_fail "$desc" "exit status $rc, stderr: $(cat "$T/ctl.err")"
	fi
}
porchctl_fails "porchctl without a command fails with a message"
porchctl_fails "porchctl tenant add without arguments fails with a message" tenant add
porchctl_fails "porchctl domain add for an unknown tenant fails with a message" \
	domain add x.test nosuch

applied() {
	stack_mysql_porch -N -e 'SELECT COUNT(*), COALESCE(MAX(version), 0) FROM schema_migrations'
}
m0=$(applied)
rc=0; stack_porchctl migrate >"$T/migrate2.out" 2>&1 || rc=$?
ok "$rc" "porchctl migrate again exits 0"
check_eq "$(applied)" "$m0" "porchctl migrate again applies nothing"
check_match "$m0" '^[1-9]' "schema_migrations records the applied files"

list=$(stack_porchctl tenant list 2>&1) || true
check_match "$list" $'^[0-9]+\tacme\t[a-z]+\tAcme Rentals$' "tenant list shows acme"
check_match "$list" $'^[0-9]+\tbeta\t[a-z]+\tBeta Homes$' "tenant list shows beta"

rc=0; stack_porchctl tenant disable beta >"$T/ctl.out" 2>&1 || rc=$?
ok "$rc" "porchctl tenant disable beta"
check_match "$(stack_porchctl tenant list 2>&1 || true)" $'^[0-9]+\tbeta\tdisabled\t' \
	"tenant list shows beta disabled"
rc=0; wait_http 5 beta.test / 404 || rc=$?
ok "$rc" "disabled tenant's host is 404 once the tenant cache expires"
check_not_contains "$HTTP_BODY" "Beta Homes" "disabled tenant's 404 names no tenant"
http_req "$N" acme.test /
check_eq "$HTTP_STATUS" 200 "other tenant still served"

# ---------------------------------------------------------------------------
# SIGTERM with a request in flight: it completes, then the master exits 0.

workers=$(porchd_worker_pids)
rm -f "$T/fcgi.ready"
python3 "$stack_lib_dir/fcgi_client.py" "$T/porchd.sock" --uri /healthz \
	--host acme.test --pause-after-params 1 --ready-file "$T/fcgi.ready" \
	>"$T/fcgi.out" 2>"$T/fcgi.err" &
client=$!
for _ in $(seq 200); do
	[ ! -s "$T/fcgi.ready" ] || break
	sleep 0.02
done
term_at=$(stack_now_ms)
kill -TERM "$master"
exited=0
stack_wait_exit "$master" 5 && exited=1
took=$(($(stack_now_ms) - term_at))
master_status=$STACK_EXIT_STATUS
stack_wait_exit "$client" 10 || kill "$client" 2>/dev/null || true
check_eq "$STACK_EXIT_STATUS" 0 "SIGTERM: in-flight FastCGI request completed"
[ "$STACK_EXIT_STATUS" = 0 ] || tap_diag "client: $(cat "$T/fcgi.err")"
reply=$(tr -d '\r' <"$T/fcgi.out")
status_line=$(printf '%s\n' "$reply" | sed -n '1,/^$/p' | grep -i '^Status:' || true)
check_match "${status_line:-Status: 200}" '^Status: 200' "SIGTERM: the reply is 200"
check_eq "$(printf '%s\n' "$reply" | sed '1,/^$/d' | tr -d '[:space:]')" ok \
	"SIGTERM: the reply body is ok"
check_eq "$exited" 1 "SIGTERM: master exits within 5 s (took $took ms)"
check_eq "$master_status" 0 "SIGTERM: master exit status 0"
if [ -e "$T/porchd.sock" ]; then t_fail "SIGTERM: socket removed"
else t_ok "SIGTERM: socket removed"; fi
left=
for pid in $workers; do
	! stack_alive "$pid" || left="$left $pid"
done
check_eq "$left" "" "SIGTERM: no worker left behind"
check_match "$(cat "$T/porchd.log")" 'shutting down' "SIGTERM: master logged it"
if [ "$exited" = 1 ]; then
	PORCHD_PID=   # gone; otherwise the cleanup trap stops it
	rm -f "$T/porchd.pid"
fi

# ---------------------------------------------------------------------------
# Inherited listening sockets: systemd socket activation (fd 3, as with
# systemd/porchd.socket) and spawn-fcgi (fd 0).

# inherited_case NAME LISTEN SOCKET CMD...: porchd started by CMD on a socket
# it inherits answers /healthz, and stops cleanly on SIGTERM.
inherited_case() {
	local name=$1 listen=$2 sock=$3 pid rc
	shift 3
	PORCH_LISTEN=$listen stack_porch_config
	"$@" "$top_builddir/porchd" -c "$T/porch.conf" \
		</dev/null >>"$T/porchd-$name.log" 2>&1 &
	pid=$!
	stack_track_pid "$pid"
	for _ in $(seq 100); do
		[ ! -S "$sock" ] || break
		sleep 0.05
	done
	rc=0
	python3 "$stack_lib_dir/fcgi_client.py" "$sock" --uri /healthz \
		--host acme.test >"$T/fcgi.out" 2>"$T/fcgi.err" || rc=$?
	ok "$rc" "$name: porchd on listen = \"$listen\" answers"
	check_eq "$(sed '1,/^\r\{0,1\}$/d' "$T/fcgi.out" | tr -d '[:space:]')" ok \
		"$name: /healthz says ok"
	check_match "$(cat "$T/porchd-$name.log")" "listening on $listen" \
		"$name: porchd logged the inherited socket"
	kill -TERM "$pid" 2>/dev/null || true
	rc=0
	stack_wait_exit "$pid" 5 || rc=$?
	ok "$rc" "$name: porchd stops on SIGTERM"
}

if command -v systemd-socket-activate >/dev/null; then
	inherited_case systemd fd:3 "$T/activated.sock" \
		systemd-socket-activate -l "$T/activated.sock"
fi
if command -v spawn-fcgi >/dev/null; then
	inherited_case spawn-fcgi fd:0 "$T/spawned.sock" \
		spawn-fcgi -n -s "$T/spawned.sock" -M 0600 --
fi
