#include "BlockKernels.h"

#include "dsp/VectorClones.h"

#include <ATen/Parallel.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace genrelab::BlockKernels {

namespace {
using Argmax = std::uint8_t; // which of a window's four inputs won: row-major 0…3

// ATen's rule for a window's maximum: a later value replaces the current one when it is
// larger or NaN, so the first of equal maxima wins and a NaN always wins.
inline bool replaces(float candidate, float current)
{
    return candidate > current || candidate != candidate;
}

// One [height,width] plane of the NCHW pool (a whole plane per call: rows are short).
GENRELAB_VECTOR_CLONES void poolPlane(const float *__restrict in, float *__restrict out, Argmax *__restrict argmax,
                                      std::int64_t height, std::int64_t width)
{
    const std::int64_t outHeight = height / 2, outWidth = width / 2;
    for (std::int64_t i = 0; i < outHeight; ++i) {
        const float *top = in + 2 * i * width, *bottom = top + width;
        float *o = out + i * outWidth;
        Argmax *k = argmax + i * outWidth;
        for (std::int64_t j = 0; j < outWidth; ++j) {
            float best = top[2 * j];
            Argmax which = 0;
            const float others[3] = {top[2 * j + 1], bottom[2 * j], bottom[2 * j + 1]};
            for (Argmax n = 0; n < 3; ++n) {
                if (replaces(others[n], best)) {
                    best = others[n];
                    which = Argmax(n + 1);
                }
            }
            o[j] = best;
            k[j] = which;
        }
    }
}

// The gradient of one plane: zero, then each window's winner gets its output's gradient
// (as ATen does; writing all four inputs of a window with selects ran 2–3× slower).
void unpoolPlane(const float *__restrict grad, const Argmax *__restrict argmax, float *__restrict in,
                 std::int64_t height, std::int64_t width)
{
    std::fill(in, in + height * width, 0.0f);
    const std::int64_t outHeight = height / 2, outWidth = width / 2;
    for (std::int64_t i = 0; i < outHeight; ++i) {
        for (std::int64_t j = 0; j < outWidth; ++j) {
            const Argmax k = argmax[i * outWidth + j];
            in[(2 * i + k / 2) * width + 2 * j + k % 2] = grad[i * outWidth + j];
        }
    }
}

// One output row of the channels-last pool from input rows `top` and `bottom`
// ([2·width][channels] each), written [width][channels] with its argmax.
GENRELAB_VECTOR_CLONES void poolPixelRow(const float *__restrict top, const float *__restrict bottom, float *__restrict out,
                                         Argmax *__restrict argmax, std::int64_t width, std::int64_t channels)
{
    for (std::int64_t j = 0; j < width; ++j) {
        const float *a = top + 2 * j * channels, *b = a + channels;
        const float *c = bottom + 2 * j * channels, *d = c + channels;
#pragma omp simd
        for (std::int64_t ch = 0; ch < channels; ++ch) {
            float best = a[ch];
            Argmax which = 0;
            const bool takeB = replaces(b[ch], best);
            best = takeB ? b[ch] : best;
            which = takeB ? 1 : which;
            const bool takeC = replaces(c[ch], best);
            best = takeC ? c[ch] : best;
            which = takeC ? 2 : which;
            const bool takeD = replaces(d[ch], best);
            best = takeD ? d[ch] : best;
            which = takeD ? 3 : which;
            out[j * channels + ch] = best;
            argmax[j * channels + ch] = which;
        }
    }
}

// The gradient of one channels-last output row, written to both input rows: each window's
// winner gets the output's gradient, the other three inputs and a dropped odd last pixel
// get zero (every value is contiguous across channels, so selects vectorise here).
GENRELAB_VECTOR_CLONES void unpoolPixelRow(const float *__restrict grad, const Argmax *__restrict argmax, float *__restrict top,
                                           float *__restrict bottom, std::int64_t inWidth, std::int64_t channels)
{
    const std::int64_t width = inWidth / 2;
    for (std::int64_t j = 0; j < width; ++j) {
        float *a = top + 2 * j * channels, *b = a + channels;
        float *c = bottom + 2 * j * channels, *d = c + channels;
#pragma omp simd
        for (std::int64_t ch = 0; ch < channels; ++ch) {
            const float g = grad[j * channels + ch];
            const Argmax k = argmax[j * channels + ch];
            a[ch] = k == 0 ? g : 0.0f;
            b[ch] = k == 1 ? g : 0.0f;
            c[ch] = k == 2 ? g : 0.0f;
            d[ch] = k == 3 ? g : 0.0f;
        }
    }
    if (inWidth % 2 != 0) {
        std::fill(top + (inWidth - 1) * channels, top + inWidth * channels, 0.0f);
        std::fill(bottom + (inWidth - 1) * channels, bottom + inWidth * channels, 0.0f);
    }
}

// One output row of the fused evaluation kernel from two channels-last input rows
// (`width` windows of 2 pixels × `channels`), written pixel-major into `out`.
GENRELAB_VECTOR_CLONES void poolReluNormRow(const float *__restrict top, const float *__restrict bottom,
                                            const float *__restrict scale, const float *__restrict shift,
                                            float *__restrict out, std::int64_t width, std::int64_t channels)
{
    for (std::int64_t j = 0; j < width; ++j) {
        const float *a = top + 2 * j * channels, *b = a + channels;
        const float *c = bottom + 2 * j * channels, *d = c + channels;
        float *o = out + j * channels;
#pragma omp simd
        for (std::int64_t ch = 0; ch < channels; ++ch) {
            // A NaN anywhere in the window wins (and ReLU keeps it); otherwise the maximum.
            const bool unordered = (a[ch] != a[ch]) | (b[ch] != b[ch]) | (c[ch] != c[ch]) | (d[ch] != d[ch]);
            float best = a[ch];
            best = b[ch] > best ? b[ch] : best;
            best = c[ch] > best ? c[ch] : best;
            best = d[ch] > best ? d[ch] : best;
            const float rectified = best > 0.0f ? best : 0.0f;
            o[ch] = unordered ? std::numeric_limits<float>::quiet_NaN() : rectified * scale[ch] + shift[ch];
        }
    }
}

struct Pooled
{
    torch::Tensor output, argmax;
};

// Channels-last stays channels-last (the first convolution's output, see CrnnNet), any
// other layout is pooled as NCHW.
bool pixelMajor(const torch::Tensor &tensor)
{
    return !tensor.is_contiguous() && tensor.is_contiguous(at::MemoryFormat::ChannelsLast);
}

Pooled poolForward(const torch::Tensor &anyLayout)
{
    TORCH_CHECK(anyLayout.dim() == 4 && anyLayout.scalar_type() == torch::kFloat && anyLayout.is_cpu(),
                "maxPool2x2 takes a float [N,C,H,W] CPU tensor");
    const bool channelsLast = pixelMajor(anyLayout);
    const auto format = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    const auto input = anyLayout.contiguous(format);
    const std::int64_t batch = input.size(0), channels = input.size(1), height = input.size(2), width = input.size(3);
    const std::int64_t outHeight = height / 2, outWidth = width / 2;
    const auto options = input.options().memory_format(format);
    Pooled pooled{torch::empty({batch, channels, outHeight, outWidth}, options),
                  torch::empty({batch, channels, outHeight, outWidth}, options.dtype(torch::kUInt8))};
    const float *in = input.data_ptr<float>();
    float *out = pooled.output.data_ptr<float>();
    Argmax *argmax = pooled.argmax.data_ptr<Argmax>();
    if (channelsLast) {
        at::parallel_for(0, batch * outHeight, 1, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t n = row / outHeight, i = row % outHeight;
                const float *top = in + (n * height + 2 * i) * width * channels;
                poolPixelRow(top, top + width * channels, out + row * outWidth * channels, argmax + row * outWidth * channels,
                             outWidth, channels);
            }
        });
        return pooled;
    }
    at::parallel_for(0, batch * channels, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t p = begin; p < end; ++p)
            poolPlane(in + p * height * width, out + p * outHeight * outWidth, argmax + p * outHeight * outWidth, height, width);
    });
    return pooled;
}

