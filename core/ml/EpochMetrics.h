#pragma once

#include <QMetaType>

#include <vector>

namespace genrelab {

// One finished epoch, as the trainer reports it to every listener (GUI charts, CLI).
struct EpochMetrics
{
    int epoch = 0;            // 1-based
    double trainLoss = 0.0;
    double trainAccuracy = 0.0;
    double validLoss = 0.0;
    double validAccuracy = 0.0;
    double seconds = 0.0;     // this epoch
    double elapsed = 0.0;     // since the run started (this process)
    double eta = 0.0;         // seconds left, from the mean epoch time
};

// The validation confusion matrix after one epoch (counts[true][predicted], snippets),
// kept per epoch so Evaluate can replay how the matrix formed.
struct EpochConfusion
{
    int epoch = 0;
    std::vector<std::vector<int>> counts;
};

} // namespace genrelab

Q_DECLARE_METATYPE(genrelab::EpochMetrics)
