#include "FeatureCacheBuilder.h"

#include "Dataset.h"
#include "FeatureCacheFormat.h"
#include "FeatureRecoveryLog.h"
#include "ParallelFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "util/CheckedSaveFile.h"
#include "util/DataHome.h"
#include "util/Error.h"
#include "util/FileLock.h"
#include "util/ProgressReporter.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <mutex>

namespace genrelab {

namespace {

using C = FeatureContract;

struct FileStamp
{
    qint64 size = -1;
    qint64 modifiedMs = -1;
};

FileStamp stampOf(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {};
    return {info.size(), info.lastModified().toMSecsSinceEpoch()};
}

// Same file, featurised under the same window policy: a track of another policy is
// featurised again, so one cache never mixes two layouts of snippets.
bool unchanged(const CachedTrack &cached, const FileStamp &stamp, WindowPolicy policy)
{
    return stamp.size >= 0 && cached.fileSize == stamp.size && cached.modifiedMs == stamp.modifiedMs
           && cached.windows == policy.count();
}

// Why the old cache's tracks are not reused, when it was built with another policy.
QString otherPolicy(const FeatureCache &old, WindowPolicy policy)
{
    for (int t = 0; t < old.trackCount(); ++t)
        if (old.track(t).windows != policy.count())
            return QStringLiteral("%1: built with %2 per track, this dataset takes %3; featurised again")
                .arg(old.path(), WindowPolicy::ofCount(old.track(t).windows).describe(), policy.describe());
    return {};
}

// Appends snippets to the temporary cache file and keeps the table in step.
class CacheWriter
{
public:
    explicit CacheWriter(const QString &path)
        : m_file(withFolder(path))
    {
        m_file.write(QByteArray(qsizetype(FeatureCacheFormat::headerBytes), '\0'));
    }

    void add(CachedTrack entry, std::span<const float> values)
    {
        entry.firstSnippet = m_snippets;
        entry.checksum = FeatureCacheFormat::checksum(values);
        m_snippets += entry.snippetCount;
        if (!values.empty())
            m_file.write(reinterpret_cast<const char *>(values.data()), qint64(values.size_bytes()));
        m_tracks.push_back(std::move(entry));
    }

    void commit()
    {
        const QByteArray table = FeatureCacheFormat::encodeTable(m_tracks);
        FeatureCacheFormat::Header header;
        header.formatVersion = FeatureCache::formatVersion;
        header.contractVersion = C::version;
        header.frames = C::frames;
        header.mels = C::nMels;
        header.trackCount = m_tracks.size();
        header.snippetCount = m_snippets;
        header.dataOffset = FeatureCacheFormat::headerBytes;
        header.tableOffset = header.dataOffset + m_snippets * C::valuesPerSnippet * sizeof(float);
        header.tableBytes = std::uint64_t(table.size());
        m_file.write(table);
        m_file.seek(0);
        m_file.write(FeatureCacheFormat::encodeHeader(header));
        m_file.commit();
    }

private:
    static QString withFolder(const QString &path)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        return path;
    }

    CheckedSaveFile m_file; // a full disk throws from add() or commit(); the old cache stays
    std::vector<CachedTrack> m_tracks;
    std::uint64_t m_snippets = 0;
};

// The cache path is replaced wholesale, so it must hold nothing of the user's: a track,
// a document, a device or a pipe given as --cache is refused, never overwritten. Only
// an empty file, one that starts like a GenreLab cache (even a damaged one, which is
// rebuilt) or any file in GenreLab's own features folder may be replaced.
void refuseForeignFile(const QString &cachePath)
{
    RegularFile::requireForWriting(cachePath);
    RegularFile::requireForWriting(FeatureRecoveryLog::pathFor(cachePath));
    QFile existing(cachePath);
    if (!existing.exists() || existing.size() == 0)
        return;
    const QString ownFolder = QDir(DataHome::featuresDir()).canonicalPath();
    if (!ownFolder.isEmpty() && QFileInfo(cachePath).canonicalPath() == ownFolder)
        return;
    if (!existing.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, cachePath, existing.errorString(), QStringLiteral("check the file's permissions"));
    const QByteArray start = existing.read(sizeof FeatureCacheFormat::magic);
    if (start != QByteArray(FeatureCacheFormat::magic, sizeof FeatureCacheFormat::magic))
        throw Error(Error::Kind::WriteFailed, cachePath,
                    QStringLiteral("it is not a GenreLab feature cache, and a cache would replace it"),
                    QStringLiteral("choose another --cache path; this file was left as it is"));
}

} // namespace

QString FeatureCacheBuilder::Result::summary() const
{
    QString text = QStringLiteral("%1 tracks (%2 featurised, %3 from cache), %4 snippets, %5 skipped, %6 s")
                       .arg(reused + recovered + computed).arg(computed).arg(reused).arg(snippets).arg(failed)
                       .arg(seconds, 0, 'f', 2);
    if (recovered > 0)
        text += QStringLiteral("; %1 recovered from an interrupted run").arg(recovered);
    if (repaired > 0)
        text += QStringLiteral("; %1 damaged in the cache, featurised again").arg(repaired);
    if (cancelled)
        text += QStringLiteral(" — cancelled, the rest is done next time");
    return text;
}

