#include "GruSequence.h"

#include "util/VectorClones.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace genrelab::GruSequence {

namespace {
constexpr std::int64_t kLanes = 8;
constexpr std::int64_t kBlock = 3 * kLanes; // gate sums per register block: 3 × hidden is always a multiple

struct Weights
{
    torch::Tensor inputWeight, inputBias, hiddenWeight, hiddenBias; // LibTorch's, gates in the order r, z, n
};

Weights weightsOf(const torch::nn::GRUImpl &gru)
{
    const auto parameters = gru.named_parameters(false);
    const auto get = [&](const char *name) {
        const torch::Tensor *tensor = parameters.find(name);
        return tensor ? *tensor : torch::Tensor();
    };
    return {get("weight_ih_l0"), get("bias_ih_l0"), get("weight_hh_l0"), get("bias_hh_l0")};
}

// sums[g] = bias[g] + Σ_k state[k] · weights[k][g] for the 3 × hidden gate rows, 24 at a
// time in three registers.
[[gnu::always_inline]] inline void hiddenProduct(const float *state, const float *weights, const float *bias,
                                                 std::int64_t hidden, float *sums)
{
    const std::int64_t gates = 3 * hidden;
    for (std::int64_t g = 0; g < gates; g += kBlock) {
        Floats8 s0 = load8(bias + g), s1 = load8(bias + g + kLanes), s2 = load8(bias + g + 2 * kLanes);
        if (state) {
            for (std::int64_t k = 0; k < hidden; ++k) {
                const float *w = weights + k * gates + g;
                const float a = state[k];
                s0 += a * load8(w);
                s1 += a * load8(w + kLanes);
                s2 += a * load8(w + 2 * kLanes);
            }
        }
        store8(sums + g, s0);
        store8(sums + g + kLanes, s1);
        store8(sums + g + 2 * kLanes, s2);
    }
}

float sigmoid(float x)
{
    return 1.0f / (1.0f + std::exp(-x));
}

// One sequence: inputGates [steps][3·hidden] (x·W_ihᵀ + b_ih), out [steps][hidden].
// Each step's gates as LibTorch's GRU cell forms them: r = σ(h_r + i_r), z = σ(h_z + i_z),
// n = tanh(i_n + h_n·r), h' = (h − n)·z + n, with h = 0 before the first step.
GENRELAB_VECTOR_CLONES void runSequence(const float *inputGates, const float *hiddenWeightT, const float *hiddenBias,
                                        std::int64_t steps, std::int64_t hidden, float *hiddenGates, float *out)
{
    const std::int64_t gates = 3 * hidden;
    for (std::int64_t t = 0; t < steps; ++t) {
        const float *previous = t > 0 ? out + (t - 1) * hidden : nullptr;
        const float *in = inputGates + t * gates;
        float *next = out + t * hidden;
        hiddenProduct(previous, hiddenWeightT, hiddenBias, hidden, hiddenGates);
        for (std::int64_t j = 0; j < hidden; ++j) {
            const float reset = sigmoid(hiddenGates[j] + in[j]);
            const float update = sigmoid(hiddenGates[hidden + j] + in[hidden + j]);
            const float candidate = std::tanh(in[2 * hidden + j] + hiddenGates[2 * hidden + j] * reset);
            const float state = previous ? previous[j] : 0.0f;
            next[j] = (state - candidate) * update + candidate;
        }
    }
}
} // namespace

bool applies(const torch::Tensor &input, const torch::nn::GRUImpl &gru)
{
    const auto &options = gru.options;
    if (options.num_layers() != 1 || options.bidirectional() || !options.batch_first() || !options.bias())
        return false;
    if (options.hidden_size() % kLanes != 0 || input.dim() != 3 || input.size(2) != options.input_size())
        return false;
    const Weights w = weightsOf(gru);
    const std::vector<torch::Tensor> all = {input, w.inputWeight, w.inputBias, w.hiddenWeight, w.hiddenBias};
    for (const torch::Tensor &tensor : all) {
        if (!tensor.defined() || tensor.scalar_type() != torch::kFloat || !tensor.device().is_cpu())
            return false;
        if (torch::GradMode::is_enabled() && tensor.requires_grad())
            return false;
    }
    return true;
}

torch::Tensor outputs(const torch::Tensor &input, const torch::nn::GRUImpl &gru)
{
    TORCH_CHECK(applies(input, gru), "GruSequence: not a GRU it computes");
    const Weights w = weightsOf(gru);
    const std::int64_t batch = input.size(0), steps = input.size(1), hidden = gru.options.hidden_size();
    // The input projection of every step at once, as LibTorch's GRU does it.
    const auto inputGates = torch::addmm(w.inputBias, input.reshape({batch * steps, input.size(2)}), w.inputWeight.t()).contiguous();
    const auto hiddenWeightT = w.hiddenWeight.detach().t().contiguous(); // [hidden][3 · hidden]: rows of the product
    const auto hiddenBias = w.hiddenBias.detach().contiguous();
    auto out = torch::empty({batch, steps, hidden}, input.options());
    const float *gates = inputGates.data_ptr<float>();
    float *result = out.data_ptr<float>();
    at::parallel_for(0, batch, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> hiddenGates(std::size_t(3 * hidden));
        for (std::int64_t b = begin; b < end; ++b)
            runSequence(gates + b * steps * 3 * hidden, hiddenWeightT.data_ptr<float>(), hiddenBias.data_ptr<float>(), steps,
                        hidden, hiddenGates.data(), result + b * steps * hidden);
    });
    return out;
}

} // namespace genrelab::GruSequence
