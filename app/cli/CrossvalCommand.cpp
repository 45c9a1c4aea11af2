#include "CrossvalCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "TrainOptions.h"
#include "data/CrossValidationFolds.h"
#include "data/DatasetOpener.h"
#include "ml/CrossValidationSummary.h"
#include "ml/NetworkNames.h"
#include "ml/RunDirectory.h"
#include "ml/Trainer.h"
#include "ml/TrainingSession.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"
#include "util/FileLock.h"

#include <QDir>
#include <QProcess>

#include <memory>

namespace genrelab::cli {

namespace {

const QString kUsage = QStringLiteral("usage: genrelab-cli crossval DATASET --folds K --out DIR [--split track|filtered] "
                                      "[train options] [--compare \"OPTIONS A\" \"OPTIONS B\"]");

// One configuration to cross-validate: its name ("" alone, "a"/"b" compared), the
// options as the user wrote them, and the configuration they give.
struct Candidate
{
    QString name;
    QString options;
    TrainingConfig config;
};

// `--compare A B` taken out of the arguments before parsing: A and B hold options of their
// own ("--cell lstm") that the command's parser must not see. Empty when absent.
QStringList takeCompare(QStringList &arguments)
{
    const int at = int(arguments.indexOf(QStringLiteral("--compare")));
    if (at < 0)
        return {};
    if (at + 2 >= arguments.size())
        throw OptionError(QStringLiteral("--compare takes two quoted option strings, e.g. --compare \"--cell gru\" \"--cell lstm\""));
    const QStringList pair{arguments.at(at + 1), arguments.at(at + 2)};
    arguments.remove(at, 3);
    if (arguments.contains(QStringLiteral("--compare")))
        throw OptionError(QStringLiteral("--compare is given once, with two option strings"));
    return pair;
}

// One --compare string's configuration: the presets first (outside, then the string's),
// then the options given outside, then the string's own, so an option given once outside
// (--epochs 10) holds for both whatever recipe a string names. --split and --seed decide
// the folds, so they are refused in a string, and a preset's split and seed (the study's
// leaky seed split) yield to the folds': "--preset study" against "--preset recommended"
// compares the two recipes on the same tracks.
TrainingConfig withCompareOptions(const TrainingConfig &base, const QCommandLineParser &outside, const QString &options)
{
    QCommandLineParser parser;
    TrainOptions::addTo(parser);
    if (!parser.parse(QStringList{QStringLiteral("crossval")} + QProcess::splitCommand(options)))
        throw OptionError(QStringLiteral("--compare \"%1\": %2").arg(options, parser.errorText()));
    if (!parser.positionalArguments().isEmpty())
        throw OptionError(QStringLiteral("--compare \"%1\": only training options belong there, not \"%2\"")
                              .arg(options, parser.positionalArguments().first()));
    for (const QString &fixed : {QStringLiteral("split"), QStringLiteral("seed")})
        if (parser.isSet(fixed))
            throw OptionError(QStringLiteral("--compare \"%1\": --%2 decides the folds, so it is given once, outside --compare "
                                             "(both configurations are tested on identical folds)")
                                  .arg(options, fixed));
    // The dataset is opened once, with the options given outside: a string's own labels
    // or windows would be recorded in its runs but not trained on.
    for (const QString &fixed : {QStringLiteral("labels"), QStringLiteral("min-tracks"), QStringLiteral("skip-multi-genre"),
                                 QStringLiteral("map"), QStringLiteral("windows")})
        if (parser.isSet(fixed))
            throw OptionError(QStringLiteral("--compare \"%1\": --%2 decides the dataset's classes and snippets, so it is given "
                                             "once, outside --compare (both configurations are tested on identical folds of one "
                                             "dataset)")
                                  .arg(options, fixed));
    TrainingConfig config = TrainOptions::applyPreset(TrainOptions::applyPreset(TrainingConfig{}, outside), parser);
    config.split = base.split;
    config.seed = base.seed;
    config = TrainOptions::applyOptions(TrainOptions::applyOptions(config, outside), parser);
    if (!parser.isSet(QStringLiteral("threads")))
        config.threads = base.threads;
    return config;
}

// Which model each configuration's figures are of, for the summary's heading.
QString scoredModels(const std::vector<Candidate> &candidates)
{
    const auto describe = [](const Candidate &c) {
        return c.config.refit ? QStringLiteral("refit model (train + validation, for the epoch count validation chose; the test fold never trained on)")
                              : QStringLiteral("best model by validation accuracy");
    };
    if (candidates.size() == 2 && candidates[0].config.refit != candidates[1].config.refit)
        return QStringLiteral("[a] %1, [b] %2").arg(describe(candidates[0]), describe(candidates[1]));
    return describe(candidates.front());
}

} // namespace

int CrossvalCommand::run(const QStringList &arguments)
{
    QStringList words = arguments;
    const QStringList compare = takeCompare(words);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Labelled dataset folder."));
    parser.addOptions({
        {QStringLiteral("folds"), QStringLiteral("Number of folds, 2–100 (default 5)."), QStringLiteral("K")},
        {QStringLiteral("out"), QStringLiteral("Folder for the fold runs and the summary (new or empty)."), QStringLiteral("DIR")},
        {QStringLiteral("compare"), QStringLiteral("Two quoted option strings, e.g. --compare \"--cell gru\" \"--cell lstm\": both "
                                                   "configurations on identical folds, with their paired difference."),
         QStringLiteral("\"A\" \"B\"")},
    });
    TrainOptions::addTo(parser);
    int exitCode = 0;
    if (!parse(parser, words, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("out")))
        return fail(kUsage, 2);
    const int folds = OptionValues(parser).integer(QStringLiteral("folds"), 2, CrossValidationFolds::maxFolds, 5);
    TrainingConfig base = TrainOptions::applyPreset(TrainingConfig{}, parser);
    if (base.split == DataSplit::Kind::Seed && !parser.isSet(QStringLiteral("split"))) {
        base.split = DataSplit::Kind::Track; // --preset study: its recipe, on folds that do not leak
        print(QStringLiteral("note: the study's seed split leaks; its recipe is cross-validated on folds by track"));
    }
    base = TrainOptions::applyOptions(base, parser);
    if (base.split == DataSplit::Kind::Seed)
        return fail(QStringLiteral("--split seed shuffles snippets, so one track would be on both sides of a fold; "
                                   "cross-validation uses --split track or filtered"), 2);
    std::vector<Candidate> candidates;
    if (compare.isEmpty())
        candidates.push_back({QString(), QString(), base});
    else
        candidates = {{QStringLiteral("a"), compare[0], withCompareOptions(base, parser, compare[0])},
                      {QStringLiteral("b"), compare[1], withCompareOptions(base, parser, compare[1])}};

    const QString out = QDir(parser.value(QStringLiteral("out"))).absolutePath();
    std::unique_ptr<FileLock> lock;
    try {
        lock = std::make_unique<FileLock>(out);
        if (RunDirectory(out).isOccupied())
            return fail(QStringLiteral("%1 already exists and is not empty; an earlier cross-validation is never overwritten "
                                       "— choose a new folder").arg(out), 2);
    } catch (const Error &error) {
        return fail(error.message());
    }

    try {
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const DatasetOpener::Opened opened = DatasetOpener::open(parser.positionalArguments().first(), base.threads, &progress, {}, base.labels);
        progress.finish({});
        if (opened.cancelled || CancelOnInterrupt::interrupted())
            return interrupted(QStringLiteral("while opening the dataset; no run was started (features computed so far are cached)"));
        if (!opened.dataset.isLabelled() || opened.dataset.labels().size() < 2)
            return fail(opened.dataset.rootPath() + QStringLiteral(": cross-validation needs a labelled dataset (a folder per label)"));
        print(opened.summary);
        const CrossValidationFolds check(opened.dataset, base.split, base.seed, folds); // refuses too few tracks before any work
        Q_UNUSED(check);

        std::vector<CrossValidationSummary::Configuration> results;
        for (Candidate &candidate : candidates) {
            print(QStringLiteral("%1network: %2, %3 parameters")
                      .arg(candidate.name.isEmpty() ? QString() : QStringLiteral("[%1] ").arg(candidate.name), candidate.config.network.architecture)
                      .arg(NetworkNames::parameterCount(candidate.config.network)));
            candidate.config.datasetRoot = opened.dataset.rootPath();
            candidate.config.folds = folds;
            results.push_back({candidate.name, candidate.options, candidate.config.refit, {}});
        }
        for (int fold = 1; fold <= folds; ++fold) {
            for (std::size_t c = 0; c < candidates.size(); ++c) {
                TrainingConfig config = candidates[c].config;
                config.fold = fold;
                const QString folder = candidates[c].name.isEmpty() ? QStringLiteral("fold-%1").arg(fold)
                                                                    : QStringLiteral("%1/fold-%2").arg(candidates[c].name).arg(fold);
                const QString runDir = QDir(out).filePath(folder);
                const QString label = QStringLiteral("fold %1/%2%3").arg(fold).arg(folds)
                                          .arg(candidates[c].name.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(candidates[c].name));
                if (const int status = trainFold(config, opened.dataset, opened.cache, runDir, label, progress); status != 0) {
                    if (status == CancelOnInterrupt::kExitStatus)
                        return interrupted(QStringLiteral("in %1; the runs so far are kept in %2 (the interrupted one with the "
                                                          "epochs it completed); no summary was written").arg(label, out));
                    return status;
                }
                CrossValidationSummary::Fold figures = CrossValidationSummary::readFold(fold, runDir, config.refit);
                print(QStringLiteral("%1: test %2 tracks, snippet accuracy %3 %, track accuracy %4 %, macro F1 %5")
                          .arg(label).arg(figures.tracks).arg(100 * figures.snippetAccuracy, 0, 'f', 1)
                          .arg(100 * figures.trackAccuracy, 0, 'f', 1).arg(figures.macroF1, 0, 'f', 3));
                results[c].folds.push_back(std::move(figures));
            }
        }
        CrossValidationSummary summary;
        for (CrossValidationSummary::Configuration &configuration : results)
            summary.add(std::move(configuration));
        summary.write(out);
        print(QStringLiteral("cross-validation, %1 folds by track (%2), test figures of each fold's %3:")
                  .arg(folds).arg(DataSplit::kindName(base.split))
                  .arg(scoredModels(candidates)));
        print(summary.table().trimmed());
        print(QStringLiteral("summary: %1, %2").arg(QDir(out).filePath(QStringLiteral("summary.json")), QDir(out).filePath(QStringLiteral("summary.csv"))));
        return 0;
    } catch (const Error &error) {
        return fail(error.message(), error.kind() == Error::Kind::InvalidArgument ? 2 : 1);
    }
}

int CrossvalCommand::trainFold(const TrainingConfig &config, const Dataset &dataset, const std::shared_ptr<const FeatureCache> &cache,
                               const QString &runDir, const QString &label, const ProgressReporter &stopRequest)
{
    TrainingSession session(config, dataset, cache, runDir, TrainingSession::Mode::New);
    print(QStringLiteral("%1: %2 → %3").arg(label, session.split().summary(dataset), runDir));
    if (const int status = runTrainer(session, label, config.epochs, stopRequest); status != 0 || !config.refit)
        return status;
    const int epochs = session.beginRefit(dataset, cache);
    print(QStringLiteral("%1: refit, a fresh model on train + validation for %2 epoch(s), the count validation chose")
              .arg(label).arg(epochs));
    if (const int status = runTrainer(session, label + QStringLiteral(" refit"), epochs, stopRequest); status != 0) {
        session.abandonRefit();
        return status;
    }
    session.finishRefit();
    return 0;
}

int CrossvalCommand::runTrainer(TrainingSession &session, const QString &label, int epochs, const ProgressReporter &stopRequest)
{
    Trainer &trainer = *session.trainer();
    const bool refit = session.isRefitting();
    int result = 0;
    // The trainer runs on this thread, so its signals arrive directly; a batch signal (at
    // least one per epoch, ≤ 20 a second) is where Ctrl+C turns into a stop.
    QObject::connect(&trainer, &Trainer::batchTrained, [&](int, int, int, double) {
        if (stopRequest.isCancelled())
            trainer.requestStop();
    });
    QObject::connect(&trainer, &Trainer::epochFinished, [&](const EpochMetrics &m) {
        const QString valid = refit ? QString() // a refit has no validation left
                                    : QStringLiteral("  valid loss %1 acc %2 %").arg(m.validLoss, 0, 'f', 4).arg(100 * m.validAccuracy, 0, 'f', 1);
        print(QStringLiteral("%1 epoch %2/%3  train loss %4 acc %5 %%6  %7 s")
                  .arg(label).arg(m.epoch).arg(epochs).arg(m.trainLoss, 0, 'f', 4).arg(100 * m.trainAccuracy, 0, 'f', 1)
                  .arg(valid).arg(m.seconds, 0, 'f', 1));
    });
    QObject::connect(&trainer, &Trainer::finished, [&](const QString &, bool) {
        if (stopRequest.isCancelled())
            result = CancelOnInterrupt::kExitStatus;
    });
    QObject::connect(&trainer, &Trainer::failed, [&](const QString &reason) {
        const bool removed = !refit && session.discardIfUnstarted();
        const QString kept = removed ? QStringLiteral(" (the unstarted run folder %1 was removed)").arg(session.runDir()) : QString();
        result = stopRequest.isCancelled() ? CancelOnInterrupt::kExitStatus : fail(label + QStringLiteral(": ") + reason + kept);
    });
    trainer.run();
    return result;
}

} // namespace genrelab::cli
