#include "LibraryAnalyzer.h"

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

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <atomic>
#include <memory>

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
    for (std::size_t first = 0; first < pending.size(); first += chunk) {
        if (progress && progress->isCancelled()) {
            result.cancelled = true;
            break;
        }
        const std::size_t count = std::min(chunk, pending.size() - first);
        std::vector<CatalogTrack> tracks(count);
        std::atomic<std::size_t> next{0};
        runOnWorkerThreads(int(workers.size()), [&](int w) {
            for (std::size_t i; (i = next++) < count;)
                tracks[i] = analyseOne(*workers[std::size_t(w)], pending[first + i], model);
        });
        catalog.store(tracks); // committed: a kill after this keeps the chunk
        for (const CatalogTrack &track : tracks) {
            for (const QString &warning : track.warnings)
                result.warnings << QStringLiteral("%1: %2").arg(track.path, warning);
            if (track.error.isEmpty()) {
                ++result.analysed;
            } else {
                ++result.failed;
                result.failures << QStringLiteral("%1: %2").arg(track.path, track.error);
            }
        }
        if (progress)
            progress->report(QStringLiteral("%1 of %2 files analysed").arg(first + count).arg(pending.size()),
                             double(first + count) / double(pending.size()));
    }
    result.seconds = clock.elapsed() / 1000.0;
    return result;
}

} // namespace genrelab
