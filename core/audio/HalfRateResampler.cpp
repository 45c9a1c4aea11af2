#include "HalfRateResampler.h"

#include "dsp/FeatureContract.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <random>
#include <stdexcept>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define GENRELAB_HALF_RATE_KERNEL 1
#endif

namespace genrelab {

static_assert(HalfRateResampler::kSourceRate == 2 * FeatureContract::sampleRate);

namespace {

constexpr int kTaps = 66;              // swr's default filter (32 taps a sample at its cutoff) at 2:1
// swr's kernel runs over 72 taps, the last 6 of them zero: a non-finite sample there
// still makes the output NaN (0·Inf), so they are kept, and outputs wait for them.
constexpr int kKernelTaps = 72;
constexpr std::size_t kZeroPadding = kKernelTaps - kTaps; // past the end mirror
constexpr int kFirstTap = 32;          // output n reads x[2n − 32] … x[2n + 33]
constexpr std::size_t kLanes = 8;
constexpr std::size_t kEndMirror = 33; // swr mirrors (min(N, 66) + 1) / 2 samples at the end
constexpr std::size_t kShortest = 45;  // swr gives nothing for a stream shorter than this

using Taps = std::array<float, kKernelTaps>; // zero from kTaps on

// swr alone, configured as the decoder configures it for other rates: planar float
// channels at 44.1 kHz to mono float at 22.05 kHz, averaged. Fed in chunks of `chunk`
// frames, then flushed.
std::vector<float> swrResampled(const std::vector<std::vector<float>> &planes, std::size_t chunk)
{
    const int channels = int(planes.size());
    AVChannelLayout in{};
    av_channel_layout_default(&in, channels);
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext *swr = nullptr;
    std::vector<float> out;
    if (swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, FeatureContract::sampleRate, &in, AV_SAMPLE_FMT_FLTP,
                            HalfRateResampler::kSourceRate, 0, nullptr) < 0)
        return out;
    const std::vector<double> average(std::size_t(channels), 1.0 / channels);
    if (swr_set_matrix(swr, average.data(), channels) < 0 || swr_init(swr) < 0) {
        swr_free(&swr);
        return out;
    }
    const auto convert = [&](const uint8_t **from, int frames) {
        const int capacity = swr_get_out_samples(swr, frames);
        const std::size_t old = out.size();
        out.resize(old + std::size_t(std::max(capacity, 0)));
        auto *to = reinterpret_cast<uint8_t *>(out.data() + old);
        out.resize(old + std::size_t(std::max(swr_convert(swr, &to, capacity, from, frames), 0)));
    };
    const std::size_t frames = planes.front().size();
    for (std::size_t at = 0; at < frames; at += chunk) {
        std::vector<const uint8_t *> from;
        for (const auto &plane : planes)
            from.push_back(reinterpret_cast<const uint8_t *>(plane.data() + at));
        convert(from.data(), int(std::min(chunk, frames - at)));
    }
    convert(nullptr, 0);
    swr_free(&swr);
    return out;
}

// swr's taps, read off its response to an impulse at an even and at an odd position.
// Empty when the response is not the 66-tap 2:1 filter this class assumes.
std::optional<Taps> measureSwrTaps()
{
    constexpr int length = 1000;
    Taps taps{};
    for (const int impulse : {400, 401}) {
        std::vector<std::vector<float>> signal(1, std::vector<float>(length, 0.0f));
        signal[0][impulse] = 1.0f;
        const std::vector<float> response = swrResampled(signal, length);
        if (response.size() != length / 2)
            return std::nullopt;
        for (int n = 0; n < int(response.size()); ++n) {
            const int tap = impulse - 2 * n + kFirstTap;
            if (tap >= 0 && tap < kTaps)
                taps[std::size_t(tap)] = response[std::size_t(n)];
            else if (response[std::size_t(n)] != 0.0f)
                return std::nullopt;
        }
    }
    return taps;
}

// Measured once per process.
const std::optional<Taps> &swrTaps()
{
    static const std::optional<Taps> taps = measureSwrTaps();
    return taps;
}

#ifdef GENRELAB_HALF_RATE_KERNEL
// One lane's partial sums for `count` outputs (a multiple of 8): partial[k] =
// Σ_i taps[Lane + 8i]·signal[2k + Lane + 8i], multiply-adds in ascending i from 0, as
// in lane Lane of swr's kernel. Tap t reads the even samples when t is even, the odd
// ones when odd, and even[m] = signal[2m], odd[m] = signal[2m + 1].
template <int Lane>
__attribute__((target("avx2,fma"), always_inline)) inline void lanePartials(const float *even, const float *odd,
                                                                           const float *taps, std::size_t count,
                                                                           float *partial)
{
    constexpr int terms = kKernelTaps / 8;
    const float *signal = (Lane % 2 == 0 ? even : odd) + Lane / 2;
    __m256 tap[terms];
    for (int i = 0; i < terms; ++i)
        tap[i] = _mm256_set1_ps(taps[Lane + 8 * i]);
    for (std::size_t k = 0; k < count; k += kLanes) {
        __m256 sum = _mm256_setzero_ps();
        for (int i = 0; i < terms; ++i)
            sum = _mm256_fmadd_ps(_mm256_loadu_ps(signal + k + std::size_t(4 * i)), tap[i], sum);
        _mm256_store_ps(partial + k, sum);
    }
}

// out[k] = Σ_t taps[t]·signal[2k + t] for k < count (a multiple of 8), the floats swr's
// FMA3 kernel gives: each lane's partial sum, then the lanes added as it adds them,
// ((0 + 4) + (2 + 6)) + ((1 + 5) + (3 + 7)). A lane at a time over a block of outputs,
// so its taps stay in registers and each multiply-add loads one vector.
__attribute__((target("avx2,fma"))) void filterLanes(const float *even, const float *odd, const float *taps,
                                                    std::size_t count, float *out)
{
    constexpr std::size_t block = 128;
    alignas(32) float partial[kLanes][block];
    for (std::size_t first = 0; first < count; first += block) {
        const std::size_t n = std::min(block, count - first);
        const float *e = even + first, *o = odd + first;
        lanePartials<0>(e, o, taps, n, partial[0]);
        lanePartials<1>(e, o, taps, n, partial[1]);
        lanePartials<2>(e, o, taps, n, partial[2]);
        lanePartials<3>(e, o, taps, n, partial[3]);
        lanePartials<4>(e, o, taps, n, partial[4]);
        lanePartials<5>(e, o, taps, n, partial[5]);
        lanePartials<6>(e, o, taps, n, partial[6]);
        lanePartials<7>(e, o, taps, n, partial[7]);
        for (std::size_t k = 0; k < n; k += kLanes) {
            __m256 lane[kLanes];
            for (std::size_t l = 0; l < kLanes; ++l)
                lane[l] = _mm256_load_ps(partial[l] + k);
            const __m256 evenLanes = _mm256_add_ps(_mm256_add_ps(lane[0], lane[4]), _mm256_add_ps(lane[2], lane[6]));
            const __m256 oddLanes = _mm256_add_ps(_mm256_add_ps(lane[1], lane[5]), _mm256_add_ps(lane[3], lane[7]));
            _mm256_storeu_ps(out + first + k, _mm256_add_ps(evenLanes, oddLanes));
        }
    }
}

// first[i] = samples[2i], second[i] = samples[2i + 1] for i < pairs.
__attribute__((target("avx2"))) void splitPairs(const float *samples, std::size_t pairs, float *first, float *second)
{
    std::size_t i = 0;
    for (; i + kLanes <= pairs; i += kLanes) {
        const __m256 a = _mm256_loadu_ps(samples + 2 * i), b = _mm256_loadu_ps(samples + 2 * i + kLanes);
        // Within each 128-bit half, then the halves' 64-bit pieces back in order.
        const __m256 evens = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
        const __m256 odds = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
        _mm256_storeu_ps(first + i, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(evens), _MM_SHUFFLE(3, 1, 2, 0))));
        _mm256_storeu_ps(second + i, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(odds), _MM_SHUFFLE(3, 1, 2, 0))));
    }
    for (; i < pairs; ++i) {
        first[i] = samples[2 * i];
        second[i] = samples[2 * i + 1];
    }
}

