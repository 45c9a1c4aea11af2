// The Tag library's review as a student meets it (issue 17, items 6 and 7): every
// suggestion shown by default, a note and a one-click way back when a filter hides rows,
// the displayed percent and the filter agree; Write tags… lists each file's genre
// old → new before writing; Undo asks and says what it restored; accept / reject /
// picked genre survive a restart (kept in the catalog).
#include "DatasetFixture.h"
#include "SharedData.h"
#include "library/LibraryCatalog.h"
#include "library/TagFile.h"
#include "models/ReviewFilterModel.h"
#include "models/ReviewTableModel.h"
#include "playback/PlaybackController.h"
#include "tag/TagWorkspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace genrelab;
using namespace genrelab::test;

namespace {

const QStringList kClasses{QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")};

CatalogTrack analysed(const QString &path, int label, double confidence, const QString &genre = QStringLiteral("Unknown"))
{
    CatalogTrack t;
    t.path = path;
    const QFileInfo info(path);
    t.size = info.exists() ? info.size() : 1000;
    t.modified = info.exists() ? info.lastModified() : QDateTime::fromSecsSinceEpoch(1700000000);
    t.duration = 12.0;
    t.genreTag = genre;
    t.model = QStringLiteral("test-model");
    t.label = label;
    t.confidence = confidence;
    t.meanProbabilities = {0.2f, 0.3f, 0.5f};
    return t;
}

// Runs `inspect` on the next modal dialog once it is up, then clicks its button `name`.
void onNextDialog(const std::function<void(QWidget *)> &inspect, const QString &name)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, inspect, name] {
        QWidget *box = QApplication::activeModalWidget();
        if (!box)
            return;
        timer->stop();
        timer->deleteLater();
        inspect(box);
        if (auto *button = box->findChild<QPushButton *>(name))
            button->click();
        else if (auto *message = qobject_cast<QMessageBox *>(box))
            message->accept();
        else
            box->close();
    });
    timer->start();
}

} // namespace

