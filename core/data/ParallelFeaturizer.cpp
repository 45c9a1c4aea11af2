#include "ParallelFeaturizer.h"

#include "TrackFeaturizer.h"
#include "util/ProgressReporter.h"
#include "util/WorkerThreads.h"

#include <QElapsedTimer>

#include <atomic>
#include <mutex>

namespace genrelab {

ParallelFeaturizer::Summary ParallelFeaturizer::run(const QStringList &files, int threads, WindowPolicy policy,
                                                    const Sink &sink, ProgressReporter *progress)
{
    Summary summary;
    summary.files = std::size_t(files.size());
    QElapsedTimer clock;
    clock.start();

    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex summaryMutex;
    // Each thread pulls the next file index until the list is exhausted: cheaper
    // than one task per file and keeps one TrackFeaturizer (FFT buffers) per thread.
    auto worker = [&](int, const std::atomic<bool> &stop) {
        TrackFeaturizer featurizer(policy);
        for (;;) {
            if ((progress && progress->isCancelled()) || stop) // stop: the sink failed elsewhere (a full disk)
                return;
            const std::size_t i = next.fetch_add(1);
            if (i >= summary.files)
                return;
            TrackFeatures track = featurizer.featurize(files[qsizetype(i)], i);
            {
                std::lock_guard lock(summaryMutex);
                if (track.ok()) {
                    ++summary.tracksOk;
                    summary.snippets += track.snippets;
                    summary.audioSeconds += track.decodedSeconds;
                } else {
                    summary.failures << track.error->message();
                }
            }
            const QString name = track.path.section(QLatin1Char('/'), -1);
            sink(std::move(track)); // may throw: rethrown by runOnWorkerThreads once all have stopped
            const std::size_t finished = done.fetch_add(1) + 1;
            if (progress)
                progress->report(QStringLiteral("%1/%2 %3").arg(finished).arg(summary.files).arg(name),
                                 double(finished) / double(summary.files));
        }
    };

    const int workers = std::max(1, std::min<int>(threads, int(files.size())));
    runOnWorkerThreads(workers, worker);

    summary.cancelled = progress && progress->isCancelled() && done.load() < summary.files;
    summary.wallSeconds = clock.nsecsElapsed() / 1e9;
    return summary;
}

} // namespace genrelab
