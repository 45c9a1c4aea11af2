#include "Inference.h"

#include "DataParallel.h"

#include "ModelBundle.h"
#include "RunDirectory.h"
#include "RunModel.h"
#include "networks/NetworkFactory.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <QFile>

#include <algorithm>
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

namespace {

struct Sums
{
    double lossSum = 0.0;
    std::int64_t correct = 0;
};

// Scores items[subset[i]] of `part` (every item when `subset` is empty) in batches of
// kBatch: the one loop behind runInference() and a data-parallel rank's scoreShard().
Sums score(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part, std::span<const int> subset,
           std::vector<SnippetPrediction> *predictions, ProgressReporter *progress)
{
    const auto &items = data.items(part);
    const std::size_t count = subset.empty() ? items.size() : subset.size();
    const bool wasTraining = net->is_training();
    net->eval();
    net->setChannelsLast(true);
    torch::NoGradGuard noGrad;
    Sums sums;
    const torch::Device device = deviceOf(*net);
    std::vector<int> indices;
    for (std::size_t first = 0; first < count; first += kBatch) {
        if (progress) {
            if (progress->isCancelled())
                throw Error(Error::Kind::Cancelled, {}, QStringLiteral("evaluation interrupted"));
            progress->report(QStringLiteral("scoring %1 snippets").arg(count), double(first) / double(count));
        }
        indices.resize(std::min(kBatch, count - first));
        if (subset.empty())
            std::iota(indices.begin(), indices.end(), int(first));
        else
            std::copy_n(subset.begin() + std::ptrdiff_t(first), indices.size(), indices.begin());
        auto x = torch::empty({std::int64_t(indices.size()), 1, C::frames, C::nMels});
        data.gather(part, indices, x.data_ptr<float>());
        const auto y = labelTensor(items, indices);
        const auto logits = net->forward(x.to(device)).to(torch::kCPU);
        sums.lossSum += torch::nn::functional::cross_entropy(
                            logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                            .item<double>();
        const auto predicted = logits.argmax(1).contiguous();
        sums.correct += predicted.eq(y).sum().item<std::int64_t>();
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
    return sums;
}

} // namespace

InferenceScore runInference(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part, std::vector<SnippetPrediction> *predictions,
                            ProgressReporter *progress)
{
    const std::size_t count = data.items(part).size();
    if (count == 0)
        return {};
    const Sums sums = score(net, data, part, {}, predictions, progress);
    return {sums.lossSum / double(count), double(sums.correct) / double(count)};
}

ShardScore scoreShard(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part, int rank, int worldSize)
{
    std::vector<int> mine;
    for (std::size_t i = std::size_t(rank); i < data.items(part).size(); i += std::size_t(worldSize))
        mine.push_back(int(i));
    if (mine.empty())
        return {};
    const Sums sums = score(net, data, part, mine, nullptr, nullptr);
    return {sums.lossSum, double(sums.correct), double(mine.size())};
}

} // namespace genrelab
