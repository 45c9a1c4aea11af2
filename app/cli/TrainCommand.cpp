#include "TrainCommand.h"

#include "CancelOnInterrupt.h"
#include "data/DatasetOpener.h"
#include "ml/RunDirectory.h"
#include "ml/Trainer.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

#include <QEventLoop>
#include <QThread>
#include <QTimer>

namespace genrelab::cli {

namespace {

TrainingConfig configFrom(const QCommandLineParser &parser)
{
    TrainingConfig config;
    const auto split = DataSplit::parseKind(parser.value(QStringLiteral("split")));
    if (!split)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("--split must be track, filtered or seed"));
    config.split = *split;
    const auto number = [&](const char *name, auto fallback) {
        const QString value = parser.value(QString::fromLatin1(name));
        bool ok = true;
        const double parsed = value.isEmpty() ? double(fallback) : value.toDouble(&ok);
        if (!ok)
            throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("--%1 needs a number, not \"%2\"").arg(QString::fromLatin1(name), value));
        return parsed;
    };
    config.epochs = int(number("epochs", config.epochs));
    config.batch = int(number("batch", config.batch));
    config.learningRate = number("lr", config.learningRate);
    config.weightDecay = number("weight-decay", config.weightDecay);
    config.earlyStopping = int(number("early-stopping", config.earlyStopping));
    config.seed = std::uint64_t(number("seed", config.seed));
    config.network.dropout = number("dropout", config.network.dropout);
    config.augment = parser.isSet(QStringLiteral("augment"));
    config.device = parser.value(QStringLiteral("device"));
    const QString cell = parser.value(QStringLiteral("cell"));
    if (cell != QLatin1String("gru") && cell != QLatin1String("lstm"))
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("--cell must be gru or lstm"));
    config.network.cell = cell == QLatin1String("lstm") ? CrnnOptions::Cell::Lstm : CrnnOptions::Cell::Gru;
    config.validate();
    return config;
}

QString minutes(double seconds)
{
    return seconds >= 60 ? QStringLiteral("%1m%2s").arg(int(seconds) / 60).arg(int(seconds) % 60, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1s").arg(seconds, 0, 'f', 0);
}

} // namespace

QString TrainCommand::summary() const
{
    return QStringLiteral("Train the CRNN on a dataset and write a run folder (config, metrics, checkpoints, "
                          "confusion, predictions); --resume continues a killed run.");
}

int TrainCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset folder (not with --resume)."));
    parser.addOptions({
        {QStringLiteral("out"), QStringLiteral("Run folder to create."), QStringLiteral("RUN_DIR")},
        {QStringLiteral("resume"), QStringLiteral("Continue the run in RUN_DIR from its last complete epoch."), QStringLiteral("RUN_DIR")},
        {QStringLiteral("split"), QStringLiteral("track (default), filtered or seed (leaks!)."), QStringLiteral("KIND"), QStringLiteral("track")},
        {QStringLiteral("epochs"), QStringLiteral("Epochs (default 25)."), QStringLiteral("N")},
        {QStringLiteral("batch"), QStringLiteral("Batch size (default 64)."), QStringLiteral("B")},
        {QStringLiteral("lr"), QStringLiteral("Adam learning rate (default 0.001)."), QStringLiteral("X")},
        {QStringLiteral("weight-decay"), QStringLiteral("Adam weight decay (default 0)."), QStringLiteral("X")},
        {QStringLiteral("early-stopping"), QStringLiteral("Stop after N epochs without a better validation loss."), QStringLiteral("N")},
        {QStringLiteral("dropout"), QStringLiteral("Dropout before the dense layers (default 0)."), QStringLiteral("X")},
        {QStringLiteral("augment"), QStringLiteral("Time shift and SpecAugment-style masks on training snippets.")},
        {QStringLiteral("cell"), QStringLiteral("Recurrent cell: gru (default) or lstm."), QStringLiteral("CELL"), QStringLiteral("gru")},
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("S")},
        {QStringLiteral("threads"), QStringLiteral("LibTorch threads (default: all cores)."), QStringLiteral("N")},
        {QStringLiteral("device"), QStringLiteral("cpu (default) or cuda, where LibTorch has CUDA."), QStringLiteral("DEVICE"),
         QStringLiteral("cpu")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const bool resume = parser.isSet(QStringLiteral("resume"));
    if (resume == parser.isSet(QStringLiteral("out")) || resume != parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("usage: genrelab-cli train DATASET --out RUN_DIR [options] | train --resume RUN_DIR"), 2);

    try {
        const QString runDir = parser.value(resume ? QStringLiteral("resume") : QStringLiteral("out"));
        TrainingConfig config = resume ? RunDirectory(runDir).readConfig() : configFrom(parser);
        config.threads = threadsOption(parser);
        if (!resume)
            config.datasetRoot = parser.positionalArguments().first();
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const DatasetOpener::Opened opened = DatasetOpener::open(config.datasetRoot, config.threads, &progress);
        progress.finish({});
        if (!opened.dataset.isLabelled() || opened.dataset.labels().size() < 2)
            return fail(config.datasetRoot + QStringLiteral(": training needs a labelled dataset (a folder per label)"));
        config.datasetRoot = opened.dataset.rootPath();
        const DataSplit split = DataSplit::make(config.split, opened.dataset, config.seed);
        print(opened.summary);
        print(split.summary(opened.dataset));
        auto data = std::make_shared<const TrainingData>(opened.dataset, opened.cache, split);
        if (!resume)
            RunDirectory(runDir).create(config, opened.dataset.labels(), split.summary(opened.dataset));

        Trainer trainer(config, data, runDir, resume);
        QThread thread;
        trainer.moveToThread(&thread);
        QEventLoop loop;
        int result = 0;
        QObject::connect(&trainer, &Trainer::started, &loop, [&](int first, int epochs, int train, int valid, int test) {
            print(QStringLiteral("training epochs %1–%2 on %3 snippets (validation %4, test %5), %6 thread(s)")
                      .arg(first).arg(epochs).arg(train).arg(valid).arg(test).arg(config.threads));
        });
        QObject::connect(&trainer, &Trainer::epochFinished, &loop, [&](const EpochMetrics &m) {
            print(QStringLiteral("epoch %1/%2  train loss %3 acc %4 %  valid loss %5 acc %6 %  %7 s  ETA %8")
                      .arg(m.epoch).arg(config.epochs).arg(m.trainLoss, 0, 'f', 4).arg(100 * m.trainAccuracy, 0, 'f', 1)
                      .arg(m.validLoss, 0, 'f', 4).arg(100 * m.validAccuracy, 0, 'f', 1).arg(m.seconds, 0, 'f', 1)
                      .arg(minutes(m.eta)));
        });
        QObject::connect(&trainer, &Trainer::evaluated, &loop, [&](const QString &text) {
            print(QStringLiteral("test set, best model by validation accuracy:\n") + text.trimmed());
            if (split.leaks())
                print(QStringLiteral("warning: ") + DataSplit::leakageWarning());
        });
        QObject::connect(&trainer, &Trainer::finished, &loop, [&](const QString &dir, bool stoppedEarly) {
            print(QStringLiteral("run: %1%2").arg(dir, stoppedEarly ? QStringLiteral(" (stopped early)") : QString()));
            loop.quit();
        });
        QObject::connect(&trainer, &Trainer::failed, &loop, [&](const QString &reason) {
            result = fail(reason);
            loop.quit();
        });
        // Ctrl+C sets the reporter's flag (signal-safe); the event loop turns it into a stop.
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (progress.isCancelled())
                trainer.requestStop();
        });
        poll.start(100);
        QObject::connect(&thread, &QThread::started, &trainer, &Trainer::run);
        thread.start();
        loop.exec();
        thread.quit();
        thread.wait();
        return result;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
