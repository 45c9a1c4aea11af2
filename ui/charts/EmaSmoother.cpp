#include "EmaSmoother.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

EmaSmoother::EmaSmoother(double weight)
    : m_weight(std::clamp(weight, 0.0, 0.999))
{
}

double EmaSmoother::add(double y)
{
    if (!std::isfinite(y)) // a NaN loss is shown raw, never poisons the average
        return y;
    m_accumulated = m_accumulated * m_weight + (1.0 - m_weight) * y;
    m_debias *= m_weight;
    return m_weight == 0.0 ? y : m_accumulated / (1.0 - m_debias);
}

void EmaSmoother::reset()
{
    m_accumulated = 0.0;
    m_debias = 1.0;
}

std::vector<double> EmaSmoother::smooth(const std::vector<double> &values, double weight)
{
    EmaSmoother smoother(weight);
    std::vector<double> out;
    out.reserve(values.size());
    for (double y : values)
        out.push_back(smoother.add(y));
    return out;
}

} // namespace genrelab