torch::Tensor poolBackward(const torch::Tensor &anyLayoutGrad, const torch::Tensor &argmaxTensor, std::int64_t height, std::int64_t width)
{
    const bool channelsLast = pixelMajor(argmaxTensor);
    const auto format = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    const auto grad = anyLayoutGrad.contiguous(format);
    const std::int64_t batch = grad.size(0), channels = grad.size(1), outHeight = grad.size(2), outWidth = grad.size(3);
    auto gradInput = torch::empty({batch, channels, height, width}, grad.options().memory_format(format));
    if (outHeight == 0) // a single row: nothing was pooled
        return gradInput.zero_();
    const float *g = grad.data_ptr<float>();
    const Argmax *argmax = argmaxTensor.data_ptr<Argmax>();
    float *gi = gradInput.data_ptr<float>();
    if (channelsLast) {
        const std::int64_t inRow = width * channels, outRow = outWidth * channels;
        at::parallel_for(0, batch * outHeight, 1, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t n = row / outHeight, i = row % outHeight;
                float *top = gi + (n * height + 2 * i) * inRow;
                unpoolPixelRow(g + row * outRow, argmax + row * outRow, top, top + inRow, width, channels);
                if (height % 2 != 0 && i == outHeight - 1) // the dropped last row
                    std::fill(top + 2 * inRow, top + 3 * inRow, 0.0f);
            }
        });
        return gradInput;
    }
    at::parallel_for(0, batch * channels, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t p = begin; p < end; ++p)
            unpoolPlane(g + p * outHeight * outWidth, argmax + p * outHeight * outWidth, gi + p * height * width, height, width);
    });
    return gradInput;
}

