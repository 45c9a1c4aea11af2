#include "SampleStatistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace genrelab {

double SampleStatistics::mean(const std::vector<double> &values)
{
    return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

double SampleStatistics::standardDeviation(const std::vector<double> &values)
{
    if (values.size() < 2)
        return 0.0;
    const double m = mean(values);
    double squares = 0.0;
    for (double v : values)
        squares += (v - m) * (v - m);
    return std::sqrt(squares / double(values.size() - 1));
}

double SampleStatistics::t975(int dof)
{
    // Exact to the table's three decimals for 1–30 degrees of freedom (any statistics
    // text); beyond, the Cornish–Fisher expansion around the normal quantile is within
    // 0.001 of it.
    static constexpr double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                       2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                       2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (dof < 1)
        return 0.0;
    if (dof <= 30)
        return table[dof - 1];
    constexpr double z = 1.959963984540054;
    const double n = dof;
    return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

SampleStatistics::Interval SampleStatistics::confidence95(const std::vector<double> &values)
{
    const double m = mean(values);
    if (values.size() < 2)
        return {m, m, m};
    const double half = t975(int(values.size()) - 1) * standardDeviation(values) / std::sqrt(double(values.size()));
    return {m, m - half, m + half};
}

SampleStatistics::Interval SampleStatistics::pairedDifference95(const std::vector<double> &a, const std::vector<double> &b)
{
    std::vector<double> differences;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        differences.push_back(b[i] - a[i]);
    return confidence95(differences);
}

} // namespace genrelab
