#pragma once

#include "CatalogTrack.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace genrelab {

// The tracks of one library scan, between LibraryAnalyzer's workers and the thread that
// owns the catalog: workers take tracks one at a time and hand back what they found
// while that thread commits it, so no worker waits for a commit, nor for the others at
// the end of each chunk.
// Thread contract: every member may be called from any thread.
class AnalysisQueue
{
public:
    using Finished = std::vector<std::pair<std::size_t, CatalogTrack>>; // (track, result)

    explicit AnalysisQueue(std::size_t tracks);

    // The next track's index, or nothing once all are taken or the scan is cancelled.
    std::optional<std::size_t> take();
    void finish(std::size_t track, CatalogTrack result);
    void workersDone();
    // No track is started after this; those under way are still finished.
    void cancel();
    bool isCancelled() const;

    // Waits up to `wait` for `chunk` finished tracks or the workers' end. Returns what is
    // then to be stored (all that is finished, once there are `chunk` or the workers are
    // done; otherwise nothing yet) and whether the workers are done.
    std::pair<Finished, bool> waitForBatch(std::size_t chunk, std::chrono::milliseconds wait);

private:
    const std::size_t m_tracks;
    std::atomic<std::size_t> m_next{0};
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    Finished m_finished; // not yet handed on
    bool m_workersDone = false;
};

} // namespace genrelab
