#pragma once

namespace genrelab {
class ProgressReporter;
}

namespace genrelab::cli {

// While alive, the first Ctrl+C (SIGINT) or SIGTERM asks `reporter` to cancel instead of
// killing the process: a long command stops after its current unit of work, says what it
// kept and how to go on, and exits with kExitStatus. A second one exits at once with the
// same status — safe, because every file GenreLab writes is replaced atomically, so
// nothing is left half-written.
// Thread contract: one at a time, on the main thread.
class CancelOnInterrupt
{
public:
    // 128 + SIGINT, what shells report for a job stopped by Ctrl+C.
    static constexpr int kExitStatus = 130;

    explicit CancelOnInterrupt(ProgressReporter &reporter);
    ~CancelOnInterrupt();
    CancelOnInterrupt(const CancelOnInterrupt &) = delete;
    CancelOnInterrupt &operator=(const CancelOnInterrupt &) = delete;

    // True once a signal arrived while this guard was alive.
    static bool interrupted();
};

} // namespace genrelab::cli
