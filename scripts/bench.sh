#!/usr/bin/env bash
# Runs each benchmark against its peer in ../shared/bench, interleaved, and prints the
# README's performance table: each ratio is taken within one run (GenreLab best of its
# passes, the peer best of its own), then the range and median over runs.
#   scripts/bench.sh [RUNS (default 3)] [THREADS (default 2)] [REAL_DATASET] [TAG_LIBRARY]
# REAL_DATASET is the set the real training path is timed on (default gtzan-mini); a
# full-GTZAN-sized one comes from scripts/make-bench-dataset.py (an epoch there takes
# about 90 s on 2 cores, so that row then adds ~3 min a run). With TAG_LIBRARY (the
# MP3s of scripts/make-tag-library.sh), each run also times tagging it (no peer: a line
# after the table).
# Needs a Release build (scripts/build.sh) and ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
threads=${2:-2}
real=${3:-../shared/data/gtzan-mini}
tags=${4:-}
cli=build-release/app/genrelab-cli
shared=../shared
python=/usr/bin/python3
data=$shared/data/gtzan-mini
for needed in "$cli" "$shared/bench/peer_featurize.py" "$shared/bench/peer_train.py" "$data" "$real" ${tags:+"$tags"}; do
    [[ -e $needed ]] || { echo "bench.sh: $needed is missing (build with scripts/build.sh; ../shared must be beside the checkout)" >&2; exit 2; }
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "bench.sh: $runs runs at $threads threads, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((run = 1; run <= runs; ++run)); do
    echo "run $run: featurize" >&2
    echo "run=$run $("$cli" bench featurize "$data" --threads "$threads" --repeat 5)" >>"$log"
    echo "run=$run $("$python" "$shared/bench/peer_featurize.py" "$data" --threads "$threads" --repeat 3)" >>"$log"
    echo "run $run: train and inference" >&2
    echo "run=$run $("$cli" bench train --threads "$threads")" >>"$log"
    echo "run=$run $("$python" "$shared/bench/peer_train.py" --threads "$threads")" >>"$log"
    echo "run $run: a real training run from the cache" >&2
    echo "run=$run $("$cli" bench train --from-cache "$real" --threads "$threads" --epochs 2 | tail -n 1)" >>"$log"
    if [[ -n $tags ]]; then
        echo "run $run: tagging $tags" >&2
        echo "run=$run genrelab_tag $("$cli" bench tag "$tags" --threads "$threads" --repeat 3)" >>"$log"
    fi
done

"$python" - "$log" "$threads" "$(basename "$real")" "$tags" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    fields = line.split()
    run, name = int(fields[0].split("=")[1]), fields[1]
    rows.setdefault(name, {})[run] = dict(f.split("=", 1) for f in fields[2:] if "=" in f)

# The ratio's decimals: 2 where the goal is near 1 (the real epoch's 0.9), so that 0.86 does not print as 0.9.
def figures(ours, ours_key, peer, peer_key, digits=1):
    pairs = [(float(rows[ours][r][ours_key]), float(rows[peer][r][peer_key])) for r in sorted(rows[ours])]
    mine, theirs = [p[0] for p in pairs], [p[1] for p in pairs]
    ratios = [a / b for a, b in pairs]
    span = lambda v, d: f"{min(v):,.{d}f} – {max(v):,.{d}f}".replace(",", " ")
    return span(mine, 0), span(theirs, 0), f"{span(ratios, digits)}×, median {statistics.median(ratios):.{digits}f}× over {len(ratios)} runs"

print(f"| what ({sys.argv[2]} threads each) | GenreLab | peer (`../shared/bench`) | ratio |")
print("|---|---|---|---|")
a, b, r = figures("genrelab_featurize", "snippets_per_s", "peer_featurize", "snippets_per_s")
print(f"| featurise `gtzan-mini`, snippets/s | {a} | `peer_featurize.py` {b} | {r} |")
a, b, r = figures("genrelab_train", "train_samples_per_s", "peer_train", "samples_per_s")
print(f"| train the reference CRNN, batch 64, samples/s | {a} | `peer_train.py` {b} | {r} |")
a, b, r = figures("genrelab_train", "infer_samples_per_s", "peer_train", "infer_samples_per_s")
print(f"| inference, batch 256, samples/s | {a} | `peer_train.py` {b} | {r} |")
a, b, r = figures("genrelab_train_from_cache", "real_samples_per_s", "genrelab_train_from_cache", "synthetic_samples_per_s", 2)
print(f"| a real epoch on `{sys.argv[3]}` (validation, checkpoint), best of 2, samples/s | {a} | `bench train` in the same process {b} | {r} |")
if "genrelab_tag" in rows:
    tag = [float(rows["genrelab_tag"][r]["tracks_per_s"]) for r in sorted(rows["genrelab_tag"])]
    files = rows["genrelab_tag"][min(rows["genrelab_tag"])]["files"]
    print(f"\ntagging `{sys.argv[4]}` ({files} files, 10 windows, best of 3 passes): "
          f"{min(tag):.1f} – {max(tag):.1f} tracks/s, median {statistics.median(tag):.1f} over {len(tag)} runs (goal 30)")
    # Tagging has no peer, so its figure moves with the host; the peer's training speed in
    # the same runs says how fast the host was (on a day it ran 46 – 49, tagging gave ~29;
    # on one it ran 71 – 79, ~46).
    gauge = [float(rows["peer_train"][r]["samples_per_s"]) for r in sorted(rows["peer_train"])]
    print(f"the host's speed in the same runs: `peer_train.py` {min(gauge):.0f} – {max(gauge):.0f} samples/s")
PY
