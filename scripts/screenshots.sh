#!/usr/bin/env bash
# Regenerates the README's pictures of the workspaces at 1280×800 under a virtual display,
# from the built app on the synthesised demo, in a throw-away data home (your runs, settings
# and caches are not touched): docs/explore.png, docs/train.png, docs/evaluate.png,
# docs/evidence.png (Explore with the Evidence overlay), docs/map.png (the embedding map),
# docs/insides.png (the network's insides for Explore's snippet) and docs/tag.png (a model
# from a short CLI run, analysing a small folder of demo clips).
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
# The Train picture shows the whole form, "More settings" (network, regularisation, refit) open.
mkdir -p "$XDG_CONFIG_HOME/genrelab"
printf '[train]\nmoreSettings=true\n' >"$XDG_CONFIG_HOME/genrelab/genrelab.conf"
shoot docs/explore.png --screenshot-tab explore
shoot docs/train.png --screenshot-training 8 --screenshot-tab train
shoot docs/evaluate.png --screenshot-training 8 --screenshot-tab evaluate
shoot docs/evidence.png --screenshot-tab explore --screenshot-evidence # with the runs just trained
shoot docs/map.png --screenshot-training 8 --screenshot-tab map
shoot docs/insides.png --screenshot-tab insides # Explore's "Inside…" window, with the runs just trained

# Tag library, in a data home of its own: what a user has after exporting a model and
# analysing a folder once (the GUI reopens the folder, the model and the catalog).
cli=build-release/app/genrelab-cli
export XDG_DATA_HOME=$home/tag/data XDG_CONFIG_HOME=$home/tag/config XDG_CACHE_HOME=$home/tag/cache
"$cli" demo-data "$home/tag/demo" >/dev/null 2>&1
"$cli" train "$home/tag/demo" --out "$home/tag/run" --epochs 6 >/dev/null 2>&1
"$cli" export "$home/tag/run" --bundle "$home/tag/model.genrelab" >/dev/null 2>&1
mkdir -p "$home/tag/Music/Mixed"
for genre in blues classical jazz metal pop reggae; do
    cp "$home/tag/demo/$genre/$genre".0001[01].wav "$home/tag/Music/Mixed/"
done
"$cli" tag "$home/tag/model.genrelab" "$home/tag/Music" >/dev/null 2>&1
mkdir -p "$XDG_CONFIG_HOME/genrelab"
printf '[tag]\nfolder=%s\nmodel=%s\n' "$home/tag/Music" "$home/tag/model.genrelab" >"$XDG_CONFIG_HOME/genrelab/genrelab.conf"
xvfb-run -a -s "-screen 0 1280x800x24" "$app" "$home/tag/demo" --screenshot docs/tag.png --screenshot-tab tag 2>/dev/null
echo "wrote docs/tag.png"
