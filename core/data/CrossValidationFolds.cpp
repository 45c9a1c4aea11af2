#include "CrossValidationFolds.h"

#include "Dataset.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace genrelab {

namespace {

// The same Fisher–Yates as DataSplit's: mt19937_64's output is fixed by the standard, so
// folds are identical on every platform.
void seededShuffle(std::vector<int> &items, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[std::size_t(random() % i)]);
}

} // namespace

CrossValidationFolds::CrossValidationFolds(const Dataset &dataset, DataSplit::Kind base, std::uint64_t seed, int folds)
    : m_base(base)
    , m_seed(seed)
    , m_folds(folds)
    , m_foldOfTrack(dataset.tracks().size(), -1)
    , m_labelOfTrack(dataset.tracks().size(), -1)
    , m_labels(int(dataset.labels().size()))
{
    if (base == DataSplit::Kind::Seed)
        throw Error(Error::Kind::InvalidArgument, dataset.rootPath(),
                    QStringLiteral("cross-validation folds are made of tracks; the seed split shuffles snippets and leaks"),
                    QStringLiteral("use --split track or --split filtered"));
    if (base == DataSplit::Kind::Artist || base == DataSplit::Kind::Official)
        throw Error(Error::Kind::InvalidArgument, dataset.rootPath(),
                    QStringLiteral("cross-validation folds are dealt by track; folds by artist are not made yet"),
                    QStringLiteral("use --split track or --split filtered"));
    if (folds < 2 || folds > maxFolds)
        throw Error(Error::Kind::InvalidArgument, dataset.rootPath(),
                    QStringLiteral("cross-validation needs 2 to %1 folds, not %2").arg(maxFolds).arg(folds));
    const DataSplit filtered = base == DataSplit::Kind::Filtered ? DataSplit::filtered(dataset) : DataSplit();
    int dealt = 0; // continues across labels, so the folds' sizes differ by at most one
    for (int label = 0; label < m_labels; ++label) {
        std::vector<int> members;
        for (int t = 0; t < dataset.trackCount(); ++t) {
            const bool takesPart = base == DataSplit::Kind::Track || filtered.partOfTrack(t) != SplitPart::None;
            if (dataset.tracks()[std::size_t(t)].labelIndex == label && takesPart)
                members.push_back(t);
        }
        seededShuffle(members, seed + std::uint64_t(label));
        for (int t : members) {
            m_foldOfTrack[std::size_t(t)] = dealt++ % folds;
            m_labelOfTrack[std::size_t(t)] = label;
        }
    }
    if (dealt < folds)
        throw Error(Error::Kind::InvalidArgument, dataset.rootPath(),
                    QStringLiteral("%1 folds need at least %1 labelled tracks; this dataset has %2").arg(folds).arg(dealt));
}

int CrossValidationFolds::foldOfTrack(int track) const
{
    return track >= 0 && std::size_t(track) < m_foldOfTrack.size() ? m_foldOfTrack[std::size_t(track)] : -1;
}

DataSplit CrossValidationFolds::split(int fold) const
{
    std::vector<SplitPart> parts(m_foldOfTrack.size(), SplitPart::None);
    for (int label = 0; label < m_labels; ++label) {
        std::vector<int> rest;
        int all = 0;
        for (std::size_t t = 0; t < m_foldOfTrack.size(); ++t) {
            if (m_labelOfTrack[t] != label)
                continue;
            ++all;
            if (m_foldOfTrack[t] == fold)
                parts[t] = SplitPart::Test;
            else
                rest.push_back(int(t));
        }
        // Validation drawn afresh per fold (seeded by fold too), as the track split's 10 %.
        seededShuffle(rest, m_seed * 1000003u + std::uint64_t(fold) * 101u + std::uint64_t(label));
        const int n = int(rest.size());
        const int valid = std::min(n - 1, std::max(n >= 2 ? 1 : 0, int(std::lround(all * 0.1))));
        for (int i = 0; i < n; ++i)
            parts[std::size_t(rest[std::size_t(i)])] = i < valid ? SplitPart::Valid : SplitPart::Train;
    }
    const QString description = QStringLiteral("fold %1 of %2 by track%3 (seed %4)")
                                    .arg(fold + 1).arg(m_folds)
                                    .arg(m_base == DataSplit::Kind::Filtered ? QStringLiteral(", filtered tracks only") : QString())
                                    .arg(m_seed);
    return DataSplit::ofTracks(m_base, m_seed, std::move(parts), description);
}

} // namespace genrelab
