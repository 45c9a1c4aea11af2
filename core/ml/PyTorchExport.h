#pragma once

#include <QString>

namespace genrelab {

// Writes a run's best model as a file Python's torch.load reads: a dict with
// "state_dict" (key names as ../shared/bench/peer_train.py's CRNN module: b1.0.weight,
// b1.3.running_mean, gru.weight_ih_l0, fc.weight, out.bias, ...), "classes" (the class
// names in output order) and "contract" (the preprocessing contract's parameters), so
//     ckpt = torch.load("model.pt"); m = CRNN(classes=len(ckpt["classes"]))
//     m.load_state_dict(ckpt["state_dict"]); m.eval()
// reproduces the C++ model. Written atomically.
// Thread contract: stateless; blocks.
class PyTorchExport
{
public:
    // Throws Error (FileMissing, Corrupt, Unsupported for LSTM runs, WriteFailed).
    static void write(const QString &runDir, const QString &outPath);
};

} // namespace genrelab
