// The Tag library workspace driven offscreen on FLAC files the test encodes: Analyse
// on the worker fills the review (a broken file shows in the failures list with its
// reason), filters and bulk acceptance work, the genre words are what gets written,
// Write changes exactly the accepted files' genres (the audio stays bit-identical) and
// Undo restores them.
#include "playback/PlaybackController.h"
#include "DatasetFixture.h"
#include "SharedData.h"
#include "audio/AudioChecksum.h"
#include "library/GenreVocabulary.h"
#include "library/TagFile.h"
#include "ml/BundleConverter.h"
#include "models/ReviewFilterModel.h"
#include "models/ReviewTableModel.h"
#include "tag/TagWorkspace.h"
#include "MainWindow.h"
#include "TaggedLibraryFixture.h"
#include "data/Dataset.h"
#include "train/TrainWorkspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;
using namespace genrelab::test;

class TestTagWorkspace : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_music, m_model;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTagTests"));
        QSettings().clear();
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("needs the ffmpeg command to encode FLAC files");
        m_music = m_dir.filePath(QStringLiteral("music"));
        QDir().mkpath(m_music + QStringLiteral("/album"));
        for (const QString &wav : DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("src")), {QStringLiteral("x"), QStringLiteral("y")}, 3, 12.0))
            QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), wav,
                                                     QStringLiteral("-metadata"), QStringLiteral("genre=Unknown"),
                                                     QStringLiteral("-metadata"), QStringLiteral("artist=Tester"),
                                                     m_music + QStringLiteral("/album/") + QFileInfo(wav).completeBaseName() + QStringLiteral(".flac")}), 0);
        DatasetFixture::writeGarbage(m_music + QStringLiteral("/album/broken.mp3"));
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("hiphop"), QStringLiteral("rock")}).write(m_model);
        GenreVocabulary words;
        words.set(QStringLiteral("hiphop"), QStringLiteral("Hip-Hop"));
        QSettings().setValue(QStringLiteral("tag/vocabulary"), words.toText());
        QSettings().setValue(QStringLiteral("tag/minConfidence"), 0);
    }

    void analyseReviewWriteAndUndo()
    {
        PlaybackController player;
        TagWorkspace tag(&player);
        tag.show();
        QAbstractItemModelTester reviewTester(tag.review(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(tag.filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        tag.setLibraryFolder(m_music);
        tag.setModel(m_model);
        QSignalSpy analysed(&tag, &TagWorkspace::analysed);
        tag.analyse();
        QVERIFY(tag.isBusy());
        QVERIFY(analysed.wait(60000));
        QCOMPARE(tag.review()->rowCount(), 7);
        QCOMPARE(tag.failures()->count(), 1);
        QVERIFY(tag.failures()->item(0)->text().contains(QStringLiteral("broken.mp3")));
        QVERIFY(tag.failures()->isVisibleTo(&tag));

        // Nothing accepted yet: writing is refused with a hint, nothing changes.
        QVERIFY(tag.review()->changes().empty());
        // Select two rows in the view and accept them.
        tag.view()->selectRow(0);
        tag.view()->selectionModel()->select(tag.filter()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        tag.acceptSelected();
        QCOMPARE(tag.review()->acceptedCount(), 2);
        tag.rejectSelected();
        QCOMPARE(tag.review()->acceptedCount(), 0);
        tag.acceptAboveThreshold(); // the confidence filter is at 0 %: every analysed track
        QCOMPARE(tag.review()->acceptedCount(), 6);

        QMap<QString, QByteArray> audioBefore;
        for (const TagChange &change : tag.review()->changes())
            audioBefore.insert(change.path, AudioChecksum::ofPackets(change.path));
        QSignalSpy written(&tag, &TagWorkspace::written);
        tag.writeAccepted();
        QVERIFY(written.wait(60000));
        const QStringList allowed = {QStringLiteral("blues"), QStringLiteral("Hip-Hop"), QStringLiteral("rock")};
        for (const TagChange &change : tag.review()->changes()) {
            QVERIFY2(allowed.contains(TagFile::read(change.path).genre), qPrintable(change.path));
            QCOMPARE(AudioChecksum::ofPackets(change.path), audioBefore.value(change.path));
            QCOMPARE(change.oldGenre, TagFile::read(change.path).genre); // the review knows the new tag
        }
        QVERIFY(QFileInfo::exists(tag.lastJournal()));

        tag.undoLastWrite();
        QVERIFY(written.wait(60000));
        for (const QString &path : audioBefore.keys()) {
            QCOMPARE(TagFile::read(path).genre, QStringLiteral("Unknown"));
            QCOMPARE(AudioChecksum::ofPackets(path), audioBefore.value(path));
        }
        for (int row = 0; row < tag.review()->rowCount(); ++row)
            if (tag.review()->track(row).ok())
                QCOMPARE(tag.review()->track(row).genreTag, QStringLiteral("Unknown")); // the review follows the undo
    }

    void reopeningShowsTheCatalogWithoutAnalysing()
    {
        QSettings().setValue(QStringLiteral("tag/folder"), m_music);
        PlaybackController player;
        TagWorkspace tag(&player);
        QCOMPARE(tag.review()->rowCount(), 7);
        QSignalSpy analysed(&tag, &TagWorkspace::analysed);
        tag.setModel(m_model);
        tag.analyse();
        QVERIFY(analysed.wait(60000));
        const auto result = analysed.first().first().value<LibraryAnalyzer::Result>();
        QCOMPARE(result.upToDate, 7); // nothing changed since: nothing decoded again
    }

    // Two models analysed one library: the review shows the chosen model's suggestions
    // under its own class names, never one model's label numbers read as the other's.
    void eachModelsSuggestionsKeepTheirOwnClasses()
    {
        const QString other = m_dir.filePath(QStringLiteral("other.genrelab"));
        const QStringList otherClasses{QStringLiteral("jazz"), QStringLiteral("metal")};
        BundleConverter::untrained(otherClasses).write(other);
        QSettings().setValue(QStringLiteral("tag/folder"), m_music);
        PlaybackController player;
        TagWorkspace tag(&player);
        tag.setModel(other);
        QSignalSpy analysed(&tag, &TagWorkspace::analysed);
        tag.analyse();
        QVERIFY(analysed.wait(60000));
        QCOMPARE(tag.review()->classes(), otherClasses);
        const auto analysedRows = [&tag] {
            int rows = 0;
            for (int row = 0; row < tag.review()->rowCount(); ++row)
                rows += tag.review()->track(row).ok() ? 1 : 0;
            return rows;
        };
        QCOMPARE(analysedRows(), 6);

        // The first model's classes, and none of the other model's verdicts under them.
        QSignalSpy status(&tag, &TagWorkspace::status);
        tag.setModel(m_model);
        QCOMPARE(tag.review()->classes(), QStringList({QStringLiteral("blues"), QStringLiteral("hiphop"), QStringLiteral("rock")}));
        QCOMPARE(analysedRows(), 0);
        QVERIFY(!status.isEmpty() && status.last().first().toString().contains(QStringLiteral("another model")));
        tag.setModel(other);
        QCOMPARE(tag.review()->classes(), otherClasses);
        QCOMPARE(analysedRows(), 6);
    }
    // The loop closes (issue 21, item 5): "Train on its tags…" opens the library as a
    // dataset labelled by its genre tags (spellings merged, a too-small genre and the
    // untagged left out of the classes), brings Train forward, and the run trained there
    // records its label source and becomes Tag's model for the same folder.
    void trainingOnTheLibrarysTagsBecomesTagsModel()
    {
        const QString library = m_dir.filePath(QStringLiteral("tagged"));
        TaggedLibraryFixture fixture(m_dir.filePath(QStringLiteral("tag-scratch")), 3.2);
        const QStringList genres[] = {{QStringLiteral("Soul"), QStringLiteral("soul")},
                                      {QStringLiteral("Hip-Hop"), QStringLiteral("hip hop")}};
        for (int g = 0; g < 2; ++g)
            for (int i = 0; i < 6; ++i)
                QVERIFY(fixture.write(library + QStringLiteral("/g%1-%2.wav").arg(g).arg(i), {genres[g][i % 2]},
                                      QStringLiteral("Artist %1%2").arg(g).arg(i % 3)));
        QVERIFY(fixture.write(library + QStringLiteral("/jazz.wav"), {QStringLiteral("Jazz")}));
        QVERIFY(fixture.write(library + QStringLiteral("/untagged.wav"), {}));

        MainWindow window;
        window.tag()->setLibraryFolder(library);
        QVERIFY(window.tag()->trainOnTagsButton()->isEnabled());
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.tag()->trainOnTagsButton()->click();
        QVERIFY(opened.wait(60000));
        QCOMPARE(window.workspaces()->currentWidget(), window.train());
        QCOMPARE(window.train()->dataset().kind(), Dataset::Kind::TagLibrary);
        QCOMPARE(window.train()->dataset().labels(), (QStringList{QStringLiteral("Hip-Hop"), QStringLiteral("Soul")}));

        window.train()->epochsBox()->setValue(1);
        QSignalSpy finished(window.train(), &TrainWorkspace::runFinished);
        window.train()->start();
        QVERIFY(finished.wait(180000));
        const QString runDir = finished.first().first().toString();
        QCOMPARE(window.tag()->model(), runDir);
        QCOMPARE(window.tag()->libraryFolder(), library);
        QFile config(runDir + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("dataset_labels")).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("tags"));
    }
};

QTEST_MAIN(TestTagWorkspace)
#include "tst_tagworkspace.moc"
