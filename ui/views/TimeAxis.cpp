#include "TimeAxis.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace genrelab {

TimeAxis::TimeAxis(int left, int width, double start, double duration)
    : m_left(left)
    , m_width(std::max(1, width))
    , m_start(start)
    , m_duration(std::max(1e-9, duration))
{
}

int TimeAxis::x(double seconds) const
{
    return m_left + int(std::lround((seconds - m_start) / m_duration * m_width));
}

double TimeAxis::secondsAt(double x) const
{
    return m_start + (x - m_left) / m_width * m_duration;
}

int TimeAxis::snippetAt(double x, double snippetSeconds, int count) const
{
    if (count <= 0 || snippetSeconds <= 0.0)
        return -1;
    return std::clamp(int(std::floor(secondsAt(x) / snippetSeconds)), 0, count - 1);
}

std::vector<double> TimeAxis::ticks(int maxTicks) const
{
    static constexpr std::array<double, 14> kSteps{0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 15, 30, 60, 120, 300, 600};
    maxTicks = std::max(2, maxTicks);
    double step = kSteps.back();
    for (double candidate : kSteps)
        if (m_duration / candidate <= maxTicks - 1) {
            step = candidate;
            break;
        }
    std::vector<double> values;
    const double end = m_start + m_duration + 1e-9;
    for (double k = std::ceil(m_start / step - 1e-9); k * step <= end; ++k)
        values.push_back(std::round(k * step * 10.0) / 10.0); // no 0.30000000000000004
    return values;
}

QString TimeAxis::label(double seconds)
{
    if (seconds < 60.0)
        return QString::number(seconds, 'g', 4);
    const int whole = int(std::lround(seconds));
    return QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

} // namespace genrelab
