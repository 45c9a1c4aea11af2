// The window's trust and guidance (issue 17, items 10, 11, 12, 13, 15): every workspace
// usable at 1024×700 with no clipped widget; Ctrl+F reaches the workspace's filter and
// F1 the help at the workspace's page; a window icon from the resources and a desktop
// entry that names its window class and takes the paths the app accepts (dataset, run,
// .genrelab model, audio files); a note where playback is offered when there is no audio
// output; a step guide along the workspaces, dismissible and back from Help.
#include "DatasetFixture.h"
#include "LaunchRequest.h"
#include "MainWindow.h"
#include "explore/ExploreWorkspace.h"
#include "help/GuideText.h"
#include "help/HelpDialog.h"
#include "help/StepGuide.h"
#include "models/EpochTableModel.h"
#include "models/TrackTableModel.h"
#include "ml/RunDirectory.h"
#include "tag/TagWorkspace.h"
#include "train/TrainWorkspace.h"
#include "views/AudioOutputNote.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;
using namespace genrelab::test;

namespace {

// Widgets a user cannot use: a visible one outside its parent's rectangle or squeezed
// below its minimum size hint (a layout that does not fit).
QStringList clippedWidgets(QWidget *root)
{
    QStringList clipped;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisible() || w->isWindow() || !w->parentWidget() || w->objectName().startsWith(QLatin1String("qt_")))
            continue; // (Qt's own parts of a widget, such as a spin box's line edit, are the widget's business)
        // Scrolled content and a tab bar's scroll buttons move on purpose.
        bool scrolled = false;
        for (QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget())
            if (qobject_cast<QAbstractScrollArea *>(p) || qobject_cast<QTabBar *>(p))
                scrolled = true;
        if (scrolled)
            continue;
        const QString name = QStringLiteral("%1 \"%2\" in %3").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                                                  QString::fromLatin1(w->parentWidget()->metaObject()->className()));
        const QRect inParent = w->parentWidget()->rect();
        if (!inParent.contains(w->geometry()) && !qobject_cast<QMenuBar *>(w->parentWidget()))
            clipped << name + QStringLiteral(" sticks out: %1 of %2").arg(QStringLiteral("%1,%2 %3×%4").arg(w->x()).arg(w->y()).arg(w->width()).arg(w->height()),
                                                                         QStringLiteral("%1×%2").arg(inParent.width()).arg(inParent.height()));
        const QSize hint = w->minimumSizeHint();
        const QSizePolicy policy = w->sizePolicy();
        const bool ignoresHint = policy.horizontalPolicy() == QSizePolicy::Ignored || policy.verticalPolicy() == QSizePolicy::Ignored;
        if (hint.isValid() && !ignoresHint && w->minimumSize().isNull()
            && (w->width() < hint.width() - 1 || w->height() < hint.height() - 1))
            clipped << name + QStringLiteral(" squeezed: %1×%2 < %3×%4").arg(w->width()).arg(w->height()).arg(hint.width()).arg(hint.height());
    }
    return clipped;
}

} // namespace

