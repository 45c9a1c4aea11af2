#include "AnalysisQueue.h"

namespace genrelab {

AnalysisQueue::AnalysisQueue(std::size_t tracks)
    : m_tracks(tracks)
{
}

std::optional<std::size_t> AnalysisQueue::take()
{
    if (m_cancelled)
        return std::nullopt;
    const std::size_t track = m_next++;
    if (track >= m_tracks)
        return std::nullopt;
    return track;
}

void AnalysisQueue::finish(std::size_t track, CatalogTrack result)
{
    {
        std::lock_guard lock(m_mutex);
        m_finished.emplace_back(track, std::move(result));
    }
    m_changed.notify_all();
}

void AnalysisQueue::workersDone()
{
    {
        std::lock_guard lock(m_mutex);
        m_workersDone = true;
    }
    m_changed.notify_all();
}

void AnalysisQueue::cancel()
{
    m_cancelled = true;
}

bool AnalysisQueue::isCancelled() const
{
    return m_cancelled;
}

std::pair<AnalysisQueue::Finished, bool> AnalysisQueue::waitForBatch(std::size_t chunk, std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    const auto ready = [&] { return m_workersDone || m_finished.size() >= chunk; };
    if (!m_changed.wait_for(lock, wait, ready))
        return {{}, false};
    return {std::exchange(m_finished, {}), m_workersDone};
}

} // namespace genrelab
