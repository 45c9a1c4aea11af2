#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include "BlockKernels.h"

#include <torch/torch.h>

namespace genrelab::WinogradBlock {

// A CRNN block in evaluation — 3×3 convolution, 2×2 max-pool, ReLU, BatchNorm's running
// statistics — with the convolution computed by Winograd's F(2×2, 3×3) algorithm.
//
// Why: block 2's convolution (32 → 64 channels) was about a third of tagging a track
// (oneDNN's direct convolution, ~24 ms of ~71 ms for ten windows on one thread). Winograd
// computes each 2×2 group of outputs from a 4×4 input tile with 16 multiplications per
// channel pair instead of 36. A 2×2 output group is exactly one window of the pool, so
// the pool, ReLU and BatchNorm run on it straight out of the output transform, and the
// full-size convolution output (8 MB for ten windows) is never written.
//
// What it computes: BlockKernels::poolReluNorm(convolution(input)) to float rounding, not
// bit for bit: the transforms add and subtract inputs before multiplying (relative
// differences ~1e-6, as close to the exact result as oneDNN's: tst_fusedblocks). A NaN
// or infinity in a 4×4 input tile makes its pooled output NaN (the transforms subtract it
// from itself).
//
// applies(): BlockKernels::isEvaluationBlock (no autograd, BatchNorm's running
// statistics, a plain 3×3 convolution), a multiple of 8 input channels and of 16 filters.
// Block 1 (one input channel) is SingleChannelBlock's.
bool applies(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm);

// poolReluNorm(convolution(input), norm, layout) for an input applies() accepts.
torch::Tensor convolvePoolReluNorm(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution,
                                   const torch::nn::BatchNorm2dImpl &norm, BlockKernels::Layout layout);

} // namespace genrelab::WinogradBlock
