#pragma once

#include <QString>

namespace genrelab {

// Figures for `genrelab-cli bench train`: training steps of the reference CRNN (Adam,
// cross-entropy) on batches of [B,1,130,100], and inference on batches of 256, on
// random data. Compare with ../shared/bench/peer_train.py at the same thread count.
// Thread contract: run() blocks and sets LibTorch's thread count.
class TrainBenchmark
{
public:
    struct Result
    {
        long long parameters = 0;
        int threads = 0;
        int batch = 0;
        double trainSamplesPerSecond = 0.0;
        double inferSamplesPerSecond = 0.0;
        QString line() const;
    };

    static Result run(int threads, int batch, int steps);
};

} // namespace genrelab
