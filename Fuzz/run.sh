#!/usr/bin/env bash
# Builds the libFuzzer harness of the loader and validator with AddressSanitizer and fuzzes it.
#   Fuzz/run.sh [SECONDS]     default 60; a crash exits non-zero and leaves crash-* in .build-fuzz/artifacts
# Extra arguments after SECONDS go to libFuzzer (e.g. -jobs=2). See Fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

scratch=.build-fuzz
mkdir -p "$scratch"
# gold warns about every ASan helper symbol it cannot export; the warnings are harmless.
if ! swift build --product lapor-fuzz --scratch-path "$scratch" -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DLAPOR_FUZZING \
    -Xcc -fsanitize=fuzzer-no-link,address > "$scratch/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$scratch/build.log" >&2
    exit 1
fi
grep -v "Cannot export local symbol" "$scratch/build.log" | tail -n 1
binary="$scratch/debug/lapor-fuzz"

# Seed corpus: every shipped config, every broken and malformed fixture, the fuzz regressions and
# the yaml-test-suite style inputs in Fuzz/seeds. Names keep the source path so findings can be traced.
seeds="$scratch/seeds"
rm -rf "$seeds" && mkdir -p "$seeds" "$scratch/corpus" "$scratch/artifacts"
sources=()
for dir in workflows routing plans scenarios Tests/Fixtures/minimal Tests/Fixtures/migration Tests/Fixtures/broken \
    Tests/Fixtures/malformed Tests/Fixtures/tests-failing Tests/Fixtures/fuzz Fuzz/seeds; do
    [ -d "$dir" ] && sources+=("$dir")
done
find "${sources[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.bin' \) | while read -r file; do
    cp "$file" "$seeds/$(echo "$file" | tr '/' '_')"
done
echo "seed corpus: $(ls "$seeds" | wc -l) files"

export LAPOR_FUZZ_WORKSPACE="$PWD"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
"$binary" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=10 \
    -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 "$@" "$scratch/corpus" "$seeds"
