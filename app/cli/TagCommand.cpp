#include "TagCommand.h"

#include "library/GenreVocabulary.h"
#include "library/LibraryAnalyzer.h"
#include "library/LibraryCatalog.h"
#include "library/LibraryExport.h"
#include "library/TagJournal.h"
#include "library/TagWriter.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>

namespace genrelab::cli {

namespace {

// 0.8 and 80 both mean 80 %.
double confidenceOption(const QString &text, bool *ok)
{
    double value = text.toDouble(ok);
    if (*ok && value > 1.0)
        value /= 100.0;
    *ok = *ok && value >= 0.0 && value <= 1.0;
    return value;
}

void printReport(const TagWriter::Report &report, const char *verb)
{
    for (const QString &line : report.skipped)
        std::fprintf(stderr, "skipped %s\n", qPrintable(line));
    std::printf("%d file(s) %s, %d already right, %d skipped\n", report.written, verb, report.unchanged,
                int(report.skipped.size()));
}

} // namespace

QString TagCommand::summary() const
{
    return QStringLiteral("Suggest a genre for every track of a music folder and, with --write, write it as a tag "
                          "(journaled; --undo JOURNAL restores). Dry run by default.");
}

int TagCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("A .genrelab bundle or a run folder."));
    parser.addPositionalArgument(QStringLiteral("MUSIC_DIR"), QStringLiteral("Folder of music (searched recursively)."));
    parser.addOptions({
        {QStringLiteral("write"), QStringLiteral("Write the genre tags (default: only print what would change).")},
        {QStringLiteral("min-confidence"), QStringLiteral("Only suggestions at least this sure, 0–1 or % (default 0.5)."), QStringLiteral("X"), QStringLiteral("0.5")},
        {QStringLiteral("map"), QStringLiteral("Genre words: lines \"class=Word\", e.g. hiphop=Hip-Hop."), QStringLiteral("FILE")},
        {QStringLiteral("csv"), QStringLiteral("Write every track's suggestion and probabilities here."), QStringLiteral("OUT")},
        {QStringLiteral("m3u"), QStringLiteral("Write one playlist per genre into this folder."), QStringLiteral("DIR")},
        {QStringLiteral("undo"), QStringLiteral("Restore the genres a --write changed, from its journal."), QStringLiteral("JOURNAL")},
        {QStringLiteral("journal"), QStringLiteral("Journal file for --write (default: beside the catalog)."), QStringLiteral("FILE")},
        {QStringLiteral("catalog"), QStringLiteral("Catalog database (default: in the user's data folder)."), QStringLiteral("DB")},
        {QStringLiteral("windows"), QStringLiteral("3-s windows per track (default 10)."), QStringLiteral("N")},
        {QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("N")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.isSet(QStringLiteral("undo")))
        return undo(parser.value(QStringLiteral("undo")));
    const QStringList words = parser.positionalArguments();
    if (words.size() != 2)
        return fail(QStringLiteral("usage: genrelab-cli tag MODEL MUSIC_DIR [--write] [--min-confidence X] [--map FILE] "
                                   "[--csv OUT] [--m3u DIR]\n       genrelab-cli tag --undo JOURNAL"), 2);
    bool ok = true;
    const double minConfidence = confidenceOption(parser.value(QStringLiteral("min-confidence")), &ok);
    const int windows = parser.isSet(QStringLiteral("windows")) ? parser.value(QStringLiteral("windows")).toInt(&ok)
                                                                  : WindowFeaturizer::defaultWindows;
    if (!ok || windows < 1 || windows > 100)
        return fail(QStringLiteral("--min-confidence takes 0–1 (or %), --windows 1–100"), 2);
    const QString folder = QDir(words[1]).absolutePath();
    try {
        const GenreVocabulary vocabulary = parser.isSet(QStringLiteral("map"))
                                               ? GenreVocabulary::load(parser.value(QStringLiteral("map")))
                                               : GenreVocabulary();
        const QString catalogPath = parser.isSet(QStringLiteral("catalog")) ? parser.value(QStringLiteral("catalog"))
                                                                             : LibraryCatalog::defaultPathFor(folder);
        LibraryCatalog catalog(catalogPath);
        ConsoleProgress progress;
        const LibraryAnalyzer::Result analysed =
            LibraryAnalyzer::analyze(folder, catalog, {words[0], windows, threadsOption(parser)}, &progress);
        progress.finish({});
        print(QStringLiteral("%1 file(s): %2 analysed, %3 unchanged since last time, %4 failed (%5 s)")
                  .arg(analysed.files).arg(analysed.analysed).arg(analysed.upToDate).arg(analysed.failed)
                  .arg(analysed.seconds, 0, 'f', 1));
        for (const QString &failure : analysed.failures)
            std::fprintf(stderr, "failed %s\n", qPrintable(failure));

        const std::vector<CatalogTrack> tracks = catalog.tracks(folder);
        const QStringList classes = catalog.classes();
        std::vector<TagChange> changes;
        int unsure = 0;
        for (const CatalogTrack &t : tracks) {
            if (!t.ok())
                continue;
            if (t.confidence < minConfidence) {
                ++unsure;
                continue;
            }
            changes.push_back({t.path, t.genreTag, vocabulary.word(classes.value(t.label)), t.size, t.modified});
            if (changes.back().changesSomething())
                print(QStringLiteral("%1: \"%2\" → \"%3\" (%4 %)").arg(t.path, t.genreTag, changes.back().newGenre)
                          .arg(100.0 * t.confidence, 0, 'f', 1));
        }
        if (parser.isSet(QStringLiteral("csv")))
            LibraryExport::writeCsv(tracks, classes, vocabulary, parser.value(QStringLiteral("csv")));
        if (parser.isSet(QStringLiteral("m3u")))
            print(QStringLiteral("playlists: ") + LibraryExport::writePlaylists(tracks, classes, vocabulary,
                                                                                parser.value(QStringLiteral("m3u")), minConfidence)
                                                         .join(QStringLiteral(", ")));
        if (!parser.isSet(QStringLiteral("write"))) {
            const TagWriter::Report plan = TagWriter::plan(changes);
            std::printf("dry run: %d file(s) will change, %d unchanged, %d below %.0f %% confidence, %d failed, %d cannot be "
                        "written; add --write to write\n",
                        plan.written, plan.unchanged, unsure, 100.0 * minConfidence, analysed.failed, int(plan.skipped.size()));
            for (const QString &line : plan.skipped)
                std::fprintf(stderr, "cannot write %s\n", qPrintable(line));
            return analysed.failed ? 1 : 0;
        }
        const QString journal = parser.isSet(QStringLiteral("journal"))
                                    ? parser.value(QStringLiteral("journal"))
                                    : TagJournal::newPathIn(QFileInfo(catalogPath).absolutePath());
        const TagWriter::Report report = TagWriter::apply(changes, journal);
        catalog.refreshGenreTags(changes);
        printReport(report, "written");
        if (report.written > 0)
            print(QStringLiteral("journal: %1 (undo: genrelab-cli tag --undo %1)").arg(journal));
        return analysed.failed || !report.skipped.isEmpty() ? 1 : 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

int TagCommand::undo(const QString &journal)
{
    try {
        printReport(TagWriter::undo(journal), "restored");
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
