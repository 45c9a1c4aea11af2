// genrelab-cli crossval as a user runs it, on a tiny generated dataset (3 labels × 5
// tracks, 1 epoch): folds disjoint by track, every track tested exactly once, summary
// figures equal to those recomputed from each fold's predictions.csv, identical folds
// for both compared configurations, an existing --out refused, Ctrl+C stops cleanly.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "util/Csv.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <map>
#include <set>

using namespace genrelab;
using namespace genrelab::test;

namespace {

// The test rows of a fold's predictions.csv, recomputed here independently of the app.
struct FoldTruth
{
    std::set<QString> tracks;
    double snippetAccuracy = 0.0;
    double trackAccuracy = 0.0;
    double macroF1 = 0.0;
};

FoldTruth readFold(const QString &runDir, const QString &predictions = QStringLiteral("predictions.csv"))
{
    QFile file(QDir(runDir).filePath(predictions));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QStringList> rows = csv::parse(QString::fromUtf8(file.readAll()));
    const QStringList header = rows.first();
    const int labels = int(header.size()) - 6;
    FoldTruth truth;
    int snippets = 0, correct = 0;
    std::map<QString, std::pair<QString, std::map<QString, std::pair<int, double>>>> votes; // track → true, predicted → (count, p sum)
    std::map<QString, std::map<QString, int>> confusion; // true → predicted → count
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows[r];
        if (row.value(0) != QLatin1String("test"))
            continue;
        ++snippets;
        correct += row[4] == row[5];
        truth.tracks.insert(row[1]);
        auto &[trueLabel, counts] = votes[row[1]];
        trueLabel = row[4];
        auto &[count, sum] = counts[row[5]];
        ++count;
        sum += row.value(int(header.indexOf(QStringLiteral("p_") + row[5]))).toDouble();
        ++confusion[row[4]][row[5]];
    }
    truth.snippetAccuracy = double(correct) / snippets;
    int tracksRight = 0;
    for (const auto &[track, entry] : votes) {
        const auto winner = std::max_element(entry.second.begin(), entry.second.end(), [](const auto &a, const auto &b) {
            return a.second.first != b.second.first ? a.second.first < b.second.first : a.second.second < b.second.second;
        });
        tracksRight += winner->first == entry.first;
    }
    truth.trackAccuracy = double(tracksRight) / double(votes.size());
    double f1Sum = 0.0;
    for (const auto &[label, row] : confusion) {
        int support = 0, predicted = 0;
        for (const auto &[p, n] : row)
            support += n;
        for (const auto &[t, other] : confusion)
            predicted += other.count(label) ? other.at(label) : 0;
        const int hit = row.count(label) ? row.at(label) : 0;
        const double precision = predicted ? double(hit) / predicted : 0.0, recall = double(hit) / support;
        f1Sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    }
    truth.macroF1 = f1Sum / double(confusion.size());
    Q_UNUSED(labels);
    return truth;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

} // namespace

