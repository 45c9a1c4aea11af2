#include "BlockKernels.h"

#include "util/VectorClones.h"

#include <ATen/Parallel.h>

#include <cstdint>
#include <cstring>
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

// A channels-last input is pooled pixel-major; with `planarOutput` its result is written
// NCHW (each row transposed through a small buffer) while the argmax stays pixel-major:
// the fused first block's BatchNorm runs NCHW, and the transposing copy it needed took a
// pass over 26 MB each way. Any other layout is pooled as NCHW.
Pooled poolForward(const torch::Tensor &anyLayout, bool planarOutput = false)
{
    TORCH_CHECK(anyLayout.dim() == 4 && anyLayout.scalar_type() == torch::kFloat && anyLayout.is_cpu(),
                "maxPool2x2 takes a float [N,C,H,W] CPU tensor");
    const bool channelsLast = pixelMajor(anyLayout);
    const auto format = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    const auto input = anyLayout.contiguous(format);
    const std::int64_t batch = input.size(0), channels = input.size(1), height = input.size(2), width = input.size(3);
    const std::int64_t outHeight = height / 2, outWidth = width / 2;
    const auto options = input.options().memory_format(format);
    const bool transposeRows = channelsLast && planarOutput;
    Pooled pooled{torch::empty({batch, channels, outHeight, outWidth},
                               transposeRows ? input.options().memory_format(at::MemoryFormat::Contiguous) : options),
                  torch::empty({batch, channels, outHeight, outWidth}, options.dtype(torch::kUInt8))};
    const float *in = input.data_ptr<float>();
    float *out = pooled.output.data_ptr<float>();
    Argmax *argmax = pooled.argmax.data_ptr<Argmax>();
    if (channelsLast) {
        const std::int64_t plane = outHeight * outWidth;
        at::parallel_for(0, batch * outHeight, 1, [&](std::int64_t begin, std::int64_t end) {
            std::vector<float> rowBuffer(transposeRows ? std::size_t(outWidth * channels) : 0);
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t n = row / outHeight, i = row % outHeight;
                const float *top = in + (n * height + 2 * i) * width * channels;
                float *pixels = transposeRows ? rowBuffer.data() : out + row * outWidth * channels;
                poolPixelRow(top, top + width * channels, pixels, argmax + row * outWidth * channels, outWidth, channels);
                if (!transposeRows)
                    continue;
                float *planes = out + n * channels * plane + i * outWidth;
                for (std::int64_t c = 0; c < channels; ++c)
                    for (std::int64_t j = 0; j < outWidth; ++j)
                        planes[c * plane + j] = pixels[j * channels + c];
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

// One row of the first convolution's weight gradient: for each of `channels` (a multiple
// of 8) and each of the 9 taps, the sum over the row's pixels of tap input × output
// gradient. `grad` is the row's channels-last gradient; `above`, `row`, `below` are the
// zero-padded input rows (width + 2). Eight channels at a time, so the 9 × 8 sums stay in
// registers.
GENRELAB_VECTOR_CLONES void accumulateFilterRow(const float *__restrict grad, const float *__restrict above,
                                                const float *__restrict row, const float *__restrict below, std::int64_t width,
                                                std::int64_t channels, double *__restrict weightSums, double *__restrict biasSums)
{
    for (std::int64_t c0 = 0; c0 < channels; c0 += 8) {
        float sums[9][8] = {}, bias[8] = {};
        for (std::int64_t x = 0; x < width; ++x) {
            const float *g = grad + x * channels + c0;
            const float taps[9] = {above[x], above[x + 1], above[x + 2], row[x], row[x + 1], row[x + 2], below[x], below[x + 1], below[x + 2]};
            for (int t = 0; t < 9; ++t) {
#pragma omp simd
                for (int k = 0; k < 8; ++k)
                    sums[t][k] += taps[t] * g[k];
            }
#pragma omp simd
            for (int k = 0; k < 8; ++k)
                bias[k] += g[k];
        }
        for (int t = 0; t < 9; ++t)
            for (int k = 0; k < 8; ++k)
                weightSums[t * channels + c0 + k] += sums[t][k];
        for (int k = 0; k < 8; ++k)
            biasSums[c0 + k] += bias[k];
    }
}

// One pooled row's share of the first convolution's weight gradient, straight from the
// pooled gradient and argmax ([width][channels] each, channels-last): convolution row 2i
// then 2i + 1, each summed exactly as accumulateFilterRow sums it from the unpooled
// gradient (a window's gradient at the pixel its argmax names, +0 at the other three),
// in the same order, so the result is bit-identical without the full-size gradient ever
// being written. `padded` is the zero-padded input row 2i − 1 (width·2 + 2 wide).
GENRELAB_VECTOR_CLONES void accumulatePooledFilterRows(const float *__restrict grad, const Argmax *__restrict argmax,
                                                       const float *__restrict padded, std::int64_t pooledWidth,
                                                       std::int64_t channels, double *__restrict weightSums,
                                                       double *__restrict biasSums)
{
    // Written with GCC's vector types (util/VectorClones.h): with arrays and `omp simd`
    // GCC kept the 80 sums in memory and the backward ran 3× slower than the unfused pair.
    const std::int64_t paddedWidth = 2 * pooledWidth + 2;
    for (int half = 0; half < 2; ++half) {
        const float *above = padded + half * paddedWidth, *row = above + paddedWidth, *below = row + paddedWidth;
        for (std::int64_t c0 = 0; c0 < channels; c0 += 8) {
            Floats8 sums[9] = {}, bias = {};
            for (std::int64_t j = 0; j < pooledWidth; ++j) {
                Floats8 g;
                std::uint32_t low, high; // the eight argmax bytes, spread to lanes by shifts (GCC's
                std::memcpy(&g, grad + j * channels + c0, sizeof g); // byte→int conversion went scalar)
                std::memcpy(&low, argmax + j * channels + c0, 4);
                std::memcpy(&high, argmax + j * channels + c0 + 4, 4);
                const Unsigned8 packed = {low, low, low, low, high, high, high, high};
                const Unsigned8 which = (packed >> Unsigned8{0, 8, 16, 24, 0, 8, 16, 24}) & 0xffu;
                for (int dx = 0; dx < 2; ++dx) {
                    const std::int64_t x = 2 * j + dx;
                    // The gradient where this pixel won its window, +0 elsewhere (the bits of g or none).
                    const Ints8 won = which == Unsigned8{} + std::uint32_t(2 * half + dx);
                    const Floats8 masked = reinterpret_cast<Floats8>(reinterpret_cast<Ints8>(g) & won);
                    const float taps[9] = {above[x], above[x + 1], above[x + 2], row[x], row[x + 1], row[x + 2], below[x], below[x + 1], below[x + 2]};
                    for (int t = 0; t < 9; ++t)
                        sums[t] += taps[t] * masked;
                    bias += masked;
                }
            }
            for (int t = 0; t < 9; ++t)
                for (int c = 0; c < 8; ++c)
                    weightSums[t * channels + c0 + c] += sums[t][c];
            for (int c = 0; c < 8; ++c)
                biasSums[c0 + c] += bias[c];
        }
    }
}

// dW [C,1,3,3] and db [C] of the first convolution from its input [N,1,H,W]: each image's
// sums (`sumImage(n, zero-padded image, its 10·C doubles)`, 9 taps then the bias, tap-major)
// in double, then added in image order: the same result on any number of threads.
template<typename SumImage>
std::pair<torch::Tensor, torch::Tensor> filterGradientByImage(const torch::Tensor &anyInput, std::int64_t channels,
                                                              const torch::TensorOptions &options, const SumImage &sumImage)
{
    const auto input = anyInput.contiguous();
    const std::int64_t batch = input.size(0), height = input.size(2), width = input.size(3);
    const std::int64_t perImage = 10 * channels; // 9 taps and the bias
    std::vector<double> sums(std::size_t(batch * perImage), 0.0);
    const float *in = input.data_ptr<float>();
    at::parallel_for(0, batch, 1, [&](std::int64_t begin, std::int64_t end) {
        const std::int64_t padded = width + 2;
        std::vector<float> image(std::size_t((height + 2) * padded), 0.0f); // zero border
        for (std::int64_t n = begin; n < end; ++n) {
            for (std::int64_t y = 0; y < height; ++y)
                std::copy_n(in + (n * height + y) * width, width, image.begin() + (y + 1) * padded + 1);
            sumImage(n, image.data(), sums.data() + n * perImage);
        }
    });
    std::vector<double> total(std::size_t(perImage), 0.0);
    for (std::int64_t n = 0; n < batch; ++n) // in image order
        for (std::int64_t i = 0; i < perImage; ++i)
            total[std::size_t(i)] += sums[std::size_t(n * perImage + i)];
    auto weight = torch::empty({channels, 1, 3, 3}, options.memory_format(at::MemoryFormat::Contiguous));
    auto bias = torch::empty({channels}, options.memory_format(at::MemoryFormat::Contiguous));
    float *w = weight.data_ptr<float>();
    for (std::int64_t c = 0; c < channels; ++c) {
        for (int t = 0; t < 9; ++t)
            w[c * 9 + t] = float(total[std::size_t(t * channels + c)]);
        bias.data_ptr<float>()[c] = float(total[std::size_t(9 * channels + c)]);
    }
    return {weight, bias};
}

// From the convolution's channels-last output gradient.
std::pair<torch::Tensor, torch::Tensor> firstConvolutionFilterGradient(const torch::Tensor &input, const torch::Tensor &anyGrad)
{
    const auto grad = anyGrad.contiguous(at::MemoryFormat::ChannelsLast);
    const std::int64_t height = input.size(2), width = input.size(3), channels = grad.size(1);
    const float *g = grad.data_ptr<float>();
    return filterGradientByImage(input, channels, grad.options(), [&](std::int64_t n, const float *image, double *weightSums) {
        for (std::int64_t y = 0; y < height; ++y) {
            const float *above = image + y * (width + 2);
            accumulateFilterRow(g + (n * height + y) * width * channels, above, above + width + 2, above + 2 * (width + 2), width,
                                channels, weightSums, weightSums + 9 * channels);
        }
    });
}

// From the pooled gradient and the pool's argmax; the convolution's height and width are even.
std::pair<torch::Tensor, torch::Tensor> pooledFilterGradient(const torch::Tensor &input, const torch::Tensor &anyPooledGrad,
                                                             const torch::Tensor &anyArgmax)
{
    // The gradient arrives NCHW from the BatchNorm (the forward wrote NCHW): each row is
    // gathered pixel-major into a small buffer rather than the whole tensor transposed.
    const bool planar = !pixelMajor(anyPooledGrad);
    const auto grad = anyPooledGrad.contiguous(planar ? at::MemoryFormat::Contiguous : at::MemoryFormat::ChannelsLast);
    const auto argmaxTensor = anyArgmax.contiguous(at::MemoryFormat::ChannelsLast); // already so from a channels-last convolution
    const std::int64_t pooledHeight = grad.size(2), pooledWidth = grad.size(3), channels = grad.size(1);
    const std::int64_t paddedWidth = 2 * pooledWidth + 2, pooledRow = pooledWidth * channels, plane = pooledHeight * pooledWidth;
    const float *g = grad.data_ptr<float>();
    const Argmax *argmax = argmaxTensor.data_ptr<Argmax>();
    return filterGradientByImage(input, channels, grad.options(), [&](std::int64_t n, const float *image, double *weightSums) {
        std::vector<float> rowBuffer(planar ? std::size_t(pooledRow) : 0);
        for (std::int64_t i = 0; i < pooledHeight; ++i) {
            const std::int64_t at = (n * pooledHeight + i) * pooledRow;
            const float *pixels = g + at;
            if (planar) {
                const float *planes = g + n * channels * plane + i * pooledWidth;
                for (std::int64_t c = 0; c < channels; ++c)
                    for (std::int64_t j = 0; j < pooledWidth; ++j)
                        rowBuffer[std::size_t(j * channels + c)] = planes[c * plane + j];
                pixels = rowBuffer.data();
            }
            accumulatePooledFilterRows(pixels, argmax + at, image + 2 * i * paddedWidth, pooledWidth, channels, weightSums,
                                       weightSums + 9 * channels);
        }
    });
}

// One pooled row's share of one output channel's weight gradient, for a C-input-channel
// 3×3 convolution: `grad` and `argmax` are that channel's pooled row. Each pooled pixel's
// argmax names the one convolution pixel (y, x) with a gradient; tap row `a` of its
// receptive field is 3·C floats in a row of the zero-padded pixel-major image (pixels
// x … x + 2, all channels), so the sum is over a quarter of the pixels, each a contiguous
// run. `rows` are the padded image's rows 2i … 2i + 3, which the caller keeps in cache by
// taking every output channel for a pooled row before the next. Adds to `sums`, the
// channel's three rows [a][b·C + c], in pixel order; C is a multiple of 32, so a row is
// whole runs of 12 vectors, which stay in registers.
GENRELAB_VECTOR_CLONES void accumulatePooledFilterRow(const float *__restrict grad, const Argmax *__restrict argmax,
                                                      const float *__restrict rows, std::int64_t pooledWidth,
                                                      std::int64_t paddedWidth, std::int64_t channels, float *__restrict sums)
{
    constexpr int kVectors = 12;
    const std::int64_t rowLength = 3 * channels;
    for (int a = 0; a < 3; ++a) {
        for (std::int64_t chunk = 0; chunk < rowLength; chunk += 8 * kVectors) {
            Floats8 acc[kVectors];
            std::memcpy(acc, sums + a * rowLength + chunk, sizeof acc);
            for (std::int64_t j = 0; j < pooledWidth; ++j) {
                const int k = argmax[j];
                const float *run = rows + ((k / 2 + a) * paddedWidth + 2 * j + k % 2) * channels + chunk;
                const Floats8 g = Floats8{} + grad[j];
                for (int v = 0; v < kVectors; ++v) {
                    Floats8 tap;
                    std::memcpy(&tap, run + 8 * v, sizeof tap);
                    acc[v] += g * tap;
                }
            }
            std::memcpy(sums + a * rowLength + chunk, acc, sizeof acc);
        }
    }
}

// dW [O,C,3,3] and db [O] of a C-channel convolution (C a multiple of 32) from its NCHW
// input and the pooled NCHW gradient and argmax. Each image's sums are in float, then the
// images are added in double in image order: the same result on any number of threads.
std::pair<torch::Tensor, torch::Tensor> pooledWideFilterGradient(const torch::Tensor &anyInput, const torch::Tensor &anyGrad,
                                                                 const torch::Tensor &anyArgmax)
{
    const auto input = anyInput.contiguous();
    const auto grad = anyGrad.contiguous();
    const auto argmaxTensor = anyArgmax.contiguous();
    const std::int64_t batch = input.size(0), channels = input.size(1), height = input.size(2), width = input.size(3);
    const std::int64_t outChannels = grad.size(1), pooledHeight = grad.size(2), pooledWidth = grad.size(3);
    const std::int64_t plane = pooledHeight * pooledWidth, paddedWidth = width + 2, taps = 9 * channels;
    const std::int64_t perImage = outChannels * (taps + 1); // the filters, then the biases
    std::vector<float> sums(std::size_t(batch * perImage)); // each image's, zeroed by its thread
    const float *in = input.data_ptr<float>(), *g = grad.data_ptr<float>();
    const Argmax *argmax = argmaxTensor.data_ptr<Argmax>();
    at::parallel_for(0, batch, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> image(std::size_t((height + 2) * paddedWidth * channels), 0.0f); // zero border
        for (std::int64_t n = begin; n < end; ++n) {
            for (std::int64_t c = 0; c < channels; ++c)
                for (std::int64_t y = 0; y < height; ++y) {
                    const float *source = in + ((n * channels + c) * height + y) * width;
                    float *target = image.data() + ((y + 1) * paddedWidth + 1) * channels + c;
                    for (std::int64_t x = 0; x < width; ++x)
                        target[x * channels] = source[x];
                }
            float *imageSums = sums.data() + n * perImage;
            std::fill(imageSums, imageSums + perImage, 0.0f);
            for (std::int64_t i = 0; i < pooledHeight; ++i) {
                const float *rows = image.data() + 2 * i * paddedWidth * channels;
                for (std::int64_t o = 0; o < outChannels; ++o) {
                    const std::int64_t at = (n * outChannels + o) * plane + i * pooledWidth;
                    accumulatePooledFilterRow(g + at, argmax + at, rows, pooledWidth, paddedWidth, channels, imageSums + o * taps);
                }
            }
            for (std::int64_t o = 0; o < outChannels; ++o) {
                const float *planeGrad = g + (n * outChannels + o) * plane;
                float bias = 0.0f;
                for (std::int64_t p = 0; p < plane; ++p)
                    bias += planeGrad[p];
                imageSums[outChannels * taps + o] = bias;
            }
        }
    });
    auto weight = torch::empty({outChannels, channels, 3, 3}, grad.options());
    auto bias = torch::empty({outChannels}, grad.options());
    float *w = weight.data_ptr<float>(), *b = bias.data_ptr<float>();
    at::parallel_for(0, outChannels, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<double> total(std::size_t(taps + 1));
        for (std::int64_t o = begin; o < end; ++o) {
            std::fill(total.begin(), total.end(), 0.0);
            for (std::int64_t n = 0; n < batch; ++n) { // in image order
                const float *imageSums = sums.data() + n * perImage;
                for (std::int64_t t = 0; t < taps; ++t)
                    total[std::size_t(t)] += imageSums[o * taps + t];
                total[std::size_t(taps)] += imageSums[outChannels * taps + o];
            }
            for (std::int64_t c = 0; c < channels; ++c) // [a][b·C + c] → [c][a][b]
                for (int tap = 0; tap < 9; ++tap)
                    w[(o * channels + c) * 9 + tap] = float(total[std::size_t(tap * channels + c)]);
            b[o] = float(total[std::size_t(taps)]);
        }
    });
    return {weight, bias};
}

// Saliency asks autograd for the input's gradient alone (torch::autograd::grad): the
// filter sums are then skipped, not computed and dropped.
bool needsFilterGradient(torch::autograd::AutogradContext *context)
{
    return context->needs_input_grad(1) || context->needs_input_grad(2);
}

class FirstConvolutionFunction : public torch::autograd::Function<FirstConvolutionFunction>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &input, const torch::Tensor &weight,
                                 const torch::Tensor &bias)
    {
        context->save_for_backward({input, weight});
        return torch::conv2d(input, weight, bias, 1, 1);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list gradOutputs)
    {
        TORCH_CHECK(!torch::GradMode::is_enabled(), "firstConvolution has no second derivative (create_graph)");
        const auto saved = context->get_saved_variables();
        const auto &input = saved.at(0), &weight = saved.at(1);
        const auto grad = gradOutputs.at(0);
        std::pair<torch::Tensor, torch::Tensor> filterGrads;
        if (needsFilterGradient(context))
            filterGrads = firstConvolutionFilterGradient(input, grad);
        torch::Tensor inputGrad;
        if (context->needs_input_grad(0))
            inputGrad = std::get<0>(at::convolution_backward(grad, input, weight, c10::IntArrayRef{weight.size(0)}, {1, 1}, {1, 1}, {1, 1},
                                                             false, {0, 0}, 1, {true, false, false}));
        return {inputGrad, filterGrads.first, filterGrads.second};
    }
};