class TestGuidedGui : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    bool open(MainWindow &window)
    {
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(QStringLiteral("mine")));
        return opened.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabGuideTests"));
        QSettings().clear();
        DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("mine")), {QStringLiteral("drone"), QStringLiteral("hum")}, 3, 6.2);
        // A long file name, as real libraries have: selected, it must not widen the window.
        QFile::rename(m_dir.filePath(QStringLiteral("mine/drone/drone.00000.wav")),
                      m_dir.filePath(QStringLiteral("mine/drone/") + QString(70, u'a') + QStringLiteral(" - ") + QString(70, u'b')
                                     + QStringLiteral(".wav")));
    }

    void everyWorkspaceFitsIn1024x700()
    {
        MainWindow window;
        QVERIFY(open(window));
        QVERIFY(window.explore()->selectTrack(m_dir.filePath(QStringLiteral("mine/drone/") + QString(70, u'a') + QStringLiteral(" - ")
                                                             + QString(70, u'b') + QStringLiteral(".wav"))));
        QStringList problems;
        for (int tab = 0; tab < window.workspaces()->count(); ++tab) {
            window.workspaces()->setCurrentIndex(tab);
            window.resize(1024, 700);
            QTest::qWait(50);
            if (window.width() > 1024 || window.height() > 700)
                problems << QStringLiteral("tab %1: the window stays %2×%3 (minimum %4×%5)").arg(tab).arg(window.width())
                                .arg(window.height()).arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height());
            for (const QString &clipped : clippedWidgets(window.workspaces()->currentWidget()))
                problems << QStringLiteral("tab %1: %2").arg(tab).arg(clipped);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void ctrlFFocusesTheFilterAndF1OpensHelp()
    {
        MainWindow window;
        QVERIFY(open(window));
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.workspaces()->setCurrentWidget(window.explore());
        window.train()->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(QApplication::focusWidget());
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("workspaceFilter"));
        QVERIFY(window.explore()->isAncestorOf(QApplication::focusWidget()));
        window.workspaces()->setCurrentWidget(window.tag());
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(window.tag()->isAncestorOf(QApplication::focusWidget()));
        window.workspaces()->setCurrentWidget(window.train());
        QVERIFY(!window.focusFilter()); // Train has no filter: nothing happens

        QTest::keyClick(&window, Qt::Key_F1);
        QVERIFY(window.help() && window.help()->isVisible());
        QCOMPARE(window.help()->pages()->currentIndex(), 1); // Train's page
        QCOMPARE(window.help()->pages()->count(), GuideText::workspaceCount() + 1);
        window.help()->close();
    }

    void stepGuideFollowsTheWorkspacesAndComesBack()
    {
        MainWindow window;
        window.show();
        StepGuide *guide = window.guide();
        QVERIFY(guide->isVisible());
        window.workspaces()->setCurrentIndex(0);
        QVERIFY(guide->text().contains(QStringLiteral("Step 1 of 4")));
        window.workspaces()->setCurrentIndex(1);
        QVERIFY(guide->text().contains(QStringLiteral("gap between training and validation accuracy is overfitting")));
        QTest::mouseClick(guide->findChild<QPushButton *>(QStringLiteral("hideGuide")), Qt::LeftButton);
        QVERIFY(!guide->isVisible());
        {
            MainWindow again; // dismissed stays dismissed
            again.show();
            QVERIFY(!again.guide()->isVisible());
            again.guide()->reopen(); // Help → Show the step guide
            QVERIFY(again.guide()->isVisible());
        }
        MainWindow third;
        third.show();
        QVERIFY(third.guide()->isVisible());
        // Tooltips that teach: Split and Gap %.
        QVERIFY(third.findChildren<QWidget *>().size() > 0);
        EpochTableModel epochs;
        QVERIFY(epochs.headerData(EpochTableModel::Gap, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("overfitting")));
    }

    void windowIconAndDesktopEntry()
    {
        MainWindow window;
        QVERIFY(!window.windowIcon().isNull());
        QVERIFY(!window.windowIcon().pixmap(64).isNull());
        const QString path = QFINDTESTDATA("../../resources/org.genrelab.GenreLab.desktop");
        QFile desktop(path);
        QVERIFY2(desktop.open(QIODevice::ReadOnly), qPrintable(path));
        const QString entry = QString::fromUtf8(desktop.readAll());
        QVERIFY(entry.contains(QStringLiteral("\nStartupWMClass=genrelab\n")));
        QVERIFY(entry.contains(QStringLiteral("\nExec=genrelab %F\n")));
    }

    void launchPathsAreClassified()
    {
        const QString data = m_dir.filePath(QStringLiteral("mine"));
        QCOMPARE(LaunchRequest::classify({}).kind, LaunchRequest::Kind::Nothing);
        QCOMPARE(LaunchRequest::classify({data}).kind, LaunchRequest::Kind::Dataset);
        const QString run = m_dir.filePath(QStringLiteral("run"));
        QDir().mkpath(run);
        QFile config(RunDirectory(run).configPath());
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.close();
        QCOMPARE(LaunchRequest::classify({run}).kind, LaunchRequest::Kind::Run);
        const QString bundle = m_dir.filePath(QStringLiteral("model.genrelab"));
        QFile(bundle).open(QIODevice::WriteOnly);
        QCOMPARE(LaunchRequest::classify({bundle}).kind, LaunchRequest::Kind::Model);
        const QString a = data + QStringLiteral("/hum/hum.00001.wav"), b = data + QStringLiteral("/hum/hum.00002.wav");
        const LaunchRequest audio = LaunchRequest::classify({a, b});
        QCOMPARE(audio.kind, LaunchRequest::Kind::AudioFiles);
        QCOMPARE(audio.path, data + QStringLiteral("/hum"));
        QCOMPARE(audio.files, (QStringList{a, b}));
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile(text).open(QIODevice::WriteOnly);
        const LaunchRequest bad = LaunchRequest::classify({text});
        QCOMPARE(bad.kind, LaunchRequest::Kind::Invalid);
        QVERIFY(bad.problem.contains(QStringLiteral("notes.txt")) && bad.problem.contains(QStringLiteral("audio file")));
        QCOMPARE(LaunchRequest::classify({m_dir.filePath(QStringLiteral("gone"))}).kind, LaunchRequest::Kind::Invalid);

        // Audio files on the command line: their folder opens with the first selected.
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        QVERIFY(window.openPaths({b}));
        QVERIFY(opened.wait(30000));
        const int track = window.explore()->currentTrack();
        QVERIFY(track >= 0);
        QCOMPARE(window.explore()->trackModel()->dataset().tracks()[std::size_t(track)].path, b);
    }

    void noAudioOutputIsSaidWherePlaybackIsOffered()
    {
        MainWindow window;
        window.show();
        const QList<AudioOutputNote *> notes = window.findChildren<AudioOutputNote *>();
        QVERIFY(notes.size() >= 2); // Explore and Tag library
        for (AudioOutputNote *note : notes) {
            QCOMPARE(note->isHidden(), AudioOutputNote::hasAudioOutput());
            QVERIFY(note->text().contains(QStringLiteral("No audio output device")));
        }
        notes.first()->setHasOutput(false);
        QVERIFY(!notes.first()->isHidden());
        notes.first()->setHasOutput(true);
        QVERIFY(notes.first()->isHidden());
    }
};

QTEST_MAIN(TestGuidedGui)
#include "tst_guidedgui.moc"
