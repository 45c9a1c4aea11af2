#include "MelSpectrogram.h"

#include "FastLog.h"
#include "MelFilterbank.h"
#include "util/VectorClones.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
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

// rows[i][j] becomes rows[j][i], the usual unpack / shuffle / lane-swap network.
inline void transpose8x8(Floats8 (&rows)[8])
{
    Floats8 t[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = __builtin_shufflevector(rows[i], rows[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[i + 1] = __builtin_shufflevector(rows[i], rows[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    Floats8 u[8];
    for (int i = 0; i < 8; i += 4) {
        u[i] = __builtin_shufflevector(t[i], t[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        u[i + 1] = __builtin_shufflevector(t[i], t[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        u[i + 2] = __builtin_shufflevector(t[i + 1], t[i + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        u[i + 3] = __builtin_shufflevector(t[i + 1], t[i + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int j = 0; j < 4; ++j) {
        rows[j] = __builtin_shufflevector(u[j], u[j + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        rows[j + 4] = __builtin_shufflevector(u[j], u[j + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

// The power spectra of the fft's first `frames` slots, bin-major into `tile`
// (tile[k · 8 + f], as MelFilterbank::applyFrames reads it). Eight bins of eight frames
// at a time: squared, re² + im² paired, then transposed in registers, so each bin's
// eight frames go out as one store (one store per value cost twice as much).
// re·re + im·im is rounded exactly as the scalar expression is.
GENRELAB_VECTOR_CLONES void powerBinMajor(const RealFft &fft, int frames, float *tile)
{
    constexpr int F = MelFilterbank::kFrameBlock;
    static_assert(F == 8, "the transpose is 8 × 8");
    const float *spectra[F];
    for (int f = 0; f < F; ++f) // slots past `frames` repeat the last one; applyFrames ignores them
        spectra[f] = reinterpret_cast<const float *>(fft.output(std::min(f, frames - 1)));
    constexpr int vectorBins = C::nBins / 8 * 8;
    // After pairing, a row holds bins k + {0, 1, 4, 5, 2, 3, 6, 7} (the pairs stay in
    // their lane), so after the transpose rows[j] is that bin's eight frames.
    for (int k = 0; k < vectorBins; k += 8) {
        Floats8 rows[F];
        for (int f = 0; f < F; ++f) {
            const Floats8 a = load8(spectra[f] + 2 * k); // re, im of bins k … k + 3
            const Floats8 b = load8(spectra[f] + 2 * k + 8); // bins k + 4 … k + 7
            const Floats8 aa = a * a;
            const Floats8 bb = b * b;
            const Floats8 re2 = __builtin_shufflevector(aa, bb, 0, 2, 8, 10, 4, 6, 12, 14);
            const Floats8 im2 = __builtin_shufflevector(aa, bb, 1, 3, 9, 11, 5, 7, 13, 15);
            rows[f] = re2 + im2;
        }
        transpose8x8(rows);
        float *out = tile + std::size_t(k) * F;
        // Written out rather than looped over a table of bins: GCC then keeps `rows` in registers.
        std::memcpy(out + 0 * F, &rows[0], sizeof(Floats8));
        std::memcpy(out + 1 * F, &rows[1], sizeof(Floats8));
        std::memcpy(out + 4 * F, &rows[2], sizeof(Floats8));
        std::memcpy(out + 5 * F, &rows[3], sizeof(Floats8));
        std::memcpy(out + 2 * F, &rows[4], sizeof(Floats8));
        std::memcpy(out + 3 * F, &rows[5], sizeof(Floats8));
        std::memcpy(out + 6 * F, &rows[6], sizeof(Floats8));
        std::memcpy(out + 7 * F, &rows[7], sizeof(Floats8));
    }
    for (int k = vectorBins; k < C::nBins; ++k) {
        for (int f = 0; f < F; ++f) {
            const float re = spectra[f][2 * k];
            const float im = spectra[f][2 * k + 1];
            tile[std::size_t(k) * F + std::size_t(f)] = re * re + im * im;
        }
    }
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
    : m_fft(C::nFft, MelFilterbank::kFrameBlock)
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
    // Frames in blocks: a block's spectra fill the FFT's slots, their power goes bin-major
    // into m_power, then the filterbank runs across the block's frames at once.
    for (std::size_t first = 0; first < frames; first += F) {
        const int block = int(std::min<std::size_t>(F, frames - first));
        for (int f = 0; f < block; ++f) {
            windowFrame(samples, std::ptrdiff_t(first + std::size_t(f)) * C::hop);
            m_fft.transform(f);
        }
        powerBinMajor(m_fft, block, m_power.data());
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
