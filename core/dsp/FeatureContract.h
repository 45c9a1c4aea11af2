#pragma once

#include <cstddef>

namespace genrelab {

// The preprocessing contract v1 of DESIGN.md, in one place. Every model bundle and
// feature cache records `version`; a mismatch is refused, never silently misread.
// Changing any constant here means bumping `version`.
struct FeatureContract
{
    static constexpr int version = 1;
    static constexpr int sampleRate = 22050;
    static constexpr int snippetSamples = 66150; // 3 s
    static constexpr int nFft = 2048;
    static constexpr int hop = 512;
    static constexpr int nBins = nFft / 2 + 1;   // 1025
    static constexpr int nMels = 100;
    static constexpr int frames = 1 + snippetSamples / hop; // 130, centred frames
    static constexpr double fMin = 0.0;
    static constexpr double fMax = sampleRate / 2.0;
    static constexpr double amin = 1e-10;
    static constexpr double topDb = 80.0;
    static constexpr std::size_t valuesPerSnippet = std::size_t(frames) * nMels; // 13 000

    static constexpr double snippetSeconds() { return double(snippetSamples) / sampleRate; }
};

static_assert(FeatureContract::frames == 130);

} // namespace genrelab
