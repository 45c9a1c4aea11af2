#include "Trainer.h"

#include "DataParallel.h"
#include "EarlyStopping.h"
#include "Inference.h"
#include "RunDirectory.h"
#include "TensorMemoryPool.h"
#include "TorchRuntime.h"
#include "networks/NetworkFactory.h"
#include "dsp/FeatureContract.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <array>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <sstream>
#include <mutex>
#include <numeric>
#include <random>

namespace genrelab {

namespace {

using C = FeatureContract;
constexpr qint64 kBatchSignalIntervalMs = 50; // ≤ 20 signals a second

// One seed per (run seed, epoch, batch, rank), never 0: augmentation and mixup draw the
// same values when a run is repeated or resumed.
std::uint64_t augmentSeedFor(const TrainingConfig &config, int epoch, int batch, int rank)
{
    return (config.seed << 20) + std::uint64_t(epoch) * 100003u + std::uint64_t(batch) + 1 + (std::uint64_t(rank) << 40);
}

// λ ~ Beta(α, α), drawn as X / (X + Y) with X, Y ~ Gamma(α, 1).
double mixupWeight(double alpha, std::uint64_t seed)
{
    std::mt19937_64 random(seed ^ 0x6d69787570ull); // not the augmentation's own stream
    std::gamma_distribution<double> gamma(alpha, 1.0);
    const double a = gamma(random), b = gamma(random);
    return a + b > 0.0 ? a / (a + b) : 0.5;
}

std::vector<int> shuffled(std::size_t count, std::uint64_t seed)
{
    std::vector<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 random(seed);
    for (std::size_t i = count; i > 1; --i)
        std::swap(order[i - 1], order[std::size_t(random() % i)]);
    return order;
}

// Serialised in memory, then written next to the target and renamed over it
// (CheckedSaveFile): a kill leaves the old file whole. Not archive.save_to(path): LibTorch
// 1.13's zip writer finishes the file in its destructor, so a full disk throws from a
// destructor and aborts the process instead of failing the save.
void saveArchiveAtomically(const QString &path, torch::serialize::OutputArchive &archive)
{
    std::ostringstream bytes;
    archive.save_to(bytes);
    const std::string data = std::move(bytes).str();
    CheckedSaveFile::save(path, QByteArray::fromRawData(data.data(), qsizetype(data.size())));
}

} // namespace

struct Trainer::Private
{
    TrainingConfig config;
    std::shared_ptr<const TrainingData> data;
    RunDirectory run;
    bool resume = false;
    std::shared_ptr<DistributedContext> distributed; // null: a single process
    std::atomic<bool> stop{false}, cancel{false}, paused{false};
    std::mutex pauseMutex;
    std::condition_variable pauseChanged;

    std::shared_ptr<Network> net;
    torch::Device device{torch::kCPU};
    std::unique_ptr<torch::optim::Adam> optimizer;
    std::vector<EpochMetrics> history;
    std::vector<EpochConfusion> confusions; // validation, per epoch (single process only)
    double bestValidAccuracy = -1.0;

    Private(TrainingConfig c, std::shared_ptr<const TrainingData> d, QString dir, bool r)
        : config(std::move(c)), data(std::move(d)), run(std::move(dir)), resume(r) {}

    void waitWhilePaused()
    {
        std::unique_lock lock(pauseMutex);
        pauseChanged.wait(lock, [this] { return !paused.load() || cancel.load() || stop.load(); });
    }

    void saveCheckpoint(int epoch)
    {
        torch::serialize::OutputArchive archive, model, optimizerState;
        net->save(model);
        optimizer->save(optimizerState);
        archive.write("model", model);
        archive.write("optimizer", optimizerState);
        archive.write("epoch", torch::tensor(std::int64_t(epoch)));
        archive.write("best_valid_accuracy", torch::tensor(bestValidAccuracy));
        auto generator = at::detail::getDefaultCPUGenerator();
        {
            std::lock_guard lock(generator.mutex());
            archive.write("rng", generator.get_state());
        }
        saveArchiveAtomically(run.checkpointPath(), archive);
    }

