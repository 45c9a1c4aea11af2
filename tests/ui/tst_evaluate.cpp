// The Evaluate workspace driven as a student would, offscreen, after a short real
// training run on a small synthesised demo dataset: the run opens by itself, the
// matrix fills with every test snippet, clicking a cell lists exactly the snippets the
// engine wrote to predictions.csv for that cell, selecting one plays it, "Show in
// Explore" finds the track; the track level, exports and the run comparison work.
#include "MainWindow.h"
#include "charts/CurveChart.h"
#include "demo/DemoDataset.h"
#include "evaluate/EmbeddingMapDialog.h"
#include "evaluate/EvaluateWorkspace.h"
#include "evaluate/MatrixPanel.h"
#include "evaluate/MistakeListsPanel.h"
#include "evaluate/RunsPanel.h"
#include "evaluate/SnippetInspector.h"
#include "explore/ExploreWorkspace.h"
#include "ml/EmbeddingMap.h"
#include "ml/ModelBundle.h"
#include "ml/RunDirectory.h"
#include "ml/RunIndex.h"
#include "models/ConfusionTableModel.h"
#include "models/PredictionTableModel.h"
#include "models/RunComparisonModel.h"
#include "models/RunListModel.h"
#include "models/TrackTableModel.h"
#include "playback/PlaybackController.h"
#include "train/TrainWorkspace.h"
#include "views/AudioOutputNote.h"
#include "views/ConfusionMatrixView.h"
#include "views/EmbeddingMapView.h"
#include "views/EvidenceControls.h"
#include "views/MatrixHeader.h"
#include "views/ProbabilityTimeline.h"
#include "views/SpectrogramView.h"

#include "DatasetFixture.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QScrollBar>
#include <QFile>
#include <QHash>
#include <QHeaderView>
#include <QImage>
#include <QListWidget>
#include <QJsonObject>
#include <QJsonDocument>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace genrelab;

namespace {

struct EngineRow
{
    QString track;
    double start;
    QString trueLabel, predicted;
};

// predictions.csv read the simplest way (demo names hold no commas), independently
// of RunResults, so the GUI is checked against what the engine wrote.
std::vector<EngineRow> enginePredictions(const QString &runDir, const QString &part)
{
    std::vector<EngineRow> rows;
    QFile in(runDir + QStringLiteral("/predictions.csv"));
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text))
        return rows;
    in.readLine();
    while (!in.atEnd()) {
        const QStringList f = QString::fromUtf8(in.readLine()).trimmed().split(u',');
        if (f.value(0) == part)
            rows.push_back({QString(f[1]).remove(u'"'), f[3].toDouble(), f[4], f[5]});
    }
    return rows;
}

// A copy of a run folder elsewhere, as `genrelab-cli train --out` would have written it.
QString copyRun(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QFileInfo &file : QDir(from).entryInfoList(QDir::Files))
        QFile::copy(file.absoluteFilePath(), QDir(to).filePath(file.fileName()));
    return QDir(to).absolutePath();
}

// The values of `column` down a view, in the order the view shows them.
std::vector<double> shownNumbers(const QTableView *view, int column)
{
    std::vector<double> values;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        values.push_back(view->model()->index(row, column).data(Qt::EditRole).toDouble());
    return values;
}

QString key(const QString &track, double start)
{
    return track + u'@' + QString::number(start, 'f', 1);
}

} // namespace

