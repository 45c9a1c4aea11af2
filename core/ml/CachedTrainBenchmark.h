#pragma once

#include <QString>

#include <memory>

namespace genrelab {

class Dataset;
class FeatureCache;

// Figures for `genrelab-cli bench train --from-cache DATASET` (issue 24, item 5): the
// real training path — the Trainer on a split by track, batches gathered from the
// feature cache, validation after every epoch, checkpoints — timed per epoch, beside the
// synthetic steps of TrainBenchmark at the same threads and batch in the same process,
// so what the real path loses is one ratio. The gather alone (one epoch's batches copied
// out of the cache) is timed too, to say where a loss is.
// Thread contract: run() blocks and sets LibTorch's thread count; writes only a
// temporary run folder, which it removes.
class CachedTrainBenchmark
{
public:
    struct Result
    {
        int threads = 0;
        int batch = 0;
        int epochs = 0;
        int trainSnippets = 0;
        int validSnippets = 0;
        double bestEpochSeconds = 0.0;     // the fastest epoch, validation and checkpoint included
        double realSamplesPerSecond = 0.0; // training snippets / bestEpochSeconds
        double gatherSeconds = 0.0;        // one epoch's batches gathered from the cache, nothing else
        double syntheticSamplesPerSecond = 0.0;
        QString line() const;
    };

    // Throws Error when the dataset cannot be split or training fails.
    static Result run(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache, int threads, int batch, int epochs);
};

} // namespace genrelab
