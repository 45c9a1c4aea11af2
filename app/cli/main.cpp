// genrelab-cli: the headless face of genrelab_core. Each subcommand is a Command class
// in this folder, listed in CommandList.h; this file only picks one. It runs the commands
// that need no LibTorch itself and hands the others to genrelab-cli-ml.so, loaded only
// then (issue 24, item 4): `info`, `mel` or `--version` start in a fraction of the time
// and memory LibTorch costs.
#include "CommandList.h"
#include "GuardedRun.h"
#include "MlCommands.h"
#include "launch/OnDemandModule.h"
#include "util/DataHome.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

using genrelab::cli::Command;

// A command of the list: made here, or (make empty) run in the ML module.
struct CommandEntry
{
    QString name;
    QString summary;
    std::unique_ptr<Command> (*make)() = nullptr;
};

std::vector<CommandEntry> allCommands()
{
    std::vector<CommandEntry> commands;
    genrelab::cli::forEachCommand([&]<typename C>() {
        CommandEntry entry{C::commandName(), C::commandSummary()};
        if constexpr (!C::kNeedsLibTorch)
            entry.make = [] { return std::unique_ptr<Command>(std::make_unique<C>()); };
        commands.push_back(std::move(entry));
    });
    return commands;
}

void printUsage(const std::vector<CommandEntry> &commands, std::FILE *stream)
{
    std::fprintf(stream, "Usage: genrelab-cli COMMAND [options]   (genrelab-cli COMMAND --help for each)\n\nCommands:\n");
    for (const auto &command : commands)
        std::fprintf(stream, "  %-10s %s\n", qPrintable(command.name),
                     qPrintable(command.summary.section(QLatin1Char('\n'), 0, 0)));
    std::fprintf(stream, "\nOptions:\n  -h, --help     this text\n  -v, --version  versions of GenreLab and LibTorch\n");
}

// Qt's platform code asks for the runtime folder, and without XDG_RUNTIME_DIR (ssh,
// cron, CI) warns on every start although nothing of ours uses that folder: the warning
// is dropped, everything else goes to Qt's own handler.
QtMessageHandler g_qtHandler = nullptr;

void quietRuntimeDirWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    g_qtHandler(type, context, message);
}

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

// A command of the ML module: loads it (the first LibTorch this process sees) and runs
// the command there. A module that is missing or does not load is named, status 1.
int runInMlModule(const QString &name, const QStringList &arguments)
{
    genrelab::OnDemandModule module(QString::fromLatin1(genrelab::cli::kMlModuleFile));
    const auto run = reinterpret_cast<genrelab::cli::MlRunFunction>(module.resolve(genrelab::cli::kMlEntryPoint));
    if (!run) {
        std::fprintf(stderr, "genrelab-cli: %s needs LibTorch, and its module is unusable: %s\n", qPrintable(name),
                     qPrintable(module.errorString()));
        return 1;
    }
    return run(name, arguments);
}

} // namespace

int main(int argc, char *argv[])
{
    g_qtHandler = qInstallMessageHandler(quietRuntimeDirWarning);
    const auto app = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("genrelab-cli"));
    QCoreApplication::setOrganizationName(QString::fromLatin1(genrelab::DataHome::applicationName));
    for (const QString &line : genrelab::DataHome::migrate())
        std::fprintf(stderr, "genrelab-cli: %s\n", qPrintable(line));
    QCoreApplication::setApplicationVersion(QStringLiteral(GENRELAB_VERSION));

    const auto commands = allCommands();
    const QStringList args = QCoreApplication::arguments();
    const QString word = args.value(1);
    if (word.isEmpty() || word == QLatin1String("-h") || word == QLatin1String("--help")) {
        printUsage(commands, word.isEmpty() ? stderr : stdout);
        return word.isEmpty() ? 2 : 0;
    }
    if (word == QLatin1String("-v") || word == QLatin1String("--version")) {
        // The version LibTorch's CMake package gave at build time: the same as TORCH_VERSION,
        // without loading LibTorch to ask.
        std::printf("genrelab-cli %s (LibTorch %s)\n", GENRELAB_VERSION, GENRELAB_TORCH_VERSION);
        return 0;
    }
    for (const CommandEntry &command : commands) {
        if (command.name == word) {
            QStringList rest = args;
            rest.removeAt(1);
            if (!command.make)
                return runInMlModule(command.name, rest);
            const std::unique_ptr<Command> made = command.make();
            return genrelab::cli::runGuarded(*made, rest);
        }
    }
    std::fprintf(stderr, "genrelab-cli: unknown command \"%s\"\n\n", qPrintable(word));
    printUsage(commands, stderr);
    return 2;
}
