# porch — turns the TAP of `node --test --test-reporter=tap` (Node 18 and 20)
# into one flat list for tests/browser/run.sh, so automake's TAP driver counts
# each test exactly once.
#
# node nests: a suite's (or a test's) subtests come first, indented 4 spaces
# per level, each after a "# Subtest: NAME" line at its own indentation, and
# the parent's own "ok N" line follows them. Its numbering restarts inside
# every level (and is not always in order at the top: a file that fails to
# load gets a number of its own). Here:
#   - leaves (results with no subtests) are tests; their names are prefixed
#     with their parents' ("suite > test");
#   - a parent is a test of its own only when it failed and none of its
#     subtests did (a failing hook, say);
#   - YAML blocks ("---" ... "...") of failures become diagnostics;
#   - top-level "#" comments (what a test printed) are kept, node's closing
#     summary is dropped.
# Output, one a line, tab-separated:  ok TAB DESC | notok TAB DESC | diag TAB TEXT
# (DESC keeps a trailing "# SKIP ..." / "# TODO ..." directive).

function lead(s) {
	match(s, /^ */)
	return RLENGTH
}

function fullname(d, desc,    k, s) {
	s = ""
	for (k = 0; k < d; k++) {
		if (k in name)
			s = s name[k] " > "
	}
	return s desc
}

{
	sub(/\r$/, "")
	ind = lead($0)
	rest = substr($0, ind + 1)
	d = int(ind / 4)

	if (inyaml) {
		if (rest == "..." && ind == yamlind) {
			inyaml = 0
		} else if (yamlshow && rest !~ /^duration_ms:/) {
			printf "diag\t  %s\n", substr($0, yamlind + 1)
		}
		next
	}

	if (rest ~ /^# Subtest: /) {
		name[d] = substr(rest, 12)
		for (k in name)
			if (k + 0 > d)
				delete name[k]
		next
	}

	if (rest ~ /^(not )?ok [0-9]+/) {
		failed = (rest ~ /^not /)
		desc = rest
		sub(/^(not )?ok [0-9]+ *(- )?/, "", desc)
		todo = (desc ~ /# [Tt][Oo][Dd][Oo]/)
		yamlshow = 0
		if (!kids[d]) {
			printf "%s\t%s\n", failed ? "notok" : "ok", fullname(d, desc)
			yamlshow = failed
		} else if (failed && !kidfail[d]) {
			printf "notok\t%s (failed itself)\n", fullname(d, desc)
			yamlshow = 1
		}
		kids[d] = 0
		kidfail[d] = 0
		if (d > 0) {
			kids[d - 1] = 1
			if (failed && !todo)
				kidfail[d - 1] = 1
		}
		delete name[d]
		next
	}

	if (rest == "---") {
		inyaml = 1
		yamlind = ind
		next
	}

	if (rest ~ /^TAP version/ || rest ~ /^1\.\.[0-9]+/ || rest == "")
		next

	# node's closing summary ("# tests 2", "# pass 2" ...) counts tests its
	# own way; run.sh prints the plan and its own timings instead.
	if (d == 0 && rest ~ /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) [0-9.]+$/)
		next

	if (d == 0 && rest ~ /^#/) {
		sub(/^# ?/, "", rest)
		printf "diag\t%s\n", rest
		next
	}

	# Anything else (bail out, stray output): keep it as a diagnostic.
	printf "diag\t%s\n", rest
}
