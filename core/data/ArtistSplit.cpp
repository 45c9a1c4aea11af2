#include "ArtistSplit.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <random>

namespace genrelab {

namespace {

constexpr std::array<double, 3> kShares = {0.8, 0.1, 0.1};
constexpr std::array<SplitPart, 3> kParts = {SplitPart::Train, SplitPart::Valid, SplitPart::Test};

struct ArtistGroup
{
    std::vector<int> tracks;
    std::vector<int> perClass;
};

std::vector<ArtistGroup> groupsOf(const Dataset &dataset)
{
    std::vector<ArtistGroup> groups;
    QHash<QString, std::size_t> byArtist;
    const std::size_t classes = std::size_t(dataset.labels().size());
    for (int t = 0; t < dataset.trackCount(); ++t) {
        const Track &track = dataset.tracks()[std::size_t(t)];
        if (track.labelIndex < 0)
            continue;
        const QString key = ArtistSplit::artistKey(track.artist);
        std::size_t index = groups.size();
        if (!key.isEmpty() && byArtist.contains(key))
            index = byArtist.value(key);
        if (index == groups.size()) {
            groups.push_back({{}, std::vector<int>(classes, 0)});
            if (!key.isEmpty())
                byArtist.insert(key, index);
        }
        groups[index].tracks.push_back(t);
        ++groups[index].perClass[std::size_t(track.labelIndex)];
    }
    return groups;
}

// Placing order: a seeded shuffle, then largest group first (stable, so equal sizes
// keep the seeded order).
void order(std::vector<ArtistGroup> &groups, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    for (std::size_t i = groups.size(); i > 1; --i)
        std::swap(groups[i - 1], groups[std::size_t(random() % i)]);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const ArtistGroup &a, const ArtistGroup &b) { return a.tracks.size() > b.tracks.size(); });
}

} // namespace

QString ArtistSplit::artistKey(const QString &artist)
{
    return artist.simplified().toCaseFolded();
}

std::vector<SplitPart> ArtistSplit::parts(const Dataset &dataset, std::uint64_t seed)
{
    std::vector<SplitPart> parts(dataset.tracks().size(), SplitPart::None);
    std::vector<ArtistGroup> groups = groupsOf(dataset);
    order(groups, seed);
    const std::vector<int> totals = dataset.countsPerLabel();
    const std::size_t classes = totals.size();
    std::array<std::vector<int>, 3> filled;
    filled.fill(std::vector<int>(classes, 0));
    for (const ArtistGroup &group : groups) {
        // The part whose share of this group's classes is least filled so far, relative
        // to its target (ties: the larger part). Relative, so that the small parts get
        // their first artists early and are never left empty by large ones.
        std::size_t best = 0;
        double bestFill = 1e300;
        for (std::size_t p = 0; p < kParts.size(); ++p) {
            double fill = 0.0;
            for (std::size_t c = 0; c < classes; ++c) {
                if (group.perClass[c] > 0)
                    fill += group.perClass[c] * filled[p][c] / std::max(kShares[p] * totals[c], 1e-9);
            }
            if (fill < bestFill) {
                bestFill = fill;
                best = p;
            }
        }
        for (std::size_t c = 0; c < classes; ++c)
            filled[best][c] += group.perClass[c];
        for (int t : group.tracks)
            parts[std::size_t(t)] = kParts[best];
    }
    return parts;
}

std::vector<SplitPart> ArtistSplit::officialParts(const Dataset &dataset)
{
    std::vector<SplitPart> parts(dataset.tracks().size(), SplitPart::None);
    for (std::size_t t = 0; t < parts.size(); ++t) {
        const Track &track = dataset.tracks()[t];
        if (track.labelIndex < 0)
            continue;
        if (track.officialSplit == QLatin1String("training"))
            parts[t] = SplitPart::Train;
        else if (track.officialSplit == QLatin1String("validation"))
            parts[t] = SplitPart::Valid;
        else if (track.officialSplit == QLatin1String("test"))
            parts[t] = SplitPart::Test;
    }
    return parts;
}

} // namespace genrelab
