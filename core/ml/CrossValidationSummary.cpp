#include "CrossValidationSummary.h"

#include "Evaluation.h"
#include "RunResults.h"
#include "util/CheckedSaveFile.h"
#include "util/Csv.h"
#include "util/SampleStatistics.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace genrelab {

namespace {

double figure(const CrossValidationSummary::Fold &fold, const QString &key)
{
    if (key == QLatin1String("snippet_accuracy"))
        return fold.snippetAccuracy;
    if (key == QLatin1String("track_accuracy"))
        return fold.trackAccuracy;
    return fold.macroF1;
}

QString heading(const QString &key)
{
    if (key == QLatin1String("snippet_accuracy"))
        return QStringLiteral("snippet acc");
    if (key == QLatin1String("track_accuracy"))
        return QStringLiteral("track acc (vote)");
    return QStringLiteral("macro F1");
}

QString percent(double value)
{
    return QString::number(100.0 * value, 'f', 1);
}

QJsonObject intervalJson(const SampleStatistics::Interval &interval)
{
    return {{QStringLiteral("mean"), interval.mean}, {QStringLiteral("ci95_low"), interval.low}, {QStringLiteral("ci95_high"), interval.high}};
}

} // namespace

const QStringList &CrossValidationSummary::figureKeys()
{
    static const QStringList keys{QStringLiteral("snippet_accuracy"), QStringLiteral("track_accuracy"), QStringLiteral("macro_f1")};
    return keys;
}

CrossValidationSummary::Fold CrossValidationSummary::readFold(int fold, const QString &runDir, bool refit)
{
    const RunResults results = RunResults::load(runDir, RunResults::Contents::Everything,
                                                refit ? RunResults::Scored::RefitModel : RunResults::Scored::ChosenModel);
    const std::vector<SnippetPrediction> test = results.predictions(SplitPart::Test);
    const Evaluation evaluation = Evaluation::fromPredictions(test, int(results.labels().size()));
    Fold figures;
    figures.fold = fold;
    figures.runDir = results.path();
    figures.tracks = evaluation.trackCount();
    figures.snippets = evaluation.snippetCount();
    figures.snippetAccuracy = evaluation.snippetAccuracy();
    figures.trackAccuracy = evaluation.trackAccuracyVote();
    figures.macroF1 = macroF1(evaluation);
    for (const TrackPrediction &track : Evaluation::tracksOf(test, int(results.labels().size())))
        figures.testTracks << results.trackName(track.track);
    return figures;
}

double CrossValidationSummary::macroF1(const Evaluation &evaluation)
{
    double sum = 0.0;
    int present = 0;
    for (int c = 0; c < evaluation.classes(); ++c) {
        if (evaluation.support(c) == 0)
            continue; // a class this fold does not test says nothing about it
        sum += evaluation.f1(c);
        ++present;
    }
    return present ? sum / present : 0.0;
}

std::vector<double> CrossValidationSummary::values(std::size_t index, const QString &key) const
{
    std::vector<double> result;
    for (const Fold &fold : m_configurations.at(index).folds)
        result.push_back(figure(fold, key));
    return result;
}

QJsonObject CrossValidationSummary::toJson() const
{
    QJsonArray configurations;
    for (std::size_t i = 0; i < m_configurations.size(); ++i) {
        const Configuration &configuration = m_configurations[i];
        QJsonArray folds;
        for (const Fold &fold : configuration.folds) {
            QJsonObject entry{{QStringLiteral("fold"), fold.fold}, {QStringLiteral("run"), fold.runDir},
                              {QStringLiteral("tracks"), fold.tracks}, {QStringLiteral("snippets"), fold.snippets}};
            for (const QString &key : figureKeys())
                entry.insert(key, figure(fold, key));
            folds.append(entry);
        }
        QJsonObject figures;
        for (const QString &key : figureKeys()) {
            QJsonObject stats = intervalJson(SampleStatistics::confidence95(values(i, key)));
            stats.insert(QStringLiteral("std"), SampleStatistics::standardDeviation(values(i, key)));
            figures.insert(key, stats);
        }
        configurations.append(QJsonObject{{QStringLiteral("name"), configuration.name},
                                          {QStringLiteral("options"), configuration.options},
                                          {QStringLiteral("scored_model"), configuration.refit ? QStringLiteral("refit") : QStringLiteral("chosen")},
                                          {QStringLiteral("folds"), folds},
                                          {QStringLiteral("summary"), figures}});
    }
    QJsonObject json{{QStringLiteral("schema"), QStringLiteral("crossval/1")},
                     {QStringLiteral("folds"), m_configurations.empty() ? 0 : int(m_configurations.front().folds.size())},
                     {QStringLiteral("configurations"), configurations}};
    if (m_configurations.size() == 2) {
        QJsonObject difference;
        for (const QString &key : figureKeys())
            difference.insert(key, intervalJson(SampleStatistics::pairedDifference95(values(0, key), values(1, key))));
        json.insert(QStringLiteral("difference_b_minus_a"), difference);
    }
    return json;
}

