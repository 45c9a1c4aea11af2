#pragma once

#include "data/TrackFeatures.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace genrelab {

// A trained model ready to label new audio: the best model of a run folder or a bundle, its class
// names and architecture. predict() takes a track's contract features (all snippets)
// and returns per-snippet probabilities and the track's genre by mean probability.
// Thread contract: one thread at a time per instance (LibTorch modules are not
// re-entrant for inference state); load once, predict many.
class Predictor
{
public:
    struct TrackPrediction
    {
        int label = -1;
        float probability = 0.0f;            // of `label`, mean over snippets
        std::vector<float> meanProbabilities; // per class
        std::vector<std::vector<float>> snippetProbabilities;
    };

    // `model`: a run folder (its best model) or a .genrelab bundle.
    // Throws Error (FileMissing, Corrupt, InvalidArgument, Unsupported).
    explicit Predictor(const QString &model, int threads = 0);
    ~Predictor();

    const QStringList &labels() const;
    TrackPrediction predict(const TrackFeatures &track) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
