#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include <torch/torch.h>

namespace genrelab::BlockKernels {

// The CRNN blocks' Conv → 2×2 max-pool → ReLU → BatchNorm, after the convolution, as
// hand-written kernels. Profiled in training (PyTorch 1.13's kernels, which Debian's
// LibTorch uses): max_pool2d_with_indices took ~25 % of a step, writing int64 indices
// and zero-filling the full-size gradient; in evaluation the pool, ReLU, BatchNorm and the
// GRU's permuted copy were ~35 % of the time. Both kernels compute what ATen computes:
// the first maximum of each window wins, a NaN wins over numbers (the last NaN, as ATen);
// an odd last row or column is dropped.

// 2×2 max-pool with autograd, for training and saliency: forward keeps a one-byte argmax
// per output (ATen keeps eight); backward writes every input gradient once. A
// channels-last input is pooled channels-last, any other layout as NCHW.
torch::Tensor maxPool2x2(const torch::Tensor &input);

// Where poolReluNorm writes its [N,C,H,W] result: channels-last for the next convolution,
// or time-major ([N,H,C,W] in memory) so that the recurrent layer's [N,H,C·W] view of it
// needs no copy.
enum class Layout { ChannelsLast, TimeMajor };

// Evaluation without autograd, one pass over a channels-last convolution output: pool,
// ReLU (NaN kept), then BatchNorm's running-statistics affine (x·scale + shift, the
// two per-channel terms computed as ATen does). Matches the separate ops to float
// rounding (≤ 1e-6 relative), not bit for bit.
torch::Tensor poolReluNorm(const torch::Tensor &channelsLastInput, const torch::nn::BatchNorm2dImpl &norm, Layout layout);

} // namespace genrelab::BlockKernels
