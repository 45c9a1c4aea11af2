#include "EarlyStopping.h"

namespace genrelab {

int EarlyStopping::epochsSinceBest(const std::vector<EpochMetrics> &history)
{
    double best = -1.0;
    int since = 0;
    for (const EpochMetrics &m : history) {
        if (m.validAccuracy > best) {
            best = m.validAccuracy;
            since = 0;
        } else {
            ++since;
        }
    }
    return since;
}

bool EarlyStopping::shouldStop(const std::vector<EpochMetrics> &history, int patience)
{
    return patience > 0 && epochsSinceBest(history) >= patience;
}

} // namespace genrelab
