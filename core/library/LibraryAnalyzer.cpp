#include "LibraryAnalyzer.h"

#include "AnalysisQueue.h"
#include "LibraryCatalog.h"
#include "TagFile.h"
#include "data/AudioFileScanner.h"
#include "data/TrackFeaturizer.h"
#include "ml/ModelEnsemble.h"
#include "ml/Predictor.h"
#include "ml/RunDirectory.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"
#include "util/WorkerThreads.h"
#include "util/Sha256.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>

namespace genrelab {

namespace {

struct Pending
{
    QString path;
    qint64 size;
    QDateTime modified;
};

// One worker's tools: its own decoder workspace and its own copy of the model.
struct Worker
{
    Worker(const QString &model, int windows)
        : featurizer(WindowPolicy::spread(windows))
        , predictor(model, 1)
    {
    }
    TrackFeaturizer featurizer;
    Predictor predictor;
};

CatalogTrack analyseOne(Worker &worker, const Pending &file, const QString &model)
{
    CatalogTrack track;
    track.path = file.path;
    track.size = file.size;
    track.modified = file.modified;
    track.model = model;
    try {
        const TagFile::Fields tags = TagFile::read(file.path);
        track.artist = tags.artist;
        track.title = tags.title;
        track.genreTag = tags.genre;
    } catch (const Error &) {
        // untagged or a format TagLib does not know: analysed all the same
    }
    const TrackFeatures windows = worker.featurizer.featurize(file.path);
    if (!windows.ok()) {
        track.error = windows.error->cause();
        return track;
    }
    track.duration = windows.info.durationSeconds;
    track.warnings = windows.warnings;
    Predictor::TrackPrediction prediction;
    try {
        prediction = worker.predictor.predict(windows);
    } catch (const std::exception &error) { // a LibTorch failure on this file (c10::Error too): this track fails, not the run
        track.error = QStringLiteral("the model could not be run on it: ")
                      + QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0);
        return track;
    }
    track.label = prediction.label;
    track.confidence = prediction.probability;
    track.meanProbabilities = prediction.meanProbabilities;
    for (const std::vector<float> &window : prediction.snippetProbabilities)
        track.windowProbabilities.insert(track.windowProbabilities.end(), window.begin(), window.end());
    track.windowStarts = windows.starts;
    return track;
}

std::vector<Pending> changedFiles(const QStringList &files, const LibraryCatalog &catalog, const QString &model, int *upToDate)
{
    std::vector<Pending> pending;
    for (const QString &path : files) {
        const QFileInfo info(path);
        if (catalog.isCurrent(path, info.size(), info.lastModified(), model))
            ++*upToDate;
        else
            pending.push_back({path, info.size(), info.lastModified()});
    }
    return pending;
}

// The workers, on threads of their own while the calling thread (the catalog's) stores
// what they finish. Leaving early (a commit that failed) cancels the scan and waits for them.
class WorkerPool
{
public:
    WorkerPool(AnalysisQueue &queue, int count, const std::function<void(int, const std::atomic<bool> &)> &work)
        : m_queue(queue)
        , m_thread([this, count, work] {
            try {
                runOnWorkerThreads(count, work);
            } catch (...) {
                m_failure = std::current_exception();
            }
            m_queue.workersDone();
        })
    {
    }
    ~WorkerPool()
    {
        m_queue.cancel();
        if (m_thread.joinable())
            m_thread.join();
    }
    // Waits for the workers; rethrows the first failure among them.
    void join()
    {
        m_thread.join();
        if (m_failure)
            std::rethrow_exception(m_failure);
    }

private:
    AnalysisQueue &m_queue;
    std::exception_ptr m_failure;
    std::thread m_thread; // last: it starts once the rest is ready
};

// A scan's messages, by track: listed in the scan's order at its end, whatever order
// the workers finished in.
struct Messages
{
    std::vector<std::pair<std::size_t, QString>> failures, warnings;
};

QStringList inScanOrder(std::vector<std::pair<std::size_t, QString>> messages)
{
    std::stable_sort(messages.begin(), messages.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList list;
    for (auto &[track, message] : messages)
        list << std::move(message);
    return list;
}

// Commits finished tracks and counts them in; returns how many there were.
std::size_t storeBatch(LibraryCatalog &catalog, AnalysisQueue::Finished batch, LibraryAnalyzer::Result &result, Messages &messages)
{
    std::vector<CatalogTrack> tracks;
    tracks.reserve(batch.size());
    for (auto &[index, track] : batch)
        tracks.push_back(std::move(track));
    catalog.store(tracks); // committed: a kill after this keeps them
    for (std::size_t k = 0; k < tracks.size(); ++k) {
        const CatalogTrack &track = tracks[k];
        const std::size_t index = batch[k].first;
        for (const QString &warning : track.warnings)
            messages.warnings.emplace_back(index, QStringLiteral("%1: %2").arg(track.path, warning));
        if (track.error.isEmpty()) {
            ++result.analysed;
        } else {
            ++result.failed;
            messages.failures.emplace_back(index, QStringLiteral("%1: %2").arg(track.path, track.error));
        }
    }
    return tracks.size();
}

} // namespace

QString LibraryAnalyzer::modelId(const QString &model, int windows)
{
    Sha256 hash;
    for (const QString &member : ModelEnsemble::modelsOf(model)) { // an ensemble is all its members
        QFile in(QFileInfo(member).isDir() ? RunDirectory(member).bestModelPath() : member);
        if (in.open(QIODevice::ReadOnly))
            hash.addData(&in);
    }
    return QString::fromLatin1(hash.result().toHex().left(16)) + QStringLiteral("/w%1").arg(windows);
}

LibraryAnalyzer::Result LibraryAnalyzer::analyze(const QString &folder, LibraryCatalog &catalog, const Options &options,
                                                 ProgressReporter *progress)
{
    QElapsedTimer clock;
    clock.start();
    Result result;
    if (!QFileInfo(folder).isDir())
        throw Error(Error::Kind::FileMissing, folder, QStringLiteral("folder not found"));
    const QString model = modelId(options.model, options.windows);
    const int threads = boundedThreadCount(options.threads); // each worker holds a copy of the model
    // Each worker loads its model on its own thread: reading and checking a bundle
    // (SHA-256) and building the network take tens of milliseconds, once per worker.
    std::vector<std::unique_ptr<Worker>> workers(static_cast<std::size_t>(threads));
    runOnWorkerThreads(threads, [&](int w) { workers[std::size_t(w)] = std::make_unique<Worker>(options.model, options.windows); });
    catalog.setClasses(model, workers.front()->predictor.labels());

    const QStringList files = AudioFileScanner::scan(folder);
    result.files = int(files.size());
    result.pruned = catalog.prune(folder, files);
    const std::vector<Pending> pending = changedFiles(files, catalog, model, &result.upToDate);
    const std::size_t chunk = std::size_t(std::max(1, options.chunk));
    AnalysisQueue queue(pending.size());
    WorkerPool pool(queue, threads, [&](int w, const std::atomic<bool> &stop) {
        while (!stop) {
            const std::optional<std::size_t> track = queue.take();
            if (!track)
                return;
            queue.finish(*track, analyseOne(*workers[std::size_t(w)], pending[*track], model));
        }
    });
    Messages messages;
    std::size_t stored = 0;
    for (bool workersDone = false; !workersDone;) {
        AnalysisQueue::Finished batch;
        std::tie(batch, workersDone) = queue.waitForBatch(chunk, std::chrono::milliseconds(100));
        if (progress && progress->isCancelled())
            queue.cancel(); // the tracks under way are finished and stored, no new one started
        if (batch.empty())
            continue;
        stored += storeBatch(catalog, std::move(batch), result, messages);
        if (progress)
            progress->report(QStringLiteral("%1 of %2 files analysed").arg(stored).arg(pending.size()),
                             double(stored) / double(pending.size()));
    }
    pool.join();
    result.cancelled = queue.isCancelled() && stored < pending.size();
    result.warnings = inScanOrder(std::move(messages.warnings));
    result.failures = inScanOrder(std::move(messages.failures));
    result.seconds = clock.elapsed() / 1000.0;
    return result;
}

} // namespace genrelab
