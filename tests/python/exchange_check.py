#!/usr/bin/python3
"""Checks GenreLab's exports from the Python side (torch, numpy and python/genrelab only).

  exchange_check.py export MODEL.pt MODEL.safetensors AUDIO.wav
      torch.load(weights_only=True) of the .pt (keys, format, complete contract), the
      .safetensors parsed byte by byte against the format's specification, every tensor
      compared with the .pt, both loaded strictly into genrelab.CRNN; prints one JSON
      line: {"pt": [mean probabilities], "safetensors": [...], "classes": [...]}
  exchange_check.py features AUDIO.wav K OUT.npy      genrelab.features of snippet K
  exchange_check.py train OUT_DIR AUDIO.wav
      a CRNN trained a few steps here, saved with genrelab.save (OUT_DIR/full.pt), as a
      bare state_dict (OUT_DIR/bare.pt) and as a tutorial-style training checkpoint
      (OUT_DIR/checkpoint.pt); prints its mean probabilities on AUDIO as JSON
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
import genrelab  # noqa: E402

SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}
NUMPY = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4"}


def check(condition, message):
    if not condition:
        raise SystemExit("FAIL: " + message)


def parse_safetensors(path):
    """The specification, byte by byte: u64 LE header length, a JSON object padded with
    spaces so the data starts 8-aligned, offsets contiguous and in order, little-endian data."""
    data = open(path, "rb").read()
    check(len(data) >= 8, "shorter than the length field")
    (n,) = struct.unpack("<Q", data[:8])
    check(8 + n <= len(data), "header length beyond the file")
    raw = data[8:8 + n]
    check(raw[:1] == b"{", "header does not start with '{'")
    check((8 + n) % 8 == 0, f"data starts at {8 + n}, not 8-aligned")
    text = raw.decode("utf-8")
    check(text == text.rstrip(" ") + " " * (len(text) - len(text.rstrip(" "))), "padding is not spaces")
    header = json.loads(text)
    metadata = header.pop("__metadata__", {})
    check(all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), "__metadata__ is not str -> str")
    body = data[8 + n:]
    spans = []
    tensors = {}
    for name, entry in header.items():
        check(set(entry) == {"dtype", "shape", "data_offsets"}, f"{name}: keys {sorted(entry)}")
        check(entry["dtype"] in SIZES, f"{name}: dtype {entry['dtype']}")
        check(all(isinstance(s, int) and s >= 0 for s in entry["shape"]), f"{name}: shape")
        begin, end = entry["data_offsets"]
        check(end - begin == math.prod(entry["shape"]) * SIZES[entry["dtype"]], f"{name}: size")
        check(begin % SIZES[entry["dtype"]] == 0, f"{name}: misaligned for its dtype")
        spans.append((begin, end, name))
        tensors[name] = np.frombuffer(body[begin:end], dtype=NUMPY[entry["dtype"]]).reshape(entry["shape"])
    position = 0
    for begin, end, name in sorted(spans):
        check(begin == position, f"{name}: hole or overlap at {position}")
        position = end
    check(position == len(body), "bytes after the last tensor")
    return tensors, {k: json.loads(v) for k, v in metadata.items()}


def mean_probabilities(model, wav):
    with torch.no_grad():
        return torch.softmax(model(torch.from_numpy(genrelab.snippets(wav))), 1).mean(0).tolist()


def export(pt, st, wav):
    ckpt = torch.load(pt, weights_only=True)
    check(set(ckpt) == {"format", "state_dict", "classes", "contract", "architecture"}, f"keys {sorted(ckpt)}")
    check(ckpt["format"] == 1, "format")
    check(ckpt["contract"] == genrelab.CONTRACT, f"contract {ckpt['contract']}")
    for key in ("f_min", "f_max", "top_db", "scale"):
        check(key in ckpt["contract"], f"contract lacks {key}")
    tensors, metadata = parse_safetensors(st)
    check(metadata["classes"] == ckpt["classes"] and metadata["contract"] == ckpt["contract"]
          and metadata["architecture"] == ckpt["architecture"], "safetensors metadata differs from the .pt")
    check(set(tensors) == set(ckpt["state_dict"]), "tensor names differ")
    for name, value in ckpt["state_dict"].items():
        check(np.array_equal(value.numpy(), tensors[name]), f"{name} differs between .pt and .safetensors")
    from_pt = genrelab.CRNN(**ckpt["architecture"])
    from_pt.load_state_dict(ckpt["state_dict"])  # strict: every name, no more
    from_pt.eval()
    from_st, info = genrelab.load(st)
    print(json.dumps({"pt": mean_probabilities(from_pt, wav), "safetensors": mean_probabilities(from_st, wav),
                      "classes": ckpt["classes"], "split": metadata.get("split"), "metrics": metadata.get("metrics")}))


def train(out, wav):
    torch.manual_seed(3)
    model = genrelab.CRNN(classes=3)
    optimiser = torch.optim.Adam(model.parameters(), 1e-3)
    x, y = torch.randn(8, 1, 130, 100), torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    for _ in range(3):  # BatchNorm statistics and weights away from their initial values
        optimiser.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimiser.step()
    model.eval()
    genrelab.save(model, ["low", "mid", "high"], os.path.join(out, "full.pt"))
    torch.save(model.state_dict(), os.path.join(out, "bare.pt"))
    torch.save({"epoch": 3, "model_state_dict": model.state_dict(), "optimizer_state_dict": optimiser.state_dict(),
                "loss": 0.25}, os.path.join(out, "checkpoint.pt"))  # PyTorch's tutorial checkpoint
    print(json.dumps({"probabilities": mean_probabilities(model, wav)}))


if __name__ == "__main__":
    torch.set_num_threads(1)
    if len(sys.argv) == 5 and sys.argv[1] == "export":
        export(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "features":
        y = genrelab.read_wav(sys.argv[2])
        k, n = int(sys.argv[3]), genrelab.CONTRACT["snippet_samples"]
        np.save(sys.argv[4], genrelab.features(y[k * n:(k + 1) * n]))
    elif len(sys.argv) == 4 and sys.argv[1] == "train":
        train(*sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(2)
