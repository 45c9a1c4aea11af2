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

// Frames 2j and 2j + 1's power at bin k from their pair's spectrum Z (FramePairFft):
// with Z[k] = a + ib and Z[N − k] = c + id, |A[k]|² = ((a + c)² + (b − d)²) / 4 and
// |B[k]|² = ((a − c)² + (b + d)²) / 4. The vector loop below does the same operations
// in the same order, so a bin's value does not depend on which loop computed it.
inline void pairPower(const float *z, int k, float &a2, float &b2)
{
    const int m = (C::nFft - k) % C::nFft;
    const float s = z[2 * k] + z[2 * m], t = z[2 * k + 1] - z[2 * m + 1];
    const float u = z[2 * k] - z[2 * m], v = z[2 * k + 1] + z[2 * m + 1];
    a2 = (s * s + t * t) * 0.25f;
    b2 = (u * u + v * v) * 0.25f;
}

// The power spectra of a block's `frames` frames, bin-major into `tile` (tile[k · 8 + f],
// as MelFilterbank::applyFrames reads it), from the FFT's pair slots (frames 2j, 2j + 1
// in slot j). Eight bins of all eight frames at a time: each pair's two power rows from
// Z[k … k + 7] and, reversed, Z[N − k − 7 … N − k], then transposed in registers so each
// bin's eight frames go out as one store (one store per value cost twice as much).
GENRELAB_VECTOR_CLONES void powerBinMajor(const FramePairFft &fft, int frames, float *tile)
{
    constexpr int F = MelFilterbank::kFrameBlock;
    constexpr int N = C::nFft;
    static_assert(F == 8, "the transpose is 8 × 8");
    const float *pairs[F / 2];
    for (int j = 0; j < F / 2; ++j) // slots past `frames` repeat the last one; applyFrames ignores them
        pairs[j] = fft.output(std::min(j, (frames - 1) / 2));
    const Floats8 quarter = {0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f};
    int k = 1; // bin 0 is its own partner: below, with the ones the vectors leave
    for (; k + 7 < N / 2; k += 8) {
        Floats8 rows[F];
        for (int j = 0; j < F / 2; ++j) {
            const float *z = pairs[j];
            const Floats8 ahead0 = load8(z + 2 * k), ahead1 = load8(z + 2 * k + 8); // bins k … k + 7
            const Floats8 back0 = load8(z + 2 * (N - k - 7)), back1 = load8(z + 2 * (N - k - 3)); // N − k − 7 … N − k
            const Floats8 a = __builtin_shufflevector(ahead0, ahead1, 0, 2, 4, 6, 8, 10, 12, 14);
            const Floats8 b = __builtin_shufflevector(ahead0, ahead1, 1, 3, 5, 7, 9, 11, 13, 15);
            const Floats8 c = __builtin_shufflevector(back1, back0, 6, 4, 2, 0, 14, 12, 10, 8); // lane i: bin N − k − i
            const Floats8 d = __builtin_shufflevector(back1, back0, 7, 5, 3, 1, 15, 13, 11, 9);
            const Floats8 s = a + c, t = b - d, u = a - c, v = b + d;
            rows[2 * j] = (s * s + t * t) * quarter;
            rows[2 * j + 1] = (u * u + v * v) * quarter;
        }
        transpose8x8(rows); // rows[i]: bin k + i's eight frames
        float *out = tile + std::size_t(k) * F;
        // Written out rather than looped: GCC then keeps `rows` in registers.
        std::memcpy(out + 0 * F, &rows[0], sizeof(Floats8));
        std::memcpy(out + 1 * F, &rows[1], sizeof(Floats8));
        std::memcpy(out + 2 * F, &rows[2], sizeof(Floats8));
        std::memcpy(out + 3 * F, &rows[3], sizeof(Floats8));
        std::memcpy(out + 4 * F, &rows[4], sizeof(Floats8));
        std::memcpy(out + 5 * F, &rows[5], sizeof(Floats8));
        std::memcpy(out + 6 * F, &rows[6], sizeof(Floats8));
        std::memcpy(out + 7 * F, &rows[7], sizeof(Floats8));
    }
    const auto scalarBin = [&](int bin) {
        for (int j = 0; j < F / 2; ++j)
            pairPower(pairs[j], bin, tile[std::size_t(bin) * F + std::size_t(2 * j)], tile[std::size_t(bin) * F + std::size_t(2 * j + 1)]);
    };
    scalarBin(0);
    for (; k < C::nBins; ++k)
        scalarBin(k);
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
    : m_fft(C::nFft, MelFilterbank::kFrameBlock / 2)
    , m_power(std::size_t(C::nBins) * MelFilterbank::kFrameBlock)
{
    hannWindow();
    filterbank();
}

GENRELAB_VECTOR_CLONES void MelSpectrogram::windowFramePair(std::span<const float> samples, std::ptrdiff_t centre, bool withNext)
{
    // Frame t covers [centre − n_fft/2, centre + n_fft/2); outside the signal it is zero
    // (the contract's zero padding). The pair's second frame starts one hop later, or is
    // all zeros (`withNext` false: an odd frame out). The FFT's input interleaves them:
    // frame t at even places, frame t + 1 at odd ones. Only the pairs at the signal's
    // ends take the slow path.
    const auto &window = hannWindow();
    float *in = m_fft.input();
    const std::ptrdiff_t start = centre - C::nFft / 2;
    const auto length = std::ptrdiff_t(samples.size());
    if (withNext && start >= 0 && start + C::hop + C::nFft <= length) {
        const float *first = samples.data() + start;
        const float *second = first + C::hop;
        for (int n = 0; n < C::nFft; n += 8) {
            const Floats8 w = load8(window.data() + n);
            const Floats8 a = load8(first + n) * w;
            const Floats8 b = load8(second + n) * w;
            store8(in + 2 * n, __builtin_shufflevector(a, b, 0, 8, 1, 9, 2, 10, 3, 11));
            store8(in + 2 * n + 8, __builtin_shufflevector(a, b, 4, 12, 5, 13, 6, 14, 7, 15));
        }
        return;
    }
    const auto windowed = [&](std::ptrdiff_t i, int n) { return (i >= 0 && i < length) ? samples[i] * window[n] : 0.0f; };
    for (int n = 0; n < C::nFft; ++n) {
        in[2 * n] = windowed(start + n, n);
        in[2 * n + 1] = withNext ? windowed(start + C::hop + n, n) : 0.0f;
    }
}

GENRELAB_VECTOR_CLONES void MelSpectrogram::computeMelPower(std::span<const float> samples, std::span<float> out)
{
    const std::size_t frames = frameCount(samples.size());
    if (out.size() < frames * C::nMels)
        throw std::invalid_argument("MelSpectrogram: output buffer too small");
    const MelFilterbank &bank = filterbank();
    constexpr int F = MelFilterbank::kFrameBlock;
    // Frames in blocks, two to a transform: a block's spectra fill the FFT's slots, their
    // power goes bin-major into m_power, then the filterbank runs across the block's
    // frames at once.
    for (std::size_t first = 0; first < frames; first += F) {
        const int block = int(std::min<std::size_t>(F, frames - first));
        for (int f = 0; f < block; f += 2) {
            windowFramePair(samples, std::ptrdiff_t(first + std::size_t(f)) * C::hop, f + 1 < block);
            m_fft.transform(f / 2);
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
