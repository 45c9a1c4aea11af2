#!/usr/bin/env bash
# Writes the library the tagging benchmark runs on (README, `bench tag`): per genre of
# ../shared/data/gtzan-mini, COPIES MP3s of 3.5 min (210 s), 44.1 kHz stereo, 192 kb/s
# CBR, each the genre's clips one after another (the n-th copy starting from its n-th
# clip) and tagged with the genre. Real GTZAN audio stays in ../shared: the MP3s go to
# OUT, which must not exist yet.
#   scripts/make-tag-library.sh OUT [COPIES (default 2)]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/make-tag-library.sh OUT [COPIES]}
copies=${2:-2}
data=../shared/data/gtzan-mini
[[ -d $data ]] || { echo "make-tag-library.sh: $data is missing (../shared must be beside the checkout)" >&2; exit 2; }
command -v ffmpeg >/dev/null || { echo "make-tag-library.sh: needs the ffmpeg tool (packaging/install-deps.sh installs it)" >&2; exit 2; }
[[ -e $out ]] && { echo "make-tag-library.sh: $out exists; give a new folder" >&2; exit 2; }
mkdir -p "$out"
list=$(mktemp)
trap 'rm -f "$list"' EXIT
for folder in "$data"/*/; do
    genre=$(basename "$folder")
    mapfile -t clips < <(find "$folder" -maxdepth 1 -name '*.wav' | sort)
    ((${#clips[@]} > 0)) || continue
    for ((copy = 0; copy < copies; ++copy)); do
        : >"$list"
        # Enough clips for 210 s (GTZAN-mini's are 15 - 20 s), rotated by the copy's number.
        for ((i = 0; i < 16; ++i)); do
            echo "file '$(realpath "${clips[$(((copy + i) % ${#clips[@]}))]}")'" >>"$list"
        done
        ffmpeg -nostdin -v error -f concat -safe 0 -i "$list" -t 210 -ar 44100 -ac 2 \
            -c:a libmp3lame -b:a 192k -metadata genre="$genre" -metadata title="$genre $copy" \
            "$out/$genre$copy.mp3"
    done
done
echo "make-tag-library.sh: $(find "$out" -name '*.mp3' | wc -l) MP3s in $out" >&2
