#include "MelFilterbank.h"
#include "util/VectorClones.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace genrelab {

namespace {
constexpr double kLinearHzPerMel = 200.0 / 3.0;
constexpr double kMinLogHz = 1000.0;
constexpr double kMinLogMel = kMinLogHz / kLinearHzPerMel; // 15
const double kLogStep = std::log(6.4) / 27.0;
} // namespace

double MelFilterbank::hzToMel(double hz)
{
    if (hz >= kMinLogHz)
        return kMinLogMel + std::log(hz / kMinLogHz) / kLogStep;
    return hz / kLinearHzPerMel;
}

double MelFilterbank::melToHz(double mel)
{
    if (mel >= kMinLogMel)
        return kMinLogHz * std::exp(kLogStep * (mel - kMinLogMel));
    return kLinearHzPerMel * mel;
}

MelFilterbank::MelFilterbank(int sampleRate, int nFft, int nMels, double fMin, double fMax)
    : m_nMels(nMels)
    , m_nBins(nFft / 2 + 1)
{
    if (nMels < 1 || nFft < 2)
        throw std::invalid_argument("mel filterbank: band count out of range");
    const double melMin = hzToMel(fMin);
    const double melMax = hzToMel(fMax);
    m_edgesHz.resize(std::size_t(nMels) + 2);
    // Same arithmetic as np.linspace (i·step + start, last value exact), so the edges
    // agree with the reference to the last bit.
    const double melStep = (melMax - melMin) / (nMels + 1);
    for (int i = 0; i < nMels + 2; ++i)
        m_edgesHz[i] = melToHz(i == nMels + 1 ? melMax : i * melStep + melMin);
    const double hzPerBin = (sampleRate / 2.0) / (m_nBins - 1);

    m_dense.assign(std::size_t(nMels) * m_nBins, 0.0);
    for (int band = 0; band < nMels; ++band) {
        const double lowerWidth = m_edgesHz[band + 1] - m_edgesHz[band];
        const double upperWidth = m_edgesHz[band + 2] - m_edgesHz[band + 1];
        const double areaNorm = 2.0 / (m_edgesHz[band + 2] - m_edgesHz[band]);
        for (int bin = 0; bin < m_nBins; ++bin) {
            const double hz = bin * hzPerBin;
            const double rising = (hz - m_edgesHz[band]) / lowerWidth;
            const double falling = (m_edgesHz[band + 2] - hz) / upperWidth;
            m_dense[std::size_t(band) * m_nBins + bin] = std::max(0.0, std::min(rising, falling)) * areaNorm;
        }
    }
    buildSparse();
}

void MelFilterbank::buildSparse()
{
    // Per bin: its lower band and the weights for that band and the next. Bins feeding
    // no band keep the previous bin's band with zero weights, so the lower band never
    // decreases with frequency and the bins of each band form one contiguous run.
    m_lowBand.assign(m_nBins, 0);
    m_lowWeight.assign(m_nBins, 0.0f);
    m_highWeight.assign(m_nBins, 0.0f);
    int previousBand = 0;
    for (int bin = 0; bin < m_nBins; ++bin) {
        int bandsTouched = 0;
        m_lowBand[bin] = previousBand;
        for (int band = 0; band < m_nMels; ++band) {
            const double w = weight(band, bin);
            if (w == 0.0)
                continue;
            if (bandsTouched == 0) {
                m_lowBand[bin] = band;
                m_lowWeight[bin] = float(w);
            } else if (bandsTouched == 1 && band == m_lowBand[bin] + 1) {
                m_highWeight[bin] = float(w);
            } else {
                throw std::logic_error("mel filterbank: a bin feeds more than two adjacent bands");
            }
            ++bandsTouched;
        }
        if (m_lowBand[bin] < previousBand)
            throw std::logic_error("mel filterbank: bands are not ordered by frequency");
        previousBand = m_lowBand[bin];
    }
    m_runStart.assign(std::size_t(m_nMels) + 1, m_nBins);
    for (int bin = m_nBins - 1; bin >= 0; --bin)
        m_runStart[m_lowBand[bin]] = bin;
    for (int band = m_nMels - 1; band >= 0; --band) // bands with no run of their own
        m_runStart[band] = std::min(m_runStart[band], m_runStart[band + 1]);
}

void MelFilterbank::apply(const float *power, float *mel) const
{
    // For each band, one pass over the run of bins whose lower band it is: two dot
    // products, one into this band, one into the next. Every bin is read once and the
    // reductions vectorise (a scatter `mel[band[k]] += …` would serialise on memory).
    const float *lowWeight = m_lowWeight.data();
    const float *highWeight = m_highWeight.data();
    float carried = 0.0f; // the previous run's contribution to this band
    for (int band = 0; band < m_nMels; ++band) {
        float low = 0.0f;
        float high = 0.0f;
        const int end = m_runStart[band + 1];
#pragma omp simd reduction(+ : low, high)
        for (int bin = m_runStart[band]; bin < end; ++bin) {
            low += lowWeight[bin] * power[bin];
            high += highWeight[bin] * power[bin];
        }
        mel[band] = carried + low;
        carried = high;
    }
}

GENRELAB_VECTOR_CLONES void MelFilterbank::applyFrames(const float *tile, int frames, float *mel) const
{
    // One frame's bands are short runs (3–30 bins): reducing each across a vector costs
    // more than the multiply-adds. Across kFrameBlock frames every multiply-add is a
    // full vector and nothing is reduced.
    constexpr int F = kFrameBlock;
    float carried[F] = {};
    for (int band = 0; band < m_nMels; ++band) {
        float low[F] = {};
        float high[F] = {};
        for (int bin = m_runStart[band]; bin < m_runStart[band + 1]; ++bin) {
            const float lowWeight = m_lowWeight[bin];
            const float highWeight = m_highWeight[bin];
            const float *power = tile + std::size_t(bin) * F;
#pragma omp simd
            for (int f = 0; f < F; ++f) {
                low[f] += lowWeight * power[f];
                high[f] += highWeight * power[f];
            }
        }
        for (int f = 0; f < frames; ++f)
            mel[std::size_t(f) * std::size_t(m_nMels) + std::size_t(band)] = carried[f] + low[f];
        std::copy(high, high + F, carried);
    }
}

} // namespace genrelab
