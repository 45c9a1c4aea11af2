#include "TrainCommand.h"

#include "CancelOnInterrupt.h"
#include "DistributedTraining.h"
#include "OptionValues.h"
#include "TrainOptions.h"
#include "data/DatasetOpener.h"
#include "ml/NetworkNames.h"
#include "ml/RunDirectory.h"
#include "ml/Trainer.h"
#include "ml/TrainingSession.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"
#include "util/FileLock.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>

namespace genrelab::cli {

namespace {

QString minutes(double seconds)
{
    return seconds >= 60 ? QStringLiteral("%1m%2s").arg(int(seconds) / 60).arg(int(seconds) % 60, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1s").arg(seconds, 0, 'f', 0);
}

} // namespace

int TrainCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset folder (not with --resume)."));
    parser.addOptions({
        {QStringLiteral("out"), QStringLiteral("Run folder to create (new or empty)."), QStringLiteral("RUN_DIR")},
        {QStringLiteral("force"), QStringLiteral("With --out: move an earlier run in RUN_DIR aside (RUN_DIR.previous-DATE), never delete it.")},
        {QStringLiteral("resume"), QStringLiteral("Continue the run in RUN_DIR from its last complete epoch."), QStringLiteral("RUN_DIR")},
    });
    TrainOptions::addTo(parser);
    parser.addOption(DistributedTraining::timeoutOption());
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const bool resume = parser.isSet(QStringLiteral("resume"));
    if (resume == parser.isSet(QStringLiteral("out")) || resume != parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("usage: genrelab-cli train DATASET --out RUN_DIR [options] | train --resume RUN_DIR [--epochs N]"), 2);
    if (resume && parser.isSet(QStringLiteral("force")))
        return fail(QStringLiteral("--force goes with --out (it moves an earlier run aside); --resume continues a run"), 2);

    const QString runDir = parser.value(resume ? QStringLiteral("resume") : QStringLiteral("out"));
    DistributedTraining distributed(parser); // WORLD_SIZE > 1: one rank of a data-parallel job
    TrainingConfig config;
    std::unique_ptr<FileLock> lock;
    try {
        // One training per run folder, taken before the folder is judged: two starts into
        // one folder would mix one run's config with the other's weights.
        if (distributed.writesRun()) // rank 0's folder; the other ranks never write there
            lock = std::make_unique<FileLock>(runDir);
        if (resume) {
            const TrainingConfig saved = TrainingSession::configForResume(runDir, OptionValues(parser).integer(QStringLiteral("epochs"), 1, 10000, 0));
            config = TrainOptions::apply(saved, parser);
            if (const QStringList conflicts = TrainOptions::conflicting(saved, config, parser); !conflicts.isEmpty())
                return fail(QStringLiteral("%1: %2 %4 from the run's configuration (%3); a resumed run keeps "
                                           "its settings — only --epochs (to extend it) and --threads may change. Start a new "
                                           "run with --out to try other settings.")
                                .arg(runDir, conflicts.join(QStringLiteral(", ")), RunDirectory(runDir).configPath(), conflicts.size() == 1 ? QStringLiteral("differs") : QStringLiteral("differ")), 2);
        } else {
            config = TrainOptions::apply(TrainingConfig{}, parser);
            config.datasetRoot = parser.positionalArguments().first();
            if (!parser.isSet(QStringLiteral("force")) && distributed.writesRun())
                TrainingSession::checkNewRunFolder(runDir);
        }
        distributed.checkBatch(config.batch);
    } catch (const Error &error) {
        return fail(error.message(), error.kind() == Error::Kind::InvalidArgument ? 2 : 1);
    }

