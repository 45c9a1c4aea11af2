#include "JobProgress.h"

namespace genrelab {

namespace {
constexpr qint64 kMinIntervalMs = 50; // ≤ 20 updates per second
}

JobProgress::JobProgress(QObject *parent)
    : QObject(parent)
{
}

void JobProgress::report(const QString &message, double fraction)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_sinceLast.isValid() && m_sinceLast.elapsed() < kMinIntervalMs && fraction < 1.0)
            return;
        m_sinceLast.start();
    }
    Q_EMIT progressed(message, fraction);
}

void JobProgress::finish(const QString &summary)
{
    Q_EMIT finished(summary);
}

} // namespace genrelab
