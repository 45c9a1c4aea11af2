#include "WinogradBlock.h"

#include "PooledLanes.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace genrelab::WinogradBlock {

namespace {
// F(2×2, 3×3): a 4×4 input tile (stride 2) gives a 2×2 output group through 16
// transformed points, V = Bᵀ d B, U = G g Gᵀ, y = Aᵀ (U ⊙ V) A with
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].
constexpr int kPoints = 16;
using PooledLanes::kLanes;
constexpr std::int64_t kRowsPerBlock = 6; // most tiles per GEMM block: 6 × 2 accumulators of 16
constexpr std::int64_t kColumnsPerBlock = 16;

// The filters in the transformed domain, [point][in][out]: the GEMM's right-hand side.
// Computed in double from the float weights, then rounded once.
std::vector<float> transformedFilters(const torch::Tensor &weight)
{
    const auto dense = weight.detach().contiguous(); // [out][in][3][3] whatever its memory format
    const std::int64_t outputs = dense.size(0), inputs = dense.size(1);
    const float *w = dense.data_ptr<float>();
    std::vector<float> u(std::size_t(kPoints * inputs * outputs));
    for (std::int64_t o = 0; o < outputs; ++o) {
        for (std::int64_t i = 0; i < inputs; ++i) {
            const float *g = w + (o * inputs + i) * 9;
            double gg[4][3]; // G g
            for (int c = 0; c < 3; ++c) {
                gg[0][c] = g[c];
                gg[1][c] = 0.5 * (double(g[c]) + g[3 + c] + g[6 + c]);
                gg[2][c] = 0.5 * (double(g[c]) - g[3 + c] + g[6 + c]);
                gg[3][c] = g[6 + c];
            }
            for (int r = 0; r < 4; ++r) { // (G g) Gᵀ
                const double row[4] = {gg[r][0], 0.5 * (gg[r][0] + gg[r][1] + gg[r][2]), 0.5 * (gg[r][0] - gg[r][1] + gg[r][2]),
                                       gg[r][2]};
                for (int c = 0; c < 4; ++c)
                    u[std::size_t(((r * 4 + c) * inputs + i) * outputs + o)] = float(row[c]);
            }
        }
    }
    return u;
}

struct Shape
{
    std::int64_t height, width, inputs, outputs;
    std::int64_t tilesAcross() const { return width / 2; }
};

// Four input rows (2i−1 … 2i+2) with a zero column on each side, pixel-major: the tile
// row's receptive field. Rows outside the image are zeros (the convolution's padding).
// The side columns are zero from the band's allocation and never written; only rows
// outside the image are zeroed (the band is refilled for every tile row).
[[gnu::always_inline]] inline void fillBand(const float *image, std::int64_t tileRow, const Shape &s, float *band)
{
    const std::int64_t rowSize = (s.width + 2) * s.inputs, pixels = s.width * s.inputs;
    for (std::int64_t r = 0; r < 4; ++r) {
        float *inside = band + r * rowSize + s.inputs;
        const std::int64_t y = 2 * tileRow - 1 + r;
        if (y >= 0 && y < s.height)
            std::memcpy(inside, image + y * pixels, std::size_t(pixels) * sizeof(float));
        else
            std::memset(inside, 0, std::size_t(pixels) * sizeof(float));
    }
}

