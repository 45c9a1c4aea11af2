#pragma once

#include "data/DataSplit.h"
#include "data/Dataset.h"
#include "data/FeatureCache.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace genrelab {

// One labelled snippet in the feature cache.
struct TrainingItem
{
    int track = 0;      // dataset track
    int cacheTrack = 0; // entry in the feature cache
    int snippet = 0;
    int label = 0;
    double start = 0.0;
};

// The snippets of a dataset per split part, read straight from the memory-mapped
// feature cache: a batch is gathered into the caller's buffer, so the features are
// never copied into a second full-size array. Optional augmentation (time shift,
// SpecAugment-style time and frequency masks) is applied while gathering.
// Thread contract: immutable after construction; gather() is const and reentrant.
class TrainingData
{
public:
    TrainingData(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache, const DataSplit &split);

    const std::vector<TrainingItem> &items(SplitPart part) const;
    int classes() const { return m_classes; }
    const QStringList &labels() const { return m_labels; }
    // Relative path of each dataset track (by dataset index), for reports.
    const QStringList &trackNames() const { return m_trackNames; }

    // Copies items[indices[i]] of `part` to out[i · 13 000 …]; with `augmentSeed` ≠ 0
    // each snippet gets a random circular time shift and one time and one band mask.
    void gather(SplitPart part, std::span<const int> indices, float *out, std::uint64_t augmentSeed = 0) const;

private:
    std::shared_ptr<const FeatureCache> m_cache;
    std::vector<TrainingItem> m_train, m_valid, m_test, m_none;
    int m_classes = 0;
    QStringList m_labels;
    QStringList m_trackNames;
};

} // namespace genrelab
