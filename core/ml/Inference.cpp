#include "Inference.h"

#include "ModelBundle.h"
#include "RunDirectory.h"
#include "RunModel.h"
#include "networks/NetworkFactory.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <QFile>

#include <numeric>

namespace genrelab {

namespace {
using C = FeatureContract;
// 64, not 256: the first convolution's output for 256 snippets alone is 425 MB, and
// peak memory while training a GTZAN-size dataset must stay well under 1.5 GB.
constexpr std::size_t kBatch = 64;
} // namespace

torch::Tensor labelTensor(const std::vector<TrainingItem> &items, std::span<const int> indices)
{
    auto labels = torch::empty({std::int64_t(indices.size())}, torch::kLong);
    auto *out = labels.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < indices.size(); ++i)
        out[i] = items[std::size_t(indices[i])].label;
    return labels;
}

std::shared_ptr<Network> loadBestModel(const RunDirectory &run, int classes)
{
    const ModelBundle bundle = RunModel::read(run.path());
    if (classes >= 0 && classes != int(bundle.classes.size()))
        throw Error(Error::Kind::InvalidArgument, run.path(),
                    QStringLiteral("the model knows %1 classes, %2 were expected").arg(bundle.classes.size()).arg(classes));
    return loadBundleModel(bundle, run.bestModelPath(),
                           QStringLiteral("config.json and best.pt of this run do not belong together; train the run again"));
}

InferenceScore runInference(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part, std::vector<SnippetPrediction> *predictions,
                            ProgressReporter *progress)
{
    const auto &items = data.items(part);
    if (items.empty())
        return {};
    const bool wasTraining = net->is_training();
    net->eval();
    net->setChannelsLast(true);
    torch::NoGradGuard noGrad;
    double lossSum = 0.0;
    std::int64_t correct = 0;
    const torch::Device device = deviceOf(*net);
    std::vector<int> indices;
    for (std::size_t first = 0; first < items.size(); first += kBatch) {
        if (progress) {
            if (progress->isCancelled())
                throw Error(Error::Kind::Cancelled, {}, QStringLiteral("evaluation interrupted"));
            progress->report(QStringLiteral("scoring %1 snippets").arg(items.size()), double(first) / double(items.size()));
        }
        indices.resize(std::min(kBatch, items.size() - first));
        std::iota(indices.begin(), indices.end(), int(first));
        auto x = torch::empty({std::int64_t(indices.size()), 1, C::frames, C::nMels});
        data.gather(part, indices, x.data_ptr<float>());
        const auto y = labelTensor(items, indices);
        const auto logits = net->forward(x.to(device)).to(torch::kCPU);
        lossSum += torch::nn::functional::cross_entropy(
                       logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
        const auto predicted = logits.argmax(1).contiguous();
        correct += predicted.eq(y).sum().item<std::int64_t>();
        if (!predictions)
            continue;
        const auto probabilities = torch::softmax(logits, 1).contiguous();
        for (std::size_t i = 0; i < indices.size(); ++i) {
            const TrainingItem &item = items[std::size_t(indices[i])];
            const float *p = probabilities.data_ptr<float>() + i * std::size_t(data.classes());
            predictions->push_back({item.track, item.snippet, item.start, item.label,
                                    int(predicted.data_ptr<std::int64_t>()[i]), std::vector<float>(p, p + data.classes())});
        }
    }
    net->setChannelsLast(false);
    net->train(wasTraining);
    return {lossSum / double(items.size()), double(correct) / double(items.size())};
}

} // namespace genrelab
