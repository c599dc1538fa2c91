#!/usr/bin/env bash
# porch — runs the fuzz targets briefly (libFuzzer, with ASan and UBSan) as part of
# the suite: the request parsers, and the tenant API's JSON requests. FUZZ_SECONDS
# sets the time of each (default 15).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
out=$top_builddir/tests/fuzz
log=$out/fuzz.log
mkdir -p "$out"
if ! command -v clang >/dev/null; then
	echo "1..0 # SKIP clang is not installed"
	exit 0
fi
n=0

# fuzz NAME SEEDS CORPUS WHAT CLANG_ARGS...: builds tests/fuzz/NAME with CLANG_ARGS
# (in the build tree) and runs it on tests/fuzz/CORPUS and the seeds in
# tests/fuzz/SEEDS (as make fuzz does); two TAP lines. Stops the test when it does
# not build.
fuzz() {
	local name=$1 seeds=$2 corpus=$out/$3 what=$4
	shift 4
	mkdir -p "$corpus"
	n=$((n + 1))
	if ! (cd "$top_builddir" && clang -g -O1 -fsanitize=fuzzer,address,undefined \
		-I"$top_builddir" -o "$out/$name" "$@") 2>"$log"; then
		echo "not ok $n - $name builds with clang"
		sed 's/^/# /' "$log"
		echo "1..$n"
		exit 0
	fi
	echo "ok $n - $name builds with clang"
	n=$((n + 1))
	if "$out/$name" -max_total_time="${FUZZ_SECONDS:-15}" -max_len=4096 \
		"$corpus" "$top_srcdir/tests/fuzz/$seeds" >"$log" 2>&1; then
		echo "ok $n - $what survive fuzzing ($(grep -o 'Done [0-9]* runs' "$log" | tail -1))"
	else
		echo "not ok $n - the fuzzer found a crash in $what"
		tail -40 "$log" | sed 's/^/# /'
	fi
}

fuzz fuzz_parsers seeds corpus "request, form, cookie, path and multipart parsers" \
	-I"$top_srcdir/module/core" -I"$top_srcdir/module/http" \
	"$top_srcdir/tests/fuzz/fuzz_parsers.c" "$top_srcdir/module/http/form.c" \
	"$top_srcdir/module/http/multipart.c" \
	"$top_srcdir/module/core/util.c" -lcrypto

# The tenant API's JSON requests (tests/fuzz/fuzz_api.c): the resources' input
# tables come from porchd's objects, linked as make links porchctl.
mkvar() { printf 'v:\n\t@echo $(%s)\n' "$1" | make -s -C "$top_builddir" -f Makefile -f - v | tail -n 1; }
# shellcheck disable=SC2046 # the make variables are lists of words
fuzz fuzz_api seeds_api corpus_api "batch lines, resource input tables and the CSV reader" \
	$(mkvar PORCH_INCLUDES) $(mkvar JANSSON_CFLAGS) $(mkvar MARIADB_CFLAGS) \
	"$top_srcdir/tests/fuzz/fuzz_api.c" "$top_srcdir/module/api/api_json.c" \
	"$top_srcdir/module/api/api_batch.c" "$top_srcdir/module/http/csv.c" \
	libporchd.a $(mkvar PORCH_LIBS)
echo "1..$n"
