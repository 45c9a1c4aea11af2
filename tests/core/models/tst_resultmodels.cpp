// The Evaluate workspace's models, fed from a run folder written the way the trainer
// writes it: RunResults reads back exactly what RunDirectory wrote (names with commas
// and quotes included), the confusion, per-class and prediction models agree with
// Evaluation, and every model passes QAbstractItemModelTester.
#include "RunFixture.h"
#include "ml/RunResults.h"
#include "models/ClassMetricsModel.h"
#include "models/ConfusionTableModel.h"
#include "models/PredictionTableModel.h"
#include "models/RunListModel.h"
#include "util/Error.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;

namespace {

const QStringList &kLabels = test::RunFixture::labels();
const QStringList &kTracks = test::RunFixture::trackNames();

std::vector<SnippetPrediction> predictions()
{
    return test::RunFixture::predictions();
}

QString writeRun(const QString &folder, const QString &dataset)
{
    return test::RunFixture::write(folder, dataset);
}

} // namespace

class TestResultModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runResultsReadBackWhatTheTrainerWrote()
    {
        QTemporaryDir dir;
        const RunResults run = RunResults::load(writeRun(dir.filePath(QStringLiteral("run1")), QStringLiteral("/music")));
        QCOMPARE(run.labels(), kLabels);
        QCOMPARE(int(run.metrics().size()), 2);
        QCOMPARE(run.bestValidAccuracy(), 0.625);
        const std::vector<SnippetPrediction> valid = run.predictions(SplitPart::Valid);
        const std::vector<SnippetPrediction> test = run.predictions(SplitPart::Test);
        QCOMPARE(int(valid.size()), 6);
        QCOMPARE(int(test.size()), 2);
        QCOMPARE(run.trackName(valid[4].track), kTracks[2]);
        QCOMPARE(run.trackPath(valid[4].track), QStringLiteral("/music/") + kTracks[2]);
        QCOMPARE(valid[1].predicted, 2);
        QCOMPARE(valid[1].start, 3.0);
        QVERIFY(qAbs(valid[3].probabilities[0] - 0.95f) < 1e-5f);
        QCOMPARE(run.testAccuracy(), 0.5);
        QCOMPARE(run.evaluation(SplitPart::Valid).confusion(), (Evaluation::Matrix{{1, 0, 1}, {1, 1, 0}, {0, 0, 2}}));
    }

    // Labels and track paths holding commas, quotes, CR and LF come back exactly: every
    // file of the run is one RFC 4180 document (confusion.csv once shifted its columns
    // at "Rock, Pop", and a quoted line break split a record in two).
    void awkwardNamesRoundTripThroughTheWholeRun()
    {
        QTemporaryDir dir;
        const QStringList &labels = test::RunFixture::awkwardLabels();
        const QStringList &tracks = test::RunFixture::awkwardTrackNames();
        const RunResults run = RunResults::load(
            test::RunFixture::write(dir.filePath(QStringLiteral("awkward")), QStringLiteral("/music"), QStringLiteral("track"), labels, tracks));
        QCOMPARE(run.labels(), labels);
        QCOMPARE(int(run.metrics().size()), 2);
        QCOMPARE(run.bestValidAccuracy(), 0.625);
        QCOMPARE(run.testAccuracy(), 0.5);
        const std::vector<SnippetPrediction> written = predictions();
        const std::vector<SnippetPrediction> valid = run.predictions(SplitPart::Valid);
        const std::vector<SnippetPrediction> test = run.predictions(SplitPart::Test);
        QCOMPARE(int(valid.size()), 6);
        QCOMPARE(int(test.size()), 2);
        std::vector<SnippetPrediction> all = valid;
        all.insert(all.end(), test.begin(), test.end());
        for (std::size_t i = 0; i < all.size(); ++i) {
            QCOMPARE(run.trackName(all[i].track), tracks[written[i].track]);
            QCOMPARE(all[i].trueLabel, written[i].trueLabel);
            QCOMPARE(all[i].predicted, written[i].predicted);
            QCOMPARE(all[i].snippet, written[i].snippet);
        }
        const std::vector<SnippetPrediction> writtenTest(written.begin() + 6, written.end());
        QCOMPARE(run.evaluation(SplitPart::Test).confusion(), Evaluation::fromPredictions(writtenTest, 3).confusion());
        QCOMPARE(run.evaluation(SplitPart::Valid).confusion(), (Evaluation::Matrix{{1, 0, 1}, {1, 1, 0}, {0, 0, 2}}));
    }

    void notARunIsAClearError()
    {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(Error, RunResults::load(dir.path()));
    }

    void confusionModelShowsCountsAndRowShares()
    {
        ConfusionTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Evaluation e = Evaluation::fromPredictions(predictions(), 3);
        model.setMatrix(e.confusion(), kLabels, QStringLiteral("snippets"));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.headerData(2, Qt::Vertical).toString(), QStringLiteral("rock"));
        QCOMPARE(model.data(model.index(0, 2), ConfusionTableModel::CountRole).toInt(), 1);
        QCOMPARE(model.data(model.index(0, 2), ConfusionTableModel::RowFractionRole).toDouble(), 1.0 / 3.0);
        model.setShow(ConfusionTableModel::Show::Counts);
        QCOMPARE(model.data(model.index(2, 2)).toString(), QStringLiteral("3"));
        model.setShow(ConfusionTableModel::Show::Percent);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("33%"));
        model.setShow(ConfusionTableModel::Show::Both);
        QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("1\n50%"));
        QVERIFY(model.data(model.index(1, 0), Qt::ToolTipRole).toString().contains(QStringLiteral("True jazz, predicted blues")));
        model.setMatrix({}, {}, QStringLiteral("tracks"));
        QCOMPARE(model.rowCount(), 0);
    }

    void cellRowsAreExactlyTheCellsPredictions()
    {
        const std::vector<PredictionRow> rows = PredictionRow::ofSnippets(predictions());
        const Evaluation e = Evaluation::fromPredictions(predictions(), 3);
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p) {
                const std::vector<PredictionRow> cell = PredictionRow::inCell(rows, t, p);
                QCOMPARE(int(cell.size()), e.confusion()[std::size_t(t)][std::size_t(p)]);
                for (const PredictionRow &row : cell)
                    QVERIFY(row.trueLabel == t && row.predicted == p);
            }
        const std::vector<PredictionRow> tracks = PredictionRow::ofTracks(Evaluation::tracksOf(predictions(), 3));
        QCOMPARE(int(PredictionRow::inCell(tracks, 2, 2).size()), e.confusion(Evaluation::Level::Tracks)[2][2]);
        QVERIFY(tracks.front().isTrack());
    }

    void confidentlyWrongAndLeastConfident()
    {
        const std::vector<PredictionRow> rows = PredictionRow::ofSnippets(predictions());
        const std::vector<PredictionRow> wrong = PredictionRow::mostConfidentlyWrong(rows, 2);
        QCOMPARE(int(wrong.size()), 2);
        QCOMPARE(wrong[0].track, 1); // jazz predicted blues at 95 %
        QVERIFY(qAbs(wrong[0].confidence - 0.95) < 1e-6);
        QCOMPARE(wrong[1].track, 0); // blues predicted rock at 70 %
        const std::vector<PredictionRow> unsure = PredictionRow::leastConfident(rows, -1);
        QCOMPARE(int(unsure.size()), int(rows.size()));
        QVERIFY(qAbs(unsure.front().confidence - 0.4) < 1e-6);
    }

    void predictionModelSortsByNumbers()
    {
        PredictionTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(PredictionRow::ofSnippets(predictions()), kLabels, [](int track) { return kTracks.value(track); });
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.data(model.index(4, PredictionTableModel::Track)).toString(), kTracks[2]);
        QCOMPARE(model.data(model.index(1, PredictionTableModel::Start)).toString(), QStringLiteral("3.0 s"));
        QCOMPARE(model.data(model.index(1, PredictionTableModel::Predicted)).toString(), QStringLiteral("rock"));
        QCOMPARE(model.data(model.index(3, PredictionTableModel::Confidence), Qt::EditRole).toDouble(), double(0.95f));
        model.setRows(PredictionRow::ofTracks(Evaluation::tracksOf(predictions(), 3)), kLabels, {});
        QCOMPARE(model.data(model.index(0, PredictionTableModel::Start)).toString(), QStringLiteral("whole track"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void classMetricsMatchEvaluation()
    {
        ClassMetricsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Evaluation e = Evaluation::fromPredictions(predictions(), 3);
        model.setEvaluation(e, Evaluation::Level::Snippets, kLabels);
        QCOMPARE(model.rowCount(), 4); // three classes and the macro average
        QCOMPARE(model.data(model.index(2, ClassMetricsModel::Recall), Qt::EditRole).toDouble(), e.recall(2));
        QCOMPARE(model.data(model.index(0, ClassMetricsModel::Support)).toInt(), 3);
        const double macroF1 = (e.f1(0) + e.f1(1) + e.f1(2)) / 3;
        QVERIFY(qAbs(model.data(model.index(3, ClassMetricsModel::F1), Qt::EditRole).toDouble() - macroF1) < 1e-12);
        model.setEvaluation(e, Evaluation::Level::Tracks, kLabels);
        QCOMPARE(model.data(model.index(2, ClassMetricsModel::Support)).toInt(), e.support(2, Evaluation::Level::Tracks));
    }

    void runListShowsTheDatasetsRuns()
    {
        QTemporaryDir dir;
        writeRun(dir.filePath(QStringLiteral("a")), QStringLiteral("/music"));
        writeRun(dir.filePath(QStringLiteral("b")), QStringLiteral("/other"));
        QDir(dir.path()).mkdir(QStringLiteral("not-a-run"));
        RunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.scan(dir.path());
        QCOMPARE(model.rowCount(), 2);
        model.scan(dir.path(), QStringLiteral("/music"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, RunListModel::Name), RunListModel::PathRole).toString(),
                 QDir(dir.filePath(QStringLiteral("a"))).absolutePath());
        QCOMPARE(model.data(model.index(0, RunListModel::BestValid)).toString(), QStringLiteral("62.5"));
        QCOMPARE(model.data(model.index(0, RunListModel::Test)).toString(), QStringLiteral("50.0"));
        QCOMPARE(model.rowOf(dir.filePath(QStringLiteral("a"))), 0);
        QCOMPARE(model.rowOf(dir.filePath(QStringLiteral("b"))), -1);
        QVERIFY(!model.run(0).hasPredictions()); // summaries only
    }

    void runsWrittenElsewhereAreListedWithTheirDataset()
    {
        QTemporaryDir runsFolder, elsewhere;
        writeRun(runsFolder.filePath(QStringLiteral("gui")), QStringLiteral("/music"));
        const QString cli = elsewhere.filePath(QStringLiteral("from-the-cli"));
        writeRun(cli, QStringLiteral("/music"));
        const QString otherDataset = elsewhere.filePath(QStringLiteral("other"));
        writeRun(otherDataset, QStringLiteral("/other"));
        RunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.scan(runsFolder.path(), QStringLiteral("/music"), {cli, otherDataset, elsewhere.filePath(QStringLiteral("gone"))});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.rowOf(cli) >= 0);
        QCOMPARE(model.rowOf(otherDataset), -1);
    }

    void runsHaveANameTheUserCanChangeAndOneColourEach()
    {
        QTemporaryDir dir;
        writeRun(dir.filePath(QStringLiteral("a")), QStringLiteral("/music"));
        writeRun(dir.filePath(QStringLiteral("b")), QStringLiteral("/music"));
        RunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.scan(dir.path());
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex name = model.index(0, RunListModel::Name);
        const QString byDefault = model.data(name).toString();
        QVERIFY2(byDefault.contains(QStringLiteral("track")) && byDefault.contains(QStringLiteral("ep")), qPrintable(byDefault));
        QVERIFY(model.flags(name) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, RunListModel::Test)) & Qt::ItemIsEditable));
        QVERIFY(model.colour(0) != model.colour(1));
        QCOMPARE(model.data(name, Qt::DecorationRole).value<QColor>(), model.colour(0));

        const QString path = model.run(0).path();
        QVERIFY(model.setData(name, QStringLiteral("  baseline,\n with  dropout ")));
        QCOMPARE(model.data(name).toString(), QStringLiteral("baseline, with dropout")); // one line
        model.scan(dir.path()); // kept in the run folder
        QCOMPARE(model.displayName(model.rowOf(path)), QStringLiteral("baseline, with dropout"));
        QVERIFY(model.setData(model.index(model.rowOf(path), RunListModel::Name), QString()));
        QCOMPARE(model.displayName(model.rowOf(path)), byDefault); // back to the default
    }
};

QTEST_GUILESS_MAIN(TestResultModels)
#include "tst_resultmodels.moc"
