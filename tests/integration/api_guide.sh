#!/usr/bin/env bash
# porch — integration test of docs/API.md: its curl examples are run as written,
# in order, through nginx and then Apache (https://$HOST becomes the stack's
# http://HOST:PORT, nothing else changes), each must succeed with no answer of
# 400 or more, and an answer the guide shows (a ```json block right after the
# example) must be what porch answered: the same JSON, or for an events page (ids,
# times and what each event carries are porch's own) the same shape. Examples that need what a stack does
# not have (porchctl on the operator's machine, the reader's own files) are left
# out by what they name. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl jq python3

stack_setup "api = { rate_per_minute = 100000; };"
# A portal user per web server, whose first sign-in is an event for the feed.
for s in nginx apache; do
	stack_portal_user acme 'Ada Owner' "ada-$s@acme.test" "$PW_OWNER"
done
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
stack_serve --apache
KEY=$(stack_porchctl apikey add acme "Guide" 2>/dev/null)
HOST=acme.test
export KEY HOST

# The guide's examples: each ```sh block into $T/guide/N.sh, and the ```json block
# that follows it (when one does) into N.json.
mkdir -p "$T/guide"
awk -v dir="$T/guide" '
	/^```sh$/ { n++; out = dir "/" n ".sh"; last = n; next }
	/^```json$/ && last { out = dir "/" last ".json"; last = 0; next }
	/^```/ { if (out == "") last = 0; out = ""; next }
	out != "" { print > out }
	out == "" && NF { last = 0 }
' "$top_srcdir/docs/API.md"
nblocks=$(find "$T/guide" -name '*.sh' | wc -l)
check_cmd "the guide has its curl examples ($nblocks)" test "$nblocks" -ge 10

# curl as the examples call it, sent to the stack's web server on PORT; each
# answer's status is added to $T/guide/statuses.
cat > "$T/guide/curl.sh" <<'EOF'
curl() {
	local a=() x
	for x in "$@"; do a+=("${x//https:\/\/$HOST/http://$HOST:$PORT}"); done
	command curl --resolve "$HOST:$PORT:127.0.0.1" -D "$GUIDE/head" "${a[@]}"
	local rc=$?
	tr -d '\r' < "$GUIDE/head" | awk '/^HTTP\//{s=$2} END{print s}' >> "$GUIDE/statuses"
	return $rc
}
EOF

# same_json EXPECTED GOT: 0 when equal, or (events) of the same shape.
same_json() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
want, got = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
def shape(v):
    if isinstance(v, dict):
        return {k: shape(x) if k != "data" else "data" for k, x in v.items()}
    if isinstance(v, list):
        return [shape(v[0])] if v else []
    return type(v).__name__
same = (shape(want) == shape(got)) if "created_at" in json.dumps(want) else want == got
if not same:
    print("want %s\ngot  %s" % (json.dumps(want, sort_keys=True), json.dumps(got, sort_keys=True)))
sys.exit(0 if same else 1)
EOF
}

check_guide() {
	local s=$1 port=$2 n out rc what
	rm -rf "$T/guide/$s" && mkdir -p "$T/guide/$s"
	sign_in "$(fresh_jar "guide-$s")" "$port" acme.test /login "ada-$s@acme.test" "$PW_OWNER"
	check_eq "$HTTP_STATUS" 303 "$s: a portal user signs in for the first time (an event)"
	for n in $(seq 1 "$nblocks"); do
		# Not for a stack: the operator's porchctl, the reader's own host and
		# files.
		if grep -Eq 'porchctl|portal\.example\.com|all\.ndjson' "$T/guide/$n.sh"; then
			continue
		fi
		what=$(grep -o 'api/v1/[a-z]*[^ "]*' "$T/guide/$n.sh" | head -1)
		: > "$T/guide/statuses"
		rc=0
		out=$(cd "$T/guide/$s" && GUIDE=$T/guide PORT=$port \
			bash -c ". '$T/guide/curl.sh'; set -e; . '$T/guide/$n.sh'" 2>&1) || rc=$?
		check_eq "$rc" 0 "$s: example $n ($what) runs"
		check_cmd "$s: ...every answer below 400 ($(tr '\n' ' ' < "$T/guide/statuses"))" \
			awk 'NF == 0 || $1 >= 400 { bad = 1 } END { exit bad }' "$T/guide/statuses"
		if [ -f "$T/guide/$n.json" ]; then
			local diag
			if diag=$(same_json "$T/guide/$n.json" "$(printf '%s\n' "$out" | tail -n 1)"); then
				t_ok "$s: ...and answers what the guide shows"
			else
				t_fail "$s: ...and answers what the guide shows" "$diag"
			fi
		fi
	done
}
stack_each_server check_guide