class MaxPool2x2Function : public torch::autograd::Function<MaxPool2x2Function>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &input)
    {
        auto pooled = poolForward(input);
        context->save_for_backward({pooled.argmax});
        context->saved_data["height"] = input.size(2);
        context->saved_data["width"] = input.size(3);
        return pooled.output;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list gradOutputs)
    {
        // The scatter is not itself differentiable: a second derivative would be silently zero.
        TORCH_CHECK(!torch::GradMode::is_enabled(), "maxPool2x2 has no second derivative (create_graph)");
        const auto argmax = context->get_saved_variables().at(0);
        return {poolBackward(gradOutputs.at(0), argmax, context->saved_data["height"].toInt(),
                             context->saved_data["width"].toInt())};
    }
};

// BatchNorm's evaluation as x·scale + shift, the terms computed in float as ATen's
// batch_norm_cpu_collect_linear_and_constant_terms computes them.
std::pair<std::vector<float>, std::vector<float>> affineTerms(const torch::nn::BatchNorm2dImpl &norm)
{
    TORCH_CHECK(norm.options.affine() && norm.options.track_running_stats(), "poolReluNorm needs an affine BatchNorm with running statistics");
    const auto channels = norm.options.num_features();
    const auto mean = norm.running_mean.contiguous(), variance = norm.running_var.contiguous();
    const auto weight = norm.weight.detach().contiguous(), bias = norm.bias.detach().contiguous();
    const float eps = float(norm.options.eps());
    std::vector<float> scale(static_cast<std::size_t>(channels)), shift(static_cast<std::size_t>(channels));
    for (std::int64_t c = 0; c < channels; ++c) {
        const float inverseStd = 1.0f / std::sqrt(variance.data_ptr<float>()[c] + eps);
        scale[std::size_t(c)] = inverseStd * weight.data_ptr<float>()[c];
        shift[std::size_t(c)] = bias.data_ptr<float>()[c] - mean.data_ptr<float>()[c] * scale[std::size_t(c)];
    }
    return {scale, shift};
}
} // namespace

torch::Tensor maxPool2x2(const torch::Tensor &input)
{
    return MaxPool2x2Function::apply(input);
}

torch::Tensor poolReluNorm(const torch::Tensor &input, const torch::nn::BatchNorm2dImpl &norm, Layout layout)
{
    TORCH_CHECK(input.dim() == 4 && input.scalar_type() == torch::kFloat && input.is_cpu()
                    && input.is_contiguous(at::MemoryFormat::ChannelsLast),
                "poolReluNorm takes a channels-last float [N,C,H,W] CPU tensor");
    TORCH_CHECK(!norm.is_training(), "poolReluNorm applies BatchNorm's running statistics: evaluation only");
    const auto [scale, shift] = affineTerms(norm);
    const std::int64_t batch = input.size(0), channels = input.size(1), height = input.size(2), width = input.size(3);
    TORCH_CHECK(std::int64_t(scale.size()) == channels, "poolReluNorm: BatchNorm has ", scale.size(), " channels, the input ", channels);
    const std::int64_t outHeight = height / 2, outWidth = width / 2;
    const bool timeMajor = layout == Layout::TimeMajor;
    const auto output = timeMajor ? torch::empty({batch, outHeight, channels, outWidth}, input.options()).permute({0, 2, 1, 3})
                                  : torch::empty({batch, channels, outHeight, outWidth},
                                                 input.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float *in = input.data_ptr<float>();
    float *out = output.data_ptr<float>();
    const std::int64_t rowStride = width * channels, outRowSize = outWidth * channels;
    at::parallel_for(0, batch * outHeight, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> tile(timeMajor ? std::size_t(outRowSize) : 0); // pixel-major, then transposed
        for (std::int64_t row = begin; row < end; ++row) {
            const std::int64_t n = row / outHeight, i = row % outHeight;
            const float *top = in + (n * height + 2 * i) * rowStride;
            float *target = out + row * outRowSize; // the same offset in both layouts
            poolReluNormRow(top, top + rowStride, scale.data(), shift.data(), timeMajor ? tile.data() : target, outWidth, channels);
            if (timeMajor) {
                for (std::int64_t c = 0; c < channels; ++c)
                    for (std::int64_t j = 0; j < outWidth; ++j)
                        target[c * outWidth + j] = tile[std::size_t(j * channels + c)];
            }
        }
    });
    return output;
}

} // namespace genrelab::BlockKernels
