#pragma once

#include "TrainingData.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

class ProgressReporter;

// "Which snippets does the network think alike?": the vector its last layer classifies,
// for every snippet of the chosen split parts, projected to 2-D (PointProjection), with
// what the network predicted — the embedding map of Evaluate and `genrelab-cli embed`.
// Thread contract: compute() blocks; call it off the GUI thread.
class EmbeddingMap
{
public:
    enum class Projection { Pca, Tsne };

    struct Point
    {
        int track = -1;      // the dataset's track index
        int snippet = -1;
        double start = 0.0;  // seconds
        SplitPart part = SplitPart::None;
        int trueLabel = -1;
        int predicted = -1;
        float confidence = 0.0f; // of `predicted`
        float x = 0.0f, y = 0.0f;
    };

    struct Result
    {
        std::vector<Point> points;
        QStringList labels;          // the model's classes
        int dimensions = 0;          // of the vectors before projection
        double explainedVariance = 0; // PCA only
    };

    // `model`: a run folder or a .genrelab bundle (checked as Predictor checks it), whose
    // classes must be the data's (by name, in order). Throws Error; Error(Cancelled).
    static Result compute(const QString &model, const TrainingData &data, const std::vector<SplitPart> &parts,
                          Projection projection, int threads, ProgressReporter *progress = nullptr);
};

} // namespace genrelab
