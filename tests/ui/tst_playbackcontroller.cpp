// The one player the workspaces share: only the workspace whose file is loaded hears
// positions and failures, and the others' playheads are hidden when it takes over.
#include "MainWindow.h"
#include "evaluate/EvaluateWorkspace.h"
#include "explore/ExploreWorkspace.h"
#include "playback/PlaybackController.h"
#include "tag/TagWorkspace.h"
#include "WavWriter.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;

class TstPlaybackController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the main window's settings go to test folders
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTests"));
    }

    void onlyTheClientHearsPositionsAndFailures()
    {
        PlaybackController player;
        QObject explore, evaluate;
        double explorePlayhead = -5, evaluatePlayhead = -5;
        QStringList exploreFailures, evaluateFailures;
        player.followPosition(&explore, [&](double s) { explorePlayhead = s; });
        player.followPosition(&evaluate, [&](double s) { evaluatePlayhead = s; });
        player.followFailures(&explore, [&](const QString &m) { exploreFailures << m; });
        player.followFailures(&evaluate, [&](const QString &m) { evaluateFailures << m; });

        player.setFile(QStringLiteral("/nonexistent/a.wav"), &explore);
        QCOMPARE(player.client(), &explore);
        Q_EMIT player.positionChanged(1.5);
        Q_EMIT player.failed(QStringLiteral("cannot play a.wav"));
        QCOMPARE(explorePlayhead, 1.5);
        QCOMPARE(evaluatePlayhead, -1.0); // hidden, and never moved by Explore's positions
        QCOMPARE(exploreFailures.size(), 1);
        QVERIFY(evaluateFailures.isEmpty());

        player.setFile(QStringLiteral("/nonexistent/b.wav"), &evaluate);
        QCOMPARE(explorePlayhead, -1.0); // hidden: the player is not Explore's any more
        Q_EMIT player.positionChanged(7.0);
        QCOMPARE(evaluatePlayhead, 7.0);
        QCOMPARE(explorePlayhead, -1.0);
    }

    void aDestroyedClientIsForgotten()
    {
        PlaybackController player;
        int calls = 0;
        {
            QObject gone;
            player.followPosition(&gone, [&](double) { ++calls; });
            player.setFile(QStringLiteral("/nonexistent/a.wav"), &gone);
        }
        QCOMPARE(player.client(), nullptr);
        Q_EMIT player.positionChanged(2.0); // no call into a dead workspace
        QCOMPARE(calls, 0);
    }

    // Evaluate switches tracks as fast as cells are clicked; a seek GStreamer drops while
    // a file loads must not leave the last range unplayed (a CI failure in tst_evaluate).
    void switchingFilesQuicklyStillPlaysTheLastRange()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList files;
        for (int i = 0; i < 4; ++i) {
            files << dir.filePath(QStringLiteral("tone%1.wav").arg(i));
            test::WavWriter().write(files.back(), test::WavWriter::sine(220.0 * (i + 1), 0.3, 22050, 12.0));
        }
        PlaybackController player;
        QObject client;
        QSignalSpy failed(&player, &PlaybackController::failed);
        for (int round = 0; round < 12; ++round) {
            player.setFile(files[round % files.size()], &client);
            player.playRange(3.0 * (round % 3), 3.0);
            QTest::qWait(round % 4 == 0 ? 40 : 0);
        }
        player.setFile(files[1], &client);
        player.playRange(6.0, 3.0);
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || player.positionSeconds() > 6.2, 20000);
        if (!failed.isEmpty())
            QSKIP(qPrintable(QStringLiteral("this machine cannot play WAV: ") + failed.front().front().toString()));
        QVERIFY2(player.positionSeconds() < 9.5, qPrintable(QString::number(player.positionSeconds())));
        QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 10000); // and stops at the range's end
        QVERIFY(player.positionSeconds() < 9.5);
    }

    void theMainWindowHandsOnePlayerToEveryWorkspace()
    {
        MainWindow window;
        QVERIFY(window.player());
        QCOMPARE(window.explore()->player(), window.player());
        QCOMPARE(window.evaluate()->player(), window.player());
        QCOMPARE(window.tag()->player(), window.player());
        QCOMPARE(window.findChildren<PlaybackController *>().size(), 1);
    }
};

QTEST_MAIN(TstPlaybackController)
#include "tst_playbackcontroller.moc"
