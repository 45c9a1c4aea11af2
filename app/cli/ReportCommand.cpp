#include "ReportCommand.h"

#include "io/RunReport.h"
#include "ml/RunDirectory.h"
#include "util/Error.h"
#include "util/RegularFile.h"

namespace genrelab::cli {

int ReportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("A folder written by genrelab-cli train."));
    parser.addOption({QStringLiteral("out"), QStringLiteral("report.html or report.pdf."), QStringLiteral("FILE")});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("out")))
        return fail(QStringLiteral("usage: genrelab-cli report RUN_DIR --out report.html|report.pdf"), 2);
    try {
        const RunResults run = RunResults::load(parser.positionalArguments().first());
        if (!run.hasPredictions())
            return fail(QStringLiteral("%1: the run has no predictions yet (it did not finish); nothing to report").arg(run.path()));
        const RunDirectory files(run.path());
        RegularFile::requireNotAnyOf(parser.value(QStringLiteral("out")),
                                     {files.configPath(), files.metricsPath(), files.confusionPath(), files.predictionsPath(),
                                      files.checkpointPath(), files.bestModelPath()},
                                     QStringLiteral("a file of the run"));
        RunReport(run).write(parser.value(QStringLiteral("out")));
        print(QStringLiteral("wrote ") + parser.value(QStringLiteral("out")));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