// The same for one output, for the last few of a call.
__attribute__((target("avx2,fma"))) float filterOne(const float *even, const float *odd, const float *taps)
{
    std::array<float, kLanes> lane{};
    for (int t = 0; t < kKernelTaps; ++t)
        lane[std::size_t(t) % kLanes] = std::fma((t % 2 == 0 ? even : odd)[t / 2], taps[t], lane[std::size_t(t) % kLanes]);
    return ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
}

// The decoder's case, a stereo stream fed frame by frame: ours against swr's, bits.
bool matchesSwrOnNoise()
{
    constexpr std::size_t frames = 5000, chunk = 1152;
    std::mt19937 random(7);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    std::vector<std::vector<float>> planes(2, std::vector<float>(frames));
    for (auto &plane : planes)
        std::generate(plane.begin(), plane.end(), [&] { return noise(random); });
    const std::vector<float> expected = swrResampled(planes, chunk);
    std::vector<float> ours;
    HalfRateResampler resampler(2);
    for (std::size_t at = 0; at < frames; at += chunk) {
        const float *from[] = {planes[0].data() + at, planes[1].data() + at};
        resampler.push(from, std::min(chunk, frames - at), ours);
    }
    resampler.finish(ours);
    return !expected.empty() && ours.size() == expected.size()
        && std::memcmp(ours.data(), expected.data(), ours.size() * sizeof(float)) == 0;
}
#endif

} // namespace

