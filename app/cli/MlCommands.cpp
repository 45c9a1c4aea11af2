// genrelab-cli-ml.so: the commands of CommandList.h marked kInModule, with all of
// genrelab_core. genrelab-cli dispatches; this only makes and runs the command it names.
#include "MlCommands.h"

#include "CliApplication.h"
#include "CommandList.h"
#include "GuardedRun.h"

#include <QGuiApplication>

#include <cstdio>
#include <memory>

namespace {

using namespace genrelab::cli;

// Reports paint text and charts: they need QtGui's fonts, hence a QGuiApplication, on
// the offscreen platform (the CLI shows no window and must run without a display).
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "report") == 0) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        return std::make_unique<QGuiApplication>(argc, argv);
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

std::unique_ptr<Command> makeCommand(const QString &name)
{
    std::unique_ptr<Command> command;
    forEachCommand([&]<typename C>() {
        if constexpr (C::kInModule) {
            if (!command && C::commandName() == name)
                command = std::make_unique<C>();
        }
    });
    return command;
}

} // namespace

extern "C" int genrelab_cli_ml_main(int &argc, char **argv)
{
    CliApplication::quietRuntimeDirWarning();
    const auto app = makeApplication(argc, argv);
    CliApplication::setUp();
    QStringList arguments = QCoreApplication::arguments();
    const QString name = arguments.value(1);
    const std::unique_ptr<Command> command = makeCommand(name);
    if (!command) {
        std::fprintf(stderr, "genrelab-cli: %s has no command \"%s\"\n", kMlModuleFile, qPrintable(name));
        return 2;
    }
    arguments.removeAt(1);
    return runGuarded(*command, arguments);
}
