#include "MelFilterbank.h"

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
    if (nMels < 1 || nMels > kMaxBands)
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
    // Bins that feed no band point at band 0 with zero weights, and the top band's upper
    // neighbour is a scratch slot (index nMels): apply() then needs no branch per bin.
    m_lowBand.assign(m_nBins, 0);
    m_lowWeight.assign(m_nBins, 0.0f);
    m_highWeight.assign(m_nBins, 0.0f);
    m_firstBin = m_nBins;
    m_lastBin = 0;
    for (int bin = 0; bin < m_nBins; ++bin) {
        int bandsTouched = 0;
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
        if (bandsTouched > 0) {
            m_firstBin = std::min(m_firstBin, bin);
            m_lastBin = bin + 1;
        }
    }
}

void MelFilterbank::apply(const float *power, float *mel) const
{
    float accumulator[kMaxBands + 1] = {};
    const int *lowBand = m_lowBand.data();
    const float *lowWeight = m_lowWeight.data();
    const float *highWeight = m_highWeight.data();
    for (int bin = m_firstBin; bin < m_lastBin; ++bin) {
        const int band = lowBand[bin];
        accumulator[band] += lowWeight[bin] * power[bin];
        accumulator[band + 1] += highWeight[bin] * power[bin];
    }
    std::copy_n(accumulator, m_nMels, mel);
}

} // namespace genrelab
