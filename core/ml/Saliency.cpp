#include "Saliency.h"

#include "Inference.h"
#include "TorchRuntime.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <algorithm>

namespace genrelab {

namespace {
using C = FeatureContract;

// One snippet as a [1,1,frames,mels] tensor that owns its values (the caller's may go).
torch::Tensor snippetTensor(std::span<const float> snippet)
{
    return torch::from_blob(const_cast<float *>(snippet.data()), {1, 1, C::frames, C::nMels}).clone();
}

std::vector<float> toVector(const torch::Tensor &map)
{
    const auto values = map.to(torch::kCPU).to(torch::kFloat32).contiguous();
    return {values.data_ptr<float>(), values.data_ptr<float>() + values.numel()};
}

// The snippet's quietest value: what "nothing here" looks like in its own dB scale.
float floorOf(const torch::Tensor &x)
{
    return x.min().item<float>();
}

// Occluded copies per forward pass: the default 100 patches in two passes, whose first
// convolution's output (1.7 MB a copy) stays under 90 MB.
constexpr std::int64_t occlusionBatch = 50;
} // namespace

struct Saliency::Private
{
    std::shared_ptr<Network> net;
    QStringList labels;

    torch::Tensor probabilities(const torch::Tensor &x) const
    {
        return torch::softmax(net->forward(x.to(deviceOf(*net))), 1).to(torch::kCPU);
    }
};

Saliency::Saliency(const QString &model, int threads)
    : d(std::make_unique<Private>())
{
    TorchRuntime::setThreads(threads);
    d->net = loadModel(model, d->labels);
    d->net->setChannelsLast(true); // as Predictor: oneDNN's convolutions are faster on NHWC
}

Saliency::Saliency(std::shared_ptr<Network> net, QStringList labels)
    : d(std::make_unique<Private>())
{
    d->net = std::move(net);
    d->labels = std::move(labels);
    d->net->eval();
}

Saliency::~Saliency() = default;

const QStringList &Saliency::labels() const
{
    return d->labels;
}

int Saliency::convolutionBlocks() const
{
    return d->net->convolutionBlocks();
}

std::vector<float> Saliency::probabilities(std::span<const float> snippets) const
{
    const std::int64_t count = std::int64_t(snippets.size() / C::valuesPerSnippet);
    if (snippets.size() % C::valuesPerSnippet != 0)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("%1 values are not whole snippets of %2").arg(snippets.size()).arg(C::valuesPerSnippet));
    torch::NoGradGuard noGrad;
    const auto all = torch::from_blob(const_cast<float *>(snippets.data()), {count, 1, C::frames, C::nMels});
    std::vector<float> result;
    for (std::int64_t first = 0; first < count; first += occlusionBatch) {
        const auto p = toVector(d->probabilities(all.slice(0, first, std::min(count, first + occlusionBatch))));
        result.insert(result.end(), p.begin(), p.end());
    }
    return result;
}

Saliency::Map Saliency::explain(std::span<const float> snippet, const Options &options, ProgressReporter *progress) const
{
    if (snippet.size() != C::valuesPerSnippet)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("a snippet has %1 values, not %2").arg(C::valuesPerSnippet).arg(snippet.size()));
    const std::vector<float> p = probabilities(snippet);
    Map map;
    map.classIndex = options.classIndex >= 0 ? options.classIndex : int(std::max_element(p.begin(), p.end()) - p.begin());
    if (map.classIndex >= int(p.size()))
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("class %1 is out of range: the model has %2 classes").arg(map.classIndex).arg(p.size()));
    map.probability = p[std::size_t(map.classIndex)];
    switch (options.method) {
    case Method::Occlusion:
        map.values = occlusion(snippet, map.classIndex, map.probability, options, progress);
        break;
    case Method::IntegratedGradients:
        map.values = integratedGradients(snippet, map.classIndex, options.steps);
        break;
    case Method::GradCam:
        map.values = gradCam(snippet, map.classIndex, options.block);
        break;
    }
    return map;
}

