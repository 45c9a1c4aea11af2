#pragma once

#include <QString>

#include <atomic>

namespace genrelab {

// The one progress interface of every long job (decoding a dataset, featurising,
// training, tagging): the worker reports a message and a fraction and polls
// isCancelled() between units of work. Cancellation is cooperative.
// Implementations: ConsoleProgress (CLI), the GUI's status-bar reporter.
// Thread contract: report() and isCancelled() may be called from any worker thread,
// concurrently; implementations must be thread safe. requestCancel() from any thread.
class ProgressReporter
{
public:
    virtual ~ProgressReporter() = default;

    // `fraction` in [0, 1]; a negative value means "unknown".
    virtual void report(const QString &message, double fraction) = 0;
    // Called once when the job ends, with a one-line summary.
    virtual void finish(const QString &summary) { report(summary, 1.0); }

    void requestCancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

} // namespace genrelab
