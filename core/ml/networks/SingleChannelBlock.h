#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include "BlockKernels.h"

#include <torch/torch.h>

namespace genrelab::SingleChannelBlock {

// A CRNN block in evaluation whose convolution has one input channel (block 1, on the
// spectrogram) — 3×3 convolution, 2×2 max-pool, ReLU, BatchNorm's running statistics —
// in one pass: each pooled pixel's 4×4 input patch, its four convolution outputs for
// eight filters at a time in registers, the pool, ReLU and BatchNorm, then the next.
//
// Why: oneDNN's convolution wrote 32 full-size planes (16.6 MB for one track's ten
// windows) that the pool read back, and compiled its kernel on each worker's first track.
// The arithmetic is small (9 products per output); the memory traffic was the cost.
//
// What it computes: BlockKernels::poolReluNorm(convolution(input)) to float rounding, not
// bit for bit (the 9 products are added in another order than oneDNN's).
//
// applies(): BlockKernels::isEvaluationBlock, one input channel, a multiple of 8 filters.
bool applies(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm);

// poolReluNorm(convolution(input), norm, layout) for an input applies() accepts.
torch::Tensor convolvePoolReluNorm(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution,
                                   const torch::nn::BatchNorm2dImpl &norm, BlockKernels::Layout layout);

} // namespace genrelab::SingleChannelBlock
