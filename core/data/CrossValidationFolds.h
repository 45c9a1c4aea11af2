#pragma once

#include "DataSplit.h"

#include <cstdint>
#include <vector>

namespace genrelab {

class Dataset;

// K-fold cross-validation by track: every taking-part track lies in exactly one fold,
// so over the K runs every track is tested exactly once, and no track's snippets are
// ever on both sides of a run. Folds are stratified by label (each label's tracks,
// shuffled with the seed, are dealt round the folds, continuing where the previous label
// stopped so fold sizes differ by at most one) and depend only on the dataset, the base
// and the seed — two configurations compared with one seed get identical folds.
//  - base Track: every labelled track takes part; base Filtered: only the tracks the
//    fault-filtered lists name (any part); Seed is refused (it splits snippets, leaks).
//  - split(k): test = fold k; validation = about 10 % of each label's tracks, drawn from
//    the other folds (at least one where a label has two or more left); train = the rest.
// Thread contract: a value type.
class CrossValidationFolds
{
public:
    static constexpr int maxFolds = 100;

    // Throws Error(InvalidArgument) for a Seed base, folds outside 2…maxFolds, or fewer
    // taking-part tracks than folds.
    CrossValidationFolds(const Dataset &dataset, DataSplit::Kind base, std::uint64_t seed, int folds);

    int folds() const { return m_folds; }
    // 0-based fold of a dataset track, or −1 when it does not take part.
    int foldOfTrack(int track) const;
    // The split of fold `fold` (0-based); its summary names the fold.
    DataSplit split(int fold) const;

private:
    DataSplit::Kind m_base;
    std::uint64_t m_seed;
    int m_folds;
    std::vector<int> m_foldOfTrack;
    std::vector<int> m_labelOfTrack;
    int m_labels = 0;
};

} // namespace genrelab