class TestCrossval : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data;
    QStringList m_tracks;
    const QStringList m_quick{QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("8"),
                              QStringLiteral("--threads"), QStringLiteral("1")};

    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output, 300000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = m_dir.filePath(QStringLiteral("data"));
        for (const QString &path : DatasetFixture::writeLabelled(m_data, {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 5, 6.5))
            m_tracks << QDir(m_data).relativeFilePath(path);
        QString out;
        QCOMPARE(cli({QStringLiteral("featurize"), m_data, QStringLiteral("--threads"), QStringLiteral("1")}, &out), 0);
    }

    void everyTrackIsTestedOnceAndTheSummaryMatchesThePredictions()
    {
        const QString outDir = m_dir.filePath(QStringLiteral("cv"));
        QString out;
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("3"), QStringLiteral("--out"), outDir} + m_quick, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("mean±sd")), qPrintable(out));
        const QJsonObject summary = readJson(QDir(outDir).filePath(QStringLiteral("summary.json")));
        QCOMPARE(summary.value(QStringLiteral("schema")).toString(), QStringLiteral("crossval/1"));
        const QJsonArray folds = summary.value(QStringLiteral("configurations")).toArray().first().toObject().value(QStringLiteral("folds")).toArray();
        QCOMPARE(folds.size(), 3);
        std::multiset<QString> tested;
        double snippetSum = 0.0;
        for (int k = 1; k <= 3; ++k) {
            const FoldTruth truth = readFold(QDir(outDir).filePath(QStringLiteral("fold-%1").arg(k)));
            QVERIFY(!truth.tracks.empty());
            tested.insert(truth.tracks.begin(), truth.tracks.end());
            const QJsonObject fold = folds.at(k - 1).toObject();
            QCOMPARE(fold.value(QStringLiteral("fold")).toInt(), k);
            QCOMPARE(fold.value(QStringLiteral("tracks")).toInt(), int(truth.tracks.size()));
            QVERIFY(near(fold.value(QStringLiteral("snippet_accuracy")).toDouble(), truth.snippetAccuracy));
            QVERIFY(near(fold.value(QStringLiteral("track_accuracy")).toDouble(), truth.trackAccuracy));
            QVERIFY(near(fold.value(QStringLiteral("macro_f1")).toDouble(), truth.macroF1));
            snippetSum += truth.snippetAccuracy;
        }
        // Disjoint folds covering the dataset: each of the 15 tracks tested exactly once.
        QCOMPARE(int(tested.size()), m_tracks.size());
        for (const QString &track : m_tracks)
            QCOMPARE(int(tested.count(track)), 1);
        const QJsonObject stats = summary.value(QStringLiteral("configurations")).toArray().first().toObject()
                                      .value(QStringLiteral("summary")).toObject().value(QStringLiteral("snippet_accuracy")).toObject();
        QVERIFY(near(stats.value(QStringLiteral("mean")).toDouble(), snippetSum / 3));
        QVERIFY(QFile::exists(QDir(outDir).filePath(QStringLiteral("summary.csv"))));

        // evaluate re-creates a fold run's split: its test part is that fold's tracks.
        QCOMPARE(cli({QStringLiteral("evaluate"), QDir(outDir).filePath(QStringLiteral("fold-2")), QStringLiteral("--json")}, &out), 0);
        const QJsonObject evaluation = QJsonDocument::fromJson(out.trimmed().section(QLatin1Char('\n'), -1).toUtf8()).object();
        QCOMPARE(evaluation.value(QStringLiteral("tracks")).toInt(), folds.at(1).toObject().value(QStringLiteral("tracks")).toInt());
        QVERIFY(near(evaluation.value(QStringLiteral("snippet_accuracy")).toDouble(), folds.at(1).toObject().value(QStringLiteral("snippet_accuracy")).toDouble()));

        // An existing --out is never overwritten.
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("3"), QStringLiteral("--out"), outDir} + m_quick, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("already exists")), qPrintable(out));
    }

    void comparedConfigurationsShareTheirFolds()
    {
        const QString outDir = m_dir.filePath(QStringLiteral("compare"));
        QString out;
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--out"), outDir,
                                 QStringLiteral("--compare"), QStringLiteral("--cell gru"), QStringLiteral("--cell lstm --lr 0.002")} + m_quick, &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("paired difference b − a")), qPrintable(out));
        const QJsonObject summary = readJson(QDir(outDir).filePath(QStringLiteral("summary.json")));
        const QJsonArray configurations = summary.value(QStringLiteral("configurations")).toArray();
        QCOMPARE(configurations.size(), 2);
        std::vector<double> a, b;
        for (int k = 1; k <= 2; ++k) {
            const FoldTruth ta = readFold(QDir(outDir).filePath(QStringLiteral("a/fold-%1").arg(k)));
            const FoldTruth tb = readFold(QDir(outDir).filePath(QStringLiteral("b/fold-%1").arg(k)));
            QVERIFY(!ta.tracks.empty());
            QVERIFY(ta.tracks == tb.tracks); // identical folds
            a.push_back(ta.trackAccuracy);
            b.push_back(tb.trackAccuracy);
        }
        const QJsonObject lstm = readJson(QDir(outDir).filePath(QStringLiteral("b/fold-1/config.json")));
        QCOMPARE(lstm.value(QStringLiteral("network")).toObject().value(QStringLiteral("cell")).toString(), QStringLiteral("lstm"));
        const QJsonObject difference = summary.value(QStringLiteral("difference_b_minus_a")).toObject().value(QStringLiteral("track_accuracy")).toObject();
        const double mean = ((b[0] - a[0]) + (b[1] - a[1])) / 2;
        QVERIFY(near(difference.value(QStringLiteral("mean")).toDouble(), mean));
        QVERIFY(difference.value(QStringLiteral("ci95_low")).toDouble() <= mean && difference.value(QStringLiteral("ci95_high")).toDouble() >= mean);

        // --seed (or --split) inside a compared configuration would change its folds: refused.
        QCOMPARE(cli({QStringLiteral("crossval"), m_data, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("never")),
                      QStringLiteral("--compare"), QStringLiteral("--seed 2"), QString()}, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("identical folds")), qPrintable(out));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never"))));
        // So would the dataset's windows or labels: the dataset is opened once, for both.
        QCOMPARE(cli({QStringLiteral("crossval"), m_data, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("never")),
                      QStringLiteral("--compare"), QString(), QStringLiteral("--windows 1")}, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("--windows decides the dataset")), qPrintable(out));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never"))));
    }

    // The two presets compared: the study's recipe leaves its leaky seed split for the folds
    // by track, both are tested on the same tracks, and an option given outside --compare
    // (--batch 8, --epochs 1) holds for both although each preset sets its own.
    void presetsAreComparedOnTheSameFolds()
    {
        const QString outDir = m_dir.filePath(QStringLiteral("presets"));
        QString out;
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--out"), outDir,
                                 QStringLiteral("--compare"), QStringLiteral("--preset study"), QStringLiteral("--preset recommended")} + m_quick, &out),
                 0);
        for (int k = 1; k <= 2; ++k) {
            const QString study = QDir(outDir).filePath(QStringLiteral("a/fold-%1").arg(k));
            const QString recommended = QDir(outDir).filePath(QStringLiteral("b/fold-%1").arg(k));
            QVERIFY(readFold(study).tracks == readFold(recommended).tracks);
            const QJsonObject a = readJson(QDir(study).filePath(QStringLiteral("config.json")));
            const QJsonObject b = readJson(QDir(recommended).filePath(QStringLiteral("config.json")));
            for (const QJsonObject &config : {a, b}) {
                QCOMPARE(config.value(QStringLiteral("split")).toString(), QStringLiteral("track"));
                QCOMPARE(config.value(QStringLiteral("batch")).toInt(), 8);
                QCOMPARE(config.value(QStringLiteral("epochs")).toInt(), 1);
            }
            QCOMPARE(a.value(QStringLiteral("mixup")).toDouble(), 0.0);
            QCOMPARE(b.value(QStringLiteral("mixup")).toDouble(), 0.3);
            QVERIFY(!a.contains(QStringLiteral("refit")));
            QCOMPARE(b.value(QStringLiteral("refit")).toObject().value(QStringLiteral("epochs")).toInt(), 1);
        }
        // Given outside, the study's preset is cross-validated on folds by track, and says so.
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--out"),
                                 m_dir.filePath(QStringLiteral("study")), QStringLiteral("--preset"), QStringLiteral("study")} + m_quick, &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("cross-validated on folds by track")), qPrintable(out));
    }

    // --refit: each fold also trains on train + validation for the epoch count validation
    // chose, and is scored by that model on its test fold (refit-predictions.csv), which
    // holds the same tracks as the chosen model's test part; the summary says which model.
    void refitFoldsAreScoredByTheirRefitModel()
    {
        const QString outDir = m_dir.filePath(QStringLiteral("refit"));
        QString out;
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--out"), outDir,
                                 QStringLiteral("--compare"), QString(), QStringLiteral("--refit")} + m_quick, &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("[b] refit model")) && out.contains(QStringLiteral("fold 1/2 [b] refit epoch 1/1")), qPrintable(out));
        const QJsonArray configurations = readJson(QDir(outDir).filePath(QStringLiteral("summary.json"))).value(QStringLiteral("configurations")).toArray();
        QCOMPARE(configurations.at(0).toObject().value(QStringLiteral("scored_model")).toString(), QStringLiteral("chosen"));
        QCOMPARE(configurations.at(1).toObject().value(QStringLiteral("scored_model")).toString(), QStringLiteral("refit"));
        const QJsonArray refitFolds = configurations.at(1).toObject().value(QStringLiteral("folds")).toArray();
        for (int k = 1; k <= 2; ++k) {
            const QString run = QDir(outDir).filePath(QStringLiteral("b/fold-%1").arg(k));
            QVERIFY(QFile::exists(QDir(run).filePath(QStringLiteral("selected.pt"))));
            QVERIFY(!QFileInfo::exists(QDir(run).filePath(QStringLiteral("refit.partial"))));
            const FoldTruth chosen = readFold(run), refit = readFold(run, QStringLiteral("refit-predictions.csv"));
            QVERIFY(!refit.tracks.empty());
            QVERIFY(refit.tracks == chosen.tracks); // the same test fold, never trained on
            QVERIFY(refit.tracks == readFold(QDir(outDir).filePath(QStringLiteral("a/fold-%1").arg(k))).tracks);
            const QJsonObject fold = refitFolds.at(k - 1).toObject();
            QVERIFY(near(fold.value(QStringLiteral("snippet_accuracy")).toDouble(), refit.snippetAccuracy));
            QVERIFY(near(fold.value(QStringLiteral("track_accuracy")).toDouble(), refit.trackAccuracy));
            const QJsonObject config = readJson(QDir(run).filePath(QStringLiteral("config.json")));
            QCOMPARE(config.value(QStringLiteral("refit")).toObject().value(QStringLiteral("epochs")).toInt(), 1);
        }
    }

    // A crossval folder predicts as an ensemble: its fold models' probabilities averaged
    // (here the refit recipe's two folds, from the test above); a comparison folder,
    // holding two recipes, is refused with the two names to choose from.
    void aCrossvalFolderPredictsAsAnEnsemble()
    {
        const QString recipe = m_dir.filePath(QStringLiteral("refit/b"));
        const QString track = QDir(m_data).filePath(m_tracks.first());
        const auto probabilities = [&](const QString &model) {
            QString out;
            if (cli({QStringLiteral("predict"), model, track, QStringLiteral("--json")}, &out) != 0)
                return std::map<QString, double>{};
            std::map<QString, double> p;
            const QJsonObject answer = QJsonDocument::fromJson(out.trimmed().section(QLatin1Char('\n'), -1).toUtf8()).object();
            for (const QJsonValue &entry : answer.value(QStringLiteral("probabilities")).toArray())
                p[entry.toObject().value(QStringLiteral("genre")).toString()] = entry.toObject().value(QStringLiteral("probability")).toDouble();
            return p;
        };
        const auto one = probabilities(recipe + QStringLiteral("/fold-1")), two = probabilities(recipe + QStringLiteral("/fold-2"));
        const auto both = probabilities(recipe);
        QCOMPARE(both.size(), std::size_t(3));
        QCOMPARE(one.size(), std::size_t(3));
        for (const auto &[genre, p] : both)
            QVERIFY2(std::abs(p - (one.at(genre) + two.at(genre)) / 2) < 1e-5, qPrintable(genre));
        QString out;
        QCOMPARE(cli({QStringLiteral("predict"), recipe, track}, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("ensemble of 2 fold models")), qPrintable(out));
        QCOMPARE(cli({QStringLiteral("predict"), m_dir.filePath(QStringLiteral("refit")), track}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral("two compared recipes")), qPrintable(out));
    }

    // A second registered network is chosen by --network and works wherever a run is
    // used: crossval and train show its size, predict and export load it from the run.
    void aSecondNetworkRunsEndToEnd()
    {
        const QString outDir = m_dir.filePath(QStringLiteral("attention"));
        QString out;
        QCOMPARE(cli(QStringList{QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--out"), outDir,
                                 QStringLiteral("--network"), QStringLiteral("crnn-attention")} + m_quick, &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("network: crnn-attention, 343755 parameters")), qPrintable(out));
        const QString run = QDir(outDir).filePath(QStringLiteral("fold-1"));
        QCOMPARE(readJson(QDir(run).filePath(QStringLiteral("config.json"))).value(QStringLiteral("network")).toObject()
                     .value(QStringLiteral("architecture")).toString(), QStringLiteral("crnn-attention"));
        QCOMPARE(cli({QStringLiteral("predict"), run, QDir(m_data).filePath(m_tracks.first())}, &out), 0);
        const QString bundle = m_dir.filePath(QStringLiteral("attention.genrelab"));
        QCOMPARE(cli({QStringLiteral("export"), run, QStringLiteral("--bundle"), bundle}, &out), 0);
        QCOMPARE(cli({QStringLiteral("predict"), bundle, QDir(m_data).filePath(m_tracks.first())}, &out), 0);
        QCOMPARE(cli({QStringLiteral("crossval"), m_data, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("never")),
                      QStringLiteral("--network"), QStringLiteral("transformer")}, &out), 2);
    }

    void ctrlCStopsWithoutASummary()
    {
        const QString outDir = m_dir.filePath(QStringLiteral("stopped"));
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("crossval"), m_data, QStringLiteral("--folds"), QStringLiteral("3"),
                                                    QStringLiteral("--out"), outDir, QStringLiteral("--epochs"), QStringLiteral("200"),
                                                    QStringLiteral("--batch"), QStringLiteral("4"), QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY(process.waitForStarted());
        QString seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += QString::fromUtf8(process.readAll())).contains(QStringLiteral("fold 1/3 epoch 1/200")), 60000);
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        seen += QString::fromUtf8(process.readAll());
        QCOMPARE(process.exitCode(), 130);
        QVERIFY2(seen.contains(QStringLiteral("no summary was written")), qPrintable(seen));
        QVERIFY(!QFile::exists(QDir(outDir).filePath(QStringLiteral("summary.json"))));
        QVERIFY(QFile::exists(QDir(outDir).filePath(QStringLiteral("fold-1/config.json"))));
    }
};

QTEST_GUILESS_MAIN(TestCrossval)
#include "tst_crossval.moc"
