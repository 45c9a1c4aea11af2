#pragma once

#include "ModelBundle.h"
#include "WeightsFile.h"

#include <QByteArray>
#include <QString>

namespace genrelab {

// A model in the safetensors format (https://huggingface.co/docs/safetensors):
//   u64 little-endian N | N bytes of JSON header, padded with spaces to a multiple of 8
//   | the tensors' bytes, little-endian, contiguous, in the order of their offsets
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
// (relative to the data) and "__metadata__" to string → string: GenreLab writes
// "format", "classes", "contract", "architecture", "split" and "metrics", each as a JSON
// string. Tensor names and BatchNorm counters are as in PtFile, so
// safetensors.torch.load_file() gives a state_dict that load_state_dict takes.
// read() checks the header against the specification before it touches the data.
// Thread contract: stateless; blocks.
class SafetensorsFile
{
public:
    static constexpr int formatVersion = 1;
    static constexpr qint64 maxHeaderBytes = 100'000'000; // the reference implementation's limit
    static constexpr qint64 maxFileBytes = qint64(2) << 30;

    static QByteArray encode(const ModelBundle &bundle);
    // Atomic. Throws Error(WriteFailed).
    static void write(const ModelBundle &bundle, const QString &path);
    // Throws Error (FileMissing, Unreadable, EmptyFile, Corrupt, Unsupported).
    static WeightsFile read(const QString &path);
    static WeightsFile decode(const QByteArray &bytes, const QString &path);
    // The file starts like a safetensors file (a plausible length, then '{').
    static bool looksLike(const QByteArray &head);
};

} // namespace genrelab
