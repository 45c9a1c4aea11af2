#include "TagCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "data/WindowPolicy.h"
#include "library/GenreVocabulary.h"
#include "library/LibraryAnalyzer.h"
#include "library/LibraryCatalog.h"
#include "library/LibraryExport.h"
#include "library/TagJournal.h"
#include "library/TagWriter.h"
#include "util/ConsoleProgress.h"
#include "util/DataHome.h"
#include "util/Error.h"
#include "util/FileLock.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFileInfo>

namespace genrelab::cli {

namespace {

QString percentText(double fraction)
{
    return QString::number(100.0 * fraction, 'g', 4) + QStringLiteral(" %");
}

// The dry run and the write report the same categories, in the same words.
void printSummary(const TagWriter::Report &report, bool dryRun, int unsure, double minConfidence, int failed)
{
    for (const QString &line : report.skipped)
        std::fprintf(stderr, "%s %s\n", dryRun ? "will skip" : "skipped", qPrintable(line));
    std::printf("%s%d file(s) %s, %d already right, %d below %s confidence, %d failed to analyse, %d skipped%s\n",
                dryRun ? "dry run: " : "", report.written, dryRun ? "will change" : "written", report.unchanged, unsure,
                qPrintable(percentText(minConfidence)), failed, int(report.skipped.size()),
                dryRun ? "; add --write to write" : "");
}

} // namespace

int TagCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("A .genrelab bundle, a run folder, or a crossval folder (its fold models as an ensemble)."));
    parser.addPositionalArgument(QStringLiteral("MUSIC_DIR"), QStringLiteral("Folder of music (searched recursively)."));
    parser.addOptions({
        {QStringLiteral("write"), QStringLiteral("Write the genre tags (default: only print what would change).")},
        {QStringLiteral("min-confidence"), QStringLiteral("Only suggestions at least this sure: %1 (default 0.5). "
                                                          "Tracks below it are not tagged and in no playlist.").arg(QString::fromUtf8(OptionValues::confidenceForms)),
         QStringLiteral("X"), QStringLiteral("0.5")},
        {QStringLiteral("map"), QStringLiteral("Genre words: lines \"class=Word\", e.g. hiphop=HipHop; they win over the "
                                               "built-in conventional spellings (Hip-Hop, Rock, R&B, ...)."), QStringLiteral("FILE")},
        {QStringLiteral("csv"), QStringLiteral("Write every track's suggestion, decided genre and probabilities here."), QStringLiteral("OUT")},
        {QStringLiteral("m3u"), QStringLiteral("Write one playlist per decided genre into this folder (UTF-8 .m3u8 where it holds non-ASCII text)."), QStringLiteral("DIR")},
        {QStringLiteral("undo"), QStringLiteral("Restore the genres a --write changed, from its journal."), QStringLiteral("JOURNAL")},
        {QStringLiteral("journal"), QStringLiteral("Journal file for --write (default: a new one in the journals folder, shared with the GUI)."), QStringLiteral("FILE")},
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
    const double minConfidence = OptionValues(parser).confidence(QStringLiteral("min-confidence"), 0.5);
    const int windows = OptionValues(parser).integer(QStringLiteral("windows"), 1, 100, WindowPolicy::defaultWindows);
    const QString folder = QDir(words[1]).absolutePath();
    try {
        const GenreVocabulary map = parser.isSet(QStringLiteral("map")) ? GenreVocabulary::load(parser.value(QStringLiteral("map")))
                                                                         : GenreVocabulary();
        const QString catalogPath = parser.isSet(QStringLiteral("catalog")) ? parser.value(QStringLiteral("catalog"))
                                                                             : LibraryCatalog::defaultPathFor(folder);
        // One tag command per catalog at a time: another one, with another model, would
        // overwrite this one's verdicts between its analysis and its write.
        const FileLock lock(catalogPath);
        LibraryCatalog catalog(catalogPath);
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const LibraryAnalyzer::Result analysed =
            LibraryAnalyzer::analyze(folder, catalog, {words[0], windows, threadsOption(parser)}, &progress);
        progress.finish({});
        if (analysed.cancelled)
            return interrupted(QStringLiteral("while analysing, after %1 file(s); they are kept in the catalog, so the same "
                                              "command goes on from there. Nothing was written.")
                                   .arg(analysed.analysed + analysed.failed));
        print(QStringLiteral("%1 file(s): %2 analysed, %3 unchanged since last time, %4 failed (%5 s)")
                  .arg(analysed.files).arg(analysed.analysed).arg(analysed.upToDate).arg(analysed.failed)
                  .arg(analysed.seconds, 0, 'f', 1));
        for (const QString &failure : analysed.failures)
            std::fprintf(stderr, "failed %s\n", qPrintable(failure));
        for (const QString &warning : analysed.warnings)
            warn(warning);

        // The decisions, made once: each sure-enough suggestion in the map's words (the
        // conventional spelling where the map names none). Tags, playlists and the CSV all
        // follow them.
        // Only this model's verdicts, read against this model's classes.
        const QString model = LibraryAnalyzer::modelId(words[0], windows);
        const QStringList classes = catalog.classes(model);
        const GenreVocabulary vocabulary = GenreVocabulary::conventional(classes).overriddenBy(map);
        std::vector<LibraryExport::Decided> decided;
        std::vector<TagChange> changes;
        int unsure = 0, failed = 0;
        for (const CatalogTrack &t : catalog.tracks(folder)) {
            if (t.model != model)
                continue; // analysed by another model (an older catalog row): not a verdict of this one
            QString genre;
            if (!t.ok() || t.label >= int(classes.size()) || t.meanProbabilities.size() != std::size_t(classes.size()))
                ++failed;
            else if (t.confidence < minConfidence)
                ++unsure;
            else
                genre = vocabulary.word(classes.value(t.label));
            if (!genre.isEmpty()) {
                changes.push_back({t.path, t.genreTag, genre, t.size, t.modified});
                if (changes.back().changesSomething())
                    // One multi-arg call: a path or tag holding "%1" is text, not a placeholder.
                    print(QStringLiteral("%1: \"%2\" → \"%3\" (%4 %)")
                              .arg(t.path, t.genreTag, genre, QString::number(100.0 * t.confidence, 'f', 1)));
            }
            decided.push_back({t, genre});
        }
        if (parser.isSet(QStringLiteral("csv"))) {
            // Never over a track, the model, the map or the catalog this command reads.
            QStringList inputs{words[0], catalogPath, parser.value(QStringLiteral("map"))};
            for (const LibraryExport::Decided &d : decided)
                inputs << d.track.path;
            RegularFile::requireNotAnyOf(parser.value(QStringLiteral("csv")), inputs, QStringLiteral("a file the tag command reads"));
        }
        if (parser.isSet(QStringLiteral("csv")))
            LibraryExport::writeCsv(decided, classes, vocabulary, parser.value(QStringLiteral("csv")));
        if (parser.isSet(QStringLiteral("m3u")))
            print(QStringLiteral("playlists: ")
                  + LibraryExport::writePlaylists(decided, parser.value(QStringLiteral("m3u"))).join(QStringLiteral(", ")));
        if (!parser.isSet(QStringLiteral("write"))) {
            printSummary(TagWriter::plan(changes), true, unsure, minConfidence, failed);
            return analysed.failed ? 1 : 0;
        }
        const QString journal = parser.isSet(QStringLiteral("journal"))
                                    ? parser.value(QStringLiteral("journal"))
                                    : TagJournal::newPathIn(DataHome::journalsDir());
        const TagWriter::Report report = TagWriter::apply(changes, journal, &progress);
        progress.finish({});
        catalog.refreshGenreTags(changes);
        printSummary(report, false, unsure, minConfidence, failed);
        if (report.written > 0)
            print(QStringLiteral("journal: %1 (undo: genrelab-cli tag --undo %1)").arg(journal));
        if (report.cancelled)
            return interrupted(QStringLiteral("while writing: every file is either written whole or untouched; the journal "
                                              "above undoes what was written, and the same command writes the rest"));
        return analysed.failed || !report.skipped.isEmpty() ? 1 : 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

int TagCommand::undo(const QString &journal)
{
    try {
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const TagWriter::Report report = TagWriter::undo(journal, &progress);
        progress.finish({});
        for (const QString &line : report.skipped)
            std::fprintf(stderr, "skipped %s\n", qPrintable(line));
        std::printf("%d file(s) restored, %d already right, %d skipped\n", report.written, report.unchanged,
                    int(report.skipped.size()));
        if (report.cancelled)
            return interrupted(QStringLiteral("while undoing; the same command restores the rest"));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
