#include "FeaturizeCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "data/DatasetLoader.h"
#include "data/FeatureCacheBuilder.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

namespace genrelab::cli {

QString FeaturizeCommand::commandSummary()
{
    return QStringLiteral("Compute (or update) the feature cache of a dataset folder: GTZAN, a folder per label, or "
                          "an unlabelled folder. Only new or changed files are decoded.");
}

int FeaturizeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset folder."));
    parser.addOptions({
        {QStringLiteral("cache"), QStringLiteral("Cache file (default: in the user's cache folder)."), QStringLiteral("PATH")},
        {QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("N")},
        OptionValues::windowsOption(),
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("usage: genrelab-cli featurize DATASET [--cache PATH] [--threads N] [--windows N|all]"), 2);

    try {
        DatasetOptions options;
        options.windows = OptionValues(parser).windows();
        const Dataset dataset = DatasetLoader::open(parser.positionalArguments().first(), options);
        const QString cachePath = parser.isSet(QStringLiteral("cache")) ? parser.value(QStringLiteral("cache"))
                                                                         : FeatureCache::defaultPathFor(dataset.rootPath());
        print(QStringLiteral("%1: %2, %3 tracks, %4 labels, %5 per track") // one arg() call: a folder named "%3" stays as it is
                  .arg(dataset.rootPath(), dataset.kindName(), QString::number(dataset.trackCount()),
                       QString::number(dataset.labels().size()), dataset.windowPolicy().describe()));
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const auto result = FeatureCacheBuilder::build(dataset, cachePath, threadsOption(parser), &progress);
        progress.finish({});
        if (!result.oldCacheProblem.isEmpty())
            print(QStringLiteral("note: rebuilt the cache: ") + result.oldCacheProblem);
        for (const QString &failure : result.failures)
            print(QStringLiteral("skipped: ") + failure);
        for (const QString &warning : result.warnings)
            warn(warning);
        print(result.summary());
        print(QStringLiteral("cache: ") + cachePath);
        if (result.cancelled)
            return interrupted(QStringLiteral("after %1 track(s); they are kept in the cache, and the same command goes on from there")
                                   .arg(result.computed + result.recovered));
        return result.snippets == 0 ? 1 : 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
