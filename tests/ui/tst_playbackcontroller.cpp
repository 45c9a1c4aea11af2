// The one player the workspaces share: only the workspace whose file is loaded hears
// positions and failures, and the others' playheads are hidden when it takes over.
#include "MainWindow.h"
#include "evaluate/EvaluateWorkspace.h"
#include "explore/ExploreWorkspace.h"
#include "playback/PlaybackController.h"
#include "tag/TagWorkspace.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
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
