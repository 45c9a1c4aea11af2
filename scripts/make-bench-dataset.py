#!/usr/bin/python3
"""A full-GTZAN-sized dataset for benchmarks, made from the clips of gtzan-mini.

Usage: scripts/make-bench-dataset.py OUT [SOURCE (default ../shared/data/gtzan-mini)]
Writes 100 clips of 30 s per genre (1 000 in all, 10 000 snippets, 1.3 GB) as
OUT/<genre>/<genre>.000NN.wav, 16-bit mono 22 050 Hz like GTZAN: each clip strings
together pieces of that genre's real clips from random offsets (seeded). Timing only:
the clips share material, so accuracies measured on them mean nothing.
"""
import os, random, sys
import numpy as np
import soundfile as sf

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__)
out = sys.argv[1]
source = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(__file__), "../../shared/data/gtzan-mini")
if os.path.exists(out):
    sys.exit(f"make-bench-dataset: {out} exists; give a new folder")
length, rate = 30 * 22050, 22050
rng = random.Random(1)
for genre in sorted(os.listdir(source)):
    folder = os.path.join(source, genre)
    if not os.path.isdir(folder):
        continue
    clips = [sf.read(os.path.join(folder, f), dtype="int16")[0] for f in sorted(os.listdir(folder)) if f.endswith((".wav", ".au"))]
    os.makedirs(os.path.join(out, genre))
    for i in range(100):
        pieces, total = [], 0
        while total < length:
            clip = rng.choice(clips)
            start = rng.randrange(0, len(clip) // 2)
            pieces.append(clip[start:])
            total += len(clip) - start
        sf.write(os.path.join(out, genre, f"{genre}.{i:05d}.wav"), np.concatenate(pieces)[:length], rate, subtype="PCM_16")
print(f"make-bench-dataset: 1 000 clips of 30 s in {out}")
