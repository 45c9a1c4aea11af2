#include "SingleChannelBlock.h"

#include "PooledLanes.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace genrelab::SingleChannelBlock {

namespace {
using PooledLanes::kLanes;

struct Shape
{
    std::int64_t height, width, filters;
    std::int64_t bandWidth() const { return width + 2; }
};

// The 3×3 taps of each group of eight filters, [group][tap][lane]: one load per tap.
std::vector<float> groupedTaps(const torch::Tensor &weight)
{
    const auto dense = weight.detach().contiguous(); // [filters][1][3][3] whatever its memory format
    const float *w = dense.data_ptr<float>();
    const std::int64_t filters = dense.size(0);
    std::vector<float> taps(std::size_t(filters * 9));
    for (std::int64_t f = 0; f < filters; ++f)
        for (int t = 0; t < 9; ++t)
            taps[std::size_t(((f / kLanes) * 9 + t) * kLanes + f % kLanes)] = w[f * 9 + t];
    return taps;
}

// Input rows 2i−1 … 2i+2 with a zero column on each side; rows outside the image are
// zeros (the convolution's padding).
[[gnu::always_inline]] inline void fillBand(const float *image, std::int64_t pooledRow, const Shape &s, float *band)
{
    std::memset(band, 0, std::size_t(4 * s.bandWidth()) * sizeof(float));
    for (std::int64_t r = 0; r < 4; ++r) {
        const std::int64_t y = 2 * pooledRow - 1 + r;
        if (y >= 0 && y < s.height)
            std::memcpy(band + r * s.bandWidth() + 1, image + y * s.width, std::size_t(s.width) * sizeof(float));
    }
}

// One pooled row of one image, pixel-major: for each group of eight filters (its nine
// taps in registers), each window's four outputs from its 4×4 input patch, a patch row at
// a time (row r feeds output row 0 through tap row r and output row 1 through r − 1).
GENRELAB_VECTOR_CLONES void pooledRow(const float *image, std::int64_t i, const float *taps, const float *bias,
                                      const float *scale, const float *shift, const Shape &s, float *band, float *row)
{
    fillBand(image, i, s, band);
    const std::int64_t stride = s.bandWidth(), windows = s.width / 2;
    for (std::int64_t g = 0; g < s.filters / kLanes; ++g) {
        Floats8 w[9];
        for (int t = 0; t < 9; ++t)
            w[t] = load8(taps + (g * 9 + t) * kLanes);
        const Floats8 b = load8(bias + g * kLanes), sc = load8(scale + g * kLanes), sh = load8(shift + g * kLanes);
        for (std::int64_t j = 0; j < windows; ++j) {
            Floats8 y00 = {}, y01 = {}, y10 = {}, y11 = {};
            for (int r = 0; r < 4; ++r) {
                const float *x = band + r * stride + 2 * j;
                if (r < 3) {
                    const Floats8 *k = w + 3 * r;
                    y00 += k[0] * x[0] + k[1] * x[1] + k[2] * x[2];
                    y01 += k[0] * x[1] + k[1] * x[2] + k[2] * x[3];
                }
                if (r > 0) {
                    const Floats8 *k = w + 3 * (r - 1);
                    y10 += k[0] * x[0] + k[1] * x[1] + k[2] * x[2];
                    y11 += k[0] * x[1] + k[1] * x[2] + k[2] * x[3];
                }
            }
            store8(row + j * s.filters + g * kLanes, PooledLanes::poolReluNorm(y00, y01, y10, y11, b, sc, sh));
        }
    }
}
} // namespace

bool applies(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm)
{
    return BlockKernels::isEvaluationBlock(input, convolution, norm) && input.size(1) == 1
        && convolution.weight.size(0) % kLanes == 0;
}

torch::Tensor convolvePoolReluNorm(const torch::Tensor &anyLayout, const torch::nn::Conv2dImpl &convolution,
                                   const torch::nn::BatchNorm2dImpl &norm, BlockKernels::Layout layout)
{
    TORCH_CHECK(applies(anyLayout, convolution, norm), "SingleChannelBlock: not a block it computes");
    const auto input = anyLayout.contiguous(); // one channel: [N,1,H,W] is [N,H,W] in any layout
    const Shape shape{input.size(2), input.size(3), convolution.weight.size(0)};
    const std::vector<float> taps = groupedTaps(convolution.weight);
    const auto bias = convolution.bias.detach().contiguous();
    const auto [scale, shift] = BlockKernels::normTerms(norm);
    const float *in = input.data_ptr<float>();
    return BlockKernels::pooledRows(
        input.options(), {input.size(0), shape.filters, shape.height / 2, shape.width / 2}, layout,
        [&] { return std::vector<float>(std::size_t(4 * shape.bandWidth())); },
        [&](std::int64_t n, std::int64_t i, std::vector<float> &band, float *row) {
            pooledRow(in + n * shape.height * shape.width, i, taps.data(), bias.data_ptr<float>(), scale.data(), shift.data(),
                      shape, band.data(), row);
        });
}

} // namespace genrelab::SingleChannelBlock
