#include "BundleConverter.h"

#include "Inference.h"
#include "RunDirectory.h"
#include "RunResults.h"
#include "TorchRuntime.h"
#include "networks/NetworkFactory.h"
#include "util/Error.h"

#include <QDateTime>
#include <QJsonArray>

namespace genrelab {

namespace {

// BatchNorm's step counter is an int64 bookkeeping buffer, not a weight.
bool isWeight(const std::string &name)
{
    return name.find("num_batches_tracked") == std::string::npos;
}

QJsonObject metricsOf(const RunResults &run)
{
    QJsonObject metrics{{QStringLiteral("epochs"), int(run.metrics().size())},
                        {QStringLiteral("best_valid_accuracy"), run.bestValidAccuracy()}};
    if (!run.metrics().empty()) {
        metrics[QStringLiteral("final_train_accuracy")] = run.metrics().back().trainAccuracy;
        metrics[QStringLiteral("final_valid_accuracy")] = run.metrics().back().validAccuracy;
    }
    if (run.hasPredictions()) {
        const Evaluation test = run.evaluation(SplitPart::Test);
        metrics[QStringLiteral("test_snippet_accuracy")] = test.snippetAccuracy();
        metrics[QStringLiteral("test_track_accuracy_vote")] = test.trackAccuracyVote();
        metrics[QStringLiteral("test_track_accuracy_mean")] = test.trackAccuracyMean();
    }
    return metrics;
}

} // namespace

namespace {
void addWeights(ModelBundle &bundle, const std::shared_ptr<Network> &net)
{
    net->setChannelsLast(false);
    for (const auto &item : net->named_parameters())
        bundle.tensors.push_back(bundleTensor(item.key(), item.value()));
    for (const auto &item : net->named_buffers())
        if (isWeight(item.key()))
            bundle.tensors.push_back(bundleTensor(item.key(), item.value()));
}
} // namespace

ModelBundle BundleConverter::untrained(const QStringList &classes, std::uint64_t seed)
{
    torch::manual_seed(seed);
    ModelBundle bundle;
    bundle.classes = classes;
    bundle.network.classes = int(classes.size());
    const std::shared_ptr<Network> net = NetworkFactory::create(bundle.network);
    addWeights(bundle, net);
    bundle.metadata[QStringLiteral("run")] = QStringLiteral("untrained (benchmark)");
    return bundle;
}

ModelBundle BundleConverter::fromRun(const QString &runDir)
{
    const RunResults run = RunResults::load(runDir);
    ModelBundle bundle;
    bundle.classes = run.labels();
    bundle.network = run.config().network;
    bundle.network.classes = int(bundle.classes.size());
    const std::shared_ptr<Network> net = loadBestModel(RunDirectory(runDir), bundle.network.classes);
    addWeights(bundle, net);

    bundle.metadata[QStringLiteral("contract")] = ModelBundle::currentContract();
    bundle.metadata[QStringLiteral("training")] = run.config().toJson();
    bundle.metadata[QStringLiteral("split")] = QJsonObject{
        {QStringLiteral("kind"), DataSplit::kindName(run.config().split)},
        {QStringLiteral("seed"), run.config().toJson().value(QStringLiteral("seed"))}, // a number, as in config.json
        {QStringLiteral("summary"), run.splitSummary()}};
    bundle.metadata[QStringLiteral("metrics")] = metricsOf(run);
    bundle.metadata[QStringLiteral("versions")] = QJsonObject{
        {QStringLiteral("genrelab"), QStringLiteral(GENRELAB_VERSION)},
        {QStringLiteral("libtorch"), TorchRuntime::version()},
        {QStringLiteral("qt"), QString::fromLatin1(qVersion())}};
    bundle.metadata[QStringLiteral("run")] = run.name();
    bundle.metadata[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    return bundle;
}

ModelBundle::Tensor bundleTensor(const std::string &name, const torch::Tensor &value)
{
    const torch::Tensor cpu = value.detach().to(torch::kCPU, torch::kFloat).contiguous();
    ModelBundle::Tensor tensor;
    tensor.name = QString::fromStdString(name);
    tensor.shape.assign(cpu.sizes().begin(), cpu.sizes().end());
    tensor.values.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
    return tensor;
}

std::shared_ptr<Network> loadBundleModel(const ModelBundle &bundle, const QString &path, const QString &advice)
{
    const std::shared_ptr<Network> net = NetworkFactory::create(bundle.network);
    const auto fail = [&](const QString &why) {
        return Error(Error::Kind::Corrupt, path, why,
                     advice.isEmpty() ? QStringLiteral("the bundle does not fit the network it describes") : advice);
    };
    const auto shapeText = [](const auto &shape) {
        QStringList dimensions;
        for (const std::int64_t dimension : shape)
            dimensions << QString::number(dimension);
        return QStringLiteral("[%1]").arg(dimensions.join(QStringLiteral(", ")));
    };
    std::size_t used = 0;
    torch::NoGradGuard noGrad;
    const auto fill = [&](const std::string &name, torch::Tensor &target) {
        const ModelBundle::Tensor *tensor = bundle.find(QString::fromStdString(name));
        if (!tensor)
            throw fail(QStringLiteral("weight %1 is missing").arg(QString::fromStdString(name)));
        if (std::vector<std::int64_t>(target.sizes().begin(), target.sizes().end()) != tensor->shape)
            throw fail(QStringLiteral("weight %1 has the wrong shape %2: the network described (%3 classes, hidden size %4) "
                                      "needs %5").arg(QString::fromStdString(name), shapeText(tensor->shape))
                           .arg(bundle.network.classes).arg(bundle.network.hidden).arg(shapeText(target.sizes())));
        // Copies the validated floats; Torch never parses anything from the file.
        target.copy_(torch::from_blob(const_cast<float *>(tensor->values.data()), target.sizes()));
        ++used;
    };
    for (auto &item : net->named_parameters())
        fill(item.key(), item.value());
    for (auto &item : net->named_buffers())
        if (isWeight(item.key()))
            fill(item.key(), item.value());
    if (used != bundle.tensors.size())
        throw fail(QStringLiteral("it holds %1 weights the network does not have").arg(bundle.tensors.size() - used));
    return net;
}

} // namespace genrelab
