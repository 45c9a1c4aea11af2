// genrelab-cli: the headless face of genrelab_core. Each subcommand is a Command class
// in this folder, listed in CommandList.h; this file only picks one. It runs the commands
// that need no LibTorch itself and hands the others to genrelab-cli-ml.so, loaded only
// then (issue 24, item 4): `info`, `mel` or `--version` start in a fraction of the time
// and memory LibTorch costs.
#include "CliApplication.h"
#include "CommandList.h"
#include "GuardedRun.h"
#include "MlCommands.h"
#include "launch/OnDemandModule.h"

#include <QCoreApplication>

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
        if constexpr (!C::kInModule)
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

const CommandEntry *find(const std::vector<CommandEntry> &commands, const QString &name)
{
    for (const CommandEntry &command : commands)
        if (command.name == name)
            return &command;
    return nullptr;
}

// A command of the ML module: loads it (the first LibTorch this process sees), which
// makes the application and runs the command. A module that is missing or does not
// load is named, status 1.
int runInMlModule(const QString &name, int &argc, char **argv)
{
    genrelab::OnDemandModule module(QString::fromLatin1(genrelab::cli::kMlModuleFile));
    const auto run = reinterpret_cast<genrelab::cli::MlMainFunction>(module.resolve(genrelab::cli::kMlEntryPoint));
    if (!run) {
        std::fprintf(stderr, "genrelab-cli: %s needs its module, which is unusable: %s\n", qPrintable(name),
                     qPrintable(module.errorString()));
        return 1;
    }
    return run(argc, argv);
}

} // namespace

int main(int argc, char *argv[])
{
    const auto commands = allCommands();
    // Before any application exists: the module makes the one its command needs.
    const CommandEntry *command = find(commands, QString::fromLocal8Bit(argc > 1 ? argv[1] : ""));
    if (command && !command->make)
        return runInMlModule(command->name, argc, argv);

    genrelab::cli::CliApplication::quietRuntimeDirWarning();
    QCoreApplication app(argc, argv);
    genrelab::cli::CliApplication::setUp();
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
    if (command) {
        QStringList rest = args;
        rest.removeAt(1);
        const std::unique_ptr<Command> made = command->make();
        return genrelab::cli::runGuarded(*made, rest);
    }
    std::fprintf(stderr, "genrelab-cli: unknown command \"%s\"\n\n", qPrintable(word));
    printUsage(commands, stderr);
    return 2;
}
