#include "SpectrogramPreview.h"

#include "FeatureContract.h"
#include "MelFilterbank.h"
#include "MelSpectrogram.h"
#include "RealFft.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {

using C = FeatureContract;

// Power spectrum of centred, zero-padded, periodic-Hann frames (the contract's framing).
SpectrogramPreview::Image powerFrames(std::span<const float> samples, int hop)
{
    SpectrogramPreview::Image image;
    image.frames = 1 + int(samples.size()) / std::max(1, hop);
    image.bins = C::nBins;
    image.values.resize(std::size_t(image.frames) * C::nBins);
    RealFft fft(C::nFft);
    // The contract's window, computed once: this runs on the GUI thread while a slider moves.
    const std::span<const float> window = MelSpectrogram::window();
    for (int t = 0; t < image.frames; ++t) {
        const long start = long(t) * hop - C::nFft / 2;
        for (int n = 0; n < C::nFft; ++n) {
            const long i = start + n;
            fft.input()[n] = (i >= 0 && i < long(samples.size())) ? samples[std::size_t(i)] * window[std::size_t(n)] : 0.0f;
        }
        fft.transform();
        for (int k = 0; k < C::nBins; ++k)
            image.values[std::size_t(t) * C::nBins + std::size_t(k)] = std::norm(fft.output()[k]);
    }
    return image;
}

void toDbScale(SpectrogramPreview::Image &image)
{
    const float peak = std::max(1e-10f, *std::max_element(image.values.begin(), image.values.end()));
    for (float &v : image.values) {
        const float db = std::max(-80.0f, 10.0f * std::log10(std::max(1e-10f, v) / peak));
        v = (db + 80.0f) / 80.0f;
    }
}

} // namespace

SpectrogramPreview::Image SpectrogramPreview::linear(std::span<const float> samples, int hop)
{
    Image image = powerFrames(samples, hop);
    toDbScale(image);
    return image;
}

SpectrogramPreview::Image SpectrogramPreview::mel(std::span<const float> samples, int hop, int nMels)
{
    const Image power = powerFrames(samples, hop);
    const MelFilterbank bank(C::sampleRate, C::nFft, nMels, C::fMin, C::fMax);
    Image image;
    image.frames = power.frames;
    image.bins = nMels;
    image.values.resize(std::size_t(image.frames) * std::size_t(nMels));
    for (int t = 0; t < image.frames; ++t)
        bank.apply(power.values.data() + std::size_t(t) * C::nBins, image.values.data() + std::size_t(t) * std::size_t(nMels));
    toDbScale(image);
    return image;
}

} // namespace genrelab
