#pragma once

#include "data/TrackFeatures.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace genrelab {

// A trained model ready to label new audio: the best model of a run folder, a bundle or
// a cross-validation folder's fold models together (ModelEnsemble), its class
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

    // `model`: a run folder (its best model), a .genrelab bundle, or a cross-validation
    // folder (ModelEnsemble: its fold models' probabilities averaged).
    // Throws Error (FileMissing, Corrupt, InvalidArgument, Unsupported).
    explicit Predictor(const QString &model, int threads = 0);
    ~Predictor();

    const QStringList &labels() const;
    int modelCount() const; // 1, or an ensemble's members
    // The network runs on batches of batchSnippets, so memory does not grow with the track.
    TrackPrediction predict(const TrackFeatures &track) const;
    // Featurises every snippet of the audio file `path` and classifies them batch by
    // batch as they are decoded: memory stays one batch whatever the file's length (an
    // hour costs what three minutes do). `track` receives the file's info, warnings,
    // error and snippet starts — not its features. A failed file gives label −1.
    TrackPrediction predictFile(const QString &path, TrackFeatures &track) const;

    // 32: the first convolution's output alone is 53 MB per batch; an hour of audio
    // (1 200 snippets) then peaks at about 400 MB instead of 4 GB as one batch.
    static constexpr std::size_t batchSnippets = 32;

private:
    void addBatch(const float *features, std::size_t snippets, std::vector<float> &probabilities) const;
    TrackPrediction finish(const std::vector<float> &probabilities) const;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
