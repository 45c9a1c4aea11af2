#include "EvaluateCommand.h"

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
        {QStringLiteral("split"), QStringLiteral("test (default), valid or all."), QStringLiteral("PART"), QStringLiteral("test")},
        {QStringLiteral("threads"), QStringLiteral("Threads (default: all cores)."), QStringLiteral("N")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    const QString part = parser.value(QStringLiteral("split"));
    if (words.isEmpty() || words.size() > 2 || (part != QLatin1String("test") && part != QLatin1String("valid") && part != QLatin1String("all")))
        return fail(QStringLiteral("usage: genrelab-cli evaluate RUN_DIR [DATASET] [--split test|valid|all]"), 2);
    try {
        const RunDirectory run(words.first());
        const TrainingConfig config = run.readConfig();
        ConsoleProgress progress;
        const auto opened = DatasetOpener::open(words.value(1, config.datasetRoot), threadsOption(parser), &progress);
        progress.finish({});
        // "all" scores every labelled snippet: an assignment with everything in Test.
        const DataSplit split = DataSplit::make(config.split, opened.dataset, config.seed);
        const TrainingData data(opened.dataset, opened.cache, split);
        const TrainingData everything(opened.dataset, opened.cache, DataSplit::everythingIn(opened.dataset, SplitPart::Test));
        const bool all = part == QLatin1String("all");
        const auto result = ModelEvaluator::evaluate(run.path(), all ? everything : data,
                                                     part == QLatin1String("valid") ? SplitPart::Valid : SplitPart::Test,
                                                     threadsOption(parser));
        print(QStringLiteral("%1 on %2 (%3):").arg(run.path(), opened.dataset.rootPath(), all ? QStringLiteral("all snippets") : part));
        print(result.evaluation.summary(opened.dataset.labels()).trimmed());
        if (split.leaks() && !all)
            print(QStringLiteral("warning: ") + DataSplit::leakageWarning());
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
