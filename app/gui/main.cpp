// genrelab: the desktop application. This executable links Qt Widgets and little else:
// it parses the command line, shows a first window, and only then loads genrelab-gui.so
// (the main window, genrelab_ui, genrelab_core and LibTorch), which takes most of a
// second (issue 24, item 4). GENRELAB_STARTUP_TIMING=1 prints when each window appears.
#include "GuiModule.h"
#include "GuiOptions.h"
#include "StartupWindow.h"
#include "launch/OnDemandModule.h"
#include "launch/ProcessUptime.h"
#include "util/DataHome.h"

#include <QApplication>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

void reportTiming(const char *what)
{
    if (qEnvironmentVariableIsSet("GENRELAB_STARTUP_TIMING"))
        std::fprintf(stderr, "genrelab: %s after %.0f ms\n", what, genrelab::millisecondsSinceProcessStart());
}

// Loads the GUI module and opens the main window; null (after saying why) if it cannot.
std::unique_ptr<QWidget> openMainWindow(const genrelab::GuiOptions &options, QWidget *startup)
{
    genrelab::OnDemandModule module(QString::fromLatin1(genrelab::kGuiModuleFile));
    const auto open = reinterpret_cast<genrelab::GuiOpenFunction>(module.resolve(genrelab::kGuiEntryPoint));
    if (!open) {
        std::fprintf(stderr, "genrelab: %s\n", qPrintable(module.errorString()));
        QMessageBox::critical(startup, QStringLiteral("GenreLab"),
                              QObject::tr("GenreLab is incompletely installed: %1").arg(module.errorString()));
        return nullptr;
    }
    return std::unique_ptr<QWidget>(open(options));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // One name for data, cache and settings, shared with genrelab-cli (util/DataHome.h):
    // QSettings() is then ~/.config/genrelab/genrelab.conf. Windows still say "GenreLab".
    QApplication::setApplicationName(QString::fromLatin1(genrelab::DataHome::applicationName));
    QApplication::setOrganizationName(QString::fromLatin1(genrelab::DataHome::applicationName));
    QApplication::setApplicationDisplayName(QStringLiteral("GenreLab"));
    QApplication::setApplicationVersion(QStringLiteral(GENRELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.genrelab.GenreLab"));

    for (const QString &line : genrelab::DataHome::migrate())
        qInfo("%s", qPrintable(line));

    genrelab::GuiOptions options;
    options.parser.process(app);

    genrelab::StartupWindow startup;
    if (options.parser.isSet(options.screenshot))
        startup.resize(1280, 800);
    std::unique_ptr<QWidget> window; // deleted before the application, as MainWindow expects
    QObject::connect(&startup, &genrelab::StartupWindow::firstPainted, &startup, [&] {
        reportTiming("first window shown");
        // Queued, then synced with the window system: the painted frame reaches the screen
        // before loading blocks the thread.
        QTimer::singleShot(0, &startup, [&] {
            QGuiApplication::sync();
            window = openMainWindow(options, &startup);
            if (!window) {
                QApplication::exit(1);
                return;
            }
            reportTiming("main window shown");
            startup.hide();
        });
    });
    startup.show();
    return QApplication::exec();
}
