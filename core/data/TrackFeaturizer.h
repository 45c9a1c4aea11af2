#pragma once

#include "TrackFeatures.h"
#include "WindowPolicy.h"
#include "dsp/MelSpectrogram.h"

#include <QString>

#include <functional>
#include <optional>
#include <span>

namespace genrelab {

class AudioDecoder;

// The one way from an audio file to the network's input: decode, cut the snippets its
// WindowPolicy asks for (every snippet for datasets, windows spread over the track for
// tagging), and compute the contract's mel features of each.
// Errors are captured into the result (a bad file is data, not an exception), so a
// dataset load goes on past it. A track shorter than one snippet is reported as
// Error::Kind::TooShort, never padded.
// Thread contract: one instance per thread (it owns a MelSpectrogram workspace).
class TrackFeaturizer
{
public:
    explicit TrackFeaturizer(WindowPolicy policy = WindowPolicy::everySnippet());

    TrackFeatures featurize(const QString &path, std::size_t index = 0);

    // Every snippet of `path` (whatever the policy), handed to `sink` `batch` snippets at a
    // time (the last batch may be smaller) and then dropped: memory stays one batch
    // whatever the file's length. The result has everything but `values`. After an error
    // the batches already handed on belong to a failed track.
    using BatchSink = std::function<void(std::span<const float> values, std::size_t snippets)>;
    TrackFeatures featurizeInBatches(const QString &path, std::size_t batch, const BatchSink &sink);

    // Features of snippet `k` of the contract's back-to-back layout of a file (k × 3 s:
    // `mel`, `explain` on a file), decoding just that time range.
    std::vector<float> featurizeSnippet(const QString &path, std::size_t k);
    // Features of the 3-s window starting at `startSeconds` (a dataset's snippet, wherever
    // its CachedTrack::snippetStart says it lies).
    std::vector<float> featurizeSnippetAt(const QString &path, double startSeconds);
    // Features of the windows at `starts` (in that order), whatever the policy: a run's
    // snippets of a track when its cache is gone.
    TrackFeatures featurizeAt(const QString &path, const std::vector<double> &starts);

private:
    void streamEverySnippet(AudioDecoder &decoder, TrackFeatures &track);
    void seekToWindows(AudioDecoder &decoder, TrackFeatures &track, const std::vector<double> &starts);
    void decodeThenWindows(TrackFeatures &track);
    void addSnippet(TrackFeatures &track, std::span<const float> audio, double start);
    void handOnBatch(TrackFeatures &track);

    WindowPolicy m_policy;
    std::optional<std::vector<double>> m_starts; // set during featurizeAt(): these, not the policy's
    MelSpectrogram m_mel;
    std::vector<float> m_snippet = std::vector<float>(FeatureContract::snippetSamples);
    const BatchSink *m_sink = nullptr; // set during featurizeInBatches()
    std::size_t m_batch = 0;
};

} // namespace genrelab