// The input gradient of a pooled 3×3 convolution (padding 1: the convolution is the
// input's size) the unfused way: the full-size gradient, then oneDNN's data gradient.
torch::Tensor unpooledInputGradient(const torch::Tensor &pooledGrad, const torch::Tensor &argmax, const torch::Tensor &input,
                                    const torch::Tensor &weight)
{
    const auto convolutionGrad = poolBackward(pooledGrad, argmax, input.size(2), input.size(3));
    return std::get<0>(at::convolution_backward(convolutionGrad, input, weight, c10::IntArrayRef{weight.size(0)}, {1, 1}, {1, 1},
                                                {1, 1}, false, {0, 0}, 1, {true, false, false}));
}

// A 3×3 convolution and its pool as one step (convolutionPooled): one input channel
// (block 1) or a multiple of 32 (block 2), told apart by the input's channels. The pooled
// output is NCHW (from a channels-last convolution, written so row by row), for the NCHW
// BatchNorm after it.
class ConvolutionPooledFunction : public torch::autograd::Function<ConvolutionPooledFunction>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &input, const torch::Tensor &weight,
                                 const torch::Tensor &bias)
    {
        auto pooled = poolForward(torch::conv2d(input, weight, bias, 1, 1), true);
        context->save_for_backward({input, weight, pooled.argmax});
        return pooled.output;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list gradOutputs)
    {
        TORCH_CHECK(!torch::GradMode::is_enabled(), "convolutionPooled has no second derivative (create_graph)");
        const auto saved = context->get_saved_variables();
        const auto &input = saved.at(0), &weight = saved.at(1), &argmax = saved.at(2);
        const auto grad = gradOutputs.at(0);
        std::pair<torch::Tensor, torch::Tensor> filterGrads;
        if (needsFilterGradient(context))
            filterGrads = input.size(1) == 1 ? pooledFilterGradient(input, grad, argmax) : pooledWideFilterGradient(input, grad, argmax);
        const auto inputGrad = context->needs_input_grad(0) ? unpooledInputGradient(grad, argmax, input, weight) : torch::Tensor();
        return {inputGrad, filterGrads.first, filterGrads.second};
    }
};

