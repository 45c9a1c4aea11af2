#pragma once

#include "ModelBundle.h"

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
    // A freshly initialised network (seeded) for these classes: what benchmarks time
    // when no trained model is at hand (speed does not depend on the weights).
    static ModelBundle untrained(const QStringList &classes, std::uint64_t seed = 1);
};

} // namespace genrelab
