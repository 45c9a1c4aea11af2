#include "DemoDataCommand.h"

#include "CancelOnInterrupt.h"
#include "demo/DemoDataset.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

namespace genrelab::cli {

QString DemoDataCommand::summary() const
{
    return QStringLiteral("Synthesise the demo dataset: ten genre caricatures as WAV files in OUT_DIR/<genre>/, "
                          "deterministic for a seed.");
}

int DemoDataCommand::run(const QStringList &arguments)
{
    const DemoDataset::Options defaults;
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("OUT_DIR"), QStringLiteral("Folder to write (created if needed)."));
    parser.addOptions({
        {QStringLiteral("seed"), QStringLiteral("Random seed (default %1).").arg(defaults.seed), QStringLiteral("S"),
         QString::number(defaults.seed)},
        {QStringLiteral("clips"), QStringLiteral("Clips per genre (default %1).").arg(defaults.clipsPerGenre),
         QStringLiteral("N"), QString::number(defaults.clipsPerGenre)},
        {QStringLiteral("seconds"), QStringLiteral("Length of each clip (default %1).").arg(defaults.clipSeconds),
         QStringLiteral("X"), QString::number(defaults.clipSeconds)},
        {QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("N")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("usage: genrelab-cli demo-data OUT_DIR [--seed S] [--clips N] [--seconds X]"), 2);
    DemoDataset::Options options;
    bool seedOk = false, clipsOk = false, secondsOk = false;
    options.seed = parser.value(QStringLiteral("seed")).toULongLong(&seedOk);
    options.clipsPerGenre = parser.value(QStringLiteral("clips")).toInt(&clipsOk);
    options.clipSeconds = parser.value(QStringLiteral("seconds")).toDouble(&secondsOk);
    options.threads = threadsOption(parser);
    if (!seedOk || !clipsOk || options.clipsPerGenre < 1 || !secondsOk || options.clipSeconds < 3.0
        || options.clipSeconds > 600.0)
        return fail(QStringLiteral("--seed must be a whole number, --clips ≥ 1, --seconds between 3 and 600"), 2);
    try {
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const auto result = DemoDataset::generate(parser.positionalArguments().first(), options, &progress);
        progress.finish({});
        print(QStringLiteral("%1 clips in %2 s with the %3%4")
                  .arg(result.clips).arg(result.seconds, 0, 'f', 1).arg(result.renderer,
                       result.cancelled ? QStringLiteral(" (cancelled)") : QString()));
        return result.cancelled ? 130 : 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