class ContiguousGradientFunction : public torch::autograd::Function<ContiguousGradientFunction>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *, const torch::Tensor &input)
    {
        return input.view_as(input); // a new tensor (autograd's rule for Function outputs) of the same memory
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *, torch::autograd::variable_list grads)
    {
        return {grads.at(0).contiguous()};
    }
};

} // namespace

bool isPlain3x3(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution)
{
    const auto &options = convolution.options;
    const auto &weight = convolution.weight;
    const auto *padding = c10::get_if<torch::ExpandingArray<2>>(&options.padding());
    return input.dim() == 4 && input.is_cpu() && input.scalar_type() == torch::kFloat && weight.size(2) == 3
        && weight.size(3) == 3 && convolution.bias.defined() && (*options.stride())[0] == 1 && (*options.stride())[1] == 1
        && (*options.dilation())[0] == 1 && (*options.dilation())[1] == 1 && options.groups() == 1 && padding
        && (**padding)[0] == 1 && (**padding)[1] == 1 && c10::holds_alternative<torch::enumtype::kZeros>(options.padding_mode());
}

bool needsGradient(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm)
{
    const auto wants = [](const torch::Tensor &tensor) { return tensor.defined() && tensor.requires_grad(); };
    return torch::GradMode::is_enabled()
        && (wants(input) || wants(convolution.weight) || wants(convolution.bias) || wants(norm.weight) || wants(norm.bias));
}

