#pragma once

#include "audio/AudioInfo.h"
#include "util/Error.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace genrelab {

// The contract's features of one track: `snippets` × 13 000 floats, time-major per
// snippet, taken where the featuriser's WindowPolicy says (`starts`). A track that failed carries its error instead and no features.
struct TrackFeatures
{
    std::size_t index = 0; // position in the list the featurizer was given
    QString path;
    AudioInfo info;
    double decodedSeconds = 0.0; // the track's length: as decoded, or as its header says (spread windows seek)
    std::size_t snippets = 0;
    std::vector<float> values;
    QStringList warnings;
    std::optional<Error> error;
    std::vector<double> starts; // where each snippet starts, in seconds

    bool ok() const { return !error.has_value(); }
};

} // namespace genrelab