FeatureCacheBuilder::Result FeatureCacheBuilder::build(const Dataset &dataset, const QString &cachePath, int threads,
                                                       ProgressReporter *progress)
{
    QElapsedTimer clock;
    clock.start();
    Result result;
    refuseForeignFile(cachePath);
    const FileLock lock(cachePath); // one writer per cache: a second featurize is refused
    FeatureCache old;
    try {
        old = FeatureCache::open(cachePath);
    } catch (const Error &error) {
        if (error.kind() != Error::Kind::FileMissing)
            result.oldCacheProblem = error.message();
    }

    const WindowPolicy policy = dataset.windowPolicy();
    if (result.oldCacheProblem.isEmpty())
        result.oldCacheProblem = otherPolicy(old, policy);
    FeatureRecoveryLog log(cachePath); // what a killed run had finished

    // Which tracks can be copied (from the old cache or the recovery log), which must be computed.
    std::vector<int> reusable(dataset.tracks().size(), -1);
    QStringList fromLog;
    std::vector<FileStamp> stamps(dataset.tracks().size());
    QStringList toCompute;
    std::vector<int> computeIndex;
    for (int t = 0; t < dataset.trackCount(); ++t) {
        const QString &path = dataset.tracks()[std::size_t(t)].path;
        stamps[std::size_t(t)] = stampOf(path);
        const int entry = old.findTrack(path);
        const bool sameFile = entry >= 0 && unchanged(old.track(entry), stamps[std::size_t(t)], policy);
        if (sameFile && old.verifyTrack(entry)) {
            reusable[std::size_t(t)] = entry;
        } else if (sameFile) { // damaged on disk since it was written: computed again
            ++result.repaired;
            toCompute << path;
            computeIndex.push_back(t);
        } else if (log.recovered().contains(path) && unchanged(log.recovered().value(path), stamps[std::size_t(t)], policy)) {
            fromLog << path;
        } else {
            toCompute << path;
            computeIndex.push_back(t);
        }
    }

    const auto tally = [&result](const CachedTrack &entry) {
        result.snippets += int(entry.snippetCount);
        for (const QString &warning : entry.warnings)
            result.warnings << entry.path + QStringLiteral(": ") + warning;
        if (!entry.error.isEmpty()) {
            ++result.failed;
            result.failures << entry.path + QStringLiteral(": ") + entry.error;
        }
    };

    if (toCompute.isEmpty() && fromLog.isEmpty() && old.trackCount() == dataset.trackCount()) {
        log.remove();
        for (int t = 0; t < old.trackCount(); ++t)
            tally(old.track(t));
        result.reused = dataset.trackCount();
        result.cache = std::move(old);
        result.seconds = clock.nsecsElapsed() / 1e9;
        return result;
    }

    CacheWriter writer(cachePath);
    for (int t = 0; t < dataset.trackCount(); ++t) {
        if (reusable[std::size_t(t)] < 0)
            continue;
        const int entry = reusable[std::size_t(t)];
        writer.add(old.track(entry), old.trackFeatures(entry));
        tally(old.track(entry));
        ++result.reused;
    }
    for (const QString &path : std::as_const(fromLog)) {
        const CachedTrack &entry = log.recovered()[path];
        writer.add(entry, log.features(path));
        tally(entry);
        ++result.recovered;
    }
    log.startAppending();

    std::mutex writeMutex;
    const auto summary = ParallelFeaturizer::run(toCompute, threads, policy, [&](TrackFeatures &&features) {
        // A decode Ctrl+C interrupted says nothing about the file: left for the next run,
        // like the tracks a cancel never reached, never remembered as a failure.
        if (features.error && features.error->kind() == Error::Kind::Cancelled)
            return;
        const int t = computeIndex[features.index];
        CachedTrack entry;
        entry.path = features.path;
        entry.fileSize = stamps[std::size_t(t)].size;
        entry.modifiedMs = stamps[std::size_t(t)].modifiedMs;
        entry.snippetCount = std::uint32_t(features.snippets);
        entry.durationSeconds = features.decodedSeconds;
        entry.windows = policy.count();
        entry.starts = std::move(features.starts);
        entry.warnings = features.warnings;
        if (features.error)
            entry.error = features.error->cause();
        std::lock_guard lock(writeMutex);
        tally(entry);
        log.append(entry, features.values);
        writer.add(std::move(entry), features.values);
        ++result.computed;
    }, progress);
    result.cancelled = summary.cancelled;

    writer.commit();
    log.remove(); // everything is in the cache now
    result.rewritten = true;
    result.cache = FeatureCache::open(cachePath);
    result.seconds = clock.nsecsElapsed() / 1e9;
    return result;
}

} // namespace genrelab
