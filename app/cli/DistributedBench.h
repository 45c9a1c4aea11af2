#pragma once

namespace genrelab::cli {

// genrelab-cli bench train --world-size N: the data-parallel training step
// (DataParallelBenchmark, `bench train-rank`) run once as one process and then as N
// local ranks on 127.0.0.1 — the same threads per rank, the same global batch — and the
// ratio of their throughputs in one line, so scaling on this machine is one command.
// Thread contract: blocks while the child processes run.
class DistributedBench
{
public:
    // Prints each measurement and the comparison; returns the exit status (1 when a rank
    // failed, with its output).
    static int run(int worldSize, int threads, int batch, int steps);
};

} // namespace genrelab::cli
