#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// Figures for `genrelab-cli bench featurize`: throughput of decoding + features over a
// folder on N threads (best of `repeat` passes), plus the two costs that dominate small
// jobs: opening a file (probe, decoder and resampler set-up) and one snippet's features
// on one thread (what the inspector pays interactively).
// Thread contract: run() blocks; call it from a worker or the CLI's main thread.
class FeaturizeBenchmark
{
public:
    struct Result
    {
        int files = 0;
        int failed = 0;
        std::size_t snippets = 0;
        int threads = 0;
        double bestSeconds = 0.0;
        double medianSeconds = 0.0;
        double openMsPerFile = 0.0;   // median over files, one thread
        double snippetMsOneThread = 0.0; // median of repeated single-snippet computations
        double snippetsPerSecond() const { return bestSeconds > 0 ? double(snippets) / bestSeconds : 0.0; }
        QString line() const;
    };

    static Result run(const QStringList &files, int threads, int repeat);
};

} // namespace genrelab