// Each patch's probability drop is written to every cell the patch covers.
std::vector<float> Saliency::occlusion(std::span<const float> snippet, int label, float probability, const Options &options,
                                       ProgressReporter *progress) const
{
    if (options.patchFrames < 1 || options.patchBands < 1 || options.patchFrames > C::frames || options.patchBands > C::nMels)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("the occlusion patch must be 1–%1 frames × 1–%2 bands, not %3 × %4")
                                                          .arg(C::frames).arg(C::nMels).arg(options.patchFrames).arg(options.patchBands));
    torch::NoGradGuard noGrad;
    const auto x = snippetTensor(snippet);
    const float floor = floorOf(x);
    struct Patch { std::int64_t frame, band; };
    std::vector<Patch> patches;
    for (std::int64_t f = 0; f < C::frames; f += options.patchFrames)
        for (std::int64_t b = 0; b < C::nMels; b += options.patchBands)
            patches.push_back({f, b});
    auto map = torch::zeros({C::frames, C::nMels});
    const std::int64_t count = std::int64_t(patches.size());
    for (std::int64_t first = 0; first < count; first += occlusionBatch) {
        if (progress && progress->isCancelled())
            throw Error(Error::Kind::Cancelled, {}, QStringLiteral("the occlusion map was cancelled"));
        const std::int64_t n = std::min(occlusionBatch, count - first);
        auto batch = x.repeat({n, 1, 1, 1});
        for (std::int64_t i = 0; i < n; ++i) {
            const Patch &patch = patches[std::size_t(first + i)];
            batch[i][0].slice(0, patch.frame, patch.frame + options.patchFrames).slice(1, patch.band, patch.band + options.patchBands).fill_(floor);
        }
        const auto drops = probability - d->probabilities(batch).select(1, label);
        for (std::int64_t i = 0; i < n; ++i) {
            const Patch &patch = patches[std::size_t(first + i)];
            map.slice(0, patch.frame, patch.frame + options.patchFrames).slice(1, patch.band, patch.band + options.patchBands).fill_(drops[i].item<float>());
        }
        if (progress)
            progress->report(QStringLiteral("Occlusion"), double(first + n) / double(count));
    }
    return toVector(map);
}

std::vector<float> Saliency::integratedGradients(std::span<const float> snippet, int label, int steps) const
{
    if (steps < 1 || steps > 1024)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("integrated gradients take 1–1024 steps, not %1").arg(steps));
    const auto x = snippetTensor(snippet);
    const auto baseline = torch::full_like(x, floorOf(x));
    // Midpoints of `steps` equal intervals: the Riemann sum with the smallest error.
    const auto alphas = (torch::arange(steps, torch::kFloat32) + 0.5f).div(float(steps)).view({steps, 1, 1, 1});
    auto path = (baseline + alphas * (x - baseline)).detach().set_requires_grad(true);
    const auto p = torch::softmax(d->net->forward(path.to(deviceOf(*d->net))), 1).select(1, label).sum();
    const auto gradient = torch::autograd::grad({p}, {path})[0].to(torch::kCPU);
    return toVector((x - baseline)[0][0] * gradient.mean(0)[0]);
}

std::vector<float> Saliency::gradCam(std::span<const float> snippet, int label, int block) const
{
    const int blocks = d->net->convolutionBlocks();
    const int chosen = block < 0 ? blocks : block;
    if (chosen < 1 || chosen > blocks)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("Grad-CAM's block must be 1–%1, not %2").arg(blocks).arg(block),
                    blocks == 0 ? QStringLiteral("this network has no convolution blocks") : QString());
    const auto x = snippetTensor(snippet).to(deviceOf(*d->net));
    torch::Tensor activation;
    const auto logits = d->net->forwardKeeping(x, chosen, activation);
    // The class logit, as in Selvaraju et al.: the softmax would mix in the other classes.
    const auto gradient = torch::autograd::grad({logits[0][label]}, {activation})[0];
    const auto weights = gradient.mean({2, 3}, true);                    // [1,C,1,1]
    const auto cam = torch::relu((weights * activation).sum(1, true)).detach(); // [1,1,h,w]
    const auto upsampled = torch::nn::functional::interpolate(
        cam, torch::nn::functional::InterpolateFuncOptions().size(std::vector<std::int64_t>{C::frames, C::nMels}).mode(torch::kBilinear).align_corners(false));
    return toVector(upsampled[0][0]);
}

QString Saliency::methodName(Method method)
{
    switch (method) {
    case Method::Occlusion:
        return QStringLiteral("occlusion");
    case Method::IntegratedGradients:
        return QStringLiteral("integrated-gradients");
    case Method::GradCam:
        return QStringLiteral("gradcam");
    }
    return {};
}

std::optional<Saliency::Method> Saliency::methodFromName(const QString &name)
{
    for (const Method method : {Method::Occlusion, Method::IntegratedGradients, Method::GradCam})
        if (methodName(method) == name)
            return method;
    return std::nullopt;
}

QStringList Saliency::methodNames()
{
    return {methodName(Method::Occlusion), methodName(Method::IntegratedGradients), methodName(Method::GradCam)};
}

QString Saliency::methodDescription(Method method)
{
    switch (method) {
    case Method::Occlusion:
        return QStringLiteral("How much the class probability drops when each patch is silenced; blind to evidence "
                              "smaller than a patch or spread over several.");
    case Method::IntegratedGradients:
        return QStringLiteral("Each cell's share of the probability, accumulated from silence to the snippet; "
                              "quiet cells get little whatever their role, and the map is noisy.");
    case Method::GradCam:
        return QStringLiteral("Where a convolution block's class-relevant features fire; coarse (the block's "
                              "resolution) and blind to what the recurrent layer makes of them.");
    }
    return {};
}

} // namespace genrelab
