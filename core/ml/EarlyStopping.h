#pragma once

#include "EpochMetrics.h"

#include <vector>

namespace genrelab {

// When training stops early: after `patience` epochs in a row without a better
// validation accuracy — the measure that also picks the kept model (best.pt), so the
// epoch a run stops at and the epoch it keeps can never disagree. Judged from the whole
// metrics history, so a resumed run goes on counting where it stopped.
// Thread contract: stateless.
class EarlyStopping
{
public:
    // Epochs since the last one that improved the best validation accuracy (ties do
    // not improve); 0 when the last epoch was the best, or for an empty history.
    static int epochsSinceBest(const std::vector<EpochMetrics> &history);
    static bool shouldStop(const std::vector<EpochMetrics> &history, int patience);
};

} // namespace genrelab
