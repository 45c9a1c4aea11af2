#pragma once

#include "Dataset.h"
#include "DatasetOptions.h"
#include "FeatureCache.h"

#include <memory>

namespace genrelab {

class ProgressReporter;

// Everything "open a dataset" means, as one blocking job for a worker thread: list
// the tracks, bring the feature cache up to date (only changed files are decoded),
// and fill each track's duration, snippet count and status from it.
// Thread contract: open() blocks; call it off the GUI thread. The result is moved
// to the caller; the cache is shared (immutable) so views on any thread can read it.
class DatasetOpener
{
public:
    struct Opened
    {
        Dataset dataset;
        std::shared_ptr<const FeatureCache> cache;
        QString summary;   // one line for the status bar / CLI
        bool cancelled = false;
    };

    // Throws Error when the folder is not a dataset or the cache cannot be written.
    // `options` says where labels come from (DatasetLoader; default: detected).
    static Opened open(const QString &folder, int threads, ProgressReporter *progress, const QString &cachePath = {},
                       const DatasetOptions &options = {});
};

} // namespace genrelab
