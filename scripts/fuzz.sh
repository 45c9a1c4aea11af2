#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ for a while each (default 60 s): the decoder front
# end, the model-bundle loader, the PyTorch/safetensors readers, the feature-cache reader and the tag reader/writer, with
# AddressSanitizer and UndefinedBehaviorSanitizer. Not part of the test suite; CI-able on its own.
# The corpus grows in build-fuzz/corpus/<target> from the seeds in fuzz/seeds/<target>;
# a crash leaves build-fuzz/crash-* and makes this script fail: turn it into a
# regression test (tests/robustness) before fixing it.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash packaging/install-deps.sh --fuzz
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz
status=0
for target in decoder bundle featurecache tags modelfiles runfolder; do
    corpus=build-fuzz/corpus/$target
    mkdir -p "$corpus"
    cp -n fuzz/seeds/$target/* "$corpus"/ 2>/dev/null || true
    echo "== fuzz_$target for ${seconds} s"
    if ! (cd build-fuzz && ./fuzz_$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 "corpus/$target" > "$target.log" 2>&1); then
        status=1
        echo "fuzz_$target found a problem: see build-fuzz/$target.log and build-fuzz/crash-*"
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$target.log" || tail -5 "build-fuzz/$target.log"
done
exit $status
