#include "NiceScale.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

double NiceScale::niceStep(double span, int maxTicks)
{
    if (!(span > 0.0) || !std::isfinite(span))
        return 1.0;
    const double rough = span / std::max(1, maxTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    for (double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * magnitude >= rough * (1.0 - 1e-9))
            return factor * magnitude;
    return 10.0 * magnitude;
}

NiceScale::NiceScale(double low, double high, int maxTicks, double marginFraction)
{
    if (!std::isfinite(low) || !std::isfinite(high))
        return;
    if (high < low)
        std::swap(low, high);
    double span = high - low;
    // One value, or two an ulp apart (a debiased average of one point): a small range
    // around it. A span of 1e-16 would ask Qt Charts for 1e16 tick labels.
    if (span <= 1e-9 * std::max({std::abs(low), std::abs(high), 1.0})) {
        span = std::max(std::abs(high) * 0.1, 1e-3);
        low -= span / 2;
        high += span / 2;
    }
    const double margin = span * marginFraction;
    // A margin never takes a positive series below zero (a loss is never negative).
    const double paddedLow = low >= 0.0 ? std::max(0.0, low - margin) : low - margin;
    const double paddedHigh = high + margin;
    m_step = niceStep(paddedHigh - paddedLow, maxTicks);
    // Rounding before floor/ceil keeps 0.6 / 0.2 from becoming 2.9999 → 2.
    m_low = std::floor(paddedLow / m_step + 1e-9) * m_step;
    m_high = std::ceil(paddedHigh / m_step - 1e-9) * m_step;
    if (m_high <= m_low)
        m_high = m_low + m_step;
}

int NiceScale::tickCount() const
{
    return int(std::lround((m_high - m_low) / m_step)) + 1;
}

} // namespace genrelab
