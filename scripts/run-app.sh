#!/usr/bin/env bash
# README command 1: install, build, start GenreLab (on its embedded demo at first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./build-release/app/genrelab "$@"
