#include "SnippetLayout.h"

#include "dsp/FeatureContract.h"

#include <stdexcept>

namespace genrelab {

std::size_t SnippetLayout::defaultHop()
{
    return FeatureContract::snippetSamples;
}

std::size_t SnippetLayout::count(std::size_t totalSamples, std::size_t hopSamples)
{
    if (hopSamples == 0)
        throw std::invalid_argument("SnippetLayout: hop must be positive");
    constexpr std::size_t length = FeatureContract::snippetSamples;
    return totalSamples < length ? 0 : 1 + (totalSamples - length) / hopSamples;
}

std::vector<std::size_t> SnippetLayout::starts(std::size_t totalSamples, std::size_t hopSamples)
{
    std::vector<std::size_t> result(count(totalSamples, hopSamples));
    for (std::size_t i = 0; i < result.size(); ++i)
        result[i] = i * hopSamples;
    return result;
}

} // namespace genrelab
