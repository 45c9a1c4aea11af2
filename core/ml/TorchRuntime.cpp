#include "TorchRuntime.h"

#include "TensorMemoryPool.h"
#include "util/WorkerThreads.h"

#include <torch/torch.h>

#include <QFile>
#include <QThread>

#include <malloc.h>

#include <limits>
#include <mutex>

namespace genrelab {

void TorchRuntime::keepLargeAllocations()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // A CRNN step allocates and frees activations of 100+ MB. glibc serves those
        // with mmap and returns them with munmap, so every step page-faults them in
        // again, zero-filled by the kernel: 40 % of a training step in perf. Serving
        // them from the heap and never trimming it lets the next step reuse the pages.
        // That holds for the main thread's heap only; LibTorch's tensors, wherever they
        // are allocated, are kept by TensorMemoryPool.
        mallopt(M_MMAP_MAX, 0);
        mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
        TensorMemoryPool::install();
    });
}

int TorchRuntime::setThreads(int n)
{
    keepLargeAllocations();
    const int count = boundedThreadCount(n); // a config.json or caller asking for 100 000 gets the cap
    torch::set_num_threads(count);
    return torch::get_num_threads();
}

int TorchRuntime::threads()
{
    return torch::get_num_threads();
}

QString TorchRuntime::version()
{
    return QStringLiteral(TORCH_VERSION);
}

QString TorchRuntime::blasInfo()
{
    // Debian's LibTorch calls whatever libblas.so.3 the alternatives system points at;
    // the loaded library's real path says which one it is.
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QString text = QString::fromLocal8Bit(maps.readAll());
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString path = line.section(QLatin1Char(' '), -1);
        if (path.contains(QLatin1String("openblas")))
            return path.contains(QLatin1String("openmp")) ? QStringLiteral("OpenBLAS (OpenMP)") : QStringLiteral("OpenBLAS");
        if (path.contains(QLatin1String("libmkl")))
            return QStringLiteral("MKL");
    }
    return text.contains(QLatin1String("libblas.so")) ? QStringLiteral("reference BLAS (install libopenblas0-openmp)")
                                                      : QStringLiteral("unknown");
}

} // namespace genrelab