    // From the run's checkpoint file, or from `bytes` of it (rank 0's, broadcast).
    int loadCheckpoint(const QByteArray *bytes = nullptr)
    {
        torch::serialize::InputArchive archive, model, optimizerState;
        if (bytes)
            archive.load_from(bytes->constData(), std::size_t(bytes->size()), device);
        else
            archive.load_from(run.checkpointPath().toStdString(), device);
        archive.read("model", model);
        archive.read("optimizer", optimizerState);
        net->load(model);
        optimizer->load(optimizerState);
        torch::Tensor epoch, best, rng;
        archive.read("epoch", epoch);
        archive.read("best_valid_accuracy", best);
        archive.read("rng", rng);
        bestValidAccuracy = best.item<double>();
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard lock(generator.mutex());
        generator.set_state(rng);
        return int(epoch.item<std::int64_t>());
    }

    void saveBest()
    {
        torch::serialize::OutputArchive archive;
        net->save(archive);
        addModelIdentity(archive, net, data->labels()); // so a config.json that does not belong to it is noticed
        saveArchiveAtomically(run.bestModelPath(), archive);
    }

    // A NaN or infinite loss means the weights are (or are about to be) garbage: stop
    // before this epoch saves anything, so checkpoint.pt and best.pt keep the last good one.
    [[noreturn]] void diverged(const QString &what) const
    {
        const QString kept = history.empty() ? QStringLiteral("no epoch was completed, nothing is kept")
                                             : QStringLiteral("epoch %1, the last good one, is kept in %2").arg(history.back().epoch).arg(run.checkpointPath());
        throw Error(Error::Kind::Corrupt, run.path(), QStringLiteral("training diverged: %1; %2").arg(what, kept),
                    QStringLiteral("start a new run with a lower --lr, or featurize the dataset again if its features are damaged"));
    }

    // Rank 0's checkpoint, epochs and history on every rank of a data-parallel job; a new
    // run starts every rank from rank 0's initial weights. Returns the first epoch.
    int startReplica(DistributedContext &dist)
    {
        QByteArray checkpoint;
        if (resume && dist.isMain() && run.hasCheckpoint()) {
            CheckedSaveFile::removeLeftoverPartials(run.path());
            QFile file(run.checkpointPath());
            if (!file.open(QIODevice::ReadOnly))
                throw Error(Error::Kind::Unreadable, run.checkpointPath(), file.errorString());
            checkpoint = file.readAll();
            history = run.readMetrics();
        }
        dist.broadcastFromMain(checkpoint);
        if (checkpoint.isEmpty()) {
            DataParallel::broadcastState(dist, *net);
            return 1;
        }
        const int first = loadCheckpoint(&checkpoint) + 1;
        std::erase_if(history, [&](const EpochMetrics &m) { return m.epoch >= first; });
        if (dist.isMain())
            run.writeMetrics(history);
        history = DataParallel::broadcastHistory(dist, history);
        return first;
    }

    // This epoch's train and validation metrics summed over the ranks; true when any rank
    // was asked to stop (so all leave together).
    bool reduceEpoch(DistributedContext &dist, double lossSum, std::int64_t correct, std::int64_t seen, EpochMetrics &metrics)
    {
        DataParallel::averageBuffers(dist, *net); // BatchNorm's running statistics, before validation
        const ShardScore valid = scoreShard(net, *data, SplitPart::Valid, dist.rank(), dist.worldSize());
        std::array<double, 7> sums{lossSum, double(correct), double(seen), valid.lossSum, valid.correct, valid.count,
                                   stop || cancel ? 1.0 : 0.0};
        DataParallel::sum(dist, sums);
        metrics.trainLoss = sums[0] / std::max(1.0, sums[2]);
        metrics.trainAccuracy = sums[1] / std::max(1.0, sums[2]);
        metrics.validLoss = sums[5] > 0 ? sums[3] / sums[5] : 0.0;
        metrics.validAccuracy = sums[5] > 0 ? sums[4] / sums[5] : 0.0;
        return sums[6] > 0;
    }

