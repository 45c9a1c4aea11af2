#include "CachedTrainBenchmark.h"

#include "EpochMetrics.h"
#include "TrainBenchmark.h"
#include "Trainer.h"
#include "TrainingConfig.h"
#include "TrainingData.h"
#include "TrainingSession.h"
#include "data/Dataset.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <numeric>
#include <thread>
#include <vector>

namespace genrelab {

namespace {

// Copies every training batch of one epoch out of the cache, as the trainer does.
double gatherSeconds(const TrainingData &data, int batch)
{
    const int count = int(data.items(SplitPart::Train).size());
    std::vector<int> order(static_cast<std::size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    std::vector<float> buffer(std::size_t(batch) * FeatureContract::valuesPerSnippet);
    QElapsedTimer clock;
    clock.start();
    for (int first = 0; first < count; first += batch) {
        const int size = std::min(batch, count - first);
        data.gather(SplitPart::Train, std::span<const int>(order.data() + first, std::size_t(size)), buffer.data(), 0);
    }
    return clock.nsecsElapsed() / 1e9;
}

} // namespace

CachedTrainBenchmark::Result CachedTrainBenchmark::run(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache, int threads,
                                                       int batch, int epochs)
{
    TrainingConfig config;
    config.threads = threads;
    config.batch = batch;
    config.epochs = epochs;
    const auto data = std::make_shared<const TrainingData>(dataset, std::move(cache), TrainingSession::splitFor(config, dataset));

    Result result;
    result.batch = batch;
    result.epochs = epochs;
    result.trainSnippets = int(data->items(SplitPart::Train).size());
    result.validSnippets = int(data->items(SplitPart::Valid).size());
    result.gatherSeconds = gatherSeconds(*data, batch);

    // A temporary folder, not a TrainingSession: a benchmark is no run to list in Evaluate.
    QTemporaryDir runDir;
    if (!runDir.isValid())
        throw Error(Error::Kind::WriteFailed, runDir.path(), QStringLiteral("cannot make a temporary run folder"));
    Trainer trainer(config, data, runDir.path());
    std::vector<double> seconds;
    QString failure;
    QObject::connect(&trainer, &Trainer::epochFinished, &trainer, [&](const EpochMetrics &m) { seconds.push_back(m.seconds); },
                     Qt::DirectConnection);
    QObject::connect(&trainer, &Trainer::failed, &trainer, [&](const QString &reason) { failure = reason; }, Qt::DirectConnection);
    // On a thread of its own, as the CLI's train and the GUI run it: memory behaves
    // differently off the main thread (glibc's arenas; see TensorMemoryPool).
    std::thread worker([&trainer] { trainer.run(); });
    worker.join();
    if (!failure.isEmpty() || seconds.empty())
        throw Error(Error::Kind::InvalidArgument, dataset.rootPath(), failure.isEmpty() ? QStringLiteral("no epoch completed") : failure);
    result.bestEpochSeconds = *std::min_element(seconds.begin(), seconds.end());
    result.realSamplesPerSecond = result.trainSnippets / result.bestEpochSeconds;
    const TrainBenchmark::Result synthetic = TrainBenchmark::run(threads, batch, 10);
    result.threads = synthetic.threads;
    result.syntheticSamplesPerSecond = synthetic.trainSamplesPerSecond;
    return result;
}

QString CachedTrainBenchmark::Result::line() const
{
    return QStringLiteral("genrelab_train_from_cache threads=%1 batch=%2 epochs=%3 train_snippets=%4 valid_snippets=%5 "
                          "best_epoch_s=%6 real_samples_per_s=%7 gather_s=%8 synthetic_samples_per_s=%9 real_over_synthetic=%10")
        .arg(threads).arg(batch).arg(epochs).arg(trainSnippets).arg(validSnippets)
        .arg(bestEpochSeconds, 0, 'f', 2).arg(realSamplesPerSecond, 0, 'f', 1).arg(gatherSeconds, 0, 'f', 3)
        .arg(syntheticSamplesPerSecond, 0, 'f', 1).arg(realSamplesPerSecond / syntheticSamplesPerSecond, 0, 'f', 2);
}

} // namespace genrelab
