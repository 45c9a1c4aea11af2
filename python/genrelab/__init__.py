"""GenreLab's model and preprocessing in Python (torch and numpy only).

Files from ``genrelab-cli export RUN --pytorch model.pt`` (or ``--safetensors``) load
here, and a model trained here and saved with :func:`save` imports into GenreLab with
``genrelab-cli import model.pt --out model.genrelab``.

    import torch, genrelab
    ckpt = torch.load("model.pt", weights_only=True)
    model = genrelab.CRNN(**ckpt["architecture"])
    model.load_state_dict(ckpt["state_dict"]); model.eval()
    x = torch.from_numpy(genrelab.snippets("song.wav"))        # [snippets, 1, 130, 100]
    probabilities = torch.softmax(model(x), 1).mean(0)         # what genrelab-cli predict prints

The preprocessing contract (version 1) is DESIGN.md's: 22 050 Hz mono, 3-s snippets
without overlap, periodic Hann, n_fft 2048, hop 512, centred frames with zero padding,
100 Slaney mel bands (area-normalised) from 0 Hz to 11 025 Hz, power to dB with
ref = max, amin 1e-10 and top_db 80, then (dB + 80) / 80 + 0.001.
"""
import json
import struct
import wave

import numpy as np
import torch
import torch.nn as nn

__all__ = ["CONTRACT", "CRNN", "features", "read_wav", "snippets", "load", "load_safetensors", "save"]

# As GenreLab records it in bundles and exports (ModelBundle::currentContract).
CONTRACT = {"version": 1, "sample_rate": 22050, "snippet_samples": 66150, "n_fft": 2048, "hop": 512,
            "n_mels": 100, "frames": 130, "f_min": 0, "f_max": 11025, "top_db": 80,
            "mel_scale": "slaney", "scale": "power_to_db_ref_max"}
AMIN = 1e-10
FORMAT = 1


class CRNN(nn.Module):
    """GenreLab's CRNN with GenreLab's parameter names (b1.0, b1.3, b2.0, b2.3, gru or lstm, fc, out).

    [B,1,130,100] -> Conv(1->32) MaxPool ReLU BatchNorm -> Conv(32->64) MaxPool ReLU BatchNorm
    -> [B,32,1600] -> GRU/LSTM(hidden), last step -> Linear(hidden->64) ReLU -> Linear(64->classes).
    Keyword arguments are those of a file's "architecture" dict; "name" must be "crnn".
    """

    def __init__(self, classes=10, cell="gru", hidden=64, dropout=0.0, name="crnn"):
        super().__init__()
        if name != "crnn" or cell not in ("gru", "lstm"):
            raise ValueError(f"not GenreLab's CRNN: name {name!r}, cell {cell!r}")
        n_mels = CONTRACT["n_mels"]
        self.cell = cell
        self.b1 = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(), nn.BatchNorm2d(32))
        self.b2 = nn.Sequential(nn.Conv2d(32, 64, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(), nn.BatchNorm2d(64))
        recurrent = nn.GRU if cell == "gru" else nn.LSTM
        setattr(self, cell, recurrent(64 * (n_mels // 4), hidden, batch_first=True))
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden, 64)
        self.out = nn.Linear(64, classes)

    def forward(self, x):                           # x: [B, 1, 130 (time), 100 (mel)]
        x = self.b2(self.b1(x))                     # [B, 64, 32, 25]
        x = x.permute(0, 2, 1, 3).flatten(2)        # [B, 32, 1600]
        x, _ = getattr(self, self.cell)(x)
        return self.out(torch.relu(self.fc(self.dropout(x[:, -1]))))

    def architecture(self):
        return {"name": "crnn", "cell": self.cell, "hidden": self.fc.in_features, "classes": self.out.out_features}


def _hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-12) / min_log_hz) / logstep, f / f_sp)


