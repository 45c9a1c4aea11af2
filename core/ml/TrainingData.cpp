#include "TrainingData.h"

#include "dsp/FeatureContract.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace genrelab {

namespace {
using C = FeatureContract;

void augment(float *snippet, std::mt19937_64 &random)
{
    std::uniform_int_distribution<int> shift(-C::frames / 10, C::frames / 10);
    std::uniform_int_distribution<int> timeWidth(0, C::frames / 10), bandWidth(0, C::nMels / 10);
    std::rotate(snippet, snippet + std::size_t((C::frames + shift(random)) % C::frames) * C::nMels,
                snippet + C::valuesPerSnippet);
    constexpr float floor = 0.001f; // the contract's −80 dB
    const int t0 = std::uniform_int_distribution<int>(0, C::frames - 1)(random), tw = timeWidth(random);
    for (int t = t0; t < std::min(C::frames, t0 + tw); ++t)
        std::fill_n(snippet + std::size_t(t) * C::nMels, C::nMels, floor);
    const int b0 = std::uniform_int_distribution<int>(0, C::nMels - 1)(random), bw = bandWidth(random);
    for (int t = 0; t < C::frames; ++t)
        for (int b = b0; b < std::min(C::nMels, b0 + bw); ++b)
            snippet[std::size_t(t) * C::nMels + std::size_t(b)] = floor;
}
} // namespace

TrainingData::TrainingData(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache, const DataSplit &split)
    : m_cache(std::move(cache))
    , m_classes(int(dataset.labels().size()))
    , m_labels(dataset.labels())
{
    for (const Track &track : dataset.tracks())
        m_trackNames << track.relativePath;
    const std::vector<SnippetRef> snippets = dataset.snippets();
    for (int s = 0; s < int(snippets.size()); ++s) {
        const SnippetRef &ref = snippets[std::size_t(s)];
        const Track &track = dataset.tracks()[std::size_t(ref.track)];
        const int entry = m_cache->findTrack(track.path);
        if (entry < 0 || track.labelIndex < 0 || ref.index >= int(m_cache->track(entry).snippetCount))
            continue;
        const TrainingItem item{ref.track, entry, ref.index, track.labelIndex, m_cache->track(entry).snippetStart(ref.index)};
        switch (split.partOfSnippet(s, ref)) {
        case SplitPart::Train: m_train.push_back(item); break;
        case SplitPart::Valid: m_valid.push_back(item); break;
        case SplitPart::Test: m_test.push_back(item); break;
        case SplitPart::None: break;
        }
    }
}

const std::vector<TrainingItem> &TrainingData::items(SplitPart part) const
{
    switch (part) {
    case SplitPart::Train: return m_train;
    case SplitPart::Valid: return m_valid;
    case SplitPart::Test: return m_test;
    case SplitPart::None: break;
    }
    return m_none;
}

void TrainingData::gather(SplitPart part, std::span<const int> indices, float *out, std::uint64_t augmentSeed) const
{
    const std::vector<TrainingItem> &list = items(part);
    std::mt19937_64 random(augmentSeed);
    for (std::size_t i = 0; i < indices.size(); ++i) {
        const TrainingItem &item = list[std::size_t(indices[i])];
        float *target = out + i * C::valuesPerSnippet;
        std::memcpy(target, m_cache->snippet(item.cacheTrack, item.snippet).data(), C::valuesPerSnippet * sizeof(float));
        if (augmentSeed != 0)
            augment(target, random);
    }
}

} // namespace genrelab