bool HalfRateResampler::kernelRuns()
{
#ifdef GENRELAB_HALF_RATE_KERNEL
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && swrTaps().has_value();
#else
    return false;
#endif
}

bool HalfRateResampler::standsInForSwr()
{
#ifdef GENRELAB_HALF_RATE_KERNEL
    static const bool stands = kernelRuns() && matchesSwrOnNoise();
    return stands;
#else
    return false;
#endif
}

HalfRateResampler::HalfRateResampler(int channels)
    : m_channels(std::size_t(std::max(channels, 1)))
    , m_filtered(m_channels.size())
{
    // Elsewhere its taps are unknown or its kernel cannot run on this CPU.
    if (!kernelRuns())
        throw std::logic_error("HalfRateResampler needs an AVX2/FMA CPU and swr's taps (see standsInForSwr())");
}

namespace {
// Appends samples [0, n) to a signal kept as its even and odd samples, where the
// signal's length so far is `length`.
void appendSplit(const float *samples, std::size_t n, std::size_t length, std::vector<float> &even,
                 std::vector<float> &odd)
{
    std::vector<float> &first = length % 2 == 0 ? even : odd;
    std::vector<float> &second = length % 2 == 0 ? odd : even;
    const std::size_t firstOld = first.size(), secondOld = second.size();
    first.resize(firstOld + (n + 1) / 2);
    second.resize(secondOld + n / 2);
#ifdef GENRELAB_HALF_RATE_KERNEL
    splitPairs(samples, n / 2, first.data() + firstOld, second.data() + secondOld);
#else
    for (std::size_t i = 0; i < n / 2; ++i) {
        first[firstOld + i] = samples[2 * i];
        second[secondOld + i] = samples[2 * i + 1];
    }
#endif
    if (n % 2 == 1)
        first[firstOld + n / 2] = samples[n - 1];
}

float sampleAt(const std::vector<float> &even, const std::vector<float> &odd, std::size_t i)
{
    return (i % 2 == 0 ? even : odd)[i / 2];
}
} // namespace

void HalfRateResampler::push(const float *const *planes, std::size_t frames, std::vector<float> &out)
{
    for (std::size_t c = 0; c < m_channels.size(); ++c)
        appendSplit(planes[c], frames, m_length, m_channels[c].even, m_channels[c].odd);
    m_length += frames;
    m_received += frames;
    // swr holds a short stream back until its end, where it has rules of its own
    // (finish()), so outputs flow only once there is a whole filter's length.
    if (!m_streaming && m_received >= std::size_t(kTaps))
        startStreaming();
    if (m_streaming)
        filterReady(out);
}

// Mirrors the start, x[−k] = x[k] for k = 32 … 1: the signal then begins with output
// 0's first input, and keeps its parity (32 is even).
void HalfRateResampler::startStreaming()
{
    for (Channel &channel : m_channels) {
        std::vector<float> evenMirror, oddMirror;
        for (int k = kFirstTap; k >= 1; --k)
            (k % 2 == 0 ? evenMirror : oddMirror).push_back(sampleAt(channel.even, channel.odd, std::size_t(k)));
        channel.even.insert(channel.even.begin(), evenMirror.begin(), evenMirror.end());
        channel.odd.insert(channel.odd.begin(), oddMirror.begin(), oddMirror.end());
    }
    m_length += kFirstTap;
    m_streaming = true;
}

