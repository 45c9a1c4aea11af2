#pragma once

#include <QString>

namespace genrelab {

// One rank's part of `genrelab-cli bench train --world-size N`: the training step of
// TrainBenchmark (reference CRNN, Adam, random [B,1,130,100] batches) as a data-parallel
// rank — a global batch of `batch` split over the ranks, gradients averaged by the
// same all-reduce as training (DataParallel) — timed between two collectives, so every
// rank measures the same interval. Without WORLD_SIZE (or with 1) it is one process.
// Thread contract: run() blocks, sets LibTorch's thread count, joins the group itself.
class DataParallelBenchmark
{
public:
    struct Result
    {
        int rank = 0;
        int worldSize = 1;
        int threads = 0;
        int batch = 0;                    // global
        double trainSamplesPerSecond = 0; // global samples
        QString line() const;             // "... train_samples_per_s=<x>"
    };

    // Throws Error (a bad environment, a batch that does not split, a lost rank).
    static Result run(int threads, int batch, int steps);
};

} // namespace genrelab
