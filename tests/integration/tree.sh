#!/usr/bin/env bash
# porch — checks of the source tree itself, no stack needed: nothing points at a
# path outside the repository, the design document is always named by its place
# (docs/DESIGN.md), only module/store/db.c hands SQL to MariaDB (security invariant 3),
# only module/store runs statements and transactions, and handlers write page bodies
# only through the HTML writer (invariant 2).
# TAP on stdout.
set -eu

top_srcdir=$(cd "${top_srcdir:-$(dirname "$0")/../..}" && pwd)
cd "$top_srcdir"

n=0
failed=0
check() {		# check DESC HITS: passes when HITS is empty
	n=$((n + 1))
	if [ -z "$2" ]; then
		printf 'ok %d - %s\n' "$n" "$1"
	else
		failed=$((failed + 1))
		printf 'not ok %d - %s\n' "$n" "$1"
		printf '%s\n' "$2" | head -n 20 | sed 's/^/# /'
	fi
}

# The files of the tree: tracked and new ones in a git checkout, else (a release
# tarball) the source folders, without build and test output.
files=$(mktemp)
trap 'rm -f "$files"' EXIT
if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
	[ "$(git -C "$top_srcdir" rev-parse --show-toplevel)" = "$top_srcdir" ]; then
	git ls-files -z --cached --others --exclude-standard >"$files"
else
	find README.md Makefile.am configure.ac porch.conf.example .ci docs module \
		handlers tools tests schema scripts nginx apache systemd static \
		\( -name node_modules -o -name corpus -o -name .deps \) -prune \
		-o -type f ! -name '*.log' ! -name '*.trs' ! -name '*.o' ! -name '*.a' \
		-print0 2>/dev/null >"$files" || true
fi
filecount=$(tr -cd '\0' <"$files" | wc -c)
check "the tree has files to check ($filecount)" \
	"$([ "$filecount" -gt 50 ] || echo "only $filecount files found")"

# grep_tree PCRE: "file:line: text" for each line of a text file that matches.
grep_tree() {
	xargs -0 -r grep -I -n -H -P -e "$1" -- <"$files" 2>/dev/null || true
}

# The patterns are written so that this file does not match them itself.
outside='\.\.[/]shared|/wor[k]/'
check "no file points at a path outside the repository" "$(grep_tree "$outside")"

check "every mention of the design document names docs/DESIGN.md" \
	"$(grep_tree '(?<![A-Za-z0-9_./-])(?!docs/DESIGN\.md)[A-Za-z0-9_./-]*DESIGN\.md' )"

check "docs/DESIGN.md is in the tree" "$([ -s docs/DESIGN.md ] || echo missing)"

# Only the store layer's connection code runs SQL (prepared statements, and whole
# trusted files for migrations): nothing else in porchd or porchctl calls the client
# library to query. (tests/bench/ref.c, the bare reference responder, is not porch.)
check "only module/store/db.c prepares or runs SQL in porchd and porchctl" \
	"$(grep_tree '\bmysql_(real_query|query|stmt_prepare|send_query)\s*\(' |
		grep -E '^(module|handlers|tools)/' | grep -v '^module/store/db\.c:' || true)"

