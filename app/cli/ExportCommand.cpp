#include "ExportCommand.h"

#include "ml/PyTorchExport.h"
#include "ml/BundleConverter.h"
#include "util/Error.h"

namespace genrelab::cli {

QString ExportCommand::summary() const
{
    return QStringLiteral("Export a run's best model: --bundle writes a .genrelab file (weights, classes, contract, "
                          "split, metrics, versions) that predict and tag load; --pytorch writes a state_dict (with "
                          "class names and the preprocessing contract) that Python's torch.load reads.");
}

int ExportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("A folder written by genrelab-cli train."));
    parser.addOption({QStringLiteral("bundle"), QStringLiteral("Write a GenreLab model bundle here."), QStringLiteral("OUT.genrelab")});
    parser.addOption({QStringLiteral("pytorch"), QStringLiteral("Write a PyTorch file here."), QStringLiteral("OUT.pt")});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const bool bundle = parser.isSet(QStringLiteral("bundle")), pytorch = parser.isSet(QStringLiteral("pytorch"));
    if (parser.positionalArguments().size() != 1 || (!bundle && !pytorch))
        return fail(QStringLiteral("usage: genrelab-cli export RUN_DIR [--bundle OUT.genrelab] [--pytorch OUT.pt]"), 2);
    const QString runDir = parser.positionalArguments().first();
    try {
        if (bundle) {
            BundleConverter::fromRun(runDir).write(parser.value(QStringLiteral("bundle")));
            print(QStringLiteral("wrote ") + parser.value(QStringLiteral("bundle")));
        }
        if (pytorch) {
            PyTorchExport::write(runDir, parser.value(QStringLiteral("pytorch")));
            print(QStringLiteral("wrote ") + parser.value(QStringLiteral("pytorch")));
        }
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
