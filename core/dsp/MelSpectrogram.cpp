#include "MelSpectrogram.h"

#include "FastLog.h"
#include "MelFilterbank.h"
#include "VectorClones.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace genrelab {

namespace {

using C = FeatureContract;

// Periodic Hann (as scipy/librosa "hann" with fftbins=True), computed in double once.
const std::array<float, C::nFft> &hannWindow()
{
    static const std::array<float, C::nFft> window = [] {
        std::array<float, C::nFft> w{};
        for (int n = 0; n < C::nFft; ++n)
            w[n] = float(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * n / C::nFft));
        return w;
    }();
    return window;
}

} // namespace

std::span<const float> MelSpectrogram::window()
{
    return hannWindow();
}

const MelFilterbank &MelSpectrogram::filterbank()
{
    static const MelFilterbank bank(C::sampleRate, C::nFft, C::nMels, C::fMin, C::fMax);
    return bank;
}

MelSpectrogram::MelSpectrogram()
    : m_fft(C::nFft)
    , m_power(std::size_t(C::nBins) * MelFilterbank::kFrameBlock)
{
    hannWindow();
    filterbank();
}

GENRELAB_VECTOR_CLONES void MelSpectrogram::windowFrame(std::span<const float> samples, std::ptrdiff_t centre)
{
    // Frame t covers [centre − n_fft/2, centre + n_fft/2); outside the signal it is zero
    // (the contract's zero padding). Only the first and last few frames take the slow path.
    const auto &window = hannWindow();
    float *in = m_fft.input();
    const std::ptrdiff_t start = centre - C::nFft / 2;
    const auto length = std::ptrdiff_t(samples.size());
    if (start >= 0 && start + C::nFft <= length) {
        const float *src = samples.data() + start;
        for (int n = 0; n < C::nFft; ++n)
            in[n] = src[n] * window[n];
        return;
    }
    for (int n = 0; n < C::nFft; ++n) {
        const std::ptrdiff_t i = start + n;
        in[n] = (i >= 0 && i < length) ? samples[i] * window[n] : 0.0f;
    }
}

GENRELAB_VECTOR_CLONES void MelSpectrogram::computeMelPower(std::span<const float> samples, std::span<float> out)
{
    const std::size_t frames = frameCount(samples.size());
    if (out.size() < frames * C::nMels)
        throw std::invalid_argument("MelSpectrogram: output buffer too small");
    const MelFilterbank &bank = filterbank();
    constexpr int F = MelFilterbank::kFrameBlock;
    // Frames in blocks: each block's power spectra go bin-major into m_power, then the
    // filterbank runs across the block's frames at once.
    for (std::size_t first = 0; first < frames; first += F) {
        const int block = int(std::min<std::size_t>(F, frames - first));
        for (int f = 0; f < block; ++f) {
            windowFrame(samples, std::ptrdiff_t(first + std::size_t(f)) * C::hop);
            m_fft.transform();
            const std::complex<float> *bins = m_fft.output();
            float *power = m_power.data() + f;
            for (int k = 0; k < C::nBins; ++k)
                power[std::size_t(k) * F] = bins[k].real() * bins[k].real() + bins[k].imag() * bins[k].imag();
        }
        bank.applyFrames(m_power.data(), block, out.data() + first * C::nMels);
    }
}

GENRELAB_VECTOR_CLONES void MelSpectrogram::toContractScale(std::span<const float> melPower, std::span<float> out)
{
    if (out.size() < melPower.size())
        throw std::invalid_argument("MelSpectrogram: output buffer too small");
    float peak = 0.0f;
    for (float v : melPower)
        peak = v > peak ? v : peak; // a NaN compares false and is passed over
    // Every value below peak·10^(−topDb/10) lands on the floor, so clamping there first
    // gives identical results and keeps log10 away from denormals and zeros.
    // An infinite peak (from Inf samples) would make every value NaN: cap it.
    const double ref = std::clamp(double(peak), C::amin, double(std::numeric_limits<float>::max()));
    const float floorPower = float(std::max(C::amin, ref * std::pow(10.0, -C::topDb / 10.0)));
    const float refDb = float(10.0 * std::log10(ref));
    constexpr float dbPerNeper = float(10.0 / std::numbers::ln10); // 10·log10(p) = dbPerNeper·ln(p)
    constexpr float scale = float(1.0 / C::topDb);
    const float *in = melPower.data();
    float *result = out.data();
    const std::size_t count = melPower.size();
#pragma omp simd
    for (std::size_t i = 0; i < count; ++i) {
        // Plain selects rather than std::max/clamp (which return references): the loop
        // then if-converts and vectorises. A NaN compares false and lands on the floor.
        const float p = in[i] > floorPower ? in[i] : floorPower;
        float db = dbPerNeper * fastLn(p) - refDb;
        db = db < -float(C::topDb) ? -float(C::topDb) : db;
        db = db > 0.0f ? 0.0f : db;
        result[i] = (db + float(C::topDb)) * scale + 0.001f;
    }
}

void MelSpectrogram::computeSnippet(std::span<const float> samples, std::span<float> out)
{
    if (samples.size() != std::size_t(C::snippetSamples) || out.size() != C::valuesPerSnippet)
        throw std::invalid_argument("MelSpectrogram::computeSnippet: wrong buffer size");
    computeMelPower(samples, out);
    toContractScale(out, out);
}

} // namespace genrelab
