#include "DemoDataCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "demo/DemoDataset.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

namespace genrelab::cli {

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
    const OptionValues values(parser);
    options.seed = values.seed(QStringLiteral("seed"), defaults.seed);
    options.clipsPerGenre = values.integer(QStringLiteral("clips"), 1, 10000, defaults.clipsPerGenre);
    options.clipSeconds = values.number(QStringLiteral("seconds"), 3.0, 600.0, defaults.clipSeconds);
    options.threads = threadsOption(parser);
    try {
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const auto result = DemoDataset::generate(parser.positionalArguments().first(), options, &progress);
        progress.finish({});
        print(QStringLiteral("%1 clips in %2 s with the %3%4")
                  .arg(result.clips).arg(result.seconds, 0, 'f', 1).arg(result.renderer,
                       result.cancelled ? QStringLiteral(" (cancelled)") : QString()));
        if (result.cancelled)
            return interrupted(QStringLiteral("after %1 clip(s); the same command finishes the set").arg(result.clips));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
