#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cstdint>
#include <vector>

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

// The first convolution (1 input channel, 3×3, padding 1, stride 1) with its own weight
// gradient. oneDNN's backward for one input channel took 50 – 60 ms of a 64-snippet
// training step; the same sums here, per image in double and added in image order (so the
// result does not depend on the thread count), take a fraction. The forward and an input
// gradient (saliency) stay oneDNN's. Without autograd, or for any other convolution, it is
// `convolution.forward(input)`.
torch::Tensor firstConvolution(const torch::Tensor &input, torch::nn::Conv2dImpl &convolution);

// maxPool2x2(convolution(input)) as one autograd step, for training: the backward sums
// the filter and bias gradients from the pooled gradient and the argmax directly, never
// from the full-size convolution gradient, of which three quarters are zeros.
// - One input channel (block 1): firstConvolution's sums in the same order, so the
//   gradients are bit-identical to maxPool2x2(firstConvolution(…)); writing the full-size
//   gradient (26.6 M floats for 64 snippets) and reading it back was ~58 ms of a ~480 ms
//   step. The output is NCHW, for the NCHW BatchNorm after it. Fused where the sides are
//   even (otherwise the two run unfused).
// - A multiple of 32 input channels (block 2): each pooled pixel's receptive field times
//   its gradient, a quarter of the work of oneDNN's weight gradient (~130 ms of a step),
//   summed per image in float and over images in double in image order (the same on any
//   number of threads; equal to ATen's to float rounding). The input gradient stays
//   oneDNN's, from the unpooled gradient.
// Any other convolution is `maxPool2x2(convolution.forward(input))`.
torch::Tensor convolutionPooled(const torch::Tensor &input, torch::nn::Conv2dImpl &convolution);

// The identity, whose backward hands on a contiguous gradient. Before the recurrent
// layer's permuted view of block 2, it turns the permuted gradient into a dense one:
// ATen 1.13's BatchNorm backward takes 23 ms on a permuted gradient, 4 ms on a dense one.
torch::Tensor contiguousGradient(const torch::Tensor &input);

// Where poolReluNorm writes its [N,C,H,W] result: channels-last for the next convolution,
// or time-major ([N,H,C,W] in memory) so that the recurrent layer's [N,H,C·W] view of it
// needs no copy.
enum class Layout { ChannelsLast, TimeMajor };

// A 3×3 convolution with bias, stride 1, zero padding 1, one group, on a float CPU
// [N,C,H,W] input: the convolutions these kernels compute.
bool isPlain3x3(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution);

// Whether autograd would want a gradient from this block: autograd on, and the input or
// a parameter requires one (an absent bias or affine term does not).
bool needsGradient(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm);

// What every fused evaluation block needs (WinogradBlock, SingleChannelBlock): no
// autograd, BatchNorm in evaluation with affine terms and running statistics, a plain
// 3×3 convolution, and at least one 2×2 window to pool.
bool isEvaluationBlock(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution,
                       const torch::nn::BatchNorm2dImpl &norm);

// BatchNorm's evaluation as x·scale + shift, the per-channel terms computed in float as
// ATen's batch_norm_cpu_collect_linear_and_constant_terms computes them.
struct NormTerms
{
    std::vector<float> scale, shift;
};
NormTerms normTerms(const torch::nn::BatchNorm2dImpl &norm);

// An uninitialised pooled [N,C,H,W] result in `layout` (time-major: [N,H,C,W] in memory).
torch::Tensor pooledOutput(const torch::TensorOptions &options, at::IntArrayRef sizes, Layout layout);

// One pooled row, computed pixel-major ([W][C]), written channel-major ([C][W]): its
// place in the time-major layout's memory.
void transposePooledRow(const float *pixelMajor, float *target, std::int64_t width, std::int64_t channels);

// The pooled [N,C,H,W] `sizes` in `layout`, row by row in parallel: each thread makes
// its workspace once, then computeRow(n, i, workspace, row) writes image n's pooled row i
// pixel-major into `row`: straight into the output where it is channels-last (the row
// is pixel-major there), else into a buffer that transposePooledRow puts in place.
template<typename MakeWorkspace, typename ComputeRow>
torch::Tensor pooledRows(const torch::TensorOptions &options, at::IntArrayRef sizes, Layout layout,
                         const MakeWorkspace &makeWorkspace, const ComputeRow &computeRow)
{
    const auto output = pooledOutput(options, sizes, layout);
    float *out = output.data_ptr<float>();
    const std::int64_t channels = sizes[1], height = sizes[2], width = sizes[3], rowSize = width * channels;
    const bool direct = layout == Layout::ChannelsLast;
    at::parallel_for(0, sizes[0] * height, 1, [&](std::int64_t begin, std::int64_t end) {
        auto workspace = makeWorkspace();
        std::vector<float> row(direct ? 0 : static_cast<std::size_t>(rowSize));
        for (std::int64_t r = begin; r < end; ++r) {
            float *target = out + r * rowSize; // the same offset in both layouts
            computeRow(r / height, r % height, workspace, direct ? target : row.data());
            if (!direct)
                transposePooledRow(row.data(), target, width, channels);
        }
    });
    return output;
}

// Evaluation without autograd, one pass over a channels-last convolution output: pool,
// ReLU (NaN kept), then BatchNorm's running-statistics affine (x·scale + shift, the
// two per-channel terms computed as ATen does). Matches the separate ops to float
// rounding (≤ 1e-6 relative), not bit for bit.
torch::Tensor poolReluNorm(const torch::Tensor &channelsLastInput, const torch::nn::BatchNorm2dImpl &norm, Layout layout);

} // namespace genrelab::BlockKernels
