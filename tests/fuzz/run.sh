#!/usr/bin/env bash
# porch — runs the parser fuzz target briefly (libFuzzer, with ASan and UBSan) as part
# of the suite. FUZZ_SECONDS sets the time (default 15).
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
echo "1..2"
