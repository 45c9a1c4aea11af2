#include "NetworkInsides.h"

#include "Inference.h"
#include "TorchRuntime.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

#include <algorithm>

namespace genrelab {

namespace {
using C = FeatureContract;

std::vector<float> toVector(const torch::Tensor &tensor)
{
    const auto values = tensor.to(torch::kCPU).to(torch::kFloat32).contiguous();
    return {values.data_ptr<float>(), values.data_ptr<float>() + values.numel()};
}

// [C,h,w] (a block's maps of one snippet) or [out,1,kh,kw] (kernels) as a Stack.
NetworkInsides::Stack toStack(const torch::Tensor &tensor)
{
    const auto t = tensor.dim() == 4 ? tensor.flatten(0, 1) : tensor;
    return {int(t.size(0)), int(t.size(1)), int(t.size(2)), toVector(t)};
}
} // namespace

struct NetworkInsides::Private
{
    std::shared_ptr<Network> net;
    QStringList labels;
};

int NetworkInsides::Result::predicted() const
{
    return probabilities.empty() ? -1 : int(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
}

NetworkInsides::NetworkInsides(const QString &model, int threads)
    : d(std::make_unique<Private>())
{
    TorchRuntime::setThreads(threads);
    d->net = loadModel(model, d->labels);
}

NetworkInsides::NetworkInsides(std::shared_ptr<Network> net, QStringList labels)
    : d(std::make_unique<Private>())
{
    d->net = std::move(net);
    d->labels = std::move(labels);
    d->net->eval();
}

NetworkInsides::~NetworkInsides() = default;

const QStringList &NetworkInsides::labels() const
{
    return d->labels;
}

NetworkInsides::Result NetworkInsides::inspect(std::span<const float> snippet) const
{
    if (snippet.size() != C::valuesPerSnippet)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("the snippet has %1 values; a snippet has %2").arg(snippet.size()).arg(C::valuesPerSnippet));
    torch::NoGradGuard noGrad;
    const auto x = torch::from_blob(const_cast<float *>(snippet.data()), {1, 1, C::frames, C::nMels}).to(deviceOf(*d->net));
    const Network::Insides insides = d->net->insides(x);
    Result result;
    result.labels = d->labels;
    for (const torch::Tensor &block : insides.blocks)
        result.blocks.push_back(toStack(block[0]));
    // A first convolution with more than one input channel has none to show as one image each.
    result.kernels = toStack(insides.firstKernels.select(1, 0).unsqueeze(1));
    result.steps = int(insides.sequence.size(1));
    result.units = int(insides.sequence.size(2));
    result.hidden = toVector(insides.sequence[0]);
    result.stepProbabilities = toVector(torch::softmax(insides.stepLogits[0], 1));
    result.stepWeights = toVector(insides.stepWeights[0]);
    result.probabilities = toVector(torch::softmax(insides.logits[0], 0));
    result.lastStepDecides = result.stepWeights.back() == 1.0f;
    return result;
}

} // namespace genrelab
