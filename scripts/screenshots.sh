#!/usr/bin/env bash
# Regenerates the README's pictures of the workspaces at 1280×800 under a virtual display,
# from the built app on the synthesised demo, in a throw-away data home (your runs, settings
# and caches are not touched): docs/explore.png, docs/train.png, docs/evaluate.png.
# Needs a Release build (scripts/build.sh) and xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."
app=build-release/app/genrelab
[[ -x $app ]] || { echo "screenshots: build first (bash scripts/build.sh)" >&2; exit 1; }
home=$(mktemp -d "${TMPDIR:-/tmp}/genrelab-shots.XXXXXX")
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache
shoot() { # FILE [app options]
    local file=$1
    shift
    xvfb-run -a -s "-screen 0 1280x800x24" "$app" --demo --screenshot "$file" "$@" 2>/dev/null
    echo "wrote $file"
}
shoot docs/explore.png --screenshot-tab explore
shoot docs/train.png --screenshot-training 8 --screenshot-tab train
shoot docs/evaluate.png --screenshot-training 8 --screenshot-tab evaluate
