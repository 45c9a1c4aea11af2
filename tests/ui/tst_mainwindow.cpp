#include "MainWindow.h"

#include <QSettings>
#include <QTabWidget>
#include <QTest>

using namespace genrelab;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTests"));
        QSettings().clear();
    }

    void opensWithFourWorkspaces()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.workspaces()->count(), 4);
        QCOMPARE(window.workspaces()->tabText(0), QStringLiteral("&Explore"));
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