// V = Bᵀ d B for every tile of the row, eight input channels at a time, into
// v[point][tile][input].
[[gnu::always_inline]] inline void transformInputs(const float *band, const Shape &s, float *v)
{
    const std::int64_t tiles = s.tilesAcross(), rowSize = (s.width + 2) * s.inputs, plane = tiles * s.inputs;
    for (std::int64_t t = 0; t < tiles; ++t) {
        for (std::int64_t ch = 0; ch < s.inputs; ch += kLanes) {
            Floats8 rows[4][4]; // Bᵀ d: the column transform of each of the 4 columns
            for (int c = 0; c < 4; ++c) {
                const float *p = band + (2 * t + c) * s.inputs + ch;
                const Floats8 d0 = load8(p), d1 = load8(p + rowSize), d2 = load8(p + 2 * rowSize), d3 = load8(p + 3 * rowSize);
                rows[0][c] = d0 - d2;
                rows[1][c] = d1 + d2;
                rows[2][c] = d2 - d1;
                rows[3][c] = d1 - d3;
            }
            float *out = v + t * s.inputs + ch;
            for (int r = 0; r < 4; ++r) { // (Bᵀ d) B
                const Floats8 *x = rows[r];
                store8(out + (r * 4 + 0) * plane, x[0] - x[2]);
                store8(out + (r * 4 + 1) * plane, x[1] + x[2]);
                store8(out + (r * 4 + 2) * plane, x[2] - x[1]);
                store8(out + (r * 4 + 3) * plane, x[1] - x[3]);
            }
        }
    }
}

// m[tile][out] = Σ_in v[tile][in] · u[in][out] for `Rows` tiles and 16 filters, the sums
// in 2·Rows vector registers.
template<int Rows>
[[gnu::always_inline]] inline void multiplyBlock(const float *v, const float *u, float *m, std::int64_t inputs, std::int64_t outputs)
{
    Floats8 sum[Rows][2] = {};
    for (std::int64_t k = 0; k < inputs; ++k) {
        const Floats8 b0 = load8(u + k * outputs), b1 = load8(u + k * outputs + kLanes);
        for (int r = 0; r < Rows; ++r) {
            const float a = v[r * inputs + k];
            sum[r][0] += a * b0;
            sum[r][1] += a * b1;
        }
    }
    for (int r = 0; r < Rows; ++r) {
        store8(m + r * outputs, sum[r][0]);
        store8(m + r * outputs + kLanes, sum[r][1]);
    }
}

// The 16 products of the tile row: m[point] = v[point] · u[point].
[[gnu::always_inline]] inline void multiplyPoints(const float *v, const float *u, const Shape &s, float *m)
{
    const std::int64_t tiles = s.tilesAcross();
    for (int point = 0; point < kPoints; ++point) {
        const float *vp = v + point * tiles * s.inputs, *up = u + point * s.inputs * s.outputs;
        float *mp = m + point * tiles * s.outputs;
        for (std::int64_t c = 0; c < s.outputs; c += kColumnsPerBlock) {
            // Blocks of as even a size as ≤ 6 allows (25 tiles: 5 × 5): a block of one
            // tile keeps 2 of the 16 registers busy, and took a tenth of the time for a
            // twenty-fifth of the work.
            const std::int64_t blocks = (tiles + kRowsPerBlock - 1) / kRowsPerBlock, base = tiles / blocks;
            for (std::int64_t b = 0, t = 0; b < blocks; ++b) {
                const std::int64_t rows = base + (b < tiles % blocks ? 1 : 0);
                const float *vb = vp + t * s.inputs, *ub = up + c;
                float *mb = mp + t * s.outputs + c;
                switch (rows) {
                case 6: multiplyBlock<6>(vb, ub, mb, s.inputs, s.outputs); break;
                case 5: multiplyBlock<5>(vb, ub, mb, s.inputs, s.outputs); break;
                case 4: multiplyBlock<4>(vb, ub, mb, s.inputs, s.outputs); break;
                case 3: multiplyBlock<3>(vb, ub, mb, s.inputs, s.outputs); break;
                case 2: multiplyBlock<2>(vb, ub, mb, s.inputs, s.outputs); break;
                default: multiplyBlock<1>(vb, ub, mb, s.inputs, s.outputs); break;
                }
                t += rows;
            }
        }
    }
}