void HalfRateResampler::finish(std::vector<float> &out)
{
    // Past the end mirror swr's kernel reads its own buffer; zeros here (its zero taps
    // read them, so only a non-finite value there would show).
    if (m_streaming) {
        for (Channel &channel : m_channels) { // x[N + j] = x[N − 1 − j]
            std::vector<float> mirror;
            for (std::size_t j = 0; j < kEndMirror; ++j)
                mirror.push_back(sampleAt(channel.even, channel.odd, m_length - 1 - j));
            mirror.resize(kEndMirror + kZeroPadding, 0.0f);
            appendSplit(mirror.data(), mirror.size(), m_length, channel.even, channel.odd);
        }
        m_length += kEndMirror + kZeroPadding;
        filterReady(out);
    } else if (m_received >= kShortest) {
        // Shorter than the filter: both mirrors reach across the whole stream.
        const auto n = std::ptrdiff_t(m_received);
        std::vector<float> whole;
        for (Channel &channel : m_channels) {
            whole.clear();
            for (std::ptrdiff_t i = -kFirstTap; i < n + (n + 1) / 2; ++i)
                whole.push_back(sampleAt(channel.even, channel.odd, std::size_t(i < 0 ? -i : i >= n ? 2 * n - 1 - i : i)));
            whole.resize(whole.size() + kZeroPadding, 0.0f);
            channel.even.clear();
            channel.odd.clear();
            appendSplit(whole.data(), whole.size(), 0, channel.even, channel.odd);
        }
        m_length = whole.size();
        filterReady(out);
    }
    for (Channel &channel : m_channels) {
        channel.even.clear();
        channel.odd.clear();
    }
    m_length = 0;
    m_received = 0;
    m_streaming = false;
}

// Filters every output whose inputs have all arrived and drops the inputs no later
// output reads (two per output).
void HalfRateResampler::filterReady(std::vector<float> &out)
{
    if (m_length < std::size_t(kKernelTaps))
        return;
    const std::size_t count = (m_length - kKernelTaps) / 2 + 1;
    const std::size_t vectored = count / kLanes * kLanes; // their reads stay inside the signal
    for (std::size_t c = 0; c < m_channels.size(); ++c) {
        Channel &channel = m_channels[c];
        std::vector<float> &filtered = m_filtered[c];
        filtered.resize(count);
#ifdef GENRELAB_HALF_RATE_KERNEL
        const float *taps = swrTaps()->data(); // the constructor checked they were measured
        filterLanes(channel.even.data(), channel.odd.data(), taps, vectored, filtered.data());
        for (std::size_t k = vectored; k < count; ++k)
            filtered[k] = filterOne(channel.even.data() + k, channel.odd.data() + k, taps);
#endif
        channel.even.erase(channel.even.begin(), channel.even.begin() + std::ptrdiff_t(count));
        channel.odd.erase(channel.odd.begin(), channel.odd.begin() + std::ptrdiff_t(count));
    }
    m_length -= 2 * count;
    mixChannelsInto(count, out);
}

// swr's rematrix after resampling, with the decoder's matrix (every weight 1/channels):
// one channel is scaled, two are added as w·a + w·b, more are summed one by one.
void HalfRateResampler::mixChannelsInto(std::size_t count, std::vector<float> &out) const
{
    const auto weight = float(1.0 / double(m_channels.size()));
    const std::size_t old = out.size();
    out.resize(old + count);
    float *mixed = out.data() + old;
    if (m_filtered.size() == 2) {
        const float *a = m_filtered[0].data(), *b = m_filtered[1].data();
        for (std::size_t i = 0; i < count; ++i)
            mixed[i] = weight * a[i] + weight * b[i];
        return;
    }
    if (m_filtered.size() == 1) {
        for (std::size_t i = 0; i < count; ++i)
            mixed[i] = m_filtered[0][i] * weight;
        return;
    }
    std::fill_n(mixed, count, 0.0f);
    for (const auto &channel : m_filtered)
        for (std::size_t i = 0; i < count; ++i)
            mixed[i] += channel[i] * weight;
}

} // namespace genrelab
