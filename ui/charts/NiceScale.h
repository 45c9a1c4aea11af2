#pragma once

namespace genrelab {

// Round axis ranges for the charts: ticks at 1, 2 or 5 × 10^k, so an axis reads
// 0.2, 0.4, 0.6 rather than 0.58, 1.16, and a range is widened to whole ticks.
// Thread contract: a value; any thread.
class NiceScale
{
public:
    // The data span [low, high] widened by marginFraction of its width on each side
    // (never below floor when the data are not), then out to whole ticks, with at most
    // about maxTicks intervals.
    NiceScale(double low, double high, int maxTicks = 6, double marginFraction = 0.0);

    // 1, 2 or 5 × 10^k, the smallest of them with span / step <= maxTicks.
    static double niceStep(double span, int maxTicks);

    double low() const { return m_low; }
    double high() const { return m_high; }
    double step() const { return m_step; }
    int tickCount() const; // ticks from low to high inclusive

private:
    double m_low = 0.0;
    double m_high = 1.0;
    double m_step = 0.2;
};

} // namespace genrelab
