#pragma once

#include "FeatureCache.h"

#include <QStringList>

namespace genrelab {

class Dataset;
class ProgressReporter;

// Brings a dataset's feature cache up to date: tracks whose file (path, size, mtime)
// is unchanged are copied from the old cache (after their checksum is verified: damaged
// features are computed again, never used), the others are decoded and featurised
// in parallel. Nothing changed: the old file is reused as it is (no write). Otherwise
// a new file is written next to it and renamed over it only when complete, so a crash
// or a kill never leaves a damaged cache. Cancelling keeps what was computed: the next
// run only does the rest. Unreadable tracks are recorded with their error (not retried
// until the file changes) and never stop the build.
// Thread contract: build() blocks; call it from a worker thread or the CLI.
class FeatureCacheBuilder
{
public:
    struct Result
    {
        FeatureCache cache;
        int reused = 0;
        int recovered = 0;    // finished by an interrupted (killed) run, read from its recovery log
        int computed = 0;
        int failed = 0;       // tracks with an error (new or remembered)
        int repaired = 0;     // tracks whose cached features failed their checksum: featurised again
        int snippets = 0;
        bool rewritten = false;
        bool cancelled = false;
        double seconds = 0.0;
        QString oldCacheProblem; // why an existing cache could not be used, if it could not
        QStringList failures;    // "path: reason" for every track with an error
        QStringList warnings;    // "path: what was odd" for tracks used all the same (a truncated file)
        QString summary() const;
    };

    // Throws Error(WriteFailed) when the cache cannot be written (the old one is kept).
    static Result build(const Dataset &dataset, const QString &cachePath, int threads,
                        ProgressReporter *progress = nullptr);
};

} // namespace genrelab
