#pragma once

#include "TrackFeatures.h"
#include "WindowPolicy.h"
#include "dsp/MelSpectrogram.h"

#include <QString>

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

    // Features of snippet `k` only, decoding just that time range (the inspector).
    std::vector<float> featurizeSnippet(const QString &path, std::size_t k);

private:
    void streamEverySnippet(AudioDecoder &decoder, TrackFeatures &track);
    void seekToWindows(AudioDecoder &decoder, TrackFeatures &track);
    void decodeThenWindows(TrackFeatures &track);
    void addSnippet(TrackFeatures &track, std::span<const float> audio, double start);

    WindowPolicy m_policy;
    MelSpectrogram m_mel;
    std::vector<float> m_snippet = std::vector<float>(FeatureContract::snippetSamples);
};

} // namespace genrelab