// y = Aᵀ m A for each tile (its 2×2 outputs), then the pool, bias, ReLU and BatchNorm,
// into out[tile][output] (pixel-major).
[[gnu::always_inline]] inline void poolOutputs(const float *m, const float *bias, const float *scale, const float *shift,
                                               const Shape &s, float *out)
{
    const std::int64_t tiles = s.tilesAcross(), plane = tiles * s.outputs;
    for (std::int64_t t = 0; t < tiles; ++t) {
        for (std::int64_t ch = 0; ch < s.outputs; ch += kLanes) {
            const float *p = m + t * s.outputs + ch;
            Floats8 top[4], bottom[4]; // Aᵀ m: the 2 output rows of each of the 4 columns
            for (int c = 0; c < 4; ++c) {
                const Floats8 m0 = load8(p + c * plane), m1 = load8(p + (4 + c) * plane), m2 = load8(p + (8 + c) * plane),
                              m3 = load8(p + (12 + c) * plane);
                top[c] = m0 + m1 + m2;
                bottom[c] = m1 - m2 - m3;
            }
            const Floats8 y00 = top[0] + top[1] + top[2], y01 = top[1] - top[2] - top[3];
            const Floats8 y10 = bottom[0] + bottom[1] + bottom[2], y11 = bottom[1] - bottom[2] - bottom[3];
            store8(out + t * s.outputs + ch, PooledLanes::poolReluNorm(y00, y01, y10, y11, load8(bias + ch), load8(scale + ch),
                                                                       load8(shift + ch)));
        }
    }
}

struct Workspace
{
    explicit Workspace(const Shape &s) // all zeros: fillBand relies on it for the band's sides
        : band(std::size_t(4 * (s.width + 2) * s.inputs))
        , v(std::size_t(kPoints * s.tilesAcross() * s.inputs))
        , m(std::size_t(kPoints * s.tilesAcross() * s.outputs))
    {
    }
    std::vector<float> band, v, m;
};

// One pooled output row of one image, pixel-major.
GENRELAB_VECTOR_CLONES void pooledRow(const float *image, std::int64_t tileRow, const float *u, const float *bias,
                                      const float *scale, const float *shift, const Shape &s, Workspace &work, float *row)
{
    fillBand(image, tileRow, s, work.band.data());
    transformInputs(work.band.data(), s, work.v.data());
    multiplyPoints(work.v.data(), u, s, work.m.data());
    poolOutputs(work.m.data(), bias, scale, shift, s, row);
}
} // namespace

bool applies(const torch::Tensor &input, const torch::nn::Conv2dImpl &convolution, const torch::nn::BatchNorm2dImpl &norm)
{
    return BlockKernels::isEvaluationBlock(input, convolution, norm) && input.size(1) % kLanes == 0
        && convolution.weight.size(0) % kColumnsPerBlock == 0;
}

torch::Tensor convolvePoolReluNorm(const torch::Tensor &anyLayout, const torch::nn::Conv2dImpl &convolution,
                                   const torch::nn::BatchNorm2dImpl &norm, BlockKernels::Layout layout)
{
    TORCH_CHECK(applies(anyLayout, convolution, norm), "WinogradBlock: not a block it computes");
    const auto input = anyLayout.contiguous(at::MemoryFormat::ChannelsLast);
    const Shape shape{input.size(2), input.size(3), input.size(1), convolution.weight.size(0)};
    const std::vector<float> u = transformedFilters(convolution.weight);
    const auto bias = convolution.bias.detach().contiguous();
    const auto [scale, shift] = BlockKernels::normTerms(norm);
    const float *in = input.data_ptr<float>();
    const std::int64_t imageSize = shape.height * shape.width * shape.inputs;
    return BlockKernels::pooledRows(
        input.options(), {input.size(0), shape.outputs, shape.height / 2, shape.tilesAcross()}, layout, [&] { return Workspace(shape); },
        [&](std::int64_t n, std::int64_t i, Workspace &work, float *row) {
            pooledRow(in + n * imageSize, i, u.data(), bias.data_ptr<float>(), scale.data(), shift.data(), shape, work, row);
        });
}

} // namespace genrelab::WinogradBlock
