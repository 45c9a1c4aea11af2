#include "WorkerThreads.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace genrelab {

int maxThreadCount()
{
    return std::max(4, 4 * int(std::thread::hardware_concurrency()));
}

int boundedThreadCount(int requested)
{
    if (requested <= 0)
        return std::max(1, int(std::thread::hardware_concurrency()));
    return std::min(requested, maxThreadCount());
}

void runOnWorkerThreads(int count, const std::function<void(int worker, const std::atomic<bool> &stop)> &work)
{
    std::mutex mutex;
    std::exception_ptr firstFailure;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    count = std::min(count, maxThreadCount()); // callers number work by `worker`, not by count: the rest is shared out
    threads.reserve(std::size_t(std::max(0, count)));
    for (int worker = 0; worker < count; ++worker) {
        threads.emplace_back([&, worker] {
            try {
                work(worker, stop);
            } catch (...) {
                stop = true;
                std::lock_guard lock(mutex);
                if (!firstFailure)
                    firstFailure = std::current_exception();
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    if (firstFailure)
        std::rethrow_exception(firstFailure);
}

} // namespace genrelab
