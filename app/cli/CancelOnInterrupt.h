#pragma once

namespace genrelab {
class ProgressReporter;
}

namespace genrelab::cli {

// While alive, Ctrl+C (SIGINT) or SIGTERM asks `reporter` to cancel instead of killing
// the process, so long jobs stop cleanly and keep what they finished.
// Thread contract: one at a time, on the main thread.
class CancelOnInterrupt
{
public:
    explicit CancelOnInterrupt(ProgressReporter &reporter);
    ~CancelOnInterrupt();
    CancelOnInterrupt(const CancelOnInterrupt &) = delete;
    CancelOnInterrupt &operator=(const CancelOnInterrupt &) = delete;
};

} // namespace genrelab::cli
