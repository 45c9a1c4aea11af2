// The main window driven as a user would, offscreen: open a dataset (on a worker), see
// its tracks, select one, see its spectrogram, move with the keyboard; the GUI thread
// stays responsive while the dataset is featurised.
#include "DatasetFixture.h"
#include "MainWindow.h"
#include "SharedData.h"
#include "data/FeatureCache.h"
#include "explore/ExploreWorkspace.h"
#include "models/TrackFilterModel.h"
#include "models/TrackTableModel.h"
#include "playback/PlaybackController.h"
#include "charts/CurveChart.h"
#include "models/EpochTableModel.h"
#include "train/TrainWorkspace.h"
#include "views/WaveformView.h"
#include "views/SpectrogramView.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QImage>
#include <QSpinBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace genrelab;
using namespace genrelab::test;

namespace {

// Measures how late a 10 ms timer on the GUI thread fires: the GUI's responsiveness.
class LatenessProbe : public QObject
{
public:
    LatenessProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_worstMs = std::max(m_worstMs, (now - m_last) / 1e6 - 10.0);
            m_last = now;
        });
        m_clock.start();
        m_timer.start(10);
    }
    double worstMs() const { return m_worstMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_worstMs = 0.0;
};

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    // Shows the window and opens the test's own small dataset on the worker.
    bool openMine(MainWindow &window)
    {
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("mine")));
        return opened.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // caches and settings go to test folders
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTests"));
        QSettings().clear();
        DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("mine")), {QStringLiteral("drone"), QStringLiteral("hum")}, 3, 6.2);
        DatasetFixture::writeGarbage(m_dir.filePath(QStringLiteral("mine/hum/broken.wav")));
    }

    void opensWithFourWorkspaces()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.workspaces()->count(), 4);
        QCOMPARE(window.workspaces()->tabText(0), QStringLiteral("&Explore"));
    }

    void opensADatasetAndInspectsTracks()
    {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("mine")));
        QVERIFY(window.isBusy());
        QVERIFY(opened.wait(30000));
        ExploreWorkspace *explore = window.explore();
        QAbstractItemModelTester tracksTester(explore->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(explore->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(explore->trackModel()->rowCount(), 7);
        // The first track is selected; the first readable one shows two 3-s snippets.
        QVERIFY(explore->currentTrack() >= 0);
        const QModelIndexList drone = explore->filterModel()->match(
            explore->filterModel()->index(0, TrackTableModel::Name), Qt::DisplayRole, QStringLiteral("drone.00000.wav"));
        QCOMPARE(drone.size(), 1);
        explore->trackView()->setCurrentIndex(drone.first());
        QCOMPARE(explore->spectrogram()->snippetCount(), 2);
        // Keyboard: Down moves to the next track and the inspector follows.
        QSignalSpy changed(explore, &ExploreWorkspace::currentTrackChanged);
        explore->trackView()->setFocus();
        QTest::keyClick(explore->trackView(), Qt::Key_Down);
        QCOMPARE(changed.count(), 1);
        // Filters: one label, then only errors (the broken file, with its reason).
        explore->filterModel()->setLabelFilter(0);
        QCOMPARE(explore->filterModel()->rowCount(), 3);
        explore->filterModel()->setLabelFilter(-1);
        explore->filterModel()->setOnlyErrors(true);
        QCOMPARE(explore->filterModel()->rowCount(), 1);
        const QModelIndex broken = explore->filterModel()->index(0, TrackTableModel::Status);
        QCOMPARE(broken.data().toString(), QStringLiteral("error"));
        QVERIFY(!broken.data(Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(!explore->spectrogram()->readoutAt({-5, -5}).size());
    }

    // Playback through Qt Multimedia (GStreamer) runs without a sound device; the
    // playhead follows; the waveform overview arrives from its worker; PNG export works.
    void playsAndExportsTheSelectedTrack()
    {
        MainWindow window;
        QVERIFY(openMine(window));
        ExploreWorkspace *explore = window.explore();
        const QModelIndexList hum = explore->filterModel()->match(explore->filterModel()->index(0, TrackTableModel::Name),
                                                                   Qt::DisplayRole, QStringLiteral("hum.00001.wav"));
        QCOMPARE(hum.size(), 1);
        explore->trackView()->setCurrentIndex(hum.first());
        QTRY_VERIFY_WITH_TIMEOUT(explore->waveform()->hasEnvelope(), 10000);

        const QString png = m_dir.filePath(QStringLiteral("view.png"));
        QVERIFY(explore->exportPng(png));
        QImage image(png);
        QVERIFY(!image.isNull() && image.width() > 100);

        QSignalSpy failed(explore->player(), &PlaybackController::failed);
        QSignalSpy position(explore->player(), &PlaybackController::positionChanged);
        explore->spectrogram()->setSelectedSnippet(1);
        explore->playSelectedSnippet();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || explore->player()->positionSeconds() > 3.3, 10000);
        if (!failed.isEmpty())
            QSKIP(qPrintable(QStringLiteral("no working Qt Multimedia backend here: ") + failed.first().first().toString()));
        qInfo("playback position advanced to %.2f s (snippet 1 starts at 3 s)", explore->player()->positionSeconds());
        QVERIFY(explore->player()->isPlaying());
        QVERIFY(position.count() > 1);
        QTRY_VERIFY_WITH_TIMEOUT(!explore->player()->isPlaying(), 10000); // stops at the snippet's end
        QVERIFY(explore->player()->positionSeconds() < 6.5);
    }

    // A short real training run from the Train workspace: the curves receive points,
    // the epoch table fills, the window stays usable.
    void trainsFromTheTrainWorkspace()
    {
        MainWindow window;
        QVERIFY(openMine(window));
        TrainWorkspace *train = window.train();
        QAbstractItemModelTester tester(train->epochs(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        train->epochsBox()->setValue(2);
        QSignalSpy finished(train, &TrainWorkspace::runFinished);
        LatenessProbe probe;
        train->start();
        QVERIFY(train->isTraining());
        QVERIFY(finished.wait(120000));
        qInfo("worst lateness of a 10 ms GUI timer during training: %.1f ms", probe.worstMs());
        QCOMPARE(train->epochs()->rowCount(), 2);
        QVERIFY(train->lossChart()->pointCount(0) >= 2); // raw batch losses
        QCOMPARE(train->accuracyChart()->pointCount(1), 2); // validation accuracy per epoch
        QVERIFY(!train->isTraining());
        QVERIFY(QFile::exists(finished.first().first().toString() + QStringLiteral("/confusion.csv")));
    }

    void aFolderThatIsNotADatasetSaysSo()
    {
        MainWindow window;
        QSignalSpy failed(&window, &MainWindow::datasetFailed);
        QTimer::singleShot(0, [] { // dismiss the warning box
            QTimer::singleShot(500, [] {
                if (QWidget *box = QApplication::activeModalWidget())
                    box->close();
            });
        });
        window.openDataset(m_dir.filePath(QStringLiteral("nothing-here")));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("folder not found")));
    }

    void guiThreadStaysResponsiveWhileFeaturising()
    {
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("../shared/data"))));
        QFile::remove(FeatureCache::defaultPathFor(data + QStringLiteral("/gtzan-mini"))); // a cold run
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        LatenessProbe probe;
        window.openDataset(data + QStringLiteral("/gtzan-mini"));
        QVERIFY(opened.wait(60000));
        qInfo("worst lateness of a 10 ms GUI timer while featurising gtzan-mini: %.1f ms", probe.worstMs());
        QVERIFY2(probe.worstMs() < 250.0, qPrintable(QString::number(probe.worstMs())));
    }

    void remembersTheWorkspace()
    {
        {
            MainWindow window;
            window.show();
            window.workspaces()->setCurrentIndex(2);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.workspaces()->currentIndex(), 2);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
