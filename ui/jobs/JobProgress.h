#pragma once

#include "util/ProgressReporter.h"

#include <QElapsedTimer>
#include <QObject>

#include <mutex>

namespace genrelab {

// The GUI's ProgressReporter: workers call report() on their threads; it emits
// progressed() (queued to the GUI thread by Qt), throttled to ≤ 20 signals a second
// so a fast job cannot flood the event loop. cancel() is a slot for a Cancel button.
// Thread contract: report() from any thread; connect progressed() on the GUI thread.
class JobProgress : public QObject, public ProgressReporter
{
    Q_OBJECT
public:
    explicit JobProgress(QObject *parent = nullptr);
    void report(const QString &message, double fraction) override;
    void finish(const QString &summary) override;

public Q_SLOTS:
    void cancel() { requestCancel(); }

Q_SIGNALS:
    void progressed(const QString &message, double fraction);
    void finished(const QString &summary);

private:
    std::mutex m_mutex;
    QElapsedTimer m_sinceLast;
};

} // namespace genrelab
