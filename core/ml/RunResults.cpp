#include "RunResults.h"

#include "RunDirectory.h"
#include "util/Csv.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace genrelab {

RunResults RunResults::load(const QString &runDir, Contents contents, Scored scored)
{
    RunResults r;
    r.m_path = QDir(runDir).absolutePath();
    const RunDirectory run(r.m_path);
    r.m_config = run.readConfig();
    r.m_labels = run.readLabels();
    r.m_metrics = run.readMetrics();
    // A folder whose training never completed an epoch (a failed start, a kill in epoch
    // 1) holds no result: it is not a run to list, open, export or report.
    if (r.m_metrics.empty())
        throw Error(Error::Kind::FileMissing, r.m_path, QStringLiteral("has no completed epoch yet (not a finished or resumable run)"),
                    QStringLiteral("resume it with genrelab-cli train --resume, or remove it"));
    r.m_hasModel = QFile::exists(run.bestModelPath());
    RegularFile::requireForReading(run.configPath());
    QFile config(run.configPath());
    if (config.open(QIODevice::ReadOnly)) {
        const QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        r.m_splitSummary = json.value(QStringLiteral("split_summary")).toString();
        // Written by DistributedContext::recordIn; a damaged entry reads as one process.
        const QJsonObject distributed = json.value(QStringLiteral("distributed")).toObject();
        r.m_worldSize = std::clamp(distributed.value(QStringLiteral("world_size")).toInt(1), 1, 1 << 20);
        r.m_backend = r.m_worldSize > 1 ? distributed.value(QStringLiteral("backend")).toString().left(32) : QString();
    }
    r.m_created = QFileInfo(config).birthTime();
    if (!r.m_created.isValid())
        r.m_created = QFileInfo(config).lastModified();
    r.readTestAccuracy();
    if (contents == Contents::Everything) {
        if (scored == Scored::RefitModel && !QFile::exists(run.refitPredictionsPath()))
            throw Error(Error::Kind::FileMissing, run.refitPredictionsPath(), QStringLiteral("the run has no refit model's predictions"),
                        QStringLiteral("train it with --refit"));
        r.readPredictions(scored == Scored::RefitModel ? run.refitPredictionsPath() : run.predictionsPath());
        r.m_epochConfusions = run.readEpochConfusions(r.m_labels);
    }
    return r;
}

QString RunResults::parallelSummary() const
{
    if (m_worldSize <= 1)
        return {};
    return QStringLiteral("data-parallel: %1 ranks over %2").arg(m_worldSize).arg(m_backend.isEmpty() ? QStringLiteral("an unnamed backend") : m_backend);
}

QString RunResults::name() const
{
    return QFileInfo(m_path).fileName();
}

namespace {

// A CSV file's records, or none when it cannot be opened.
QList<QStringList> readCsv(const QString &path)
{
    RegularFile::requireForReading(path);
    QFile in(path);
    return in.open(QIODevice::ReadOnly) ? csv::parse(QString::fromUtf8(in.readAll())) : QList<QStringList>();
}

// A number from a run's CSV file, checked: "inf", "nan" or a count of −3 is a damaged
// file, never a value for the report's arithmetic.
double checkedNumber(const QString &path, qsizetype record, const QString &text, double min, double max, const char *what)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        throw Error(Error::Kind::Corrupt, path,
                    QStringLiteral("record %1: \"%2\" is not a valid %3 (%4 to %5)").arg(record + 1).arg(text.left(40), QLatin1String(what))
                        .arg(min).arg(max),
                    QStringLiteral("the file was damaged or edited; evaluate the run again (genrelab-cli evaluate) or restore it"));
    return value;
}

} // namespace

// confusion.csv: a header row, then one row per true label with counts per prediction.
void RunResults::readTestAccuracy()
{
    const QString path = RunDirectory(m_path).confusionPath();
    const QList<QStringList> records = readCsv(path);
    long long correct = 0, total = 0;
    for (qsizetype r = 1; r < records.size(); ++r) { // records[0] is the header
        const QStringList &f = records[r];
        const qsizetype row = r - 1;
        for (qsizetype column = 1; column < f.size(); ++column) {
            const auto count = (long long)checkedNumber(path, r, f[column], 0, 1e12, "count");
            total += count;
            if (column - 1 == row)
                correct += count;
        }
    }
    if (total > 0)
        m_testAccuracy = double(correct) / double(total);
}

// predictions.csv: split,track,snippet,start,true,predicted,p_<label>...
void RunResults::readPredictions(const QString &path)
{
    const QList<QStringList> records = readCsv(path);
    QHash<QString, int> trackIndex;
    const int classes = int(m_labels.size());
    for (qsizetype r = 1; r < records.size(); ++r) { // records[0] is the header
        const QStringList &f = records[r];
        if (f.size() < 6 + classes)
            continue; // a partial file cannot happen (atomic writes); skip anything odd
        const SplitPart part = f[0] == QLatin1String("test") ? SplitPart::Test : SplitPart::Valid;
        auto found = trackIndex.constFind(f[1]);
        if (found == trackIndex.constEnd()) {
            found = trackIndex.insert(f[1], int(m_trackNames.size()));
            m_trackNames << f[1];
        }
        SnippetPrediction p;
        p.track = *found;
        p.snippet = int(checkedNumber(path, r, f[2], 0, 1e9, "snippet number"));
        p.start = checkedNumber(path, r, f[3], 0, 1e9, "start time");
        p.trueLabel = int(m_labels.indexOf(f[4]));
        p.predicted = int(m_labels.indexOf(f[5]));
        p.probabilities.reserve(std::size_t(classes));
        for (int c = 0; c < classes; ++c)
            p.probabilities.push_back(float(checkedNumber(path, r, f[6 + c], 0, 1, "probability")));
        m_predictions.push_back(std::move(p));
        m_parts.push_back(part);
    }
}

std::vector<SnippetPrediction> RunResults::predictions(SplitPart part) const
{
    std::vector<SnippetPrediction> selected;
    for (std::size_t i = 0; i < m_predictions.size(); ++i)
        if (m_parts[i] == part)
            selected.push_back(m_predictions[i]);
    return selected;
}

Evaluation RunResults::evaluation(SplitPart part) const
{
    return Evaluation::fromPredictions(predictions(part), int(m_labels.size()));
}

QString RunResults::trackPath(int track) const
{
    return QDir(m_config.datasetRoot).filePath(trackName(track));
}

double RunResults::bestValidAccuracy() const
{
    double best = 0.0;
    for (const EpochMetrics &m : m_metrics)
        best = std::max(best, m.validAccuracy);
    return best;
}

} // namespace genrelab