QString CrossValidationSummary::toCsv() const
{
    QString text = csv::record(QStringList{QStringLiteral("configuration"), QStringLiteral("fold"), QStringLiteral("tracks"),
                                           QStringLiteral("snippets")} + figureKeys());
    for (std::size_t i = 0; i < m_configurations.size(); ++i) {
        const Configuration &configuration = m_configurations[i];
        for (const Fold &fold : configuration.folds) {
            QStringList fields{configuration.name, QString::number(fold.fold), QString::number(fold.tracks), QString::number(fold.snippets)};
            for (const QString &key : figureKeys())
                fields << QString::number(figure(fold, key), 'f', 6);
            text += csv::record(fields);
        }
        for (const QString &row : {QStringLiteral("mean"), QStringLiteral("std")}) {
            QStringList fields{configuration.name, row, QString(), QString()};
            for (const QString &key : figureKeys())
                fields << QString::number(row == QLatin1String("mean") ? SampleStatistics::mean(values(i, key))
                                                                      : SampleStatistics::standardDeviation(values(i, key)),
                                          'f', 6);
            text += csv::record(fields);
        }
    }
    return text;
}

QString CrossValidationSummary::table() const
{
    QString text;
    for (std::size_t i = 0; i < m_configurations.size(); ++i) {
        const Configuration &configuration = m_configurations[i];
        if (!configuration.name.isEmpty())
            text += QStringLiteral("configuration %1: %2\n")
                        .arg(configuration.name, configuration.options.isEmpty() ? QStringLiteral("(defaults)") : configuration.options);
        text += QStringLiteral("%1 %2 %3").arg(QStringLiteral("fold"), 7).arg(QStringLiteral("tracks"), 7).arg(QStringLiteral("snippets"), 9);
        for (const QString &key : figureKeys())
            text += QStringLiteral(" %1").arg(heading(key), 17);
        text += QLatin1Char('\n');
        for (const Fold &fold : configuration.folds) {
            text += QStringLiteral("%1 %2 %3").arg(fold.fold, 7).arg(fold.tracks, 7).arg(fold.snippets, 9);
            for (const QString &key : figureKeys())
                text += QStringLiteral(" %1").arg(percent(figure(fold, key)) + QStringLiteral(" %"), 17);
            text += QLatin1Char('\n');
        }
        text += QStringLiteral("%1 %2 %3").arg(QStringLiteral("mean±sd"), 7).arg(QString(), 7).arg(QString(), 9);
        for (const QString &key : figureKeys())
            text += QStringLiteral(" %1")
                        .arg(QStringLiteral("%1 ± %2 %").arg(percent(SampleStatistics::mean(values(i, key))),
                                                             percent(SampleStatistics::standardDeviation(values(i, key)))),
                             17);
        text += QLatin1Char('\n');
    }
    if (m_configurations.size() == 2) {
        text += QStringLiteral("paired difference b − a over the same %1 folds (95 % interval, t with %2 dof):\n")
                    .arg(m_configurations[0].folds.size())
                    .arg(int(m_configurations[0].folds.size()) - 1);
        for (const QString &key : figureKeys()) {
            const SampleStatistics::Interval d = SampleStatistics::pairedDifference95(values(0, key), values(1, key));
            const QString verdict = d.low > 0 ? QStringLiteral("b better") : d.high < 0 ? QStringLiteral("a better")
                                                                                        : QStringLiteral("no clear difference");
            text += QStringLiteral("  %1 %2 points [%3, %4]  %5\n")
                        .arg(heading(key), -17)
                        .arg((d.mean >= 0 ? QStringLiteral("+") : QString()) + percent(d.mean))
                        .arg(percent(d.low), percent(d.high), verdict);
        }
    }
    return text;
}

void CrossValidationSummary::write(const QString &dir) const
{
    CheckedSaveFile::save(QDir(dir).filePath(QStringLiteral("summary.json")), QJsonDocument(toJson()).toJson());
    CheckedSaveFile::save(QDir(dir).filePath(QStringLiteral("summary.csv")), toCsv().toUtf8());
}

} // namespace genrelab
