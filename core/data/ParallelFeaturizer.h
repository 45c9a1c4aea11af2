#pragma once

#include "TrackFeatures.h"
#include "WindowPolicy.h"

#include <QStringList>

#include <functional>

namespace genrelab {

class ProgressReporter;

// Featurises a list of files on a few threads, each pulling the next file, each thread
// with its own decoder and FFT workspace. Results go to a sink as each track finishes
// (in completion order, not list order; TrackFeatures::index says which file).
// Thread contract: run() blocks its caller (call it from a worker, never the GUI
// thread); the sink is called concurrently from the worker threads and must be thread
// safe. Cancelling through the reporter stops before the next file.
class ParallelFeaturizer
{
public:
    using Sink = std::function<void(TrackFeatures &&track)>;

    struct Summary
    {
        std::size_t files = 0;
        std::size_t tracksOk = 0;
        std::size_t snippets = 0;
        double audioSeconds = 0.0;
        double wallSeconds = 0.0;
        QStringList failures; // one line per file that failed: its error message
        bool cancelled = false;
    };

    // `policy`: which snippets of each file (TrackFeaturizer); each thread holds one
    // track's windows at a time, so memory stays flat whatever the list's length.
    static Summary run(const QStringList &files, int threads, WindowPolicy policy, const Sink &sink,
                       ProgressReporter *progress = nullptr);
};

} // namespace genrelab
