#!/usr/bin/env bash
# porch — integration test of the cap on argon2 work at once (argon2.max_concurrent)
# through nginx: beyond the cap a sign-in or a password check gets the 503 page with
# Retry-After at once, nothing counted or changed; a worker killed while hashing
# gives its slot back; SIGHUP sets a new cap. TAP on stdout.
#
# Deterministic by construction: the cap is 1 and one hash takes over a second
# (t_cost 30 over 64 MiB), so a request that arrives while another one hashes
# always finds the slot taken, whatever the machine's load.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl

SLOW='t_cost = 30; m_cost = 65536; parallelism = 1;'

stack_db_up "argon2 = { $SLOW max_concurrent = 1; };"
stack_tenant acme "Acme Rentals" acme.test >"$T/setup.out" 2>&1
stack_portal_user acme 'Owner One' owner@acme.test "$PW_OWNER"
stack_porchd_start
stack_nginx_start
N=$NGINX_PORT
master=$PORCHD_PID

audit_count() { stack_mysql_porch -N -e "SELECT COUNT(*) FROM audit_log WHERE action = '$1'"; }

# prep NAME: a jar NAME with the sign-in form's cookie; its CSRF token in $T/bg.NAME.csrf.
prep() {
	local j
	j=$(fresh_jar "$1")
	req "$j" "$N" acme.test /login
	csrf_of "$HTTP_BODY" >"$T/bg.$1.csrf"
}

# bg_post NAME PATH FIELD=VALUE...: a POST with jar NAME that may run in the
# background; the answer in $T/bg.NAME.{code,head,body}.
bg_post() {
	local name=$1 path=$2 j args=() f
	shift 2
	j=$(jar "$name")
	for f in "$@"; do
		args+=(--data-urlencode "$f")
	done
	rm -f "$T/bg.$name.code" "$T/bg.$name.head" "$T/bg.$name.body"
	curl -s -o "$T/bg.$name.body" -D "$T/bg.$name.head" -w '%{http_code}' --max-time 120 \
		--resolve "acme.test:$N:127.0.0.1" -b "$j" -c "$j" "${args[@]}" \
		"http://acme.test:$N$path" >"$T/bg.$name.code.tmp" 2>/dev/null || true
	mv "$T/bg.$name.code.tmp" "$T/bg.$name.code"
}

# bg_signin NAME: the owner's sign-in with jar NAME (prep NAME first).
bg_signin() {
	bg_post "$1" /login "csrf=$(cat "$T/bg.$1.csrf")" login=owner@acme.test "password=$PW_OWNER"
}

# new_workers BEFORE TRIES: waits (TRIES times 50 ms at the most) until porchd runs
# two workers, none of them in BEFORE (pids a line); prints 1 when it does, else 0.
new_workers() {
	local now
	for _ in $(seq "$2"); do
		now=$(porchd_worker_pids)
		if [ "$(printf '%s\n' "$now" | grep -c .)" = 2 ] \
			&& [ -z "$(printf '%s\n%s\n' "$1" "$now" | sort | uniq -d)" ]; then
			echo 1
			return 0
		fi
		sleep 0.05
	done
	echo 0
}

code_of() { cat "$T/bg.$1.code" 2>/dev/null || echo 000; }

# load_bg NAME: HTTP_STATUS, HTTP_HEADERS and HTTP_BODY from a background answer.
load_bg() {
	HTTP_STATUS=$(code_of "$1")
	HTTP_HEADERS=$(tr -d '\r' <"$T/bg.$1.head")
	HTTP_BODY=$(cat "$T/bg.$1.body")
}

check_contains "$(cat "$T/porchd.log")" "at most 1 argon2 hash at once" \
	"the master logs the cap it gives the workers"

# --- One sign-in alone goes through. ---
prep lone
bg_signin lone
check_eq "$(code_of lone)" 303 "a sign-in alone, under the cap, succeeds"

# --- Several at once: one hashes, the others get 503 at once. ---
success0=$(audit_count signin.success)
pids=()
for i in 1 2 3 4 5; do
	prep "burst$i"
done
for i in 1 2 3 4 5; do
	bg_signin "burst$i" &
	pids+=($!)
done
wait "${pids[@]}"
codes=$(for i in 1 2 3 4 5; do code_of "burst$i"; echo; done | sort | tr '\n' ' ')
n303=0 n503=0 nother=0 busy=
for i in 1 2 3 4 5; do
	case $(code_of "burst$i") in
	303) n303=$((n303 + 1)) ;;
	503) n503=$((n503 + 1)); busy=${busy:-burst$i} ;;
	*) nother=$((nother + 1)) ;;
	esac
done
tap_diag "five sign-ins at once answered: $codes"
check_eq "$nother" 0 "five sign-ins at once: every answer is 303 or 503 (no 500, no 502)"
if [ "$n303" -ge 1 ]; then t_ok "five sign-ins at once: the one holding the slot signs in"
else t_fail "five sign-ins at once: the one holding the slot signs in" "got $codes"; fi
if [ "$n503" -ge 1 ]; then t_ok "five sign-ins at once: beyond the cap of 1, 503"
else t_fail "five sign-ins at once: beyond the cap of 1, 503" "got $codes"; fi
check_eq "$(($(audit_count signin.success) - success0))" "$n303" \
	"only the 303s signed in (audit signin.success)"
