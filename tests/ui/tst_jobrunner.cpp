// The GUI's one way to run background work: a job's result arrives on the GUI thread,
// Cancel stops it, a second exclusive job is refused, a newer loader supersedes an older
// one, and every kind of exception — genrelab::Error, std::exception (with LibTorch's
// backtrace cut off), something that is no exception class at all — reaches the user in
// words. The Explore loaders that used to swallow their errors now say them.
#include "DatasetFixture.h"
#include "MainWindow.h"
#include "explore/ExploreWorkspace.h"
#include "explore/NetworkInputPanel.h"
#include "jobs/JobRunner.h"
#include "jobs/JobStatusWidget.h"
#include "models/TrackFilterModel.h"
#include "models/TrackTableModel.h"
#include "util/Error.h"

#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <optional>
#include <stdexcept>

using namespace genrelab;
using namespace genrelab::test;

namespace {
struct NotAnException
{
    int code = 7;
};

// Work that runs until it is cancelled, then says so the way core code does.
int untilCancelled(ProgressReporter &progress)
{
    for (int i = 0; i < 2000 && !progress.isCancelled(); ++i)
        QThread::msleep(5);
    if (progress.isCancelled())
        throw Error(Error::Kind::Cancelled, {}, QStringLiteral("cancelled"));
    return -1;
}
} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTests"));
        QSettings().clear();
    }

    void resultArrivesOnTheGuiThread()
    {
        JobRunner runner(JobRunner::Policy::Exclusive);
        JobStatusWidget status;
        runner.setStatusWidget(&status);
        QSignalSpy idle(&runner, &JobRunner::idle);
        QSignalSpy failed(&runner, &JobRunner::failed);
        int result = 0;
        QThread *deliveredOn = nullptr, *workedOn = nullptr;
        QVERIFY(runner.run(
            QStringLiteral("adding"),
            [&workedOn](ProgressReporter &progress) {
                workedOn = QThread::currentThread();
                progress.report(QStringLiteral("half way"), 0.5);
                return 40 + 2;
            },
            [&](int value) {
                result = value;
                deliveredOn = QThread::currentThread();
            }));
        QVERIFY(runner.isBusy());
        QVERIFY(!status.isHidden()); // title, progress and Cancel while it runs
        QVERIFY(idle.wait(5000));
        QCOMPARE(result, 42);
        QCOMPARE(deliveredOn, QThread::currentThread());
        QVERIFY(workedOn != QThread::currentThread());
        QVERIFY(failed.isEmpty());
        QVERIFY(!runner.isBusy());
        QVERIFY(status.isHidden());

        bool ran = false; // work that returns nothing
        QVERIFY(runner.run(QStringLiteral("nothing"), [](ProgressReporter &) {}, [&ran] { ran = true; }));
        QTRY_VERIFY_WITH_TIMEOUT(ran, 5000);
    }

    void cancelStopsTheJob()
    {
        JobRunner runner(JobRunner::Policy::Exclusive);
        QSignalSpy failed(&runner, &JobRunner::failed);
        bool delivered = false;
        std::optional<Error::Kind> kind;
        QVERIFY(runner.run(QStringLiteral("forever"), untilCancelled, [&](int) { delivered = true; },
                           [&](const Error &error) { kind = error.kind(); }));
        QTest::qWait(50);
        QVERIFY(runner.isBusy());
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 5000);
        QVERIFY(!delivered);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().at(1).value<Error::Kind>() == Error::Kind::Cancelled);
        QVERIFY(kind && *kind == Error::Kind::Cancelled);
    }

    void anExclusiveRunnerRefusesASecondJob()
    {
        JobRunner runner(JobRunner::Policy::Exclusive);
        QSignalSpy refused(&runner, &JobRunner::busyRefused);
        QVERIFY(runner.run(QStringLiteral("first"), untilCancelled, [](int) {}));
        QVERIFY(!runner.run(QStringLiteral("second"), [](ProgressReporter &) { return 1; }, [](int) {}));
        QCOMPARE(refused.count(), 1);
        QVERIFY(refused.first().first().toString().contains(QStringLiteral("Wait")));
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 5000);
    }

    void aNewerLoaderSupersedesAnOlderOne()
    {
        JobRunner runner(JobRunner::Policy::LatestWins);
        QSignalSpy failed(&runner, &JobRunner::failed);
        QList<int> delivered;
        QVERIFY(runner.run(QStringLiteral("old"), untilCancelled, [&](int v) { delivered << v; }));
        QVERIFY(runner.run(QStringLiteral("new"), [](ProgressReporter &) { return 2; }, [&](int v) { delivered << v; }));
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 5000);
        QTest::qWait(100); // the old one has been cancelled; its end must change nothing
        QCOMPARE(delivered, QList<int>{2});
        QVERIFY(failed.isEmpty()); // the superseded job's Cancelled is stale, not the user's concern
    }

    void everyExceptionIsReportedInWords_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("genrelab::Error") << 0 << QStringLiteral("song.wav: not audio (pick another file)");
        QTest::newRow("std::runtime_error") << 1 << QStringLiteral("disk on fire");
        QTest::newRow("c10-style backtrace") << 2 << QStringLiteral("shape mismatch [1, 2] vs [3]");
        QTest::newRow("not an exception class") << 3 << QStringLiteral("unknown kind");
        QTest::newRow("a bare int") << 4 << QStringLiteral("unknown kind");
    }

    void everyExceptionIsReportedInWords()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        JobRunner runner(JobRunner::Policy::Exclusive);
        QSignalSpy failed(&runner, &JobRunner::failed);
        QString reported;
        bool delivered = false;
        runner.run(
            QStringLiteral("throwing"),
            [which](ProgressReporter &) -> int {
                switch (which) {
                case 0: throw Error(Error::Kind::NotAudio, QStringLiteral("song.wav"), QStringLiteral("not audio"),
                                    QStringLiteral("pick another file"));
                case 1: throw std::runtime_error("disk on fire");
                case 2: throw std::runtime_error("shape mismatch [1, 2] vs [3]\nException raised from check at "
                                                 "aten/src/ATen/native/X.cpp:42 (most recent call first):\nframe #0: ...");
                case 3: throw NotAnException{};
                default: throw 42;
                }
            },
            [&](int) { delivered = true; }, [&](const Error &error) { reported = error.message(); });
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 5000);
        QVERIFY(!delivered);
        QCOMPARE(failed.count(), 1);
        const QString message = failed.first().first().toString();
        QCOMPARE(message, reported);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("frame #0")), qPrintable(message));
    }

    void destroyingTheRunnerWaitsForItsJob()
    {
        std::atomic<bool> ended{false};
        bool delivered = false;
        {
            JobRunner runner(JobRunner::Policy::Exclusive);
            runner.run(
                QStringLiteral("long"),
                [&ended](ProgressReporter &progress) {
                    while (!progress.isCancelled())
                        QThread::msleep(5);
                    ended = true;
                    return 0;
                },
                [&delivered](int) { delivered = true; });
            QTest::qWait(20);
        }
        QVERIFY(ended); // cancelled and waited for, not abandoned
        QTest::qWait(50);
        QVERIFY(!delivered);
    }

    // These two loaders used to return empty results on any error, silently.
    void theSnippetDecoderSaysWhyItCannotShowASnippet()
    {
        NetworkInputPanel panel;
        QSignalSpy status(&panel, &NetworkInputPanel::status);
        const QString missing = m_dir.filePath(QStringLiteral("gone.wav"));
        panel.setSnippet(missing, 0, 0.0);
        QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
        QVERIFY2(status.first().first().toString().contains(QStringLiteral("gone.wav")),
                 qPrintable(status.first().first().toString()));
    }

    void theWaveformLoaderSaysWhyItHasNoWaveform()
    {
        const QString root = m_dir.filePath(QStringLiteral("loaders"));
        DatasetFixture::writeLabelled(root, {QStringLiteral("drone"), QStringLiteral("hum")}, 3, 6.2);
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        QSignalSpy failed(&window, &MainWindow::datasetFailed);
        QTimer closer; // a failure's warning box would wait for a click that never comes
        connect(&closer, &QTimer::timeout, [] {
            if (QWidget *box = QApplication::activeModalWidget())
                box->close();
        });
        closer.start(200);
        window.openDataset(root);
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        // Featurised while it was fine; then damaged behind the application's back.
        DatasetFixture::writeGarbage(root + QStringLiteral("/hum/hum.00001.wav"));
        ExploreWorkspace *explore = window.explore();
        QSignalSpy status(explore, &ExploreWorkspace::status);
        const QModelIndexList row = explore->filterModel()->match(explore->filterModel()->index(0, TrackTableModel::Name),
                                                                  Qt::DisplayRole, QStringLiteral("hum.00001.wav"));
        QCOMPARE(row.size(), 1);
        explore->trackView()->setCurrentIndex(row.first());
        const auto said = [&](const QString &start) {
            for (const QList<QVariant> &args : status)
                if (args.first().toString().startsWith(start) && args.first().toString().contains(QStringLiteral("hum.00001.wav")))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(said(QStringLiteral("No waveform: ")), 10000);
        const auto decoderSaid = [&] { // the snippet decoder's own message
            for (const QList<QVariant> &args : status)
                if (!args.first().toString().startsWith(QStringLiteral("No waveform"))
                    && args.first().toString().contains(QStringLiteral("hum.00001.wav")))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(decoderSaid(), 10000);
    }
};

QTEST_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
