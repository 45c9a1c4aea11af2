// genrelab-cli: the headless face of genrelab_core. Each subcommand is a Command class
// in this folder; this file only picks one.
#include "BenchCommand.h"
#include "CrossvalCommand.h"
#include "DatasetCommand.h"
#include "DemoDataCommand.h"
#include "EvaluateCommand.h"
#include "ExportCommand.h"
#include "FeaturizeCommand.h"
#include "ImportCommand.h"
#include "InfoCommand.h"
#include "MelCommand.h"
#include "EmbedCommand.h"
#include "ExplainCommand.h"
#include "OptionValues.h"
#include "PredictCommand.h"
#include "ReportCommand.h"
#include "TagCommand.h"
#include "TrainCommand.h"
#include "ml/TorchRuntime.h"
#include "util/DataHome.h"
#include "util/Error.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

using genrelab::cli::Command;

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<genrelab::cli::InfoCommand>());
    commands.push_back(std::make_unique<genrelab::cli::MelCommand>());
    commands.push_back(std::make_unique<genrelab::cli::DatasetCommand>());
    commands.push_back(std::make_unique<genrelab::cli::FeaturizeCommand>());
    commands.push_back(std::make_unique<genrelab::cli::DemoDataCommand>());
    commands.push_back(std::make_unique<genrelab::cli::TrainCommand>());
    commands.push_back(std::make_unique<genrelab::cli::CrossvalCommand>());
    commands.push_back(std::make_unique<genrelab::cli::EvaluateCommand>());
    commands.push_back(std::make_unique<genrelab::cli::PredictCommand>());
    commands.push_back(std::make_unique<genrelab::cli::ExplainCommand>());
    commands.push_back(std::make_unique<genrelab::cli::EmbedCommand>());
    commands.push_back(std::make_unique<genrelab::cli::ExportCommand>());
    commands.push_back(std::make_unique<genrelab::cli::ImportCommand>());
    commands.push_back(std::make_unique<genrelab::cli::ReportCommand>());
    commands.push_back(std::make_unique<genrelab::cli::TagCommand>());
    commands.push_back(std::make_unique<genrelab::cli::BenchCommand>());
    return commands;
}

void printUsage(const std::vector<std::unique_ptr<Command>> &commands, std::FILE *stream)
{
    std::fprintf(stream, "Usage: genrelab-cli COMMAND [options]   (genrelab-cli COMMAND --help for each)\n\nCommands:\n");
    for (const auto &command : commands)
        std::fprintf(stream, "  %-10s %s\n", qPrintable(command->name()),
                     qPrintable(command->summary().section(QLatin1Char('\n'), 0, 0)));
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

// The command boundary: nothing a command throws may abort the process. Commands turn
// the core's typed errors into messages themselves; what reaches here is a bad option
// value (status 2) or something unforeseen (status 1, with what is known of it).
int runGuarded(Command &command, const QStringList &arguments)
{
    const auto failWith = [&](const QString &message, int status) {
        std::fprintf(stderr, "genrelab-cli: %s\n", qPrintable(message));
        return status;
    };
    try {
        return command.run(arguments);
    } catch (const genrelab::cli::OptionError &error) {
        return failWith(error.message() + QStringLiteral("\nSee: genrelab-cli ") + command.name() + QStringLiteral(" --help"), 2);
    } catch (const genrelab::Error &error) {
        return failWith(error.message(), 1);
    } catch (const std::exception &error) {
        return failWith(QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0), 1);
    } catch (...) {
        return failWith(QStringLiteral("stopped by an unexpected error"), 1);
    }
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
        std::printf("genrelab-cli %s (LibTorch %s)\n", GENRELAB_VERSION, qPrintable(genrelab::TorchRuntime::version()));
        return 0;
    }
    for (const auto &command : commands) {
        if (command->name() == word) {
            QStringList rest = args;
            rest.removeAt(1);
            return runGuarded(*command, rest);
        }
    }
    std::fprintf(stderr, "genrelab-cli: unknown command \"%s\"\n\n", qPrintable(word));
    printUsage(commands, stderr);
    return 2;
}
