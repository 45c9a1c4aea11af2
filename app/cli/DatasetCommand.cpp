#include "DatasetCommand.h"

#include "OptionValues.h"
#include "data/DatasetJson.h"
#include "data/DatasetLoader.h"
#include "library/GenreVocabulary.h"
#include "util/Error.h"

#include <QJsonDocument>

#include <functional>
#include <optional>

namespace genrelab::cli {

namespace {

// At most this many files of each problem list in the text output (--json has them all).
constexpr std::size_t kListed = 20;

void printProblems(const char *title, const std::vector<DatasetNotes::FileProblem> &problems,
                   const std::function<void(const QString &)> &print)
{
    if (problems.empty())
        return;
    print(QStringLiteral("%1: %2").arg(QLatin1String(title)).arg(problems.size()));
    for (std::size_t i = 0; i < std::min(problems.size(), kListed); ++i) {
        const auto &problem = problems[i];
        print(QStringLiteral("  %1%2: %3")
                  .arg(problem.trackId.isEmpty() ? QString() : QStringLiteral("track %1, ").arg(problem.trackId),
                       problem.path, problem.reason));
    }
    if (problems.size() > kListed)
        print(QStringLiteral("  … and %1 more (--json lists them all)").arg(problems.size() - kListed));
}

void printText(const Dataset &dataset, const DataSplit *split, const std::function<void(const QString &)> &print)
{
    print(QStringLiteral("%1: %2, labels from %3, %4 tracks")
              .arg(dataset.rootPath(), dataset.kindName(), dataset.notes().labelSource, QString::number(dataset.trackCount())));
    const std::vector<int> counts = dataset.countsPerLabel();
    print(QStringLiteral("classes: %1").arg(dataset.labels().size()));
    for (int i = 0; i < dataset.labels().size(); ++i)
        print(QStringLiteral("  %1: %2 tracks").arg(dataset.labels()[i]).arg(counts[std::size_t(i)]));
    if (!dataset.notes().leftOut.empty()) {
        print(QStringLiteral("left out: %1").arg(dataset.notes().leftOut.size()));
        for (const auto &entry : dataset.notes().leftOut)
            print(QStringLiteral("  %1: %2 tracks, %3").arg(entry.name).arg(entry.tracks).arg(entry.reason));
    }
    print(QStringLiteral("unlabelled: %1 (featurised and suggested for, never trained on)").arg(dataset.unlabelledCount()));
    printProblems("unreadable tags", dataset.notes().unreadable, print);
    printProblems("tag problems", dataset.notes().tagProblems, print);
    printProblems("missing", dataset.notes().missing, print);
    if (split)
        print(split->summary(dataset));
}

} // namespace

QString DatasetCommand::commandSummary()
{
    return QStringLiteral("Describe what GenreLab sees in a folder: GTZAN, FMA, a folder per label or a library labelled by "
                          "its genre tags; classes, classes left out, unlabelled, unreadable and missing files, each "
                          "track's split. Reads tags and lists only, decodes nothing.");
}

int DatasetCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Dataset folder."));
    parser.addOptions({
        {QStringLiteral("labels"), QStringLiteral("Where labels come from: folders, tags or fma (default: detected)."),
         QStringLiteral("SOURCE")},
        {QStringLiteral("split"), QStringLiteral("Show each track's part: track, artist, filtered, official (FMA) or seed."),
         QStringLiteral("KIND")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the split (default 1)."), QStringLiteral("N")},
        {QStringLiteral("min-tracks"), QStringLiteral("Tags and FMA: classes with fewer tracks are left out (default 5)."),
         QStringLiteral("N")},
        {QStringLiteral("skip-multi-genre"), QStringLiteral("Tags: a track whose tag names several genres stays unlabelled "
                                                            "(default: it takes the first).")},
        {QStringLiteral("map"), QStringLiteral("Genre words, lines \"class=Word\" (as for tag): spellings of a class take "
                                               "its Word, so rap=Hip-Hop merges Rap into Hip-Hop."), QStringLiteral("FILE")},
        OptionValues::windowsOption(),
        {QStringLiteral("threads"), QStringLiteral("Threads reading tags (default: all cores)."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("Print the genrelab.dataset/1 JSON document (docs/dataset-json.md).")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("usage: genrelab-cli dataset DIR [--labels folders|tags|fma] "
                                   "[--split track|artist|filtered|official|seed] [--windows N|all] [--json]"), 2);
    const OptionValues values(parser);
    DatasetOptions options;
    options.labels = *DatasetOptions::parseLabels(values.choice(QStringLiteral("labels"), DatasetOptions::labelsNames(),
                                                                QStringLiteral("auto")));
    options.minimumTracks = values.integer(QStringLiteral("min-tracks"), 1, 1000000, options.minimumTracks);
    options.skipMultiGenre = parser.isSet(QStringLiteral("skip-multi-genre"));
    options.windows = values.windows();
    options.threads = threadsOption(parser);
    const std::uint64_t seed = values.seed(QStringLiteral("seed"), 1);
    QStringList kinds;
    for (auto kind : {DataSplit::Kind::Track, DataSplit::Kind::Artist, DataSplit::Kind::Filtered, DataSplit::Kind::Official,
                      DataSplit::Kind::Seed})
        kinds << DataSplit::kindName(kind);
    const QString splitName = values.choice(QStringLiteral("split"), kinds, QString());

    try {
        if (parser.isSet(QStringLiteral("map")))
            options.genreWords = DatasetOptions::keyedWords(GenreVocabulary::load(parser.value(QStringLiteral("map"))).entries());
        const Dataset dataset = DatasetLoader::open(parser.positionalArguments().first(), options);
        std::optional<DataSplit> split;
        if (!splitName.isEmpty())
            split = DataSplit::make(*DataSplit::parseKind(splitName), dataset, seed);
        const DataSplit *splitPointer = split ? &*split : nullptr;
        if (parser.isSet(QStringLiteral("json")))
            print(QString::fromUtf8(QJsonDocument(DatasetJson::describe(dataset, splitPointer)).toJson(QJsonDocument::Indented)));
        else
            printText(dataset, splitPointer, [](const QString &line) { print(line); });
        return 0;
    } catch (const Error &error) {
        return fail(error.message(), error.kind() == Error::Kind::InvalidArgument ? 2 : 1);
    }
}

} // namespace genrelab::cli
