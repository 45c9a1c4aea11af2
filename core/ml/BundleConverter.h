#pragma once

#include "io/ModelBundle.h"

#include <QString>

namespace genrelab {

// Between a run folder (LibTorch archives written by the trainer) and a ModelBundle
// (plain floats with a description): fromRun() gathers the best model's weights and
// everything a reader needs to trust them — contract, classes, split, seed, training
// configuration, final metrics, versions.
// Thread contract: stateless; blocks.
class BundleConverter
{
public:
    // Throws Error (FileMissing, Corrupt) when the run has no readable model.
    static ModelBundle fromRun(const QString &runDir);
};

} // namespace genrelab
