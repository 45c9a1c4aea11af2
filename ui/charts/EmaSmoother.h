#pragma once

#include <vector>

namespace genrelab {

// TensorBoard's smoothing of a noisy curve: an exponential moving average with weight
// w in [0, 1) (0: no smoothing), debiased by 1 − w^n so that it starts at the data
// rather than at 0 or at the first point and so does not lag above a falling loss.
// Thread contract: a value; any thread.
class EmaSmoother
{
public:
    explicit EmaSmoother(double weight = 0.6);

    double weight() const { return m_weight; }
    // Returns the smoothed value after y.
    double add(double y);
    void reset();
    // The whole series smoothed from its start with this weight.
    static std::vector<double> smooth(const std::vector<double> &values, double weight);

private:
    double m_weight;
    double m_accumulated = 0.0;
    double m_debias = 1.0; // w^n
};

} // namespace genrelab
