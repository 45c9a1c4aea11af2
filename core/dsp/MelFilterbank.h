#pragma once

#include <vector>

namespace genrelab {

// Slaney-style mel filterbank (librosa's default: linear below 1 kHz, log above, area
// normalised). Built once in double precision, exactly as the reference
// (../shared/bench/mel_reference.py), then stored sparsely: with Slaney triangles every
// FFT bin lies in at most two adjacent bands, so applying the bank costs two
// multiply-adds per bin instead of a dense 100 × 1025 product.
// Thread contract: immutable after construction; share freely between threads.
class MelFilterbank
{
public:
    MelFilterbank(int sampleRate, int nFft, int nMels, double fMin, double fMax);

    static double hzToMel(double hz);
    static double melToHz(double mel);

    int bands() const { return m_nMels; }
    int bins() const { return m_nBins; }
    // Band edges in Hz (nMels + 2 values).
    const std::vector<double> &edgesHz() const { return m_edgesHz; }
    // Dense weight of band `band` on FFT bin `bin` (for tests and plots).
    double weight(int band, int bin) const { return m_dense[std::size_t(band) * m_nBins + bin]; }

    // mel[b] = Σ_k weight(b, k) · power[k]; `mel` must hold bands() floats.
    void apply(const float *power, float *mel) const;
    // The same for up to kFrameBlock frames at once, vectorised across frames: `tile`
    // holds their power bin-major (tile[k · kFrameBlock + f]), `mel` receives `frames`
    // rows of bands() floats. Each frame's sums run over its bins in order.
    static constexpr int kFrameBlock = 8;
    void applyFrames(const float *tile, int frames, float *mel) const;

private:
    void buildSparse();

    int m_nMels;
    int m_nBins;
    std::vector<double> m_edgesHz;
    std::vector<double> m_dense;
    // Per FFT bin: the lower band it feeds and the weights for that band and the next
    // one; m_runStart[b] is the first bin whose lower band is b (runs are contiguous).
    std::vector<int> m_lowBand;
    std::vector<float> m_lowWeight;
    std::vector<float> m_highWeight;
    std::vector<int> m_runStart;
};

} // namespace genrelab
