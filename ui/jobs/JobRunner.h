#pragma once

#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace genrelab {

class JobProgress;
class JobStatusWidget;

// The one way the GUI runs background work: start a function on a worker thread with a
// ProgressReporter, cancel it, get its result back on the GUI thread, and never lose an
// error. Every exception the work throws — genrelab::Error, any std::exception (LibTorch's
// c10::Error among them), anything else — becomes failed() with a sentence a user can
// read, and the caller's onError, if given. Workspaces connect failed() to their own
// message place (status bar, a label), so nothing is dropped silently.
//
//   m_jobs->run(tr("Opening…"), [folder](ProgressReporter &p) { return open(folder, &p); },
//               [this](Opened opened) { show(opened); });
//
// Two policies, because the GUI has two kinds of background work:
// - Exclusive: one job at a time (opening a dataset, analysing a library); a second
//   start is refused with busyRefused(), and an attached JobStatusWidget shows title,
//   progress and Cancel (Esc).
// - LatestWins: loaders that follow the selection (a waveform, a snippet's audio): a new
//   start cancels the previous job, whose result and errors are then discarded as stale.
//
// The work runs on Qt's global thread pool and must capture what it needs by value: it
// may outlive the caller's widgets by the time it takes to notice cancellation. The
// destructor cancels every job and waits for it, so no result is delivered to a
// destroyed object.
// Thread contract: create, run(), cancel() and destroy on the GUI thread; the work runs
// on a pool thread; onResult/onError and the signals run on the GUI thread.
class JobRunner : public QObject
{
    Q_OBJECT
public:
    enum class Policy { Exclusive, LatestWins };

    explicit JobRunner(Policy policy, QObject *parent = nullptr);
    ~JobRunner() override;

    // Shows each job in `widget` (title, progress, Cancel) while it runs; not owned.
    void setStatusWidget(JobStatusWidget *widget);
    bool isBusy() const { return m_current != nullptr; }

    // Starts `work(ProgressReporter &)` on a worker; `onResult(result)` gets its return
    // value on the GUI thread (or no argument when it returns void). False when refused
    // (Exclusive and busy). Cancellation is cooperative: the work polls isCancelled(),
    // and may throw Error(Kind::Cancelled, …) to say it stopped.
    template <typename Work, typename OnResult>
    bool run(const QString &title, Work work, OnResult onResult, std::function<void(const Error &)> onError = {})
    {
        using Result = std::invoke_result_t<Work &, ProgressReporter &>;
        Task task = [work = std::move(work), onResult = std::move(onResult)](ProgressReporter &progress) mutable
            -> Delivery {
            if constexpr (std::is_void_v<Result>) {
                work(progress);
                return [onResult]() mutable { onResult(); };
            } else {
                // shared_ptr: the delivery must be copyable, the result need not be.
                auto result = std::make_shared<Result>(work(progress));
                return [onResult, result]() mutable { onResult(std::move(*result)); };
            }
        };
        return start(title, std::move(task), std::move(onError));
    }

    // Turns whatever was thrown into an Error with a readable message. Public so that
    // places which catch on the GUI thread word errors the same way.
    static Error describe(std::exception_ptr thrown);

public Q_SLOTS:
    // Asks the running job to stop; its end is still reported (a Cancelled error or
    // whatever it returns having stopped early).
    void cancel();

Q_SIGNALS:
    void started(const QString &title);
    // A job ended with an error; `message` is the sentence to show. Cancellations are
    // included (kind Cancelled) so that the caller can word them differently.
    void failed(const QString &message, genrelab::Error::Kind kind);
    // Exclusive only: a start was refused because a job runs.
    void busyRefused(const QString &message);
    // The runner became idle (after delivery or failure of the current job).
    void idle();

private:
    using Delivery = std::function<void()>;
    using Task = std::function<Delivery(ProgressReporter &)>;
    struct Running;

    bool start(const QString &title, Task task, std::function<void(const Error &)> onError);
    void finished(Running *running);

    Policy m_policy;
    QPointer<JobStatusWidget> m_statusWidget; // may go before the runner when both are children
    Running *m_current = nullptr;            // the job whose result counts
    std::vector<std::unique_ptr<Running>> m_running; // including superseded ones still on a worker
};

} // namespace genrelab