check_eq "$(audit_count signin.failure)" 0 "a 503 is not counted as a failed sign-in"

if [ -n "$busy" ]; then
	load_bg "$busy"
	check_eq "$(http_header Retry-After)" 1 "the 503 says Retry-After: 1"
	check_eq "$(http_header Content-Type)" "text/html; charset=utf-8" "the 503 is an HTML page"
	check_contains "$HTTP_BODY" "<h1>503 Service Unavailable</h1>" "the 503 page says what it is"
	check_contains "$HTTP_BODY" "Request id" "the 503 page shows a request id"
	check_eq "$(http_header X-Content-Type-Options)" nosniff "the 503 carries nosniff"
	check_contains "$(http_header Content-Security-Policy)" "frame-ancestors 'none'" \
		"the 503 carries the CSP"
	check_eq "$(http_header Cache-Control)" no-store "the 503 is not cached"
	check_not_match "$(http_header Set-Cookie)" 'porch_session=' "the 503 starts no session"
	tidy_ok "the 503 page is valid HTML"
	bg_signin "$busy"
	check_eq "$(code_of "$busy")" 303 "the same form, sent again once the slot is free, signs in"
else
	for _ in 1 2 3 4 5 6 7 8 9 10 11; do t_fail "(no 503 to inspect)"; done
fi

prep after
bg_signin after
check_eq "$(code_of after)" 303 "after the burst a normal sign-in succeeds"

# --- A password check inside a session takes a slot too. ---
# hold_slot_then CMD...: starts the owner's sign-in (it holds the one slot for over a
# second), then runs CMD until CMD's answer is 503 or 5 rounds are done; each round's
# sign-in is awaited. CMD sets $probe to its status.
hold_slot_then() {
	local round hold
	for round in 1 2 3 4 5; do
		prep "hold$round"
		bg_signin "hold$round" &
		hold=$!
		sleep 0.3
		"$@"
		tap_diag "round $round: the probe answered $probe"
		if [ "$probe" = 503 ]; then
			HOLDER=$hold HOLDNAME=hold$round
			return 0
		fi
		wait "$hold" || true
	done
	HOLDER= HOLDNAME=
	return 1
}
JS=$(jar session)
cp "$(jar after)" "$JS"
req "$JS" "$N" acme.test /account/mfa
MFA_CSRF=$(csrf_of "$HTTP_BODY")
mfa_probe() {
	req "$JS" "$N" acme.test /account/mfa --data-urlencode "csrf=$MFA_CSRF" \
		--data-urlencode do=on --data-urlencode "password=$PW_OWNER"
	probe=$HTTP_STATUS
}
rc=0; hold_slot_then mfa_probe || rc=$?
ok "$rc" "/account/mfa's password check while a sign-in hashes: 503"
check_eq "$(http_header Retry-After)" 1 "...with Retry-After"
[ -z "$HOLDER" ] || wait "$HOLDER" || true

# --- A worker killed while it holds the slot leaks nothing. ---
slot_probe() {
	prep probe
	bg_signin probe
	probe=$(code_of probe)
}
rc=0; hold_slot_then slot_probe || rc=$?
ok "$rc" "a sign-in holds the slot (another one gets 503)"
before=$(porchd_worker_pids)
for pid in $before; do
	kill -KILL "$pid"
done
[ -z "$HOLDER" ] || wait "$HOLDER" || true
check_eq "$(code_of "${HOLDNAME:-none}")" 502 \
	"the sign-in holding the slot was cut short by the kill (nginx: 502)"
check_eq "$(new_workers "$before" 200)" 1 "every worker killed with SIGKILL mid-hash, and replaced"
prep revived
bg_signin revived
check_eq "$(code_of revived)" 303 "the killed worker's slot is free: a sign-in succeeds"
prep revived2
bg_signin revived2
check_eq "$(code_of revived2)" 303 "...and the next one too"

# --- SIGHUP: the new generation gets the new cap. ---
stack_porch_config "argon2 = { $SLOW max_concurrent = 2; };"
before=$(porchd_worker_pids)
kill -HUP "$master"
check_eq "$(new_workers "$before" 400)" 1 "SIGHUP: a new generation of workers"
check_contains "$(cat "$T/porchd.log")" "at most 2 argon2 hashes at once" \
	"SIGHUP: the master logs the new cap"
prep two1
prep two2
bg_signin two1 & p1=$!
bg_signin two2 & p2=$!
wait "$p1" "$p2"
check_eq "$(code_of two1) $(code_of two2)" "303 303" \
	"with a cap of 2, two sign-ins at once both succeed"

# --- The setting is checked like every other. ---
printf 'argon2 = {\n  max_concurrent = 300;\n};\n' >"$T/bad.conf"
out=$("$top_builddir/porchd" -t -c "$T/bad.conf" 2>&1) && rc=0 || rc=$?
check_eq "$rc" 2 "porchd -t refuses argon2.max_concurrent = 300"
check_contains "$out" "$T/bad.conf:2: argon2.max_concurrent must be between 0 and 256" \
	"...naming the file, the line and the range"
