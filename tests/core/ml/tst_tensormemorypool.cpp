// LibTorch's CPU allocator, replaced by TensorMemoryPool: large buffers are reused
// wherever they were allocated, small ones are not kept, the cache has a cap, and a
// training step on a worker thread no longer page-faults its activations in again.
#include "ml/TensorMemoryPool.h"
#include "ml/TorchRuntime.h"
#include "ml/networks/CrnnNet.h"

#include <QTest>

#include <c10/core/CPUAllocator.h>

#include <torch/torch.h>

#include <sys/resource.h>

#include <thread>

using namespace genrelab;

namespace {

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

} // namespace

class TstTensorMemoryPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { TorchRuntime::setThreads(2); } // installs the pool

    void init() { TensorMemoryPool::releaseCached(); }

    void aFreedLargeBufferIsHandedOutAgain()
    {
        const void *first = nullptr;
        {
            const auto a = torch::ones({1 << 20}); // 4 MiB
            first = a.data_ptr();
        }
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(4) << 20);
        const auto b = torch::full({1 << 20}, 2.0f);
        QCOMPARE(static_cast<const void *>(b.data_ptr()), first);
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(0));
        QCOMPARE(b.sum().item<double>(), double(1 << 20) * 2.0); // every element written anew
    }

    void aMuchSmallerRequestDoesNotTakeALargeBuffer()
    {
        { const auto big = torch::empty({4 << 20}); } // 16 MiB kept
        const auto small = torch::empty({1 << 20});    // 4 MiB: not from the 16-MiB buffer
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(16) << 20);
    }

    void smallBuffersAreNotKept()
    {
        { const auto small = torch::ones({1000}); }
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(0));
    }

    void theCacheStaysUnderItsCap()
    {
        {
            std::vector<torch::Tensor> many;
            const std::int64_t floats = std::int64_t(TensorMemoryPool::kCapBytes / 4 / 8);
            for (int i = 0; i < 12; ++i) // 1.5 × the cap in eighths
                many.push_back(torch::empty({floats}));
        }
        QVERIFY(TensorMemoryPool::cachedBytes() <= TensorMemoryPool::kCapBytes);
        QVERIFY(TensorMemoryPool::cachedBytes() >= TensorMemoryPool::kCapBytes / 2);
        TensorMemoryPool::releaseCached();
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(0));
    }

    void oneDnnsRawAllocationsComeBackToo()
    {
        c10::Allocator *allocator = c10::GetCPUAllocator();
        void *raw = allocator->raw_allocate(std::size_t(3) << 20);
        QVERIFY(raw);
        allocator->raw_deallocate(raw);
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(3) << 20);
        void *small = allocator->raw_allocate(64);
        allocator->raw_deallocate(small);
        QCOMPARE(TensorMemoryPool::cachedBytes(), std::size_t(3) << 20);
    }

    // The case glibc's M_MMAP_MAX=0 does not cover: a batch-64 step on a worker thread
    // frees activations over 64 MB, which a thread arena maps and unmaps every step
    // (15 million page faults in one epoch of full GTZAN before the pool).
    void aTrainingStepOnAWorkerThreadReusesItsActivations()
    {
        long secondStepFaults = -1;
        std::thread worker([&] {
            CrnnNet net(CrnnOptions{});
            torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));
            const auto x = torch::randn({64, 1, 130, 100});
            const auto y = torch::randint(0, 10, {64}, torch::kLong);
            const auto step = [&] {
                optimizer.zero_grad();
                torch::nn::functional::cross_entropy(net->forward(x), y).backward();
                optimizer.step();
            };
            step();
            step();
            const long before = minorFaults();
            step();
            secondStepFaults = minorFaults() - before;
        });
        worker.join();
        // The conv1 activation alone is 106 MB, 26 000 pages: faulting it in again costs
        // that many faults at least (146 000 a step without the pool). Reused, a step
        // faults tens of pages here, ~10 000 under ASan, whose allocator quarantines
        // the small buffers it frees.
        const long conv1Pages = 64L * 32 * 130 * 100 * 4 / 4096;
        qInfo("minor page faults in a steady training step: %ld", secondStepFaults);
        QVERIFY2(secondStepFaults >= 0 && secondStepFaults < conv1Pages * 3 / 4, qPrintable(QString::number(secondStepFaults)));
    }
};

QTEST_GUILESS_MAIN(TstTensorMemoryPool)
#include "tst_tensormemorypool.moc"
