#pragma once

#include <vector>

namespace genrelab {

// Mean, spread and confidence intervals of a few measured values (one per
// cross-validation fold). With K folds there are K values: the standard deviation is
// the sample one (divisor K − 1), and intervals use Student's t with K − 1 degrees of
// freedom, as a paired comparison of K folds needs.
// Thread contract: stateless.
class SampleStatistics
{
public:
    struct Interval
    {
        double mean = 0.0;
        double low = 0.0;
        double high = 0.0;
    };

    static double mean(const std::vector<double> &values);
    // Sample standard deviation; 0 for fewer than two values.
    static double standardDeviation(const std::vector<double> &values);
    // The 97.5 % quantile of Student's t with `dof` degrees of freedom (dof ≥ 1): the
    // factor of a two-sided 95 % interval.
    static double t975(int dof);
    // 95 % interval of the mean: mean ± t975(n − 1) · sd / √n. Fewer than two values
    // give an interval of zero width around the mean (nothing to estimate from).
    static Interval confidence95(const std::vector<double> &values);
    // Paired difference b − a (same folds, value by value) with its 95 % interval.
    static Interval pairedDifference95(const std::vector<double> &a, const std::vector<double> &b);
};

} // namespace genrelab
