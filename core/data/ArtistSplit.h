#pragma once

#include "DataSplit.h"

#include <cstdint>
#include <vector>

namespace genrelab {

// Parts for the artist-aware split: every artist's tracks on one side, so that a test
// score measures new artists, not a familiar voice or mix (the "artist effect"). The
// artist is the track's artist (tag, else album artist; FMA's artist.name) compared
// without case; a track with no artist is a group of its own. Groups are placed largest
// first (ties in seeded order) in the part whose 80/10/10 share of their classes is
// most unfilled, which keeps each class's proportions close to the targets as far as
// the artists allow. Unlabelled tracks take no part.
// Thread contract: stateless.
class ArtistSplit
{
public:
    static std::vector<SplitPart> parts(const Dataset &dataset, std::uint64_t seed);
    // FMA's own partition (set.split: training, validation, test); tracks without one,
    // and unlabelled tracks, take no part.
    static std::vector<SplitPart> officialParts(const Dataset &dataset);
    // The key two spellings of one artist share ("The Band" and "the band ").
    static QString artistKey(const QString &artist);
};

} // namespace genrelab
