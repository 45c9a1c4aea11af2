#pragma once

#include "TrackFeatures.h"
#include "dsp/MelSpectrogram.h"

#include <QString>

namespace genrelab {

// Decodes one file and computes the contract's features of each of its snippets.
// Errors are captured into the result (a bad file is data, not an exception), so a
// dataset load goes on past it. A track shorter than one snippet is reported as
// Error::Kind::TooShort, never padded.
// Thread contract: one instance per thread (it owns a MelSpectrogram workspace).
class TrackFeaturizer
{
public:
    TrackFeatures featurize(const QString &path, std::size_t index = 0);

    // Features of snippet `k` only, decoding just that time range (the inspector).
    std::vector<float> featurizeSnippet(const QString &path, std::size_t k);

private:
    MelSpectrogram m_mel;
    std::vector<float> m_snippet = std::vector<float>(FeatureContract::snippetSamples);
};

} // namespace genrelab
