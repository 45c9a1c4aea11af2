#include "ExportCommand.h"

#include "io/PyTorchExport.h"
#include "util/Error.h"

namespace genrelab::cli {

QString ExportCommand::summary() const
{
    return QStringLiteral("Export a run's best model: --pytorch writes a state_dict (with class names and the "
                          "preprocessing contract) that Python's torch.load reads.");
}

int ExportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("A folder written by genrelab-cli train."));
    parser.addOption({QStringLiteral("pytorch"), QStringLiteral("Write a PyTorch file here."), QStringLiteral("OUT.pt")});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("pytorch")))
        return fail(QStringLiteral("usage: genrelab-cli export RUN_DIR --pytorch OUT.pt"), 2);
    try {
        PyTorchExport::write(parser.positionalArguments().first(), parser.value(QStringLiteral("pytorch")));
        print(QStringLiteral("wrote ") + parser.value(QStringLiteral("pytorch")));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
