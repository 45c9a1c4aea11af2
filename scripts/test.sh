#!/usr/bin/env bash
# README command 2 (and what CI runs): install, build, run the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset release --parallel "$(nproc)" "$@"
