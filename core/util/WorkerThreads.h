#pragma once

#include <atomic>
#include <functional>

namespace genrelab {

// Runs `work` on `count` fresh threads at once and returns when every one has finished;
// `work` receives the thread's number (0 … count-1) and `stop`, which turns true once
// any thread has thrown: loops over many items check it, so that one failure (a full
// disk) stops them all. The first exception is rethrown here, after all threads have
// joined, instead of terminating.
//
// Plain std::threads rather than QThreadPool, on purpose: each call owns its threads,
// so none outlives the data the work refers to, and joining is a synchronisation
// ThreadSanitizer can see (Qt's pool waits on futexes inside the uninstrumented
// libQt6Core, which made every pooled run look like a race). Starting a thread costs
// microseconds; the work given to it here takes seconds.
void runOnWorkerThreads(int count, const std::function<void(int worker, const std::atomic<bool> &stop)> &work);

// The thread count to use when `requested` were asked for: all cores for 0 or less, at
// most maxThreadCount(). More threads than 4 per core only slow the work down, and tens
// of thousands exhaust the process before any work is done (a stop request then goes
// unheard), so every place that starts threads — worker pools, LibTorch — goes through this.
int boundedThreadCount(int requested);
int maxThreadCount(); // 4 per core, at least 4

// The same, for work that has no loop to leave early.
inline void runOnWorkerThreads(int count, const std::function<void(int worker)> &work)
{
    runOnWorkerThreads(count, [&work](int worker, const std::atomic<bool> &) { work(worker); });
}

} // namespace genrelab
