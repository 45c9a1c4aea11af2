#pragma once

#include "ModelBundle.h"
#include "WeightsFile.h"

#include <QByteArray>
#include <QString>

namespace genrelab {

// A model as PyTorch's own file format (torch.save's ZIP archive with a protocol-2
// pickle), written without LibTorch so that torch.load(path, weights_only=True) reads
// it on PyTorch 1.13 through current: a dict of plain values and tensors only,
//   {"format": 1, "state_dict": {name: tensor}, "classes": [str],
//    "contract": {...}, "architecture": {"name": "crnn", "cell", "hidden", "classes"}}
// where state_dict has GenreLab's parameter names (b1.0.weight, …, gru.*, fc.*, out.*,
// plus BatchNorm's num_batches_tracked, so a strict load_state_dict succeeds) and the
// contract is ModelBundle::currentContract(). PyTorch 1.13's safe loader has no float
// opcode, so numbers are whole (f_max 11025, top_db 80); a fraction would be written as
// a string. read() takes such a file, any torch.save'd state_dict, or a training
// checkpoint holding one under "model_state_dict", through RestrictedUnpickler: nothing
// in it is executed.
// Thread contract: stateless; blocks.
class PtFile
{
public:
    static constexpr int formatVersion = 1;
    static constexpr qint64 maxFileBytes = qint64(2) << 30;

    static QByteArray encode(const ModelBundle &bundle);
    // Atomic. Throws Error(WriteFailed).
    static void write(const ModelBundle &bundle, const QString &path);
    // Throws Error (FileMissing, Unreadable, EmptyFile, Corrupt, Unsupported,
    // InvalidArgument for a file that is not a ZIP archive).
    static WeightsFile read(const QString &path);
    static WeightsFile decode(const QByteArray &bytes, const QString &path);
};

} // namespace genrelab