bool isEvaluationBlock(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm)
{
    return !needsGradient(input, convolution, norm) && !norm.is_training() && norm.options.affine() && norm.options.track_running_stats()
        && isPlain3x3(input, convolution) && input.size(2) >= 2 && input.size(3) >= 2;
}

torch::Tensor maxPool2x2(const torch::Tensor &input)
{
    return MaxPool2x2Function::apply(input);
}

namespace {
// A gradient of ours applies: autograd on and a plain 3×3 convolution.
bool isPlain3x3UnderAutograd(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution)
{
    return torch::GradMode::is_enabled() && isPlain3x3(input, convolution);
}

// firstConvolution's: one input channel, a multiple of 8 filters.
bool isOursToDifferentiate(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution)
{
    return isPlain3x3UnderAutograd(input, convolution) && input.size(1) == 1 && convolution.weight.size(0) % 8 == 0;
}

// The wide pooled kernel's: a multiple of 32 input channels, and a pooled output.
bool isWideOursToDifferentiate(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution)
{
    return isPlain3x3UnderAutograd(input, convolution) && input.size(1) % 32 == 0 && input.size(2) >= 2 && input.size(3) >= 2;
}
} // namespace

torch::Tensor firstConvolution(const torch::Tensor &input, torch::nn::Conv2dImpl &convolution)
{
    if (!isOursToDifferentiate(input, convolution))
        return convolution.forward(input);
    return FirstConvolutionFunction::apply(input, convolution.weight, convolution.bias);
}

