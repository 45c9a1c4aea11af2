// The bad-input corpus (tests/common/BadInputCorpus) through the GUI, offscreen: opened
// as a dataset, every file is listed, each one that cannot be read shows "error" with
// its reason (tooltip, and the status line when selected) and the readable ones show
// their snippets; analysed in the Tag workspace, every unreadable file is in the
// failures list and every readable one is up for review. No crash, no hang, no dialog.
#include "playback/PlaybackController.h"
#include "BadInputCorpus.h"
#include "MainWindow.h"
#include "data/Track.h"
#include "data/TrackFeaturizer.h"
#include "explore/ExploreWorkspace.h"
#include "ml/BundleConverter.h"
#include "models/ReviewTableModel.h"
#include "models/TrackFilterModel.h"
#include "models/TrackTableModel.h"
#include "tag/TagWorkspace.h"

#include <QAbstractItemModelTester>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace genrelab;
using namespace genrelab::test;

class TestBadInputGui : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<BadInputCorpus> m_corpus;
    QSet<QString> m_unreadable; // what the featuriser refuses, as the GUI should show it

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabBadInputTests"));
        QSettings().clear();
        QSettings().setValue(QStringLiteral("tag/minConfidence"), 0);
        m_corpus = std::make_unique<BadInputCorpus>(m_dir.filePath(QStringLiteral("corpus")));
        TrackFeaturizer featurizer;
        for (const QString &path : m_corpus->scanned())
            if (!featurizer.featurize(path).ok())
                m_unreadable.insert(path);
    }

    void exploreListsEveryFileWithItsError()
    {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        QSignalSpy failed(&window, &MainWindow::datasetFailed);
        window.openDataset(m_corpus->root());
        QVERIFY(opened.wait(120000));
        QCOMPARE(failed.count(), 0);
        ExploreWorkspace *explore = window.explore();
        QAbstractItemModelTester tester(explore->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const TrackTableModel *tracks = explore->trackModel();
        QCOMPARE(tracks->rowCount(), int(m_corpus->scanned().size()));
        int errors = 0;
        for (int row = 0; row < tracks->rowCount(); ++row) {
            const QString path = tracks->index(row, 0).data(TrackTableModel::PathRole).toString();
            const bool isError = tracks->index(row, 0).data(TrackTableModel::StatusRole).toInt() == int(Track::Status::Error);
            QVERIFY2(isError == m_unreadable.contains(path), qPrintable(path));
            const QModelIndex status = tracks->index(row, TrackTableModel::Status);
            if (isError) {
                ++errors;
                QCOMPARE(status.data().toString(), QStringLiteral("error"));
                QVERIFY2(status.data(Qt::ToolTipRole).toString().size() > 5, qPrintable(path));
            } else {
                QVERIFY2(tracks->index(row, TrackTableModel::Snippets).data().toInt() >= 1, qPrintable(path));
            }
        }
        // "Only errors" lists exactly those; selecting each says why on the status line.
        explore->filterModel()->setOnlyErrors(true);
        QCOMPARE(explore->filterModel()->rowCount(), errors);
        QSignalSpy status(explore, &ExploreWorkspace::status);
        explore->trackView()->setCurrentIndex(explore->filterModel()->index(0, 0));
        for (int row = explore->filterModel()->rowCount() - 1; row >= 0; --row) { // each visit moves
            const QModelIndex index = explore->filterModel()->index(row, 0);
            status.clear();
            explore->trackView()->setCurrentIndex(index);
            QVERIFY(!status.isEmpty());
            const QString reason = index.siblingAtColumn(TrackTableModel::Status).data(Qt::ToolTipRole).toString();
            QVERIFY2(status.last().first().toString().contains(reason), qPrintable(status.last().first().toString()));
        }
        qInfo("%d files listed, %d of them with their error", tracks->rowCount(), errors);
    }

    void tagWorkspaceListsEveryFailure()
    {
        const QString model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("a"), QStringLiteral("b")}).write(model);
        PlaybackController player;
        TagWorkspace tag(&player);
        tag.show();
        tag.setLibraryFolder(m_corpus->root());
        tag.setModel(model);
        QSignalSpy analysed(&tag, &TagWorkspace::analysed);
        tag.analyse();
        QVERIFY(analysed.wait(120000));
        // Every file is a row; those that failed say so in place of a genre and are
        // listed again, with the reason, under the table.
        QCOMPARE(tag.review()->rowCount(), int(m_corpus->scanned().size()));
        int failedRows = 0;
        for (int row = 0; row < tag.review()->rowCount(); ++row) {
            if (tag.review()->track(row).ok())
                continue;
            ++failedRows;
            const QString genre = tag.review()->index(row, ReviewTableModel::Genre).data().toString();
            QVERIFY2(genre.startsWith(QStringLiteral("failed: ")), qPrintable(genre));
        }
        QCOMPARE(tag.failures()->count(), failedRows);
        QVERIFY(tag.failures()->isVisibleTo(&tag));
        QStringList listed;
        for (int i = 0; i < tag.failures()->count(); ++i)
            listed << tag.failures()->item(i)->text();
        for (const QString &path : m_corpus->bad()) {
            const QString name = QFileInfo(path).fileName();
            QVERIFY2(std::any_of(listed.begin(), listed.end(), [&](const QString &line) { return line.contains(name); }), qPrintable(name));
        }
        QVERIFY(tag.review()->rowCount() - failedRows >= m_corpus->good().size());
        qInfo("%d files analysed, %d failures listed", tag.review()->rowCount() - failedRows, failedRows);
    }
};

QTEST_MAIN(TestBadInputGui)
#include "tst_badinputgui.moc"
