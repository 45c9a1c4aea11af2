// genrelab: the desktop application. All of it lives in genrelab_ui and genrelab_core.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("GenreLab"));
    QApplication::setOrganizationName(QStringLiteral("GenreLab"));
    QApplication::setApplicationVersion(QStringLiteral(GENRELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("genrelab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore music-genre classification end to end."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset folder to open (default: the last one, "
                                                                            "else the built-in demo)."), QStringLiteral("[DATASET]"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the synthesised demo dataset."));
    parser.addOption(demo);
    // For the README's pictures: grab the window once the dataset is open, then quit.
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window once the dataset is open, then quit."),
                                        QStringLiteral("FILE"));
    parser.addOption(screenshot);
    parser.process(app);

    genrelab::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QObject::connect(&window, &genrelab::MainWindow::datasetOpened, &window, [&window, file] {
            QTimer::singleShot(800, &window, [&window, file] {
                window.grab().save(file);
                QApplication::quit();
            });
        });
    }
    if (parser.isSet(demo))
        window.openDemo();
    else if (!parser.positionalArguments().isEmpty())
        window.openDataset(parser.positionalArguments().first());
    else
        window.openStartupDataset();
    return QApplication::exec();
}
