#include "ExportCommand.h"

#include "ml/BundleConverter.h"
#include "ml/PtFile.h"
#include "ml/RunDirectory.h"
#include "ml/SafetensorsFile.h"
#include "util/Error.h"
#include "util/RegularFile.h"

namespace genrelab::cli {

int ExportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("A folder written by genrelab-cli train."));
    parser.addOption({QStringLiteral("bundle"), QStringLiteral("Write a GenreLab model bundle here."), QStringLiteral("OUT.genrelab")});
    parser.addOption({QStringLiteral("pytorch"), QStringLiteral("Write a PyTorch file here."), QStringLiteral("OUT.pt")});
    parser.addOption({QStringLiteral("safetensors"), QStringLiteral("Write a safetensors file here."), QStringLiteral("OUT.safetensors")});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QString bundlePath = parser.value(QStringLiteral("bundle")), pt = parser.value(QStringLiteral("pytorch")),
                  safetensors = parser.value(QStringLiteral("safetensors"));
    if (parser.positionalArguments().size() != 1 || (bundlePath.isEmpty() && pt.isEmpty() && safetensors.isEmpty()))
        return fail(QStringLiteral("usage: genrelab-cli export RUN_DIR [--bundle OUT.genrelab] [--pytorch OUT.pt] "
                                   "[--safetensors OUT.safetensors]"), 2);
    try {
        const RunDirectory run(parser.positionalArguments().first());
        for (const QString &out : {bundlePath, pt, safetensors})
            if (!out.isEmpty()) // before any work: an export never overwrites the run it reads
                RegularFile::requireNotAnyOf(out, {run.configPath(), run.metricsPath(), run.confusionPath(), run.predictionsPath(),
                                                   run.checkpointPath(), run.bestModelPath()},
                                             QStringLiteral("a file of the run"));
        // One conversion for all: the three files hold the same numbers.
        const ModelBundle bundle = BundleConverter::fromRun(parser.positionalArguments().first());
        if (!bundlePath.isEmpty()) {
            bundle.write(bundlePath);
            print(QStringLiteral("wrote ") + bundlePath);
        }
        if (!pt.isEmpty()) {
            PtFile::write(bundle, pt);
            print(QStringLiteral("wrote ") + pt);
        }
        if (!safetensors.isEmpty()) {
            SafetensorsFile::write(bundle, safetensors);
            print(QStringLiteral("wrote ") + safetensors);
        }
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
