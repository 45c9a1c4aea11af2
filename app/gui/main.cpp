// genrelab: the desktop application. All of it lives in genrelab_ui and genrelab_core.
#include "MainWindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("GenreLab"));
    QApplication::setOrganizationName(QStringLiteral("GenreLab"));
    QApplication::setApplicationVersion(QStringLiteral(GENRELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("genrelab"));

    genrelab::MainWindow window;
    window.show();
    return QApplication::exec();
}