def _mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def _filterbank():
    c = CONTRACT
    fft_f = np.linspace(0, c["sample_rate"] / 2, 1 + c["n_fft"] // 2)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(c["f_min"]), _hz_to_mel(c["f_max"]), c["n_mels"] + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_f[None, :]
    w = np.zeros((c["n_mels"], len(fft_f)))
    for i in range(c["n_mels"]):
        w[i] = np.maximum(0, np.minimum(-ramps[i] / fdiff[i], ramps[i + 2] / fdiff[i + 1]))
    return w * (2.0 / (mel_f[2:c["n_mels"] + 2] - mel_f[:c["n_mels"]]))[:, None]


_FILTERBANK = None


def features(y):
    """One 3-s mono snippet (66 150 samples in [-1, 1]) -> float32 [130 frames, 100 mels]."""
    global _FILTERBANK
    if _FILTERBANK is None:
        _FILTERBANK = _filterbank()
    c = CONTRACT
    y = np.asarray(y, dtype=np.float64)
    if y.shape != (c["snippet_samples"],):
        raise ValueError(f"a snippet has {c['snippet_samples']} samples, not {y.shape}")
    n_fft, hop = c["n_fft"], c["hop"]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)       # periodic Hann
    padded = np.pad(y, n_fft // 2)                                          # centred, zero padded
    frames = np.stack([padded[t * hop:t * hop + n_fft] * window for t in range(c["frames"])])
    mel = (np.abs(np.fft.rfft(frames, axis=1)) ** 2) @ _FILTERBANK.T       # [130, 100]
    db = 10 * np.log10(np.maximum(AMIN, mel)) - 10 * np.log10(max(AMIN, mel.max()))
    db = np.maximum(db, db.max() - c["top_db"])
    return ((db + 80.0) / 80.0 + 0.001).astype(np.float32)


def read_wav(path):
    """A PCM WAV file (8/16/24/32-bit) at 22 050 Hz as mono float32 in [-1, 1] (the mean of its channels)."""
    with wave.open(str(path), "rb") as w:
        rate, channels, width, count = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
        raw = w.readframes(count)
    if rate != CONTRACT["sample_rate"]:
        raise ValueError(f"{path}: {rate} Hz; convert it to 22050 Hz first (GenreLab resamples, this reader does not)")
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128) / 128
    elif width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        samples = ((b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8).astype(np.float32) / 8388608
    else:
        samples = np.frombuffer(raw, dtype={2: "<i2", 4: "<i4"}[width]).astype(np.float32) / float(2 ** (8 * width - 1))
    return samples.reshape(-1, channels).mean(axis=1, dtype=np.float32)


def snippets(path_or_samples):
    """Every whole 3-s snippet of a WAV file (or mono samples), from the start without overlap,
    as the network's input: float32 [snippets, 1, 130, 100]."""
    y = read_wav(path_or_samples) if isinstance(path_or_samples, (str, bytes)) or hasattr(path_or_samples, "__fspath__") \
        else np.asarray(path_or_samples, dtype=np.float32)
    n = CONTRACT["snippet_samples"]
    count = len(y) // n
    if count == 0:
        raise ValueError("shorter than one 3-s snippet")
    return np.stack([features(y[k * n:(k + 1) * n]) for k in range(count)])[:, None]


_SAFETENSORS_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
                       "I8": "i1", "U8": "u1", "BOOL": "?"}


def load_safetensors(path):
    """A safetensors file as (state_dict of torch tensors, metadata with JSON values decoded), numpy only."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    raw = json.loads(json.dumps(header.pop("__metadata__", {})))
    metadata = {}
    for key, value in raw.items():
        try:
            metadata[key] = json.loads(value)
        except ValueError:
            metadata[key] = value
    body = memoryview(data)[8 + length:]
    state = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=_SAFETENSORS_DTYPES[entry["dtype"]]).reshape(entry["shape"])
        state[name] = torch.from_numpy(array.copy())
    return state, metadata


def load(path):
    """A GenreLab export (.pt or .safetensors) as (model in eval mode, its description: classes, contract, ...)."""
    if str(path).endswith(".safetensors"):
        state, info = load_safetensors(path)
    else:
        info = torch.load(path, weights_only=True)
        state = info.pop("state_dict")
    if info.get("contract") != CONTRACT:
        raise ValueError(f"{path}: made for another preprocessing contract: {info.get('contract')}")
    model = CRNN(**info["architecture"])
    model.load_state_dict(state)
    model.eval()
    return model, info


def save(model, classes, path):
    """Writes what genrelab-cli import reads: the state_dict with the classes, contract and architecture."""
    if len(classes) != model.out.out_features:
        raise ValueError(f"{len(classes)} class names for {model.out.out_features} outputs")
    torch.save({"format": FORMAT, "state_dict": model.state_dict(), "classes": list(classes),
                "contract": dict(CONTRACT), "architecture": model.architecture()}, path)