class TestEvaluate : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_runDir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabEvaluateTests"));
        QSettings().clear();
        QDir(TrainWorkspace::runsFolder()).removeRecursively();
        DemoDataset::Options options;
        options.clipsPerGenre = 6; // 60 clips: a run of a few seconds
        DemoDataset::generate(m_dir.filePath(QStringLiteral("demo")), options);
    }

    void trainingOpensItsRunInEvaluate()
    {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(opened.wait(60000));
        window.train()->epochsBox()->setValue(3);
        QSignalSpy finished(window.train(), &TrainWorkspace::runFinished);
        window.train()->start();
        QVERIFY(finished.wait(180000));
        m_runDir = finished.first().first().toString();
        EvaluateWorkspace *evaluate = window.evaluate();
        QVERIFY(evaluate->currentRun());
        QCOMPARE(evaluate->currentRun()->path(), QDir(m_runDir).absolutePath());
        QCOMPARE(evaluate->runs()->rowCount(), 1);
        QVERIFY(window.train()->accuracyChart()->pointCount(1) == 3);
        QVERIFY(evaluate->comparisonChart()->pointCount(0) == 3); // the open run's curve is overlaid
        // One legend entry per run (its name), not "name valid" and "name train" elided alike.
        QVERIFY(evaluate->comparisonChart()->inLegend(0));
        QVERIFY(!evaluate->comparisonChart()->inLegend(1));
    }

    void clickingACellListsTheEnginesSnippets()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(opened.wait(60000));
        EvaluateWorkspace *evaluate = window.evaluate();
        window.workspaces()->setCurrentWidget(evaluate);
        QAbstractItemModelTester confusionTester(evaluate->confusion(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester cellTester(evaluate->cellPredictions(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester runsTester(evaluate->runs(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(evaluate->openRun(m_runDir));
        evaluate->setPart(SplitPart::Test);
        evaluate->setLevel(Evaluation::Level::Snippets);

        const std::vector<EngineRow> engine = enginePredictions(m_runDir, QStringLiteral("test"));
        QVERIFY(!engine.empty());
        ConfusionTableModel *matrix = evaluate->confusion();
        QCOMPARE(matrix->rowCount(), 10);
        int total = 0;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p)
                total += matrix->count(t, p);
        QCOMPARE(total, int(engine.size()));

        // Click every non-empty cell with the mouse; the list must be exactly that cell.
        ConfusionMatrixView *view = evaluate->matrixView();
        const QStringList labels = matrix->labels();
        int cellsChecked = 0;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p) {
                if (matrix->count(t, p) == 0)
                    continue;
                view->scrollTo(matrix->index(t, p));
                QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(matrix->index(t, p)).center());
                QSet<QString> listed, expected;
                for (const PredictionRow &row : evaluate->cellPredictions()->rows())
                    listed << key(evaluate->currentRun()->trackName(row.track), row.start);
                for (const EngineRow &row : engine)
                    if (row.trueLabel == labels[t] && row.predicted == labels[p])
                        expected << key(row.track, row.start);
                QCOMPARE(listed, expected);
                QCOMPARE(evaluate->cellPredictions()->rowCount(), matrix->count(t, p));
                ++cellsChecked;
            }
        QVERIFY(cellsChecked >= 2); // at least the diagonal of two classes

        // Keyboard: arrows move the current cell and the list follows.
        view->setFocus();
        view->setCurrentIndex(matrix->index(0, 0));
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->currentIndex(), matrix->index(0, 1));
        QCOMPARE(evaluate->cellPredictions()->rowCount(), matrix->count(0, 1));

        // Selecting a snippet shows its track's spectrogram and timeline and plays it.
        for (int t = 0; t < 10 && evaluate->cellPredictions()->rowCount() == 0; ++t)
            for (int p = 0; p < 10 && evaluate->cellPredictions()->rowCount() == 0; ++p)
                view->setCurrentIndex(matrix->index(t, p));
        QVERIFY(evaluate->cellPredictions()->rowCount() > 0);
        QSignalSpy failed(evaluate->player(), &PlaybackController::failed);
        evaluate->cellView()->selectRow(0);
        const PredictionRow shown = evaluate->cellPredictions()->rows().front();
        QVERIFY(evaluate->spectrogram()->snippetCount() >= 2);
        QCOMPARE(evaluate->spectrogram()->selectedSnippet(), shown.snippet);
        QVERIFY(evaluate->timeline()->snippetCount() >= 1);
        QTRY_VERIFY2_WITH_TIMEOUT(!failed.isEmpty() || evaluate->player()->positionSeconds() > shown.start + 0.2,
                                  qPrintable(QStringLiteral("%1 at %2 s, asked for %3 s, %4")
                                                 .arg(evaluate->player()->file())
                                                 .arg(evaluate->player()->positionSeconds())
                                                 .arg(shown.start)
                                                 .arg(evaluate->player()->isPlaying() ? "playing" : "not playing")),
                                  20000);
        if (failed.isEmpty())
            QVERIFY(evaluate->player()->positionSeconds() < shown.start + 3.5);

        // "Show in Explore" selects that track in the browser.
        QSignalSpy show(evaluate, &EvaluateWorkspace::showTrackRequested);
        QVERIFY(QMetaObject::invokeMethod(evaluate, [&] {
            Q_EMIT evaluate->showTrackRequested(evaluate->currentRun()->trackPath(shown.track));
        }));
        QCOMPARE(window.workspaces()->currentWidget(), window.explore());
        const int current = window.explore()->currentTrack();
        QVERIFY(current >= 0);
        QCOMPARE(window.explore()->trackModel()->dataset().tracks()[std::size_t(current)].relativePath,
                 evaluate->currentRun()->trackName(shown.track));
    }

    // A run opened without its dataset has no feature cache: the track is decoded on a
    // worker (it used to freeze the window), and its spectrogram arrives afterwards.
    void aTrackNotInTheCacheIsDecodedOffTheGuiThread()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        EvaluateWorkspace *evaluate = window.evaluate();
        QVERIFY(evaluate->openRun(m_runDir));
        evaluate->setPart(SplitPart::Test);
        evaluate->setLevel(Evaluation::Level::Snippets);
        ConfusionTableModel *matrix = evaluate->confusion();
        for (int t = 0; t < 10 && evaluate->cellPredictions()->rowCount() == 0; ++t)
            for (int p = 0; p < 10 && evaluate->cellPredictions()->rowCount() == 0; ++p)
                evaluate->matrixView()->setCurrentIndex(matrix->index(t, p));
        QVERIFY(evaluate->cellPredictions()->rowCount() > 0);
        evaluate->cellView()->selectRow(0);
        const PredictionRow shown = evaluate->cellPredictions()->rows().front();
        QCOMPARE(evaluate->spectrogram()->snippetCount(), 0); // not decoded on the GUI thread
        QTRY_VERIFY_WITH_TIMEOUT(evaluate->spectrogram()->snippetCount() >= 2, 30000);
        QCOMPARE(evaluate->spectrogram()->selectedSnippet(), shown.snippet);
    }

    // Evidence in Evaluate: the run's own model explains the selected snippet on a worker,
    // the overlay lies on that snippet only, and it follows the method, the class and the
    // selection. In Explore the same controls offer the runs GenreLab knows.
    void evidenceOverlaysTheSelectedSnippet()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        EvaluateWorkspace *evaluate = window.evaluate();
        window.workspaces()->setCurrentWidget(evaluate);
        QVERIFY(evaluate->openRun(m_runDir));
        evaluate->setPart(SplitPart::Test);
        evaluate->setLevel(Evaluation::Level::Snippets);
        evaluate->lists()->confidentlyWrongView()->selectRow(0);
        SpectrogramView *spectrogram = evaluate->spectrogram();
        QTRY_VERIFY_WITH_TIMEOUT(spectrogram->snippetCount() >= 2, 30000);
        EvidenceControls *evidence = evaluate->inspector()->evidence();
        QCOMPARE(evidence->model(), QDir(m_runDir).absolutePath());
        QSignalSpy shown(evidence, &EvidenceControls::evidenceShown);
        evidence->setEvidenceShown(true);
        QVERIFY(shown.wait(30000));
        const int snippet = spectrogram->selectedSnippet();
        QCOMPARE(spectrogram->evidenceSnippet(), snippet);
        const auto coloured = [spectrogram](int wanted) {
            int found = 0, elsewhere = 0;
            for (int x = 0; x < spectrogram->width(); x += 2)
                for (int y = 0; y < spectrogram->height(); y += 4)
                    if (spectrogram->evidenceColourAt({x, y}).alpha() > 0) {
                        const QString readout = spectrogram->readoutAt({x, y});
                        (readout.contains(QStringLiteral("snippet %1 of").arg(wanted + 1)) ? found : elsewhere) += 1;
                    }
            return std::pair{found, elsewhere};
        };
        const auto [on, off] = coloured(snippet);
        QVERIFY2(on > 20, qPrintable(QStringLiteral("%1 coloured points in %2×%3").arg(on).arg(spectrogram->width()).arg(spectrogram->height())));
        QCOMPARE(off, 0);

        // Another method and a chosen class: recomputed, and the summary names the class.
        QCOMPARE(evidence->classBox()->count(), 1 + 10); // "predicted" and the demo's ten genres
        evidence->methodBox()->setCurrentIndex(evidence->methodBox()->findText(QStringLiteral("integrated-gradients")));
        QVERIFY(shown.wait(30000));
        evidence->classBox()->setCurrentIndex(3);
        QVERIFY(shown.wait(30000));
        QVERIFY2(shown.last().first().toString().contains(evidence->classBox()->itemText(3)),
                 qPrintable(shown.last().first().toString()));
        // Opacity is remembered and redraws without recomputing.
        evidence->opacitySlider()->setValue(30);
        QCOMPARE(QSettings().value(QStringLiteral("evidence/opacity")).toInt(), 30);
        QCOMPARE(spectrogram->evidenceSnippet(), snippet);

        // Another snippet: the overlay moves with the selection.
        const int next = (snippet + 1) % spectrogram->snippetCount();
        spectrogram->setSelectedSnippet(next);
        QCOMPARE(spectrogram->evidenceSnippet(), -1); // the old map never lies over a new snippet
        QVERIFY(shown.wait(30000));
        QCOMPARE(spectrogram->evidenceSnippet(), next);
        evidence->setEvidenceShown(false);
        QCOMPARE(spectrogram->evidenceSnippet(), -1);

        // Explore: the run is offered as a model; evidence for the selected snippet.
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(opened.wait(60000));
        ExploreWorkspace *explore = window.explore();
        EvidenceControls *exploreEvidence = explore->evidence();
        exploreEvidence->offerKnownRuns();
        const int listed = exploreEvidence->modelBox()->findData(QDir(m_runDir).absolutePath());
        QVERIFY(listed >= 0);
        exploreEvidence->modelBox()->setCurrentIndex(listed);
        QSignalSpy exploreShown(exploreEvidence, &EvidenceControls::evidenceShown);
        exploreEvidence->setEvidenceShown(true);
        if (explore->spectrogram()->snippetCount() == 0)
            QVERIFY(explore->selectTrack(window.explore()->trackModel()->dataset().tracks().front().path));
        QVERIFY(exploreShown.wait(30000));
        QCOMPARE(explore->spectrogram()->evidenceSnippet(), explore->spectrogram()->selectedSnippet());
    }

    // The embedding map: one dot per validation and test prediction of the run (the same
    // predicted classes as predictions.csv), hover names the snippet, a click inspects it
    // in Evaluate, a lasso lists what it encloses; t-SNE on request.
    void embeddingMapLeadsToTheSnippets()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(opened.wait(60000));
        EvaluateWorkspace *evaluate = window.evaluate();
        QVERIFY(evaluate->openRun(m_runDir));
        EmbeddingMapDialog *map = evaluate->showEmbeddingMap();
        QVERIFY(map);
        QSignalSpy computed(map, &EmbeddingMapDialog::computed);
        QVERIFY2(computed.wait(60000), qPrintable(map->summary()));
        EmbeddingMapView *view = map->view();
        const std::vector<EngineRow> valid = enginePredictions(m_runDir, QStringLiteral("valid")),
                                     test = enginePredictions(m_runDir, QStringLiteral("test"));
        QCOMPARE(view->pointCount(), int(valid.size() + test.size()));
        // The map's predictions are the run's (same model, same snippets).
        QHash<QString, QString> predicted;
        for (const EngineRow &row : valid)
            predicted.insert(key(row.track, row.start), row.predicted);
        for (const EngineRow &row : test)
            predicted.insert(key(row.track, row.start), row.predicted);
        const EmbeddingMap::Result &result = map->result();
        const Dataset &dataset = window.explore()->trackModel()->dataset();
        for (const EmbeddingMap::Point &p : result.points)
            QCOMPARE(result.labels.value(p.predicted),
                     predicted.value(key(dataset.tracks()[std::size_t(p.track)].relativePath, p.start)));

        // Hover and click: the dot under the mouse is named and inspected.
        const QPointF where = view->screenPosition(0);
        QCOMPARE(view->pointAt(where), 0);
        QVERIFY(view->point(0).name.contains(dataset.tracks()[std::size_t(result.points[0].track)].relativePath));
        QTest::mouseClick(view, Qt::LeftButton, {}, where.toPoint());
        QCOMPARE(evaluate->inspector()->trackPath(), dataset.tracks()[std::size_t(result.points[0].track)].path);
        QTRY_COMPARE_WITH_TIMEOUT(evaluate->spectrogram()->selectedSnippet(), result.points[0].snippet, 30000);

        // A lasso around everything lists every dot; around nothing, none.
        view->lasso(QPolygonF(QRectF(view->rect())));
        QCOMPARE(map->lassoList()->count(), view->pointCount());
        view->lasso(QPolygonF(QRectF(0, 0, 2, 2)));
        QCOMPARE(map->lassoList()->count(), 0);

        map->projectionBox()->setCurrentIndex(1); // t-SNE
        QVERIFY2(computed.wait(60000), qPrintable(map->summary()));
        QCOMPARE(view->pointCount(), int(valid.size() + test.size()));
        evaluate->closeRun();
        QCOMPARE(view->pointCount(), 0); // nothing of a closed run stays on show
    }

    // The matrix replayed: one slider step per epoch (plus the run's model at the right
    // end), each step the validation matrix of that epoch as the trainer measured it
    // (every validation snippet once), and the right end restores the run's own matrix.
    void matrixReplaysTheEpochs()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(opened.wait(60000));
        EvaluateWorkspace *evaluate = window.evaluate();
        QVERIFY(evaluate->openRun(m_runDir));
        QSlider *slider = evaluate->matrixPanel()->epochSlider();
        QCOMPARE(slider->minimum(), 1);
        QCOMPARE(slider->maximum(), 3 + 1); // three epochs were trained
        QCOMPARE(slider->value(), slider->maximum());
        evaluate->setPart(SplitPart::Valid);
        const auto matrixCells = [&] {
            QList<int> cells;
            for (int t = 0; t < evaluate->confusion()->rowCount(); ++t)
                for (int p = 0; p < evaluate->confusion()->rowCount(); ++p)
                    cells << evaluate->confusion()->count(t, p);
            return cells;
        };
        const auto matrixTotal = [&] {
            const QList<int> cells = matrixCells();
            return std::accumulate(cells.begin(), cells.end(), 0);
        };
        const int validSnippets = int(enginePredictions(m_runDir, QStringLiteral("valid")).size());
        const QList<int> runMatrix = matrixCells();
        QCOMPARE(matrixTotal(), validSnippets);

        // The epochs' matrices as written in the run folder, read independently.
        QFile file(m_runDir + QStringLiteral("/confusion-epochs.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(file.readLine().trimmed(), QByteArray("epoch,true,predicted,count"));
        QHash<int, int> diagonal;
        while (!file.atEnd()) {
            const QList<QByteArray> f = file.readLine().trimmed().split(',');
            if (f.value(1) == f.value(2))
                diagonal[f.value(0).toInt()] += f.value(3).toInt();
        }
        for (int epoch = 1; epoch <= 3; ++epoch) {
            slider->setValue(epoch);
            QCOMPARE(matrixTotal(), validSnippets);
            int right = 0;
            for (int c = 0; c < evaluate->confusion()->rowCount(); ++c)
                right += evaluate->confusion()->count(c, c);
            QCOMPARE(right, diagonal.value(epoch));
            QCOMPARE(evaluate->cellPredictions()->rowCount(), 0); // no snippets kept for an epoch
        }
        // The last epoch's replay is the validation matrix the epochs' metrics reported.
        const std::vector<EpochMetrics> metrics = RunDirectory(m_runDir).readMetrics();
        QCOMPARE(metrics.size(), std::size_t(3));
        QVERIFY(qAbs(metrics.back().validAccuracy - double(diagonal.value(3)) / validSnippets) < 1e-6);

        slider->setValue(slider->maximum());
        QCOMPARE(matrixCells(), runMatrix);
        // Another run without per-epoch matrices hides the slider.
        const QString copy = copyRun(m_runDir, m_dir.filePath(QStringLiteral("no-replay")));
        QVERIFY(QFile::remove(copy + QStringLiteral("/confusion-epochs.csv")));
        QVERIFY(evaluate->openRun(copy));
        QVERIFY(!slider->isVisibleTo(evaluate->matrixPanel()));
        QVERIFY(!evaluate->runTitle().contains(QStringLiteral("ranks")));
    }

    // A run trained as a data-parallel job (config.json's "distributed", as rank 0 writes
    // it) says so where it is opened and listed (issue 23, item 6).
    void aDataParallelRunShowsItsWorldSizeAndBackend()
    {
        QVERIFY(!m_runDir.isEmpty());
        const QString copy = copyRun(m_runDir, m_dir.filePath(QStringLiteral("two-ranks")));
        QFile config(copy + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        config.close();
        json.insert(QStringLiteral("distributed"), QJsonObject{{QStringLiteral("world_size"), 2}, {QStringLiteral("backend"), QStringLiteral("gloo")}});
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(QJsonDocument(json).toJson());
        config.close();

        PlaybackController player;
        EvaluateWorkspace evaluate(&player);
        evaluate.setRunsFolder(TrainWorkspace::runsFolder());
        evaluate.setDataset(Dataset(Dataset::Kind::LabelledFolder, m_dir.filePath(QStringLiteral("demo")), {}, {}), nullptr);
        QVERIFY(evaluate.openRun(copy));
        QVERIFY2(evaluate.runTitle().contains(QStringLiteral("data-parallel: 2 ranks over gloo")), qPrintable(evaluate.runTitle()));
        evaluate.refreshRuns();
        const int row = evaluate.runs()->rowOf(copy);
        QVERIFY(row >= 0);
        QVERIFY(evaluate.runs()->index(row, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("2 ranks over gloo")));
        QVERIFY(evaluate.runs()->index(row, 0).data().toString().contains(QStringLiteral("2 ranks")));
    }

    void tracksLevelExportsAndMostConfidentlyWrong()
    {
        QVERIFY(!m_runDir.isEmpty());
        PlaybackController player;
        EvaluateWorkspace evaluate(&player);
        evaluate.setRunsFolder(TrainWorkspace::runsFolder());
        QVERIFY(evaluate.openRun(m_runDir));
        evaluate.setPart(SplitPart::Test);
        evaluate.setLevel(Evaluation::Level::Tracks);
        const Evaluation e = evaluate.currentRun()->evaluation(SplitPart::Test);
        int total = 0;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p)
                total += evaluate.confusion()->count(t, p);
        QCOMPARE(total, e.trackCount());
        for (const PredictionRow &row : evaluate.confidentlyWrong()->rows())
            QVERIFY(row.isWrong() && row.isTrack());

        QTemporaryDir out;
        QVERIFY(evaluate.exportMatrixCsv(out.filePath(QStringLiteral("m.csv"))));
        QFile csv(out.filePath(QStringLiteral("m.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 11);
        QVERIFY(evaluate.exportMatrixPng(out.filePath(QStringLiteral("m.png"))));
        const QImage png(out.filePath(QStringLiteral("m.png")));
        QVERIFY2(png.width() > 10 * 30 && png.height() > 10 * 30, // every cell, not the visible part
                 qPrintable(QStringLiteral("%1 x %2").arg(png.width()).arg(png.height())));
        QVERIFY(!evaluate.exportMatrixPng(QStringLiteral("/proc/forbidden.png")));

        // The run's model and report, as the toolbar's buttons write them.
        QVERIFY(evaluate.exportModel(out.filePath(QStringLiteral("model.genrelab"))));
        QCOMPARE(ModelBundle::read(out.filePath(QStringLiteral("model.genrelab"))).classes, evaluate.currentRun()->labels());
        QVERIFY(evaluate.exportModel(out.filePath(QStringLiteral("model.safetensors"))));
        QFile tensors(out.filePath(QStringLiteral("model.safetensors")));
        QVERIFY(tensors.open(QIODevice::ReadOnly));
        const QByteArray start = tensors.read(9);
        QCOMPARE(start.at(8), '{'); // 8-byte header length, then the JSON header: not a bundle
        QVERIFY(evaluate.writeReport(out.filePath(QStringLiteral("report.html"))));
        QVERIFY(QFile(out.filePath(QStringLiteral("report.html"))).size() > 10000);
        QSignalSpy status(&evaluate, &EvaluateWorkspace::status);
        QVERIFY(!evaluate.writeReport(out.filePath(QStringLiteral("report.txt"))));
        QVERIFY(status.last().first().toString().contains(QStringLiteral(".html or .pdf")));
    }

    // "Most confidently wrong" opens surest first, "Least confident" least sure first
    // (they were in reverse track-name order), and every column sorts.
    void mistakeListsOpenInConfidenceOrder()
    {
        QVERIFY(!m_runDir.isEmpty());
        PlaybackController player;
        EvaluateWorkspace evaluate(&player);
        QVERIFY(evaluate.openRun(m_runDir));
        evaluate.setPart(SplitPart::Test);
        evaluate.setLevel(Evaluation::Level::Snippets);
        const std::vector<double> wrong = shownNumbers(evaluate.lists()->confidentlyWrongView(), PredictionTableModel::Confidence);
        const std::vector<double> unsure = shownNumbers(evaluate.lists()->leastConfidentView(), PredictionTableModel::Confidence);
        QVERIFY(wrong.size() >= 2 && unsure.size() >= 2);
        QVERIFY(std::is_sorted(wrong.rbegin(), wrong.rend()));
        QVERIFY(std::is_sorted(unsure.begin(), unsure.end()));

        QTableView *view = evaluate.lists()->confidentlyWrongView();
        view->sortByColumn(PredictionTableModel::Start, Qt::AscendingOrder);
        const std::vector<double> starts = shownNumbers(view, PredictionTableModel::Start);
        QVERIFY(std::is_sorted(starts.begin(), starts.end()));
        view->sortByColumn(PredictionTableModel::Track, Qt::AscendingOrder);
        QStringList names;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            names << view->model()->index(row, PredictionTableModel::Track).data().toString();
        QVERIFY(std::is_sorted(names.begin(), names.end()));
        QVERIFY(evaluate.inspector()->findChild<AudioOutputNote *>()); // says so where playback is offered
    }

    // At 1280×800 every cell of the 10×10 matrix is on screen, without scrolling, under
    // the axis titles; twenty classes with long names still fit a panel of that size.
    void theWholeMatrixFitsItsPanel()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.workspaces()->setCurrentWidget(window.evaluate());
        QVERIFY(window.evaluate()->openRun(m_runDir));
        QCoreApplication::processEvents();
        ConfusionMatrixView *view = window.evaluate()->matrixView();
        QCOMPARE(view->model()->rowCount(), 10);
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p) {
                const QRect cell = view->visualRect(view->model()->index(t, p));
                QVERIFY2(view->viewport()->rect().contains(cell),
                         qPrintable(QStringLiteral("cell %1,%2 at %3,%4 %5x%6 outside the %7x%8 viewport")
                                        .arg(t).arg(p).arg(cell.x()).arg(cell.y()).arg(cell.width()).arg(cell.height())
                                        .arg(view->viewport()->width()).arg(view->viewport()->height())));
            }
        QVERIFY(!view->horizontalScrollBar()->isVisible() && !view->verticalScrollBar()->isVisible());
        QCOMPARE(static_cast<MatrixHeader *>(view->horizontalHeader())->title(), QStringLiteral("Predicted"));
        QCOMPARE(static_cast<MatrixHeader *>(view->verticalHeader())->title(), QStringLiteral("True"));

        ConfusionTableModel twenty;
        QStringList labels;
        Evaluation::Matrix counts(20, std::vector<int>(20, 1));
        for (int c = 0; c < 20; ++c)
            labels << QStringLiteral("progressive-genre-%1").arg(c);
        twenty.setMatrix(counts, labels, QStringLiteral("snippets"));
        ConfusionMatrixView big;
        big.setConfusionModel(&twenty);
        big.resize(view->size());
        big.show();
        QVERIFY(QTest::qWaitForWindowExposed(&big));
        QVERIFY(static_cast<MatrixHeader *>(big.horizontalHeader())->rotatesLabels()); // names upright, not cut
        const QRect last = big.visualRect(twenty.index(19, 19));
        QVERIFY2(big.viewport()->rect().contains(last),
                 qPrintable(QStringLiteral("last cell at %1,%2 (side %3) outside the %4x%5 viewport of a %6x%7 view")
                                .arg(last.x()).arg(last.y()).arg(big.cellSide()).arg(big.viewport()->width())
                                .arg(big.viewport()->height()).arg(big.width()).arg(big.height())));
        QVERIFY(big.cellSide() >= 10);
    }

    // On the smallest screen we support, with a cell's snippet in the inspector, the window
    // still fits and the matrix keeps room for its class names: the inspector's rows wrap
    // rather than squeeze it (they once left it 170 px and cut "classical" to "clas…").
    void atTheSmallestScreenTheMatrixKeepsItsRoom()
    {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow window;
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.workspaces()->setCurrentWidget(window.evaluate());
        QVERIFY(window.evaluate()->openRun(m_runDir));
        ConfusionMatrixView *view = window.evaluate()->matrixView();
        ConfusionTableModel *matrix = window.evaluate()->confusion();
        QModelIndex cell;
        for (int t = 0; t < matrix->rowCount() && !cell.isValid(); ++t)
            for (int p = 0; p < matrix->columnCount() && !cell.isValid(); ++p)
                if (matrix->count(t, p) > 0)
                    cell = matrix->index(t, p);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
        QVERIFY(window.evaluate()->cellPredictions()->rowCount() > 0);
        window.resize(1024, 700);
        QTest::qWait(50);
        QVERIFY2(window.width() <= 1024 && window.height() <= 700,
                 qPrintable(QStringLiteral("the window stays %1×%2").arg(window.width()).arg(window.height())));
        QVERIFY2(view->width() >= 300, qPrintable(QStringLiteral("the matrix gets %1 px").arg(view->width())));
        const QFontMetrics metrics(view->verticalHeader()->font());
        for (const QString &label : window.evaluate()->confusion()->labels())
            QVERIFY2(metrics.horizontalAdvance(label) < view->verticalHeader()->width(), qPrintable(label));
        QVERIFY(window.evaluate()->spectrogram()->height() >= 60);
        // Every control of the inspector is inside it, none cut at its edge.
        SnippetInspector *inspector = window.findChild<SnippetInspector *>();
        QVERIFY(inspector);
        for (QAbstractButton *button : inspector->findChildren<QAbstractButton *>())
            if (button->isVisible())
                QVERIFY2(inspector->rect().contains(QRect(button->mapTo(inspector, QPoint(0, 0)), button->size())),
                         qPrintable(button->text()));
    }

    // Nothing of a previous run or dataset stays on screen.
    void anotherRunOrDatasetClearsWhatWasShown()
    {
        QVERIFY(!m_runDir.isEmpty());
        QTemporaryDir elsewhere;
        const QString copy = copyRun(m_runDir, elsewhere.filePath(QStringLiteral("from-the-cli")));
        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(opened.wait(60000));
        EvaluateWorkspace *evaluate = window.evaluate();
        QVERIFY(evaluate->openRun(m_runDir));
        evaluate->lists()->confidentlyWrongView()->selectRow(0);
        QVERIFY(evaluate->inspector()->isShowing());

        QVERIFY(evaluate->openRun(copy)); // another run: its own evaluation, no old snippet
        QVERIFY(!evaluate->inspector()->isShowing());
        QCOMPARE(evaluate->spectrogram()->snippetCount(), 0);
        QCOMPARE(evaluate->timeline()->snippetCount(), 0);
        evaluate->lists()->confidentlyWrongView()->selectRow(0);
        QVERIFY(evaluate->inspector()->isShowing());

        const QString other = m_dir.filePath(QStringLiteral("other"));
        test::DatasetFixture::writeLabelled(other, {QStringLiteral("drone"), QStringLiteral("hum")}, 3, 6.2);
        opened.clear();
        window.openDataset(other);
        QVERIFY(opened.wait(60000));
        QCOMPARE(evaluate->currentRun(), nullptr);
        QCOMPARE(evaluate->confusion()->rowCount(), 0);
        QCOMPARE(evaluate->confidentlyWrong()->rowCount(), 0);
        QVERIFY(!evaluate->inspector()->isShowing());
        QCOMPARE(evaluate->runs()->rowCount(), 0); // none of this dataset's
    }

    // A run written anywhere (genrelab-cli train --out DIR) is listed with its dataset's
    // runs once it is in the runs index, and opening one by its folder records it.
    void runsFromAnywhereAreListed()
    {
        QVERIFY(!m_runDir.isEmpty());
        QTemporaryDir elsewhere;
        const QString byCli = copyRun(m_runDir, elsewhere.filePath(QStringLiteral("cli-run")));
        const QString openedByHand = copyRun(m_runDir, elsewhere.filePath(QStringLiteral("opened")));
        PlaybackController player;
        EvaluateWorkspace evaluate(&player);
        evaluate.setRunsFolder(TrainWorkspace::runsFolder());
        evaluate.setDataset(Dataset(Dataset::Kind::LabelledFolder, m_dir.filePath(QStringLiteral("demo")), {}, {}), nullptr);
        const int before = evaluate.runs()->rowCount();
        QCOMPARE(evaluate.runs()->rowOf(byCli), -1);
        RunIndex::add(byCli); // what TrainingSession does for every new run
        evaluate.refreshRuns();
        QVERIFY(evaluate.runs()->rowOf(byCli) >= 0);
        QVERIFY(evaluate.openRun(openedByHand));
        QVERIFY(RunIndex::runs().contains(openedByHand));
        evaluate.refreshRuns();
        QCOMPARE(evaluate.runs()->rowCount(), before + 2);
        QCOMPARE(evaluate.runView()->currentIndex().row(), evaluate.runs()->rowOf(openedByHand));
    }

    // The selected runs side by side (issue 22): settings and figures as the run readers
    // give them, sortable by every column by value, under QAbstractItemModelTester.
    void comparisonTableSortsEveryColumn()
    {
        QVERIFY(!m_runDir.isEmpty());
        QTemporaryDir elsewhere;
        const QString other = copyRun(m_runDir, elsewhere.filePath(QStringLiteral("bigger-batch")));
        TrainingConfig changed = RunDirectory(other).readConfig();
        changed.batch = 128;
        changed.learningRate = 0.01;
        changed.network.dropout = 0.4;
        RunDirectory(other).updateConfig(changed, QStringLiteral("test: another configuration"));
        RunIndex::add(other);
        PlaybackController player;
        EvaluateWorkspace evaluate(&player);
        evaluate.setRunsFolder(TrainWorkspace::runsFolder());
        evaluate.setDataset(Dataset(Dataset::Kind::LabelledFolder, m_dir.filePath(QStringLiteral("demo")), {}, {}), nullptr);
        auto *panel = evaluate.findChild<RunsPanel *>();
        QVERIFY(panel);
        RunComparisonModel *model = panel->comparison();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel->comparisonTabs()->setCurrentIndex(1);
        evaluate.runView()->selectAll();
        QVERIFY(model->rowCount() >= 2);

        // Values through the run readers.
        for (int row = 0; row < model->rowCount(); ++row) {
            const RunResults run = RunResults::load(model->run(row).path());
            QCOMPARE(model->index(row, RunComparisonModel::Batch).data(RunComparisonModel::SortRole).toInt(), run.config().batch);
            QCOMPARE(model->index(row, RunComparisonModel::Network).data().toString(), run.config().network.architecture);
            QCOMPARE(model->index(row, RunComparisonModel::TestSnippets).data(RunComparisonModel::SortRole).toDouble(), run.testAccuracy());
            QCOMPARE(model->index(row, RunComparisonModel::TestTracks).data(RunComparisonModel::SortRole).toDouble(),
                     run.evaluation(SplitPart::Test).trackAccuracyVote());
            QCOMPARE(model->index(row, RunComparisonModel::Refit).data().toString(), QStringLiteral("no"));
        }
        const int changedRow = [&] {
            for (int row = 0; row < model->rowCount(); ++row)
                if (model->run(row).path() == other)
                    return row;
            return -1;
        }();
        QVERIFY(changedRow >= 0);
        QCOMPARE(model->index(changedRow, RunComparisonModel::Dropout).data().toDouble(), 0.4);

        // Every column sorts by its value, both ways.
        QTableView *view = panel->comparisonView();
        for (int column = 0; column < RunComparisonModel::ColumnCount; ++column) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                view->sortByColumn(column, order);
                QAbstractItemModel *shown = view->model();
                for (int row = 1; row < shown->rowCount(); ++row) {
                    const QVariant a = shown->index(row - 1, column).data(RunComparisonModel::SortRole);
                    const QVariant b = shown->index(row, column).data(RunComparisonModel::SortRole);
                    const bool ordered = order == Qt::AscendingOrder ? QVariant::compare(a, b) <= 0 : QVariant::compare(a, b) >= 0;
                    QVERIFY2(ordered, qPrintable(QStringLiteral("column %1 row %2").arg(column).arg(row)));
                }
            }
        }
        view->sortByColumn(RunComparisonModel::Batch, Qt::DescendingOrder);
        QCOMPARE(view->model()->index(0, RunComparisonModel::Batch).data().toInt(), 128);
        evaluate.runView()->clearSelection();
        QCOMPARE(model->rowCount(), 0);
        QDir(other).removeRecursively();
        evaluate.refreshRuns();
    }

    void fileMenuOpensARun()
    {
        MainWindow window;
        auto *openRun = window.findChild<QAction *>(QStringLiteral("openRun"));
        QVERIFY(openRun);
        QVERIFY(openRun->text().contains(QStringLiteral("run")));
        QVERIFY(openRun->isEnabled());
    }
};

QTEST_MAIN(TestEvaluate)
#include "tst_evaluate.moc"
