#pragma once

#include <QString>

namespace genrelab {

// Process-wide LibTorch settings that must be made before any network runs.
// LibTorch (Debian's 1.13) starts with one intra-op thread: every entry point calls
// setThreads() with the user's choice (default: all cores).
// Thread contract: call setThreads() from the thread that will start work, before it.
class TorchRuntime
{
public:
    // n <= 0 means all cores. Returns the count in effect. Also keepLargeAllocations().
    static int setThreads(int n);
    // Process-wide: large buffers stay in the heap between training steps (see .cpp).
    static void keepLargeAllocations();
    static int threads();
    static QString version();
    static QString blasInfo(); // which BLAS backs the matrix products (for bench reports)
};

} // namespace genrelab
