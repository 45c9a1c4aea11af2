// genrelab-cli-ml.so: the commands of CommandList.h that need LibTorch, with all of
// genrelab_core. genrelab-cli dispatches; this only makes and runs the command it names.
#include "MlCommands.h"

#include "CommandList.h"
#include "GuardedRun.h"

#include <cstdio>
#include <memory>

extern "C" int genrelab_cli_ml_run(const QString &name, const QStringList &arguments)
{
    using namespace genrelab::cli;
    std::unique_ptr<Command> command;
    forEachCommand([&]<typename C>() {
        if constexpr (C::kNeedsLibTorch) {
            if (!command && C::commandName() == name)
                command = std::make_unique<C>();
        }
    });
    if (!command) {
        std::fprintf(stderr, "genrelab-cli: %s has no command \"%s\"\n", genrelab::cli::kMlModuleFile, qPrintable(name));
        return 2;
    }
    return runGuarded(*command, arguments);
}
