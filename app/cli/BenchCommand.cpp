#include "BenchCommand.h"

#include "data/AudioFileScanner.h"
#include "data/FeaturizeBenchmark.h"

#include <QFileInfo>

namespace genrelab::cli {

QString BenchCommand::summary() const
{
    return QStringLiteral("Benchmarks that print figures.\n"
                          "  featurize DIR   decode every audio file under DIR and compute all snippets' features;\n"
                          "                  prints a line ending snippets_per_s=<x>");
}

int BenchCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("WHAT"), QStringLiteral("featurize"));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Dataset folder (for featurize)."));
    parser.addOptions({
        {QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("N")},
        {QStringLiteral("repeat"), QStringLiteral("Timed passes; the best is reported (default 3)."), QStringLiteral("R"),
         QStringLiteral("3")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    if (words.value(0) == QLatin1String("featurize"))
        return featurize(parser);
    return fail(QStringLiteral("usage: genrelab-cli bench featurize DIR [--threads N] [--repeat R]"), 2);
}

int BenchCommand::featurize(const QCommandLineParser &parser)
{
    const QString folder = parser.positionalArguments().value(1);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        return fail(QStringLiteral("bench featurize needs a dataset folder, got \"%1\"").arg(folder), 2);
    const QStringList files = AudioFileScanner::scan(folder);
    if (files.isEmpty())
        return fail(folder + QStringLiteral(": no audio files found"));
    const auto result = FeaturizeBenchmark::run(files, threadsOption(parser), parser.value(QStringLiteral("repeat")).toInt());
    print(result.line());
    return 0;
}

} // namespace genrelab::cli
