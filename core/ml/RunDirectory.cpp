#include "RunDirectory.h"

#include "util/CheckedSaveFile.h"
#include "util/Csv.h"
#include "util/Error.h"
#include "util/JsonProblem.h"
#include "util/RegularFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace genrelab {

RunDirectory::RunDirectory(QString path)
    : m_path(std::move(path))
{
}

QString RunDirectory::file(const char *name) const
{
    return QDir(m_path).filePath(QString::fromLatin1(name));
}

QString RunDirectory::configPath() const { return file("config.json"); }
QString RunDirectory::metricsPath() const { return file("metrics.csv"); }
QString RunDirectory::confusionPath() const { return file("confusion.csv"); }
QString RunDirectory::epochConfusionsPath() const { return file("confusion-epochs.csv"); }
QString RunDirectory::predictionsPath() const { return file("predictions.csv"); }
QString RunDirectory::checkpointPath() const { return file("checkpoint.pt"); }
QString RunDirectory::bestModelPath() const { return file("best.pt"); }
QString RunDirectory::selectedModelPath() const { return file("selected.pt"); }
QString RunDirectory::refitWorkPath() const { return file("refit.partial"); }
QString RunDirectory::refitPredictionsPath() const { return file("refit-predictions.csv"); }
QString RunDirectory::namePath() const { return file("name.txt"); }

QString RunDirectory::givenName() const
{
    QFile file(namePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.read(512)).section(u'\n', 0, 0).trimmed();
}
bool RunDirectory::hasCheckpoint() const { return QFile::exists(checkpointPath()); }

bool RunDirectory::isOccupied() const
{
    const QDir dir(m_path);
    return QFileInfo(m_path).exists()
           && (!QFileInfo(m_path).isDir() || !dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System).isEmpty());
}

QString RunDirectory::freshTimestampedPath(const QString &prefix)
{
    const QString base = prefix + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    const auto taken = [](const QString &path) { return QFileInfo::exists(path) || QFileInfo(path).isSymLink(); };
    QString path = base;
    for (int n = 2; taken(path); ++n)
        path = base + QStringLiteral("-%1").arg(n);
    return path;
}

QString RunDirectory::moveAside() const
{
    const QString aside = freshTimestampedPath(QDir::cleanPath(m_path) + QStringLiteral(".previous-"));
    if (std::rename(QFile::encodeName(m_path).constData(), QFile::encodeName(aside).constData()) != 0)
        throw Error(Error::Kind::WriteFailed, m_path, QString::fromLocal8Bit(std::strerror(errno)),
                    QStringLiteral("could not move the earlier run aside"));
    return aside;
}

