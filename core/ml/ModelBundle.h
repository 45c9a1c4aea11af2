#pragma once

#include "CrnnOptions.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace genrelab {

// A trained model as one `.genrelab` file: weights, architecture, class names, the
// preprocessing contract, split, seed, metrics, training config and versions.
//
// Layout (little-endian):
//   "GLBUNDLE" | u32 format | u32 manifest size | manifest (UTF-8 JSON)
//   | u64 payload size | payload (float32 tensors, in manifest order) | SHA-256 of all before
// The weights are plain float arrays described by the manifest (name, shape), never a
// pickle or a Torch archive: reading validates sizes, hash and structure and hands
// Torch nothing but numbers, so a bundle from a stranger cannot run code. The hash
// catches truncation and accidental or naive tampering; it is not a signature.
// Thread contract: a value type; read() and write() block.
class ModelBundle
{
public:
    static constexpr std::uint32_t formatVersion = 1;
    static constexpr std::uint32_t maxManifestBytes = 1u << 20;     // 1 MiB of JSON
    static constexpr std::uint64_t maxPayloadBytes = 1ull << 30;    // 1 GiB of weights
    // Trained weights and BatchNorm statistics stay far below this; a value above it (or
    // NaN, infinity) is a damaged file, e.g. a flipped exponent bit.
    static constexpr float maxWeightMagnitude = 1e6f;

    struct Tensor
    {
        QString name;
        std::vector<std::int64_t> shape;
        std::vector<float> values;
        std::int64_t elementCount() const; // −1 when the shape's product overflows
    };

    QStringList classes;
    CrnnOptions network;
    // Everything else, kept as written: "contract", "training", "split", "metrics",
    // "versions" (see ModelBundleWriter / `genrelab-cli export --bundle`).
    QJsonObject metadata;
    std::vector<Tensor> tensors;

    const Tensor *find(const QString &name) const;

    // Throws Error(WriteFailed). Atomic: a kill leaves the previous file or none.
    void write(const QString &path) const;
    // Throws Error: FileMissing, Unreadable, EmptyFile; NotAudio is never used —
    // Unsupported for another format version or contract, Corrupt for a truncated,
    // altered or inconsistent file, InvalidArgument for something that is not a bundle.
    static ModelBundle read(const QString &path);
    // Throws Error(Corrupt) naming `path`, the weight and the position when a value is NaN,
    // infinite or larger than maxWeightMagnitude. Bundles and run folders check alike.
    static void checkWeights(const QString &path, const std::vector<Tensor> &tensors, const QString &advice);
    // The contract this build computes features with, as recorded in bundles.
    static QJsonObject currentContract();

private:
    QByteArray manifest() const;
    static ModelBundle fromManifest(const QString &path, const QByteArray &json, std::uint64_t payloadBytes);
};

} // namespace genrelab
