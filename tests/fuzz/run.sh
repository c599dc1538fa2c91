#!/usr/bin/env bash
# porch — runs the fuzz targets briefly (libFuzzer, with ASan and UBSan) as part of
# the suite: the request parsers, and the tenant API's JSON requests. FUZZ_SECONDS
# sets the time of each (default 15).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
out=$top_builddir/tests/fuzz
mkdir -p "$out/corpus"
log=$out/fuzz.log
if ! command -v clang >/dev/null; then
	echo "1..0 # SKIP clang is not installed"
	exit 0
fi
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$top_builddir" \
	-I"$top_srcdir/module/core" -I"$top_srcdir/module/http" \
	-o "$out/fuzz_parsers" "$top_srcdir/tests/fuzz/fuzz_parsers.c" \
	"$top_srcdir/module/http/form.c" "$top_srcdir/module/core/util.c" -lcrypto 2>"$log"; then
	echo "not ok 1 - fuzz target builds with clang"
	sed 's/^/# /' "$log"
	echo "1..1"
	exit 0
fi
echo "ok 1 - fuzz target builds with clang"
if "$out/fuzz_parsers" -max_total_time="${FUZZ_SECONDS:-15}" -max_len=4096 \
	"$out/corpus" "$top_srcdir/tests/fuzz/seeds" >"$log" 2>&1; then
	runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1)
	echo "ok 2 - request, form, cookie and path parsers survive fuzzing ($runs)"
else
	echo "not ok 2 - the fuzzer found a crash"
	tail -40 "$log" | sed 's/^/# /'
fi

# The tenant API's JSON requests (tests/fuzz/fuzz_api.c): the resources' input
# tables come from porchd's objects, linked as make links porchctl.
mkvar() { printf 'v:\n\t@echo $(%s)\n' "$1" | make -s -C "$top_builddir" -f Makefile -f - v | tail -n 1; }
mkdir -p "$out/corpus_api"
if ! (cd "$top_builddir" && clang -g -O1 -fsanitize=fuzzer,address,undefined \
	-I"$top_builddir" $(mkvar PORCH_INCLUDES) $(mkvar JANSSON_CFLAGS) $(mkvar MARIADB_CFLAGS) \
	-o "$out/fuzz_api" "$top_srcdir/tests/fuzz/fuzz_api.c" "$top_srcdir/module/api/api_json.c" \
	"$top_srcdir/module/api/api_batch.c" "$top_srcdir/module/http/csv.c" \
	libporchd.a $(mkvar PORCH_LIBS)) 2>"$log"; then
	echo "not ok 3 - API fuzz target builds with clang"
	sed 's/^/# /' "$log"
	echo "1..3"
	exit 0
fi
echo "ok 3 - API fuzz target builds with clang"
if "$out/fuzz_api" -max_total_time="${FUZZ_SECONDS:-15}" -max_len=4096 \
	"$out/corpus_api" "$top_srcdir/tests/fuzz/seeds_api" >"$log" 2>&1; then
	runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1)
	echo "ok 4 - batch lines, resource input tables and the CSV reader survive fuzzing ($runs)"
else
	echo "not ok 4 - the API fuzzer found a crash"
	tail -40 "$log" | sed 's/^/# /'
fi
echo "1..4"
