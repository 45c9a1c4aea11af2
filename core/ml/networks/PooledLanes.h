#pragma once

// Eight channels at a time, for the fused evaluation blocks (WinogradBlock,
// SingleChannelBlock): the end of a block for one pooling window.
// Always inlined into their callers' clones (util/VectorClones.h), so no vector crosses a
// call.

#include "util/VectorClones.h"

#include <limits>

namespace genrelab::PooledLanes {

constexpr long kLanes = 8; // one Floats8

// One 2×2 window of convolution outputs (without their bias) → the block's output, as
// BlockKernels::poolReluNorm computes it: a NaN in the window wins (and ReLU keeps it),
// otherwise the maximum; then the bias (max(a + b, …) = max(a, …) + b exactly), ReLU,
// and BatchNorm's x·scale + shift.
[[gnu::always_inline]] inline Floats8 poolReluNorm(Floats8 y00, Floats8 y01, Floats8 y10, Floats8 y11, Floats8 bias,
                                                   Floats8 scale, Floats8 shift)
{
    const Floats8 zero = {};
    const auto unordered = (y00 != y00) | (y01 != y01) | (y10 != y10) | (y11 != y11);
    Floats8 best = y00;
    best = y01 > best ? y01 : best;
    best = y10 > best ? y10 : best;
    best = y11 > best ? y11 : best;
    best += bias;
    const Floats8 rectified = best > zero ? best : zero;
    const Floats8 normed = rectified * scale + shift;
    const Floats8 nan = zero + std::numeric_limits<float>::quiet_NaN();
    return unordered ? nan : normed;
}

} // namespace genrelab::PooledLanes
