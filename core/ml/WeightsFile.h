#pragma once

#include "ModelBundle.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace genrelab {

// What a PyTorch (.pt) or safetensors file holds, as read by PtFile or SafetensorsFile
// before anything is trusted: floating-point tensors converted to float32 in the file's
// order, the names of integer tensors (BatchNorm's num_batches_tracked), and the
// file's description (classes, contract, architecture, split, metrics), each as found.
// ModelImport checks all of it against GenreLab's network and contract.
// Thread contract: a value type.
struct WeightsFile
{
    std::vector<ModelBundle::Tensor> tensors;
    QStringList integerTensors;
    QJsonObject metadata;

    // The whole file, after the checks every reader of a stranger's file makes (exists,
    // a regular file, not empty, at most maxBytes). Throws Error.
    static QByteArray readFileBytes(const QString &path, qint64 maxBytes);
    // One little-endian element of a floating-point dtype ("float32", "float64",
    // "float16", "bfloat16") as a float.
    static float floatAt(const char *at, const QString &dtype);
    static bool isFloatingPoint(const QString &dtype);
};

} // namespace genrelab