class TestTagReview : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_music;

    void writeCatalog(const std::vector<CatalogTrack> &tracks)
    {
        LibraryCatalog catalog(LibraryCatalog::defaultPathFor(m_music));
        catalog.setClasses(QStringLiteral("test-model"), kClasses);
        catalog.store(tracks);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTagReviewTests"));
        QSettings().clear();
        m_music = m_dir.filePath(QStringLiteral("music"));
        QDir().mkpath(m_music);
        QSettings().setValue(QStringLiteral("tag/folder"), m_music);
    }

    void displayAndFilterAgree()
    {
        ReviewTableModel review;
        ReviewFilterModel filter;
        filter.setSourceModel(&review);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        review.setTracks({analysed(QStringLiteral("/m/a.mp3"), 2, 0.4972), analysed(QStringLiteral("/m/b.mp3"), 1, 0.4949)}, kClasses);
        QCOMPARE(review.index(0, ReviewTableModel::Confidence).data().toString(), QStringLiteral("50 %"));
        QCOMPARE(review.index(1, ReviewTableModel::Confidence).data().toString(), QStringLiteral("49 %"));
        QVERIFY(!filter.isFiltering());
        QCOMPARE(filter.rowCount(), 2);
        filter.setMinConfidence(0.50);
        QCOMPARE(filter.rowCount(), 1); // what reads "50 %" passes "≥ 50 %", "49 %" does not
        QCOMPARE(filter.index(0, ReviewTableModel::Confidence).data().toString(), QStringLiteral("50 %"));
        QCOMPARE(filter.hiddenCount(), 1);
        QCOMPARE(review.acceptAbove(0.50), 1); // "Accept all above" draws the same line
        QVERIFY(review.isRejected(1) == false);
    }

    void decisionsRoundTripThroughTheCatalog()
    {
        ReviewTableModel review;
        QSignalSpy decided(&review, &ReviewTableModel::decisionsChanged);
        review.setTracks({analysed(QStringLiteral("/m/a.mp3"), 2, 0.9), analysed(QStringLiteral("/m/b.mp3"), 1, 0.8),
                          analysed(QStringLiteral("/m/c.mp3"), 0, 0.7), analysed(QStringLiteral("/m/d.mp3"), 0, 0.6)},
                         kClasses);
        review.setAccepted(0, true);
        review.setRejected(1);
        review.setChoice(2, 1); // jazz instead of blues: accepted
        QCOMPARE(decided.count(), 3);
        const std::vector<ReviewDecision> decisions = review.decisions();
        QCOMPARE(decisions.size(), std::size_t(3)); // d is undecided
        const QString db = m_dir.filePath(QStringLiteral("decisions.sqlite"));
        {
            LibraryCatalog catalog(db);
            catalog.storeDecisions(QStringLiteral("/m"), decisions);
            catalog.storeDecisions(QStringLiteral("/other"), {{QStringLiteral("/other/x.mp3"), ReviewDecision::State::Accepted, QStringLiteral("rock")}});
        }
        ReviewTableModel again;
        again.setTracks({analysed(QStringLiteral("/m/a.mp3"), 2, 0.9), analysed(QStringLiteral("/m/b.mp3"), 1, 0.8),
                         analysed(QStringLiteral("/m/c.mp3"), 0, 0.7), analysed(QStringLiteral("/m/d.mp3"), 0, 0.6)},
                        kClasses);
        again.applyDecisions(LibraryCatalog(db).decisions(QStringLiteral("/m")));
        QCOMPARE(again.acceptedCount(), 2);
        QVERIFY(again.isRejected(1));
        QCOMPARE(again.index(1, ReviewTableModel::Accept).data().toString(), QStringLiteral("rejected"));
        QCOMPARE(again.genreFor(2), QStringLiteral("jazz"));
        QCOMPARE(again.genreFor(3), QStringLiteral("blues"));
        QCOMPARE(LibraryCatalog(db).decisions(QStringLiteral("/other")).size(), std::size_t(1)); // another folder's stay
    }

    void showsEverythingAndSaysWhatAFilterHides()
    {
        QSettings().remove(QStringLiteral("tag/minConfidence"));
        writeCatalog({analysed(m_music + QStringLiteral("/a.flac"), 2, 0.31), analysed(m_music + QStringLiteral("/b.flac"), 1, 0.4972),
                      analysed(m_music + QStringLiteral("/c.flac"), 0, 0.45)});
        PlaybackController player;
        TagWorkspace tag(&player);
        tag.show();
        QCOMPARE(tag.review()->rowCount(), 3);
        QCOMPARE(tag.filter()->rowCount(), 3); // the default hides nothing
        QVERIFY(tag.hiddenNote()->isHidden());
        QVERIFY(tag.showAllButton()->isHidden());
        QSpinBox *spin = nullptr;
        for (QSpinBox *box : tag.findChildren<QSpinBox *>())
            if (!box->prefix().isEmpty()) // "confidence ≥ "
                spin = box;
        QVERIFY(spin);
        spin->setValue(50);
        QCOMPARE(tag.filter()->rowCount(), 1);
        QVERIFY(tag.hiddenNote()->isVisible());
        QVERIFY(tag.hiddenNote()->text().contains(QStringLiteral("2 hidden")));
        QVERIFY(tag.showAllButton()->isVisible());
        QTest::mouseClick(tag.showAllButton(), Qt::LeftButton);
        QCOMPARE(tag.filter()->rowCount(), 3);
        QVERIFY(tag.hiddenNote()->isHidden());
    }

    void writeListsEachFileThenUndoAsksAndReports()
    {
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("needs the ffmpeg command to encode FLAC files");
        QStringList flacs;
        for (const QString &wav : DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("src")), {QStringLiteral("x")}, 2, 3.5)) {
            const QString flac = m_music + u'/' + QFileInfo(wav).completeBaseName() + QStringLiteral(".flac");
            QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), wav,
                                                     QStringLiteral("-metadata"), QStringLiteral("genre=Pop"), flac}), 0);
            flacs << flac;
        }
        QFile::remove(LibraryCatalog::defaultPathFor(m_music));
        writeCatalog({analysed(flacs[0], 2, 0.9, QStringLiteral("Pop")), analysed(flacs[1], 1, 0.8, QStringLiteral("Pop"))});
        PlaybackController player;
        auto tag = std::make_unique<TagWorkspace>(&player);
        tag->show();
        QCOMPARE(tag->review()->rowCount(), 2);
        tag->review()->setAccepted(0, true);
        tag->review()->setChoice(1, 0); // blues instead of jazz
        // Write tags… lists each file with its genre now → after; Cancel writes nothing.
        QStringList listed;
        const auto readList = [&listed](QWidget *dialog) {
            listed.clear();
            auto *files = dialog->findChild<QTreeWidget *>(QStringLiteral("changes"));
            for (int i = 0; files && i < files->topLevelItemCount(); ++i) {
                const QTreeWidgetItem *item = files->topLevelItem(i);
                listed << QStringLiteral("%1 %2→%3 %4").arg(item->text(0), item->text(1), item->text(2), item->text(3));
            }
        };
        onNextDialog(readList, QStringLiteral("cancel"));
        tag->confirmAndWrite();
        QCOMPARE(listed.size(), 2);
        QVERIFY2(listed.contains(QStringLiteral("x.00000.flac Pop→rock will be written")), qPrintable(listed.join(u'|')));
        QVERIFY2(listed.contains(QStringLiteral("x.00001.flac Pop→blues will be written")), qPrintable(listed.join(u'|')));
        QCOMPARE(TagFile::read(flacs[0]).genre, QStringLiteral("Pop"));

        QSignalSpy written(tag.get(), &TagWorkspace::written);
        onNextDialog(readList, QStringLiteral("accept"));
        tag->confirmAndWrite();
        QVERIFY(written.wait(30000));
        QCOMPARE(TagFile::read(flacs[0]).genre, QStringLiteral("rock"));

        // Undo asks (listing rock → Pop), then reports what it restored.
        QStringList report;
        onNextDialog(readList, QStringLiteral("accept"));
        QTimer reportWatch;
        reportWatch.setInterval(20);
        connect(&reportWatch, &QTimer::timeout, this, [&report] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                report << box->text();
                box->accept();
            }
        });
        reportWatch.start();
        tag->confirmAndUndo();
        QVERIFY2(listed.contains(QStringLiteral("x.00000.flac rock→Pop will be restored")), qPrintable(listed.join(u'|')));
        QVERIFY(written.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!report.isEmpty(), 10000);
        QVERIFY2(report.first().contains(QStringLiteral("restored 2 file(s)")) && report.first().contains(QStringLiteral("x.00000.flac: Pop")),
                 qPrintable(report.first()));
        QCOMPARE(TagFile::read(flacs[0]).genre, QStringLiteral("Pop"));

        // The decisions (accepted; blues picked) come back after a restart.
        tag->review()->setRejected(0);
        QTest::qWait(50); // saved once the event loop is back
        tag.reset();
        TagWorkspace again(&player);
        QCOMPARE(again.review()->rowCount(), 2);
        QVERIFY(again.review()->isRejected(0));
        QCOMPARE(again.review()->acceptedCount(), 1);
        QCOMPARE(again.review()->genreFor(1), QStringLiteral("blues"));
    }
};

QTEST_MAIN(TestTagReview)
#include "tst_tagreview.moc"