# Page bodies are written only by the HTML writer: html_raw() (literals), html_rawf()
# (integers) and the escapes. What still calls buf_* in handlers/ is not HTML, by
# file and buffer: /healthz's text/plain body (health.c); the CSV exports (csv); the
# document download's header values (v); mail subjects and bodies (subject, body,
# note); a sentence a page escapes when it shows it (text, in grants.c; a
# statement's summary and a formula's terms as plain text for the PDF, in
# statement_view.c and portal.c); the lines
# of a batch kept until their group runs (g->raw, in api_batch.c: input, never sent).
check "no handler writes a page body with buf_puts, buf_printf or buf_put" \
	"$(grep_tree '\bbuf_(puts|printf|put)\s*\(' | grep '^handlers/' | grep -Ev \
		-e '^handlers/health\.c:' \
		-e '^handlers/portal/portal_(bookings|docs)\.c:[0-9]+:\s*buf_\w+\(csv,' \
		-e '^handlers/portal/portal_docs\.c:[0-9]+:\s*buf_\w+\(&?v,' \
		-e '^handlers/(auth/(invite|mfa)|portal/portal_(blocks|bookings))\.c:[0-9]+:\s*buf_\w+\(&(body|subject|note),' \
		-e '^handlers/staff/grants\.c:[0-9]+:\s*buf_\w+\(&text,' \
		-e '^handlers/portal/(portal|statement_view)\.c:[0-9]+:\s*buf_\w+\(&?text,' \
		-e '^handlers/api/api_batch\.c:[0-9]+:\s*buf_\w+\(&g->raw,' || true)"

# Only the store layer runs statements, ends transactions and reads result sets
# (module/store/db.h): everything else calls the store's typed functions and ends a
# transaction with store_begin()/store_end().
check "only module/store/ runs statements, ends transactions or reads result cells" \
	"$(grep_tree '\b(db_begin|db_commit|db_rollback|db_exec|DB_CELL|db_cell_i64)\s*\(' |
		grep -E '^(module|handlers|tools)/' | grep -v '^module/store/' || true)"

# Handlers read their input through an input table (module/http/input.h), never a
# form or query field named by string.
check "no handler reads a form or query field by its name" \
	"$(grep_tree '\b(req_form|req_param|req_form_id)\s*\(|kv_get\s*\(\s*&r->' |
		grep -E '^handlers/' || true)"

# Every change of what portal visitors may see bumps the tenant's rights version in
# its transaction, which a worker's kept rights are checked against (db.c,
# docs/DESIGN.md "Rights in the worker"): each statement that writes a grant, a
# group, a formula, or a portal user's status, admin switch or override says which
# parameter is its tenant (.rights = N). The tables whose writes must say so are
# listed here.
rights_tables='access_grants|permission_groups|group_formulas|user_formulas|formulas|formula_terms'
rights_user_cols='status|is_admin|hide_reports|fin_override_\w+|customer_id'
check "every statement that changes rights bumps the rights version" \
	"$(perl -0777 -ne '
		while (/\[(ST_\w+)\]\s*=\s*\{(.*?)\},\n/sg) {
			my ($id, $body) = ($1, $2);
			my $sql = join(" ", $body =~ /"((?:[^"\\]|\\.)*)"/g);
			my $w = $sql =~ /^\s*(?:INSERT\s+INTO|REPLACE\s+INTO|DELETE\s+FROM|UPDATE)\s+(?:'"$rights_tables"')\b/ ||
			    $sql =~ /^\s*UPDATE\s+portal_users\b.*\bSET\b.*\b(?:'"$rights_user_cols"')\s*=/;
			print "$id\n" if $w && $body !~ /\.rights\s*=\s*[1-9]/;
		}' module/store/store_sql.c)"

# A statement that carries the session's check (stmt_def.twin: the page's statement
# with the session's row, SESSION_ROW) reads causally on a cluster, as the
# session's own statement does (docs/CLUSTER.md; docs/DESIGN.md, "A page in one
# round trip").
check "every twin carries the session's columns and reads causally" \
	"$(perl -0777 -ne '
		my (%body, @twins);
		while (/\[(ST_\w+)\]\s*=\s*\{(.*?)\},\n/sg) {
			my ($id, $b) = ($1, $2);
			$body{$id} = $b;
			push @twins, $1 while $b =~ /\.twin\s*=\s*(ST_\w+)/g;
		}
		for my $t (@twins) {
			my $b = $body{$t} // "";
			print "$t\n" unless $b =~ /SESSION_ROW\(/ && $b =~ /STMT_CAUSAL/;
		}' module/store/store_sql.c)"

printf '1..%d\n' "$n"
[ "$failed" = 0 ]
