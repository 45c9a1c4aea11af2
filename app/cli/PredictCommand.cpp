#include "PredictCommand.h"

#include "CancelOnInterrupt.h"
#include "data/TrackFeaturizer.h"
#include "ml/Predictor.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <numeric>

namespace genrelab::cli {

namespace {

// Schema "predict/1" (man page, JSON OUTPUT): the same keys for every file. Without
// `probabilities` (a file that could not be read) the results are null or empty and
// "error" says why.
QJsonObject predictionJson(const QString &file, const QStringList &labels, const std::vector<float> *probabilities,
                           int snippets, const QString &error)
{
    QJsonArray all, top;
    QJsonValue genre = QJsonValue::Null, probability = QJsonValue::Null;
    if (probabilities && !probabilities->empty()) {
        std::vector<int> order(probabilities->size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return (*probabilities)[std::size_t(a)] > (*probabilities)[std::size_t(b)]; });
        const auto entry = [&](int c) {
            return QJsonObject{{QStringLiteral("genre"), labels.value(c)}, {QStringLiteral("probability"), double((*probabilities)[std::size_t(c)])}};
        };
        for (int c = 0; c < int(probabilities->size()); ++c)
            all.append(entry(c));
        for (int i = 0; i < std::min<int>(3, int(order.size())); ++i)
            top.append(entry(order[std::size_t(i)]));
        genre = labels.value(order.front());
        probability = double((*probabilities)[std::size_t(order.front())]);
    }
    return {{QStringLiteral("schema"), QStringLiteral("predict/1")},
            {QStringLiteral("file"), file},
            {QStringLiteral("genre"), genre},
            {QStringLiteral("probability"), probability},
            {QStringLiteral("snippets"), probabilities ? QJsonValue(snippets) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("probabilities"), all},
            {QStringLiteral("top3"), top},
            {QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error)}};
}

} // namespace

int PredictCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("A run folder written by genrelab-cli train, a .genrelab bundle, or a crossval folder (its fold models as an ensemble: probabilities averaged)."));
    parser.addPositionalArgument(QStringLiteral("FILE..."), QStringLiteral("Audio files."));
    parser.addOptions({{QStringLiteral("json"), QStringLiteral("One JSON object per file, one per line (schema predict/1).")},
                       {QStringLiteral("threads"), QStringLiteral("Threads (default: all cores)."), QStringLiteral("N")}});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    if (words.size() < 2)
        return fail(QStringLiteral("usage: genrelab-cli predict MODEL FILE... [--json]"), 2);
    const bool json = parser.isSet(QStringLiteral("json"));
    try {
        const Predictor predictor(words.first(), threadsOption(parser));
        if (!json && predictor.modelCount() > 1)
            print(QStringLiteral("ensemble of %1 fold models: their probabilities averaged").arg(predictor.modelCount()));
        ConsoleProgress stopRequest;
        CancelOnInterrupt interrupt(stopRequest);
        int failures = 0, done = 0;
        for (const QString &file : words.mid(1)) {
            if (stopRequest.isCancelled())
                return interrupted(QStringLiteral("after %1 of %2 file(s); the answers above are complete").arg(done).arg(words.size() - 1));
            ++done;
            // Snippets are classified in batches as they are decoded: an hour-long file
            // needs no more memory than a short one.
            TrackFeatures features;
            const auto prediction = predictor.predictFile(file, features);
            for (const QString &warning : features.warnings)
                warn(file + QStringLiteral(": ") + warning);
            if (!features.ok()) {
                ++failures;
                if (json)
                    print(QString::fromUtf8(QJsonDocument(predictionJson(file, predictor.labels(), nullptr, 0, features.error->cause()))
                                                .toJson(QJsonDocument::Compact)));
                else
                    fail(features.error->message());
                continue;
            }
            std::vector<int> order(prediction.meanProbabilities.size());
            std::iota(order.begin(), order.end(), 0);
            std::sort(order.begin(), order.end(), [&](int a, int b) {
                return prediction.meanProbabilities[std::size_t(a)] > prediction.meanProbabilities[std::size_t(b)];
            });
            if (json) {
                print(QString::fromUtf8(QJsonDocument(predictionJson(file, predictor.labels(), &prediction.meanProbabilities,
                                                                     int(features.snippets), {}))
                                            .toJson(QJsonDocument::Compact)));
            } else {
                QStringList top;
                for (int i = 0; i < std::min<int>(3, int(order.size())); ++i)
                    top << QStringLiteral("%1 %2 %").arg(predictor.labels()[order[std::size_t(i)]])
                               .arg(100 * prediction.meanProbabilities[std::size_t(order[std::size_t(i)])], 0, 'f', 1);
                print(QStringLiteral("%1: %2 (%3 %)  top 3: %4").arg(file, predictor.labels()[prediction.label])
                          .arg(100 * prediction.probability, 0, 'f', 1).arg(top.join(QStringLiteral(", "))));
            }
        }
        return failures == 0 ? 0 : 1;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