void RunDirectory::updateConfig(const TrainingConfig &config, const QString &change) const
{
    RegularFile::requireForReading(configPath()); // a pipe would block the read for ever
    QFile in(configPath());
    if (!in.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::FileMissing, in.fileName(), QStringLiteral("not a GenreLab run folder (no config.json)"));
    QJsonObject json = QJsonDocument::fromJson(in.readAll()).object();
    const QJsonObject updated = config.toJson();
    for (auto it = updated.begin(); it != updated.end(); ++it)
        json[it.key()] = it.value();
    QJsonArray changes = json.value(QStringLiteral("changes")).toArray();
    changes.append(QJsonObject{{QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                               {QStringLiteral("change"), change}});
    json[QStringLiteral("changes")] = changes;
    CheckedSaveFile::save(configPath(), QJsonDocument(json).toJson());
}

void RunDirectory::removeUnstarted() const
{
    CheckedSaveFile::removeLeftoverPartials(m_path);
    for (const QString &name : {configPath(), metricsPath(), epochConfusionsPath(), bestModelPath(), checkpointPath()})
        QFile::remove(name);
    QDir().rmdir(m_path); // only succeeds when nothing else is in it
}

void RunDirectory::removeRun() const
{
    CheckedSaveFile::removeLeftoverPartials(m_path);
    if (QFileInfo(refitWorkPath()).isDir())
        RunDirectory(refitWorkPath()).removeRun();
    for (const QString &name : {configPath(), metricsPath(), confusionPath(), epochConfusionsPath(), predictionsPath(),
                                bestModelPath(), checkpointPath(), namePath(), selectedModelPath(), refitPredictionsPath()})
        QFile::remove(name);
    QDir().rmdir(m_path); // only succeeds when nothing else is in it
}

void RunDirectory::create(const TrainingConfig &config, const QStringList &labels, const QString &splitSummary) const
{
    if (!QDir().mkpath(m_path))
        throw Error(Error::Kind::WriteFailed, m_path, QStringLiteral("cannot create the run folder"));
    QJsonObject json = config.toJson();
    json[QStringLiteral("labels")] = QJsonArray::fromStringList(labels);
    json[QStringLiteral("split_summary")] = splitSummary;
    json[QStringLiteral("genrelab_version")] = QStringLiteral(GENRELAB_VERSION);
    CheckedSaveFile::save(configPath(), QJsonDocument(json).toJson());
}

TrainingConfig RunDirectory::readConfig() const
{
    RegularFile::requireForReading(configPath()); // a pipe would block the read for ever
    QFile in(configPath());
    if (!in.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::FileMissing, in.fileName(), QStringLiteral("not a GenreLab run folder (no config.json)"));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(in.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw Error(Error::Kind::Corrupt, in.fileName(), QStringLiteral("the run's settings cannot be read: ") + jsonObjectProblem(error),
                    QStringLiteral("this run folder is damaged; train a new run"));
    return TrainingConfig::fromJson(document.object());
}

QStringList RunDirectory::readLabels() const
{
    RegularFile::requireForReading(configPath()); // a pipe would block the read for ever
    QFile in(configPath());
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QStringList labels;
    for (const auto &value : QJsonDocument::fromJson(in.readAll()).object().value(QStringLiteral("labels")).toArray())
        labels << value.toString();
    return labels;
}

// Every number of metrics.csv is checked: an "inf" or "nan" (a damaged or hand-edited
// file) would otherwise reach charts and reports, whose axis arithmetic never ends on it.
std::vector<EpochMetrics> RunDirectory::readMetrics() const
{
    std::vector<EpochMetrics> metrics;
    RegularFile::requireForReading(metricsPath());
    QFile in(metricsPath());
    if (!in.open(QIODevice::ReadOnly))
        return metrics;
    const QList<QStringList> records = csv::parse(QString::fromUtf8(in.readAll()));
    for (qsizetype r = 1; r < records.size(); ++r) { // records[0] is the header
        const QStringList &f = records[r];
        if (f.size() < 5)
            continue;
        const auto number = [&](int column, double min, double max, const char *what) {
            bool ok = false;
            const double value = f[column].trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(value) || value < min || value > max)
                throw Error(Error::Kind::Corrupt, metricsPath(),
                            QStringLiteral("row %1: \"%2\" is not a valid %3 (%4 to %5)")
                                .arg(r + 1).arg(f[column].left(40), QLatin1String(what)).arg(min).arg(max),
                            QStringLiteral("the file was damaged or edited; train the run again or restore it"));
            return value;
        };
        const int epoch = int(number(0, 1, 1e6, "epoch"));
        if (metrics.empty() || metrics.back().epoch != epoch) {
            metrics.push_back({});
            metrics.back().epoch = epoch;
        }
        EpochMetrics &m = metrics.back();
        if (f[1] == QLatin1String("train")) {
            m.trainLoss = number(2, 0, 1e6, "loss");
            m.trainAccuracy = number(3, 0, 1, "accuracy");
            m.seconds = number(4, 0, 1e9, "duration");
        } else {
            m.validLoss = number(2, 0, 1e6, "loss");
            m.validAccuracy = number(3, 0, 1, "accuracy");
        }
    }
    return metrics;
}

void RunDirectory::writeMetrics(const std::vector<EpochMetrics> &metrics) const
{
    QString text = csv::record({QStringLiteral("epoch"), QStringLiteral("split"), QStringLiteral("loss"), QStringLiteral("accuracy"),
                                QStringLiteral("seconds")});
    for (const EpochMetrics &m : metrics) {
        const QString seconds = QString::number(m.seconds, 'f', 3);
        text += csv::record({QString::number(m.epoch), QStringLiteral("train"), QString::number(m.trainLoss, 'g', 8),
                             QString::number(m.trainAccuracy, 'g', 8), seconds});
        text += csv::record({QString::number(m.epoch), QStringLiteral("valid"), QString::number(m.validLoss, 'g', 8),
                             QString::number(m.validAccuracy, 'g', 8), seconds});
    }
    CheckedSaveFile::save(metricsPath(), text.toUtf8());
}

void RunDirectory::writeEpochConfusions(const std::vector<EpochConfusion> &confusions, const QStringList &labels) const
{
    QString text = csv::record({QStringLiteral("epoch"), QStringLiteral("true"), QStringLiteral("predicted"), QStringLiteral("count")});
    for (const EpochConfusion &confusion : confusions)
        for (std::size_t t = 0; t < confusion.counts.size(); ++t)
            for (std::size_t p = 0; p < confusion.counts[t].size(); ++p)
                if (confusion.counts[t][p] > 0)
                    text += csv::record({QString::number(confusion.epoch), labels.value(qsizetype(t)), labels.value(qsizetype(p)),
                                         QString::number(confusion.counts[t][p])});
    CheckedSaveFile::save(epochConfusionsPath(), text.toUtf8());
}

std::vector<EpochConfusion> RunDirectory::readEpochConfusions(const QStringList &labels) const
{
    std::vector<EpochConfusion> confusions;
    QFile file(epochConfusionsPath());
    if (!RegularFile::whatElse(file.fileName()).isEmpty() || !file.open(QIODevice::ReadOnly))
        return confusions;
    const QList<QStringList> records = csv::parse(QString::fromUtf8(file.read(64 << 20)));
    const std::size_t classes = std::size_t(labels.size());
    for (qsizetype r = 1; r < records.size(); ++r) {
        const QStringList &record = records[r];
        bool epochOk = false, countOk = false;
        const int epoch = record.value(0).toInt(&epochOk);
        const int count = record.value(3).toInt(&countOk);
        const qsizetype t = labels.indexOf(record.value(1)), p = labels.indexOf(record.value(2));
        if (record.size() != 4 || !epochOk || !countOk || epoch < 1 || count < 0 || t < 0 || p < 0)
            continue; // a damaged line costs its cell, never the run
        if (confusions.empty() || confusions.back().epoch != epoch)
            confusions.push_back({epoch, std::vector<std::vector<int>>(classes, std::vector<int>(classes, 0))});
        confusions.back().counts[std::size_t(t)][std::size_t(p)] = count;
    }
    return confusions;
}

void RunDirectory::writeEvaluation(const Evaluation &evaluation, const QStringList &labels) const
{
    CheckedSaveFile::save(confusionPath(), evaluation.confusionCsv(labels).toUtf8());
}

void RunDirectory::writePredictions(const std::vector<SnippetPrediction> &predictions, const std::vector<QString> &splitOfEach,
                                    const QStringList &trackNames, const QStringList &labels) const
{
    QStringList header{QStringLiteral("split"), QStringLiteral("track"), QStringLiteral("snippet"), QStringLiteral("start"),
                       QStringLiteral("true"), QStringLiteral("predicted")};
    for (const QString &label : labels)
        header << QStringLiteral("p_") + label;
    QString text = csv::record(header);
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const SnippetPrediction &p = predictions[i];
        QStringList fields{splitOfEach[i], trackNames.value(p.track), QString::number(p.snippet), QString::number(p.start, 'f', 2),
                           labels.value(p.trueLabel), labels.value(p.predicted)};
        for (float probability : p.probabilities)
            fields << QString::number(probability, 'f', 5);
        text += csv::record(fields);
    }
    CheckedSaveFile::save(predictionsPath(), text.toUtf8());
}

} // namespace genrelab
