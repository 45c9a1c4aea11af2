#pragma once

#include "data/WindowPolicy.h"

#include <QString>
#include <QStringList>

namespace genrelab {

class LibraryCatalog;
class ProgressReporter;

// Gives every audio file under a folder a genre: windows spread over each track (see
// TrackFeaturizer with WindowPolicy::spread), the model's mean probability over them, tags read with TagLib,
// all stored in the catalog. Only files that are new or changed (size, time) or were
// analysed by another model are done again. Work runs on `threads` workers, each with
// its own decoder and copy of the model, taking tracks from an AnalysisQueue; results
// are committed every `chunk` files by the calling thread while the workers go on, so
// memory stays bounded whatever the library's size and an interrupted scan resumes.
// Cancelling starts no new track; those under way are finished and kept.
// A file that fails is recorded with its reason and never stops the scan.
// Thread contract: analyze() blocks; call it off the GUI thread; the catalog must
// belong to the calling thread.
class LibraryAnalyzer
{
public:
    struct Options
    {
        QString model; // a run folder or a .genrelab bundle
        int windows = WindowPolicy::defaultWindows;
        int threads = 0; // 0: all cores
        int chunk = 32;
    };

    struct Result
    {
        int files = 0;
        int analysed = 0;
        int upToDate = 0;
        int failed = 0;
        int pruned = 0;
        QStringList failures; // "path: reason"
        QStringList warnings; // "path: what was odd" (analysed all the same, e.g. a truncated file)
        bool cancelled = false;
        double seconds = 0.0;
    };

    // Throws Error when the model cannot be loaded or the catalog written.
    static Result analyze(const QString &folder, LibraryCatalog &catalog, const Options &options,
                          ProgressReporter *progress = nullptr);
    // Identifies the verdicts of one model with one window count (a hash of its weights).
    static QString modelId(const QString &model, int windows);
};

} // namespace genrelab
