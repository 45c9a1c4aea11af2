#include "EvaluateCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "data/ClassMapping.h"
#include "data/DatasetOpener.h"
#include "ml/ModelEvaluator.h"
#include "ml/RunDirectory.h"
#include "ml/TrainingSession.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace genrelab::cli {

namespace {

// Schema "evaluate/1" (man page, JSON OUTPUT). On failure the same keys, null or empty,
// with "error" saying why.
QJsonObject report(const QString &run, const QString &dataset, const QString &part, bool leaks, const QStringList &labels,
                   const Evaluation *evaluation, const QString &error)
{
    QJsonArray perClass, confusion;
    if (evaluation) {
        for (int c = 0; c < evaluation->classes(); ++c)
            perClass.append(QJsonObject{{QStringLiteral("class"), labels.value(c)},
                                        {QStringLiteral("precision"), evaluation->precision(c)},
                                        {QStringLiteral("recall"), evaluation->recall(c)},
                                        {QStringLiteral("f1"), evaluation->f1(c)},
                                        {QStringLiteral("support"), evaluation->support(c)}});
        for (const std::vector<int> &row : evaluation->confusion()) {
            QJsonArray counts;
            for (int count : row)
                counts.append(count);
            confusion.append(counts);
        }
    }
    const auto figure = [evaluation](auto value) { return evaluation ? QJsonValue(value) : QJsonValue(QJsonValue::Null); };
    return {{QStringLiteral("schema"), QStringLiteral("evaluate/1")},
            {QStringLiteral("run"), run},
            {QStringLiteral("dataset"), dataset.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(dataset)},
            {QStringLiteral("split"), part},
            {QStringLiteral("leaks"), leaks},
            {QStringLiteral("classes"), QJsonArray::fromStringList(labels)},
            {QStringLiteral("snippets"), figure(evaluation ? evaluation->snippetCount() : 0)},
            {QStringLiteral("tracks"), figure(evaluation ? evaluation->trackCount() : 0)},
            {QStringLiteral("snippet_accuracy"), figure(evaluation ? evaluation->snippetAccuracy() : 0.0)},
            {QStringLiteral("track_accuracy_vote"), figure(evaluation ? evaluation->trackAccuracyVote() : 0.0)},
            {QStringLiteral("track_accuracy_mean"), figure(evaluation ? evaluation->trackAccuracyMean() : 0.0)},
            {QStringLiteral("per_class"), perClass},
            {QStringLiteral("confusion"), confusion},
            {QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error)}};
}

} // namespace

int EvaluateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("A folder written by genrelab-cli train."));
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset (default: the run's own)."), QStringLiteral("[DATASET]"));
    parser.addOptions({
        {QStringLiteral("split"), QStringLiteral("test (default), valid or all."), QStringLiteral("PART")},
        {QStringLiteral("threads"), QStringLiteral("Threads (default: all cores)."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("One JSON object (schema evaluate/1) instead of the text summary.")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    if (words.isEmpty() || words.size() > 2)
        return fail(QStringLiteral("usage: genrelab-cli evaluate RUN_DIR [DATASET] [--split test|valid|all] [--json]"), 2);
    const QString part = OptionValues(parser).choice(QStringLiteral("split"),
                                                     {QStringLiteral("test"), QStringLiteral("valid"), QStringLiteral("all")},
                                                     QStringLiteral("test"));
    const int threads = threadsOption(parser);
    const bool json = parser.isSet(QStringLiteral("json"));
    try {
        const RunDirectory run(words.first());
        const TrainingConfig config = run.readConfig();
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const auto opened = DatasetOpener::open(words.value(1, config.datasetRoot), threads, &progress, {}, config.labels);
        progress.finish({});
        if (opened.cancelled)
            return interrupted(QStringLiteral("while computing features; the tracks finished are cached, so the next run goes on from there"));
        if (!opened.dataset.isLabelled())
            return fail(opened.dataset.rootPath() + QStringLiteral(": has no labels to score the model against (a folder per class)"));
        // Classes meet by name, never by position: another dataset may order or spell its
        // folders differently, or hold classes the model never learnt (refused, named).
        const ClassMapping mapping(run.readLabels(), opened.dataset.labels(), run.path());
        const Dataset dataset = mapping.apply(opened.dataset);
        // "all" scores every labelled snippet: an assignment with everything in Test.
        const DataSplit split = TrainingSession::splitFor(config, opened.dataset);
        const TrainingData data(dataset, opened.cache, split);
        const TrainingData everything(dataset, opened.cache, DataSplit::everythingIn(dataset, SplitPart::Test));
        const bool all = part == QLatin1String("all");
        const auto result = ModelEvaluator::evaluate(run.path(), all ? everything : data,
                                                     part == QLatin1String("valid") ? SplitPart::Valid : SplitPart::Test,
                                                     threads, &progress);
        progress.finish({});
        const bool leaks = split.leaks() && !all;
        if (json) {
            print(QString::fromUtf8(QJsonDocument(report(run.path(), opened.dataset.rootPath(), part, leaks, dataset.labels(),
                                                         &result.evaluation, {})).toJson(QJsonDocument::Compact)));
            return 0;
        }
        print(QStringLiteral("%1 on %2 (%3):").arg(run.path(), opened.dataset.rootPath(), all ? QStringLiteral("all snippets") : part));
        if (!mapping.isIdentity())
            print(mapping.describe());
        print(result.evaluation.summary(dataset.labels()).trimmed());
        if (leaks)
            print(QStringLiteral("warning: ") + DataSplit::leakageWarning());
        if (config.refitEpochs > 0) // best.pt learnt from the validation tracks too
            print(part == QLatin1String("test")
                      ? QStringLiteral("note: this scores the refit model (best.pt); the run's reported test figure is the "
                                       "model chosen on validation (selected.pt), measured before the refit")
                      : QStringLiteral("warning: the refit model (best.pt) was trained on the validation tracks too; this "
                                       "figure is not a fair estimate for new music"));
        return 0;
    } catch (const Error &error) {
        if (error.kind() == Error::Kind::Cancelled)
            return interrupted(QStringLiteral("while scoring; nothing was written"));
        if (json)
            print(QString::fromUtf8(QJsonDocument(report(words.first(), words.value(1), part, false, {}, nullptr, error.message()))
                                        .toJson(QJsonDocument::Compact)));
        return fail(error.message(), error.kind() == Error::Kind::InvalidArgument ? 2 : 1); // a refusal, not a failure
    }
}

} // namespace genrelab::cli
