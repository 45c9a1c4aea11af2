#pragma once

#include "data/TrackFeatures.h"
#include "dsp/MelSpectrogram.h"

#include <QString>

#include <vector>

namespace genrelab {

// The features of a long track for tagging: `windows` contract snippets spread evenly
// over the whole track (not just its start), each decoded by seeking there, so a
// four-minute MP3 costs ten 3-s decodes instead of four minutes of audio. A track
// shorter than `windows` snippets gives all of its snippets. Errors are captured in the
// result, as TrackFeaturizer does.
// Thread contract: one instance per thread.
class WindowFeaturizer
{
public:
    static constexpr int defaultWindows = 10;
    explicit WindowFeaturizer(int windows = defaultWindows);

    struct Result
    {
        TrackFeatures features;     // `snippets` windows × 13 000 values
        std::vector<double> starts; // seconds, one per window
    };
    Result featurize(const QString &path);

    // Window starts for a track of `seconds`: centred in `count` equal parts.
    static std::vector<double> starts(double seconds, int windows);

private:
    Result featurizeWhole(const QString &path, Result result);

    int m_windows;
    MelSpectrogram m_mel;
    std::vector<float> m_snippet;
};

} // namespace genrelab
