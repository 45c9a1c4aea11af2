#include "RunDirectory.h"

#include "util/Error.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace genrelab {

RunDirectory::RunDirectory(QString path)
    : m_path(std::move(path))
{
}

QString RunDirectory::file(const char *name) const
{
    return QDir(m_path).filePath(QString::fromLatin1(name));
}

QString RunDirectory::checkpointPath() const { return file("checkpoint.pt"); }
QString RunDirectory::bestModelPath() const { return file("best.pt"); }
bool RunDirectory::hasCheckpoint() const { return QFile::exists(checkpointPath()); }

void RunDirectory::writeAtomically(const QString &path, const QByteArray &bytes)
{
    // POSIX calls rather than QFile: on a full disk QFile's error string is "Unknown
    // error", errno says "No space left on device".
    const QByteArray target = QFile::encodeName(path);
    const QByteArray partial = target + ".partial";
    int fd = ::open(partial.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const auto fail = [&] {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        if (fd >= 0)
            ::close(fd);
        ::unlink(partial.constData());
        throw Error(Error::Kind::WriteFailed, path, why, QStringLiteral("check free space and permissions"));
    };
    if (fd < 0)
        fail();
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t wrote = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0)
            fail();
        done += wrote;
    }
    if (::fsync(fd) != 0)
        fail();
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0 || std::rename(partial.constData(), target.constData()) != 0)
        fail();
}

int RunDirectory::removeLeftoverPartials() const
{
    int removed = 0;
    const QDir dir(m_path);
    for (const QString &name : dir.entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden))
        removed += QFile::remove(dir.filePath(name)) ? 1 : 0;
    return removed;
}

bool RunDirectory::isOccupied() const
{
    const QDir dir(m_path);
    return QFileInfo(m_path).exists()
           && (!QFileInfo(m_path).isDir() || !dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System).isEmpty());
}

QString RunDirectory::moveAside() const
{
    const QString base = QDir::cleanPath(m_path) + QStringLiteral(".previous-")
                         + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QString aside = base;
    for (int n = 2; QFileInfo::exists(aside); ++n)
        aside = base + QStringLiteral("-%1").arg(n);
    if (std::rename(QFile::encodeName(m_path).constData(), QFile::encodeName(aside).constData()) != 0)
        throw Error(Error::Kind::WriteFailed, m_path, QString::fromLocal8Bit(std::strerror(errno)),
                    QStringLiteral("could not move the earlier run aside"));
    return aside;
}

void RunDirectory::updateConfig(const TrainingConfig &config, const QString &change) const
{
    QFile in(file("config.json"));
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
    writeAtomically(file("config.json"), QJsonDocument(json).toJson());
}

void RunDirectory::removeUnstarted() const
{
    removeLeftoverPartials();
    for (const char *name : {"config.json", "metrics.csv", "best.pt", "checkpoint.pt"})
        QFile::remove(file(name));
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
    writeAtomically(file("config.json"), QJsonDocument(json).toJson());
}

TrainingConfig RunDirectory::readConfig() const
{
    QFile in(file("config.json"));
    if (!in.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::FileMissing, in.fileName(), QStringLiteral("not a GenreLab run folder (no config.json)"));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(in.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw Error(Error::Kind::Corrupt, in.fileName(), error.errorString());
    return TrainingConfig::fromJson(document.object());
}

QStringList RunDirectory::readLabels() const
{
    QFile in(file("config.json"));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QStringList labels;
    for (const auto &value : QJsonDocument::fromJson(in.readAll()).object().value(QStringLiteral("labels")).toArray())
        labels << value.toString();
    return labels;
}

std::vector<EpochMetrics> RunDirectory::readMetrics() const
{
    std::vector<EpochMetrics> metrics;
    QFile in(file("metrics.csv"));
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text))
        return metrics;
    in.readLine(); // header
    while (!in.atEnd()) {
        const QStringList f = QString::fromUtf8(in.readLine()).trimmed().split(u',');
        if (f.size() < 5)
            continue;
        const int epoch = f[0].toInt();
        if (metrics.empty() || metrics.back().epoch != epoch) {
            metrics.push_back({});
            metrics.back().epoch = epoch;
        }
        EpochMetrics &m = metrics.back();
        if (f[1] == QLatin1String("train")) {
            m.trainLoss = f[2].toDouble();
            m.trainAccuracy = f[3].toDouble();
            m.seconds = f[4].toDouble();
        } else {
            m.validLoss = f[2].toDouble();
            m.validAccuracy = f[3].toDouble();
        }
    }
    return metrics;
}

void RunDirectory::writeMetrics(const std::vector<EpochMetrics> &metrics) const
{
    QByteArray csv = "epoch,split,loss,accuracy,seconds\n";
    for (const EpochMetrics &m : metrics) {
        csv += QStringLiteral("%1,train,%2,%3,%4\n").arg(m.epoch).arg(m.trainLoss, 0, 'g', 8).arg(m.trainAccuracy, 0, 'g', 8)
                   .arg(m.seconds, 0, 'f', 3).toUtf8();
        csv += QStringLiteral("%1,valid,%2,%3,%4\n").arg(m.epoch).arg(m.validLoss, 0, 'g', 8).arg(m.validAccuracy, 0, 'g', 8)
                   .arg(m.seconds, 0, 'f', 3).toUtf8();
    }
    writeAtomically(file("metrics.csv"), csv);
}

void RunDirectory::writeEvaluation(const Evaluation &evaluation, const QStringList &labels) const
{
    writeAtomically(file("confusion.csv"), evaluation.confusionCsv(labels).toUtf8());
}

void RunDirectory::writePredictions(const std::vector<SnippetPrediction> &predictions, const std::vector<QString> &splitOfEach,
                                    const QStringList &trackNames, const QStringList &labels) const
{
    QByteArray csv = "split,track,snippet,start,true,predicted";
    for (const QString &label : labels)
        csv += ",p_" + label.toUtf8();
    csv += '\n';
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const SnippetPrediction &p = predictions[i];
        QString name = trackNames.value(p.track);
        name.replace(u'"', QStringLiteral("\"\""));
        QString row = QStringLiteral("%1,\"%2\",%3,%4,%5,%6").arg(splitOfEach[i], name).arg(p.snippet).arg(p.start, 0, 'f', 2)
                          .arg(labels.value(p.trueLabel), labels.value(p.predicted));
        for (float probability : p.probabilities)
            row += u',' + QString::number(probability, 'f', 5);
        csv += row.toUtf8() + '\n';
    }
    writeAtomically(file("predictions.csv"), csv);
}

} // namespace genrelab
