#pragma once

#include "ModelBundle.h"

#include <QString>

namespace genrelab {

// A run folder's best model, read the way a bundle is read: the architecture and class
// names of config.json with the weights of best.pt, checked against each other before
// anything uses them. best.pt's weights must be finite and sane; for runs that record
// them (every run trained since), the class names and a SHA-256 of the weights saved in
// best.pt must match — a reordered label list or one damaged byte is refused. The
// weights' names and shapes are then checked against the network config.json describes
// by loadBundleModel(), exactly as for a bundle (see loadBestModel in Inference.h).
// Thread contract: stateless; blocks.
class RunModel
{
public:
    // The names best.pt keeps besides the network's own weights.
    static constexpr const char *classesKey = "genrelab_classes";
    static constexpr const char *checksumKey = "genrelab_weights_sha256";

    // Throws Error: FileMissing (no config.json or best.pt), Corrupt (naming the file and
    // the reason: unreadable archive, classes or checksum that do not match, a NaN).
    static ModelBundle read(const QString &runDir);
    // SHA-256 over the weights in name order (name, then the float32 values).
    static QByteArray checksum(const std::vector<ModelBundle::Tensor> &tensors);
};

} // namespace genrelab