    try {
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const DatasetOpener::Opened opened = distributed.openSharingCache([&] { return DatasetOpener::open(config.datasetRoot, config.threads, &progress, {}, config.labels); });
        progress.finish({});
        if (opened.cancelled || CancelOnInterrupt::interrupted()) {
            print(QStringLiteral("interrupted while opening the dataset; no run was started (features computed so far are cached)"));
            return CancelOnInterrupt::kExitStatus;
        }
        if (!opened.dataset.isLabelled() || opened.dataset.labels().size() < 2)
            return fail(config.datasetRoot + QStringLiteral(": training needs a labelled dataset (a folder per label)"));
        config.datasetRoot = opened.dataset.rootPath();
        if (!resume && parser.isSet(QStringLiteral("force")) && distributed.writesRun() && RunDirectory(runDir).isOccupied())
            print(QStringLiteral("moved the earlier run aside to %1").arg(RunDirectory(runDir).moveAside()));
        distributed.join();
        TrainingSession session(config, opened.dataset, opened.cache, runDir,
                                !distributed.writesRun() ? TrainingSession::Mode::Replica
                                : resume                 ? TrainingSession::Mode::Resume
                                                         : TrainingSession::Mode::New);
        distributed.attach(*session.trainer(), RunDirectory(runDir).configPath());
        print(opened.summary);
        print(session.split().summary(opened.dataset));
        print(QStringLiteral("network: %1, %2 parameters").arg(config.network.architecture).arg(NetworkNames::parameterCount(config.network)));
        const int status = train(session, progress);
        if (status != 0 || !session.config().refit || !distributed.writesRun())
            return status;
        return refit(session, opened.dataset, opened.cache, progress);
    } catch (const Error &error) {
        return fail(error.message());
    }
}

int TrainCommand::refit(TrainingSession &session, const Dataset &dataset, std::shared_ptr<const FeatureCache> cache,
                        const ProgressReporter &stopRequest)
{
    const int epochs = session.beginRefit(dataset, std::move(cache));
    print(QStringLiteral("refit: a fresh model on train + validation for %1 epoch(s), the count validation chose; the test "
                         "figure above stays the run's (measured before the refit, on the model chosen on validation)")
              .arg(epochs));
    const int status = train(session, stopRequest);
    if (status != 0) {
        session.abandonRefit();
        return status;
    }
    session.finishRefit();
    print(QStringLiteral("refit: best.pt is now the refit model (export, predict and tag use it); the model chosen on "
                         "validation is kept as selected.pt"));
    return 0;
}

int TrainCommand::train(TrainingSession &session, const ProgressReporter &stopRequest)
{
    const TrainingConfig &config = session.config();
    Trainer &trainer = *session.trainer();
    // Within an epoch: a live line on a terminal, a line every 5 s in a log.
    std::optional<ConsoleProgress> batches;
    QElapsedTimer epochClock;
    int firstEpoch = 1;
    int totalEpochs = config.epochs; // a refit trains for the count validation chose
    QThread thread;
    trainer.moveToThread(&thread);
    QEventLoop loop;
    int result = 0;
    QObject::connect(&trainer, &Trainer::started, &loop, [&](int first, int epochs, int train, int valid, int test) {
        firstEpoch = first;
        totalEpochs = epochs;
        print(QStringLiteral("training epochs %1–%2 on %3 snippets (validation %4, test %5), %6 thread(s)")
                  .arg(first).arg(epochs).arg(train).arg(valid).arg(test).arg(config.threads));
        batches.emplace(stderr, 5000);
        epochClock.start();
    });
    QObject::connect(&trainer, &Trainer::batchTrained, &loop, [&](int epoch, int batch, int count, double loss) {
        const double perSecond = double(batch) * config.batch / std::max(1e-3, epochClock.nsecsElapsed() / 1e9);
        const double done = (epoch - firstEpoch + double(batch) / count) / double(totalEpochs - firstEpoch + 1);
        batches->report(QStringLiteral("epoch %1/%2 batch %3/%4 loss %5 · %6 snippets/s")
                            .arg(epoch).arg(totalEpochs).arg(batch).arg(count).arg(loss, 0, 'f', 3).arg(perSecond, 0, 'f', 0),
                        done);
    });
    QObject::connect(&trainer, &Trainer::epochFinished, &loop, [&](const EpochMetrics &m) {
        batches->finish({});
        print(QStringLiteral("epoch %1/%2  train loss %3 acc %4 %  valid loss %5 acc %6 %  %7 s  ETA %8")
                  .arg(m.epoch).arg(totalEpochs).arg(m.trainLoss, 0, 'f', 4).arg(100 * m.trainAccuracy, 0, 'f', 1)
                  .arg(m.validLoss, 0, 'f', 4).arg(100 * m.validAccuracy, 0, 'f', 1).arg(m.seconds, 0, 'f', 1)
                  .arg(minutes(m.eta)));
        epochClock.restart();
    });
    QObject::connect(&trainer, &Trainer::evaluated, &loop, [&](const QString &text) {
        if (session.isRefitting())
            return; // the run's test figure is the one measured before the refit
        print(QStringLiteral("test set, best model by validation accuracy:\n") + text.trimmed());
        if (session.split().leaks())
            print(QStringLiteral("warning: ") + DataSplit::leakageWarning());
    });
    QObject::connect(&trainer, &Trainer::finished, &loop, [&](const QString &dir, bool stoppedEarly) {
        const bool interrupted = CancelOnInterrupt::interrupted();
        if (session.isRefitting()) {
            if (interrupted) {
                print(QStringLiteral("interrupted during the refit: best.pt is still the model chosen on validation"));
                result = CancelOnInterrupt::kExitStatus;
            }
            loop.quit();
            return;
        }
        print(QStringLiteral("run: %1%2").arg(dir, stoppedEarly && !interrupted ? QStringLiteral(" (stopped early)") : QString()));
        if (interrupted) {
            print(QStringLiteral("interrupted: %1 completed epoch(s) and the best model are kept in %2; continue with: "
                                 "genrelab-cli train --resume %2")
                      .arg(TrainingSession::completedEpochs(dir)).arg(dir));
            result = CancelOnInterrupt::kExitStatus;
        }
        loop.quit();
    });
    QObject::connect(&trainer, &Trainer::failed, &loop, [&](const QString &reason) {
        if (batches)
            batches->finish({});
        const bool removed = session.discardIfUnstarted();
        const QString kept = removed ? QStringLiteral(" (the unstarted run folder %1 was removed)").arg(session.runDir()) : QString();
        result = CancelOnInterrupt::interrupted() ? (print(QStringLiteral("interrupted: ") + reason + kept), CancelOnInterrupt::kExitStatus)
                                                  : fail(reason + kept);
        loop.quit();
    });
    // The signal handler only sets a flag (async-signal-safe); the event loop turns it
    // into a stop after the current batch. The model is kept and evaluated.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (stopRequest.isCancelled())
            trainer.requestStop();
    });
    poll.start(100);
    QObject::connect(&thread, &QThread::started, &trainer, &Trainer::run);
    thread.start();
    loop.exec();
    thread.quit();
    thread.wait();
    return result;
}

} // namespace genrelab::cli
