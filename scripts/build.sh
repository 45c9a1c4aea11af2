#!/usr/bin/env bash
# Installs the Debian packages (packaging/install-deps.sh), configures the Release
# preset and builds. Shared by run-app.sh and test.sh; safe to re-run (incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
