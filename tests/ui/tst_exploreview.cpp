// Explore as a student meets it (issue 17, items 3, 16, 17): each track's split as a
// column and a filter (left out with the reason); the read-out never names a snippet
// the shown track lacks; a click on the waveform selects its snippet; snippets are
// numbered from 1; a PNG export is titled (track, snippet, contract); "What the network
// sees" has axes and names its snippet. Issue 21, item 4: a library's long tracks show
// their 10 spread windows side by side, each where it really lies in the track.
#include "DatasetFixture.h"
#include "TaggedLibraryFixture.h"
#include "MainWindow.h"
#include "explore/ExploreWorkspace.h"
#include "explore/NetworkInputPanel.h"
#include "models/TrackFilterModel.h"
#include "models/TrackTableModel.h"
#include "views/MatrixImageView.h"
#include "views/SpectrogramView.h"
#include "views/WaveformView.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;
using namespace genrelab::test;

class TestExploreView : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data;

    bool open(MainWindow &window)
    {
        window.resize(1280, 800);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_data);
        return opened.wait(60000);
    }

    // Selects the track named `name`; false when it is not listed.
    static bool select(ExploreWorkspace *explore, const QString &name)
    {
        const QModelIndexList found = explore->filterModel()->match(explore->filterModel()->index(0, TrackTableModel::Name),
                                                                    Qt::DisplayRole, name);
        if (found.size() != 1)
            return false;
        explore->trackView()->setCurrentIndex(found.first());
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabExploreTests"));
        QSettings().clear();
        m_data = m_dir.filePath(QStringLiteral("ten"));
        DatasetFixture::writeLabelled(m_data, {QStringLiteral("drone"), QStringLiteral("hum")}, 10, 3.2);
        // One longer track (4 snippets) and one that cannot be read.
        DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("long")), {QStringLiteral("drone")}, 1, 12.5);
        QFile::rename(m_dir.filePath(QStringLiteral("long/drone/drone.00000.wav")), m_data + QStringLiteral("/drone/long.wav"));
        DatasetFixture::writeGarbage(m_data + QStringLiteral("/hum/broken.wav"));
    }

    void splitColumnAndFilter()
    {
        MainWindow window;
        QVERIFY(open(window));
        ExploreWorkspace *explore = window.explore();
        QAbstractItemModelTester tracksTester(explore->trackModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(explore->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        TrackTableModel *tracks = explore->trackModel();
        QCOMPARE(tracks->headerData(TrackTableModel::Split, Qt::Horizontal).toString(), QStringLiteral("Split"));
        QHash<QString, int> parts;
        for (int row = 0; row < tracks->rowCount(); ++row) {
            const QModelIndex split = tracks->index(row, TrackTableModel::Split);
            parts[split.data().toString()] += 1;
            if (tracks->index(row, TrackTableModel::Name).data().toString() == QLatin1String("broken.wav")) {
                QCOMPARE(split.data().toString(), QStringLiteral("left out"));
                QVERIFY(split.data(Qt::ToolTipRole).toString().contains(QStringLiteral("could not be read")));
            }
        }
        QCOMPARE(parts.value(QStringLiteral("left out")), 1);
        QVERIFY2(parts.value(QStringLiteral("train")) >= 14 && parts.value(QStringLiteral("test")) >= 1
                     && parts.value(QStringLiteral("valid")) >= 1,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(parts.value(QStringLiteral("train"))).arg(parts.value(QStringLiteral("valid")))
                                .arg(parts.value(QStringLiteral("test")))));
        // The filter: one part at a time, from the combo box.
        QComboBox *filter = explore->splitFilter();
        filter->setCurrentIndex(filter->findText(QStringLiteral("test")));
        QCOMPARE(explore->filterModel()->rowCount(), parts.value(QStringLiteral("test")));
        for (int row = 0; row < explore->filterModel()->rowCount(); ++row)
            QCOMPARE(explore->filterModel()->index(row, TrackTableModel::Split).data().toString(), QStringLiteral("test"));
        filter->setCurrentIndex(0);
        QCOMPARE(explore->filterModel()->rowCount(), tracks->rowCount());
        // The study's split: every track is "mixed", with the leak said.
        QSettings().setValue(QStringLiteral("train/split"), QStringLiteral("seed"));
        explore->refreshSplit();
        const int first = tracks->index(0, TrackTableModel::Name).data().toString() == QLatin1String("broken.wav") ? 1 : 0;
        QCOMPARE(tracks->index(first, TrackTableModel::Split).data().toString(), QStringLiteral("mixed"));
        QVERIFY(tracks->index(first, TrackTableModel::Split).data(Qt::ToolTipRole).toString().contains(QStringLiteral("leaks")));
        QSettings().remove(QStringLiteral("train/split"));
    }

    void readoutWaveformClicksAndExports()
    {
        MainWindow window;
        QVERIFY(open(window));
        ExploreWorkspace *explore = window.explore();
        QVERIFY(select(explore, QStringLiteral("long.wav")));
        SpectrogramView *spectrogram = explore->spectrogram();
        QCOMPARE(spectrogram->snippetCount(), 4);
        // Snippets are numbered from 1 in the read-out.
        const QPoint inLast(spectrogram->width() - 80, spectrogram->height() / 2);
        const QString last = spectrogram->readoutAt(inLast);
        QVERIFY2(last.contains(QStringLiteral("snippet 4 of 4")), qPrintable(last));
        QTest::mouseMove(spectrogram, inLast);
        QTRY_VERIFY(explore->readout().contains(QStringLiteral("snippet 4 of 4")));
        // Another track (one snippet): the read-out no longer names snippet 4.
        QVERIFY(select(explore, QStringLiteral("drone.00001.wav")));
        QCOMPARE(spectrogram->snippetCount(), 1);
        QVERIFY2(!explore->readout().contains(QStringLiteral("snippet 4")) && explore->readout().startsWith(QStringLiteral("Contract")),
                 qPrintable(explore->readout()));

        // A click on the waveform selects the snippet under it.
        QVERIFY(select(explore, QStringLiteral("long.wav")));
        WaveformView *waveform = explore->waveform();
        QTRY_VERIFY_WITH_TIMEOUT(waveform->hasEnvelope(), 10000);
        const QRect area = waveform->rect();
        QTest::mouseClick(waveform, Qt::LeftButton, {}, QPoint(area.left() + int(area.width() * 0.55), area.center().y()));
        QCOMPARE(spectrogram->selectedSnippet(), 2); // the third of four
        QVERIFY2(explore->networkInput()->snippetName().contains(QStringLiteral("long.wav — snippet 3 of 4, 6–9 s")),
                 qPrintable(explore->networkInput()->snippetName()));
        // "What the network sees" has axes on both pictures.
        const QList<MatrixImageView *> images = explore->networkInput()->findChildren<MatrixImageView *>();
        QCOMPARE(images.size(), 2);
        for (MatrixImageView *image : images)
            QVERIFY(image->hasAxes());

        // The PNG says what it shows: track, snippet, contract, above the view.
        const QString title = explore->exportTitle();
        QVERIFY2(title.contains(QStringLiteral("long.wav")) && title.contains(QStringLiteral("snippet 3 of 4"))
                     && title.contains(QStringLiteral("Contract v1")),
                 qPrintable(title));
        const QString png = m_dir.filePath(QStringLiteral("view.png"));
        QVERIFY(explore->exportPng(png));
        const QImage image(png);
        QCOMPARE(image.width(), spectrogram->width());
        QVERIFY(image.height() > spectrogram->height() + 20);
    }

    // A tagged library of one-minute tracks opens with 10 windows spread over each: the
    // spectrogram shows them side by side, but its read-out, the waveform (the whole
    // track, each window where it lies) and "what the network sees" use the real starts.
    void spreadWindowsOfLongTracks()
    {
        const QString library = m_dir.filePath(QStringLiteral("library"));
        QVERIFY(QDir().mkpath(library));
        TaggedLibraryFixture fixture(m_dir.filePath(QStringLiteral("scratch")), 60.0);
        for (int i = 0; i < 4; ++i)
            QVERIFY(fixture.write(QStringLiteral("%1/song%2.wav").arg(library).arg(i),
                                  {i % 2 ? QStringLiteral("Jazz") : QStringLiteral("Rock")}));
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        options.minimumTracks = 2;
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(library, options);
        QVERIFY(opened.wait(120000));
        ExploreWorkspace *explore = window.explore();
        QVERIFY(select(explore, QStringLiteral("song0.wav")));
        SpectrogramView *spectrogram = explore->spectrogram();
        QCOMPARE(spectrogram->snippetCount(), 10);
        QVERIFY(spectrogram->showsSpreadWindows());
        const std::vector<double> starts = spectrogram->starts();
        QCOMPARE(starts.size(), std::size_t(10));
        QVERIFY(starts.front() < 6.0 && starts.back() + 3.0 > 54.0); // the whole minute, not its first 30 s

        // The read-out in the last window names its time in the track.
        const QString last = spectrogram->readoutAt(QPoint(spectrogram->width() - 80, spectrogram->height() / 2));
        QVERIFY2(last.contains(QStringLiteral("snippet 10 of 10")), qPrintable(last));
        const double seconds = last.section(u' ', 0, 0).toDouble();
        QVERIFY2(seconds >= starts.back() && seconds <= starts.back() + 3.0, qPrintable(last));

        // The waveform spans the whole track: a click at 27 s selects the window holding it.
        WaveformView *waveform = explore->waveform();
        QTRY_VERIFY_WITH_TIMEOUT(waveform->hasEnvelope(), 30000);
        const int left = 56, right = 70; // WaveformView's margins, as SpectrogramView's
        const double clickAt = 27.0;
        int expected = 0;
        while (expected + 1 < 10 && starts[std::size_t(expected) + 1] <= clickAt)
            ++expected;
        QTest::mouseClick(waveform, Qt::LeftButton, {},
                          QPoint(left + int((waveform->width() - left - right) * clickAt / 60.0), waveform->height() / 2));
        QCOMPARE(spectrogram->selectedSnippet(), expected);
        const double start = starts[std::size_t(expected)];
        const QString name = explore->networkInput()->snippetName();
        QVERIFY2(name.contains(QStringLiteral("snippet %1 of 10, %2–%3 s").arg(expected + 1)
                                   .arg(start, 0, 'g', 4).arg(start + 3.0, 0, 'g', 4)),
                 qPrintable(name));
    }
};

QTEST_MAIN(TestExploreView)
#include "tst_exploreview.moc"
