#pragma once

#include "FeatureContract.h"
#include "FramePairFft.h"

#include <cstddef>
#include <span>
#include <vector>

namespace genrelab {

class MelFilterbank;

// The contract's features (DESIGN.md, "the preprocessing contract"): centred STFT
// (n_fft 2048, hop 512, periodic Hann, zero padding), power spectrum, Slaney mel bank,
// dB relative to the snippet's maximum floored at −80 dB, scaled to (dB + 80)/80 + 0.001.
// Output is time-major: frame t, band b at [t · nMels + b], i.e. the network's [130, 100].
// Thread contract: one instance per thread (it owns FFT buffers); instances are cheap
// after the first one (FFT plan and filterbank are shared, immutable, process-wide).
class MelSpectrogram
{
public:
    MelSpectrogram();

    // Features of one 3-s snippet: `samples` holds exactly snippetSamples values,
    // `out` receives FeatureContract::valuesPerSnippet floats.
    void computeSnippet(std::span<const float> samples, std::span<float> out);

    // Mel power (before dB) of any signal, frames = 1 + n / hop, time-major. Used by the
    // inspector for whole tracks; computeSnippet is this plus toContractScale.
    static std::size_t frameCount(std::size_t samples) { return 1 + samples / FeatureContract::hop; }
    void computeMelPower(std::span<const float> samples, std::span<float> out);

    // dB relative to the maximum of `melPower`, floored at −topDb, then the contract's
    // scaling to [0.001, 1.001]. In place allowed. Pure silence maps to 1.001 everywhere
    // (like the reference), never NaN.
    static void toContractScale(std::span<const float> melPower, std::span<float> out);

    static const MelFilterbank &filterbank();
    // The contract's periodic Hann window (n_fft values), computed once per process.
    static std::span<const float> window();

private:
    void windowFramePair(std::span<const float> samples, std::ptrdiff_t centre, bool withNext);

    FramePairFft m_fft;
    std::vector<float> m_power;
};

} // namespace genrelab
