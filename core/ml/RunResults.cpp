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

namespace genrelab {

RunResults RunResults::load(const QString &runDir, Contents contents)
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
    if (config.open(QIODevice::ReadOnly))
        r.m_splitSummary = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("split_summary")).toString();
    r.m_created = QFileInfo(config).birthTime();
    if (!r.m_created.isValid())
        r.m_created = QFileInfo(config).lastModified();
    r.readTestAccuracy();
    if (contents == Contents::Everything)
        r.readPredictions();
    return r;
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

} // namespace

// confusion.csv: a header row, then one row per true label with counts per prediction.
void RunResults::readTestAccuracy()
{
    const QList<QStringList> records = readCsv(RunDirectory(m_path).confusionPath());
    long long correct = 0, total = 0;
    for (qsizetype r = 1; r < records.size(); ++r) { // records[0] is the header
        const QStringList &f = records[r];
        const qsizetype row = r - 1;
        for (qsizetype column = 1; column < f.size(); ++column) {
            const int count = f[column].toInt();
            total += count;
            if (column - 1 == row)
                correct += count;
        }
    }
    if (total > 0)
        m_testAccuracy = double(correct) / double(total);
}

// predictions.csv: split,track,snippet,start,true,predicted,p_<label>...
void RunResults::readPredictions()
{
    const QList<QStringList> records = readCsv(RunDirectory(m_path).predictionsPath());
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
        p.snippet = f[2].toInt();
        p.start = f[3].toDouble();
        p.trueLabel = int(m_labels.indexOf(f[4]));
        p.predicted = int(m_labels.indexOf(f[5]));
        p.probabilities.reserve(std::size_t(classes));
        for (int c = 0; c < classes; ++c)
            p.probabilities.push_back(f[6 + c].toFloat());
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
