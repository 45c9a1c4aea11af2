#include "JobRunner.h"

#include "JobProgress.h"
#include "JobStatusWidget.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <new>
#include <optional>

namespace genrelab {

namespace {
// What a worker hands back: how to deliver its result, or why it failed. Everything is
// caught on the worker, so QtConcurrent never wraps an exception as QUnhandledException.
struct Outcome
{
    std::function<void()> deliver;
    std::optional<Error> error;
};
} // namespace

struct JobRunner::Running
{
    // Both children of the runner, deleted later once the job ended (never inside the
    // watcher's own finished() emission).
    JobProgress *progress = nullptr;
    QFutureWatcher<Outcome> *watcher = nullptr;
    std::function<void(const Error &)> onError;
};

JobRunner::JobRunner(Policy policy, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
{
}

JobRunner::~JobRunner()
{
    // Never leave a worker running against a destroyed owner: ask every job to stop,
    // then wait, so that none outlives what it reports to.
    for (const auto &running : m_running)
        running->progress->requestCancel();
    for (const auto &running : m_running)
        running->watcher->waitForFinished();
    if (m_current && m_statusWidget)
        m_statusWidget->done();
}

void JobRunner::setStatusWidget(JobStatusWidget *widget)
{
    m_statusWidget = widget;
}

Error JobRunner::describe(std::exception_ptr thrown)
{
    try {
        std::rethrow_exception(thrown);
    } catch (const Error &error) {
        return error;
    } catch (const std::bad_alloc &) {
        return Error(Error::Kind::Unsupported, {}, tr("out of memory"),
                     tr("close other programs, or open a smaller dataset"));
    } catch (const std::exception &error) {
        QString text = QString::fromLocal8Bit(error.what());
        // LibTorch's c10::Error appends a C++ backtrace: users need the first part only.
        const qsizetype backtrace = text.indexOf(QLatin1String("\nException raised from"));
        if (backtrace >= 0)
            text.truncate(backtrace);
        text = text.trimmed();
        if (text.isEmpty())
            text = tr("an unexpected error stopped the job");
        return Error(Error::Kind::Unsupported, {}, text);
    } catch (...) {
        return Error(Error::Kind::Unsupported, {}, tr("an unexpected error of an unknown kind stopped the job"),
                     tr("please report it, with what you were doing"));
    }
}

bool JobRunner::start(const QString &title, Task task, std::function<void(const Error &)> onError)
{
    if (m_current) {
        if (m_policy == Policy::Exclusive) {
            Q_EMIT busyRefused(tr("Wait for the current job to finish, or cancel it (Esc)"));
            return false;
        }
        m_current->progress->requestCancel(); // superseded: its result will be dropped
        if (m_statusWidget)
            m_statusWidget->done();
    }
    auto running = std::make_unique<Running>();
    Running *job = running.get();
    job->progress = new JobProgress(this);
    job->onError = std::move(onError);
    m_current = job;
    m_running.push_back(std::move(running));
    if (m_statusWidget)
        m_statusWidget->track(job->progress, title);
    job->watcher = new QFutureWatcher<Outcome>(this);
    connect(job->watcher, &QFutureWatcher<Outcome>::finished, this, [this, job] { finished(job); });
    ProgressReporter *progress = job->progress;
    job->watcher->setFuture(QtConcurrent::run([task = std::move(task), progress]() mutable {
        Outcome outcome;
        try {
            outcome.deliver = task(*progress);
        } catch (...) {
            outcome.error = describe(std::current_exception());
        }
        return outcome;
    }));
    Q_EMIT started(title);
    return true;
}

void JobRunner::cancel()
{
    if (m_current)
        m_current->progress->requestCancel();
}

void JobRunner::finished(Running *job)
{
    const auto found = std::find_if(m_running.begin(), m_running.end(), [job](const auto &r) { return r.get() == job; });
    if (found == m_running.end())
        return;
    std::unique_ptr<Running> ended = std::move(*found);
    m_running.erase(found);
    ended->progress->deleteLater();
    ended->watcher->deleteLater();
    if (ended.get() != m_current)
        return; // superseded by a newer job: stale, whatever it says
    m_current = nullptr;
    if (m_statusWidget)
        m_statusWidget->done();
    Outcome outcome = ended->watcher->result();
    if (outcome.error) {
        Q_EMIT failed(outcome.error->message(), outcome.error->kind());
        if (ended->onError)
            ended->onError(*outcome.error);
    } else if (outcome.deliver) {
        outcome.deliver();
    }
    Q_EMIT idle();
}

} // namespace genrelab
