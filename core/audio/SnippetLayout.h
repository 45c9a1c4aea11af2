#pragma once

#include <cstddef>
#include <vector>

namespace genrelab {

// Where the contract's 3-s snippets lie in a track: non-overlapping from the start by
// default (training and evaluation), a shorter hop for inference windows. A trailing
// remainder shorter than a snippet is dropped; a 30-s clip gives 10, a 29.98-s one 9.
// Thread contract: stateless functions.
class SnippetLayout
{
public:
    // Number of whole snippets in `totalSamples` with the given hop (in samples).
    static std::size_t count(std::size_t totalSamples, std::size_t hopSamples = defaultHop());
    // Start sample of each snippet.
    static std::vector<std::size_t> starts(std::size_t totalSamples, std::size_t hopSamples = defaultHop());
    static std::size_t defaultHop();
};

} // namespace genrelab
