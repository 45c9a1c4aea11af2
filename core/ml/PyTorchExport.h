#pragma once

#include <QString>

namespace genrelab {

// Writes a run's best model for Python: `.safetensors` (SafetensorsFile) or, for any
// other name, PyTorch's own format (PtFile), which torch.load(path, weights_only=True)
// reads on PyTorch 1.13 and later. Both carry GenreLab's parameter names, the class
// names, the complete preprocessing contract and the architecture, so python/genrelab
// (or ../shared/bench/peer_train.py's CRNN for GRU runs) rebuilds the model:
//     ckpt = torch.load("model.pt", weights_only=True)
//     m = genrelab.CRNN(**ckpt["architecture"]); m.load_state_dict(ckpt["state_dict"])
// The weights are the bundle's (BundleConverter::fromRun), so a bundle, a .pt and a
// .safetensors of one run predict alike. Written atomically.
// Thread contract: stateless; blocks.
class PyTorchExport
{
public:
    // Throws Error (FileMissing, Corrupt, WriteFailed).
    static void write(const QString &runDir, const QString &outPath);
};

} // namespace genrelab
