#pragma once

#include "Evaluation.h"
#include "TrainingData.h"

#include <QString>

namespace genrelab {

class ProgressReporter;

// Scores a run's best model (best.pt of a run directory) on a part of a dataset.
// Thread contract: evaluate() blocks; call it off the GUI thread.
class ModelEvaluator
{
public:
    struct Result
    {
        Evaluation evaluation;
        std::vector<SnippetPrediction> predictions;
    };

    // Throws Error when the run has no model or it does not fit the data's classes.
    // A cancelled `progress` stops it with Error(Cancelled).
    static Result evaluate(const QString &runDir, const TrainingData &data, SplitPart part, int threads,
                           ProgressReporter *progress = nullptr);
};

} // namespace genrelab
