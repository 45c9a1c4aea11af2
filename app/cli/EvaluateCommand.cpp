#include "EvaluateCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "data/DatasetOpener.h"
#include "ml/ModelEvaluator.h"
#include "ml/RunDirectory.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

namespace genrelab::cli {

QString EvaluateCommand::summary() const
{
    return QStringLiteral("Score a run's best model on a dataset split: snippet and track accuracy, confusion matrix, "
                          "per-class precision/recall/F1.");
}

int EvaluateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("A folder written by genrelab-cli train."));
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset (default: the run's own)."), QStringLiteral("[DATASET]"));
    parser.addOptions({
        {QStringLiteral("split"), QStringLiteral("test (default), valid or all."), QStringLiteral("PART")},
        {QStringLiteral("threads"), QStringLiteral("Threads (default: all cores)."), QStringLiteral("N")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    if (words.isEmpty() || words.size() > 2)
        return fail(QStringLiteral("usage: genrelab-cli evaluate RUN_DIR [DATASET] [--split test|valid|all]"), 2);
    const QString part = OptionValues(parser).choice(QStringLiteral("split"),
                                                     {QStringLiteral("test"), QStringLiteral("valid"), QStringLiteral("all")},
                                                     QStringLiteral("test"));
    const int threads = threadsOption(parser);
    try {
        const RunDirectory run(words.first());
        const TrainingConfig config = run.readConfig();
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const auto opened = DatasetOpener::open(words.value(1, config.datasetRoot), threads, &progress);
        progress.finish({});
        if (opened.cancelled)
            return interrupted(QStringLiteral("while computing features; the tracks finished are cached, so the next run goes on from there"));
        // "all" scores every labelled snippet: an assignment with everything in Test.
        const DataSplit split = DataSplit::make(config.split, opened.dataset, config.seed);
        const TrainingData data(opened.dataset, opened.cache, split);
        const TrainingData everything(opened.dataset, opened.cache, DataSplit::everythingIn(opened.dataset, SplitPart::Test));
        const bool all = part == QLatin1String("all");
        const auto result = ModelEvaluator::evaluate(run.path(), all ? everything : data,
                                                     part == QLatin1String("valid") ? SplitPart::Valid : SplitPart::Test,
                                                     threads, &progress);
        progress.finish({});
        print(QStringLiteral("%1 on %2 (%3):").arg(run.path(), opened.dataset.rootPath(), all ? QStringLiteral("all snippets") : part));
        print(result.evaluation.summary(opened.dataset.labels()).trimmed());
        if (split.leaks() && !all)
            print(QStringLiteral("warning: ") + DataSplit::leakageWarning());
        return 0;
    } catch (const Error &error) {
        if (error.kind() == Error::Kind::Cancelled)
            return interrupted(QStringLiteral("while scoring; nothing was written"));
        return fail(error.message());
    }
}

} // namespace genrelab::cli