torch::Tensor convolutionPooled(const torch::Tensor &input, torch::nn::Conv2dImpl &convolution)
{
    if (isWideOursToDifferentiate(input, convolution))
        return ConvolutionPooledFunction::apply(input, convolution.weight, convolution.bias);
    // Fused where the convolution has even sides (no dropped row or column to account for).
    const bool fused = isOursToDifferentiate(input, convolution) && input.size(2) % 2 == 0 && input.size(3) % 2 == 0
                    && input.size(2) > 0 && input.size(3) > 0;
    if (!fused)
        return maxPool2x2(firstConvolution(input, convolution));
    return ConvolutionPooledFunction::apply(input, convolution.weight, convolution.bias);
}

torch::Tensor contiguousGradient(const torch::Tensor &input)
{
    return input.requires_grad() ? ContiguousGradientFunction::apply(input) : input;
}

NormTerms normTerms(const torch::nn::BatchNorm2dImpl &norm)
{
    TORCH_CHECK(norm.options.affine() && norm.options.track_running_stats(), "the evaluation kernels need an affine BatchNorm with running statistics");
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

torch::Tensor pooledOutput(const torch::TensorOptions &options, at::IntArrayRef sizes, Layout layout)
{
    if (layout == Layout::TimeMajor)
        return torch::empty({sizes[0], sizes[2], sizes[1], sizes[3]}, options).permute({0, 2, 1, 3});
    return torch::empty(sizes, options.memory_format(at::MemoryFormat::ChannelsLast));
}

void transposePooledRow(const float *pixelMajor, float *target, std::int64_t width, std::int64_t channels)
{
    for (std::int64_t c = 0; c < channels; ++c)
        for (std::int64_t j = 0; j < width; ++j)
            target[c * width + j] = pixelMajor[j * channels + c];
}

torch::Tensor poolReluNorm(const torch::Tensor &input, const torch::nn::BatchNorm2dImpl &norm, Layout layout)
{
    TORCH_CHECK(input.dim() == 4 && input.scalar_type() == torch::kFloat && input.is_cpu()
                    && input.is_contiguous(at::MemoryFormat::ChannelsLast),
                "poolReluNorm takes a channels-last float [N,C,H,W] CPU tensor");
    TORCH_CHECK(!norm.is_training(), "poolReluNorm applies BatchNorm's running statistics: evaluation only");
    const auto [scale, shift] = normTerms(norm);
    const std::int64_t batch = input.size(0), channels = input.size(1), height = input.size(2), width = input.size(3);
    TORCH_CHECK(std::int64_t(scale.size()) == channels, "poolReluNorm: BatchNorm has ", scale.size(), " channels, the input ", channels);
    const float *in = input.data_ptr<float>();
    const std::int64_t rowStride = width * channels;
    return pooledRows(input.options(), {batch, channels, height / 2, width / 2}, layout, [] { return 0; },
                      [&](std::int64_t n, std::int64_t i, int, float *row) {
                          const float *top = in + (n * height + 2 * i) * rowStride;
                          poolReluNormRow(top, top + rowStride, scale.data(), shift.data(), row, width / 2, channels);
                      });
}

} // namespace genrelab::BlockKernels