    std::pair<double, double> measure(SplitPart part, std::vector<SnippetPrediction> *predictions = nullptr)
    {
        const InferenceScore score = runInference(net, *data, part, predictions);
        return {score.loss, score.accuracy};
    }
};

Trainer::Trainer(TrainingConfig config, std::shared_ptr<const TrainingData> data, QString runDir, bool resume, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(std::move(config), std::move(data), std::move(runDir), resume))
{
    qRegisterMetaType<genrelab::EpochMetrics>();
}

Trainer::~Trainer() = default;

void Trainer::pause() { d->paused = true; }

void Trainer::resume()
{
    d->paused = false;
    d->pauseChanged.notify_all();
}

void Trainer::requestStop()
{
    d->stop = true;
    d->pauseChanged.notify_all();
}

void Trainer::requestCancel()
{
    d->cancel = true;
    d->pauseChanged.notify_all();
}

bool Trainer::isPaused() const { return d->paused; }

void Trainer::setDistributed(std::shared_ptr<DistributedContext> context) { d->distributed = std::move(context); }

void Trainer::run()
{
    const TensorMemoryPool::ReleaseWhenDone releaseBuffers; // a GUI lives on after training
    try {
        const TrainingConfig &config = d->config;
        TorchRuntime::setThreads(config.threads);
        torch::manual_seed(config.seed);
        CrnnOptions network = config.network;
        network.classes = d->data->classes();
        d->device = deviceFor(config.device);
        d->net = NetworkFactory::create(network);
        d->net->to(d->device);
        d->optimizer = std::make_unique<torch::optim::Adam>(
            d->net->parameters(), torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));

        DistributedContext *dist = d->distributed.get();
        const bool writes = !dist || dist->isMain(); // rank 0 alone writes the run folder
        const int rank = dist ? dist->rank() : 0, world = dist ? dist->worldSize() : 1;
        if (config.batch % world != 0)
            throw Error(Error::Kind::InvalidArgument, config.datasetRoot,
                        QStringLiteral("the batch of %1 does not split evenly over %2 ranks").arg(config.batch).arg(world));
        const int rankBatch = config.batch / world; // --batch is the global batch

        int firstEpoch = 1;
        if (dist) {
            firstEpoch = d->startReplica(*dist);
        } else if (d->resume && d->run.hasCheckpoint()) {
            CheckedSaveFile::removeLeftoverPartials(d->run.path()); // what a kill interrupted; its predecessor stands
            firstEpoch = d->loadCheckpoint() + 1;
            d->history = d->run.readMetrics();
            d->confusions = d->run.readEpochConfusions(d->data->labels());
            // Rows written after the checkpoint (a kill between the two) are dropped, so
            // every epoch appears exactly once.
            std::erase_if(d->history, [&](const EpochMetrics &m) { return m.epoch >= firstEpoch; });
            std::erase_if(d->confusions, [&](const EpochConfusion &c) { return c.epoch >= firstEpoch; });
            d->run.writeMetrics(d->history);
        }

        const auto &train = d->data->items(SplitPart::Train);
        if (train.empty())
            throw Error(Error::Kind::InvalidArgument, config.datasetRoot, QStringLiteral("the split has no training snippets"));
        Q_EMIT started(firstEpoch, config.epochs, int(train.size()), int(d->data->items(SplitPart::Valid).size()),
                       int(d->data->items(SplitPart::Test).size()));

        QElapsedTimer runClock, signalClock;
        runClock.start();
        signalClock.start();
        int epochsThisRun = 0;
        bool agreedStop = false; // a data-parallel job stops only where all its ranks agree
        const auto stopping = [&] { return dist ? agreedStop : d->stop || d->cancel; };
        for (int epoch = firstEpoch; epoch <= config.epochs && !stopping(); ++epoch) {
            QElapsedTimer epochClock;
            epochClock.start();
            d->net->train();
            std::vector<int> order = shuffled(train.size(), config.seed * 7919u + std::uint64_t(epoch));
            if (dist)
                order = DataParallel::shard(order, rank, world);
            const int batches = int((order.size() + std::size_t(rankBatch) - 1) / std::size_t(rankBatch));
            double lossSum = 0.0;
            std::int64_t correct = 0, seen = 0;
            bool interrupted = false;
            for (int b = 0; b < batches; ++b) {
                d->waitWhilePaused();
                if (!dist && (d->stop || d->cancel)) {
                    interrupted = true;
                    break;
                }
                const std::size_t first = std::size_t(b) * std::size_t(rankBatch);
                const std::span<const int> indices(order.data() + first, std::min<std::size_t>(std::size_t(rankBatch), order.size() - first));
                auto x = torch::empty({std::int64_t(indices.size()), 1, C::frames, C::nMels});
                const std::uint64_t augmentSeed = config.augment ? augmentSeedFor(config, epoch, b, rank) : 0;
                d->data->gather(SplitPart::Train, indices, x.data_ptr<float>(), augmentSeed);
                const auto y = labelTensor(train, indices).to(d->device);
                d->optimizer->zero_grad();
                const double lambda = config.mixup > 0.0 ? mixupWeight(config.mixup, augmentSeedFor(config, epoch, b, rank)) : 1.0;
                if (lambda < 1.0) // blended with the batch shifted by one; the targets alike, below
                    x = lambda * x + (1.0 - lambda) * x.roll(1, 0);
                const auto logits = d->net->forward(x.to(d->device));
                auto loss = torch::nn::functional::cross_entropy(logits, y);
                if (lambda < 1.0)
                    loss = lambda * loss + (1.0 - lambda) * torch::nn::functional::cross_entropy(logits, y.roll(1, 0));
                loss.backward();
                if (dist && DataParallel::averageGradients(*dist, d->net->parameters(), d->stop || d->cancel)) {
                    agreedStop = interrupted = true; // some rank was asked to stop: all leave here
                    break;
                }
                d->optimizer->step();
                const double batchLoss = loss.item<double>();
                if (!std::isfinite(batchLoss))
                    d->diverged(QStringLiteral("the training loss became %1 in epoch %2, batch %3 of %4")
                                    .arg(batchLoss).arg(epoch).arg(b + 1).arg(batches));
                lossSum += batchLoss * double(indices.size());
                correct += logits.argmax(1).eq(y).sum().item<std::int64_t>();
                seen += std::int64_t(indices.size());
                if (signalClock.elapsed() >= kBatchSignalIntervalMs || b == batches - 1) {
                    signalClock.restart();
                    Q_EMIT batchTrained(epoch, b + 1, batches, batchLoss);
                }
            }
            if (interrupted)
                break; // the partial epoch is not recorded; the last checkpoint stands

            EpochMetrics metrics;
            metrics.epoch = epoch;
            if (dist) {
                agreedStop = d->reduceEpoch(*dist, lossSum, correct, seen, metrics);
            } else {
                metrics.trainLoss = lossSum / double(std::max<std::int64_t>(1, seen));
                metrics.trainAccuracy = double(correct) / double(std::max<std::int64_t>(1, seen));
                std::vector<SnippetPrediction> validPredictions;
                std::tie(metrics.validLoss, metrics.validAccuracy) = d->measure(SplitPart::Valid, &validPredictions);
                // Validation's batches have other sizes than training's: keeping both
                // would hold the peak of each. One step an epoch faults its pages in again.
                TensorMemoryPool::releaseCached();
                d->confusions.push_back({epoch, Evaluation::fromPredictions(validPredictions, d->data->classes()).confusion()});
            }
            if (!std::isfinite(metrics.validLoss)) // before anything of this epoch is saved
                d->diverged(QStringLiteral("the validation loss became %1 after epoch %2").arg(metrics.validLoss).arg(epoch));
            metrics.seconds = epochClock.nsecsElapsed() / 1e9;
            metrics.elapsed = runClock.nsecsElapsed() / 1e9;
            ++epochsThisRun;
            metrics.eta = metrics.elapsed / epochsThisRun * (config.epochs - epoch);

            if (metrics.validAccuracy > d->bestValidAccuracy || d->data->items(SplitPart::Valid).empty()) {
                d->bestValidAccuracy = metrics.validAccuracy;
                if (writes)
                    d->saveBest();
            }
            // Metrics first, checkpoint second: a kill between the two leaves a row for an
            // epoch the checkpoint does not have, which resuming drops and trains again.
            // (The other order would lose the epoch's row for good.)
            d->history.push_back(metrics);
            if (writes) {
                d->run.writeMetrics(d->history);
                if (!dist) // a rank scores its shard only: no whole matrix to replay
                    d->run.writeEpochConfusions(d->confusions, d->data->labels());
                d->saveCheckpoint(epoch);
            }
            if (dist)
                dist->recordParamsSha256(epoch, DataParallel::parametersSha256(*d->net));
            Q_EMIT epochFinished(metrics);

            if (EarlyStopping::shouldStop(d->history, config.earlyStopping))
                d->stop = agreedStop = true; // the same history on every rank: the same verdict
        }
        if (dist)
            dist->finish(); // before rank 0's evaluation, which the others need not wait for
        if (d->history.empty()) {
            // Stopped inside the first epoch: there is no trained model to evaluate or keep.
            Q_EMIT failed(QStringLiteral("stopped before the first epoch finished; nothing was kept"));
            return;
        }
        if (d->cancel) {
            Q_EMIT failed(QStringLiteral("cancelled; the last complete epoch is in %1").arg(d->run.checkpointPath()));
            return;
        }
        if (!writes) { // rank 0 evaluates the kept model and writes the results
            Q_EMIT finished(d->run.path(), d->stop || agreedStop);
            return;
        }

        // Final evaluation with the best model (by validation accuracy).
        if (QFile::exists(d->run.bestModelPath())) {
            torch::serialize::InputArchive archive;
            archive.load_from(d->run.bestModelPath().toStdString(), d->device);
            d->net->load(archive);
        }
        std::vector<SnippetPrediction> predictions;
        std::vector<QString> parts;
        d->measure(SplitPart::Valid, &predictions);
        parts.resize(predictions.size(), QStringLiteral("valid"));
        const std::size_t validCount = predictions.size();
        d->measure(SplitPart::Test, &predictions);
        parts.resize(predictions.size(), QStringLiteral("test"));
        const std::vector<SnippetPrediction> testOnly(predictions.begin() + std::ptrdiff_t(validCount), predictions.end());
        const Evaluation evaluation = Evaluation::fromPredictions(testOnly.empty() ? predictions : testOnly, d->data->classes());
        d->run.writeEvaluation(evaluation, d->data->labels());
        Q_EMIT evaluated(evaluation.summary(d->data->labels()));
        d->run.writePredictions(predictions, parts, d->data->trackNames(), d->data->labels());
        Q_EMIT finished(d->run.path(), d->stop);
    } catch (const Error &error) {
        Q_EMIT failed(error.message());
    } catch (const std::exception &error) { // LibTorch's c10::Error too: its first line is the reason
        Q_EMIT failed(QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0));
    } catch (...) { // a worker thread's boundary: nothing may escape into Qt's event loop
        Q_EMIT failed(QStringLiteral("training stopped by an unexpected error"));
    }
}

} // namespace genrelab
