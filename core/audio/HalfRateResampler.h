#pragma once

#include <cstddef>
#include <vector>

namespace genrelab {

// libswresample's 2:1 resampling (44 100 → 22 050 Hz, the contract's rate) with the
// channels averaged, bit for bit the same, in about a tenth of the time.
//
// What swr does (measured against it, see tst_halfrateresampler): it filters each
// channel with one 66-tap low-pass, output n = Σ taps[t]·x[2n + t − 32], mirroring the
// signal at both ends (x[−k] = x[k], x[N + j] = x[N − 1 − j]); then it averages the
// channels. Its FMA3 kernel sums each output's products in eight lanes (tap t in lane
// t mod 8) and then adds the lanes up: the adding takes as long as the multiplying,
// for one output at a time. Here eight outputs are computed at once, one per vector
// lane, with the same products in the same lanes added in the same order: the same
// floats, with nothing to add across a vector.
//
// The taps are swr's own, read off its impulse response, and standsInForSwr() checks
// once per process that the result equals swr's on a test signal. Where it does not
// (a CPU without FMA3, where swr runs another kernel, or another swr) the decoder
// keeps using swr: features never depend on which of the two ran.
class HalfRateResampler
{
public:
    static constexpr int kSourceRate = 44100;
    static bool standsInForSwr();

    // Throws std::logic_error where the kernel cannot run (no AVX2/FMA, no taps).
    explicit HalfRateResampler(int channels);
    // planes: one float array per channel of `frames` samples at kSourceRate, as swr
    // sees them after converting the decoder's format. Appends the mono 22 050 Hz
    // samples that are complete.
    void push(const float *const *planes, std::size_t frames, std::vector<float> &out);
    // The end of the stream: appends the rest (swr_convert(…, nullptr, 0)). The next
    // push() starts a new stream.
    void finish(std::vector<float> &out);

private:
    static bool kernelRuns(); // the CPU has AVX2 and FMA, and swr's taps were read
    void startStreaming();
    void filterReady(std::vector<float> &out);
    void mixChannelsInto(std::size_t count, std::vector<float> &out) const;

    // A channel's signal, split into its even and odd samples so that the filter reads
    // consecutive floats. Before streaming: the samples received. Then: the signal
    // mirrored at its start, from the first sample the next output reads (x[2n − 32]).
    struct Channel
    {
        std::vector<float> even, odd;
    };
    std::vector<Channel> m_channels;
    std::size_t m_length = 0;   // of each channel's signal, even and odd samples together
    std::size_t m_received = 0; // input samples per channel since the stream began
    bool m_streaming = false;   // the start has been mirrored; outputs flow
    std::vector<std::vector<float>> m_filtered; // per channel, this call's outputs
};

} // namespace genrelab
