#include "WorkerThreads.h"

#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace genrelab {

void runOnWorkerThreads(int count, const std::function<void(int worker, const std::atomic<bool> &stop)> &work)
{
    std::mutex mutex;
    std::exception_ptr firstFailure;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(count));
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
