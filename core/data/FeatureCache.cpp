#include "FeatureCache.h"

#include "FeatureCacheFormat.h"
#include "dsp/FeatureContract.h"
#include "util/DataHome.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace genrelab {

namespace {

using C = FeatureContract;
constexpr std::uint64_t kSnippetBytes = C::valuesPerSnippet * sizeof(float);

[[noreturn]] void corrupt(const QString &path, const QString &what)
{
    throw Error(Error::Kind::Corrupt, path, QStringLiteral("damaged feature cache: ") + what,
                QStringLiteral("it will be rebuilt"));
}

void validateHeader(const QString &path, const FeatureCacheFormat::Header &h, std::uint64_t fileSize)
{
    if (h.formatVersion != FeatureCache::formatVersion)
        throw Error(Error::Kind::Unsupported, path,
                    QStringLiteral("feature cache format %1, this GenreLab reads format %2").arg(h.formatVersion).arg(FeatureCache::formatVersion),
                    h.formatVersion < FeatureCache::formatVersion
                        ? QStringLiteral("written by an older GenreLab; it is rebuilt (its tracks are featurised again)")
                        : QStringLiteral("written by a newer GenreLab; it is rebuilt for this one"));
    if (h.contractVersion != std::uint32_t(C::version) || h.frames != std::uint32_t(C::frames) || h.mels != std::uint32_t(C::nMels))
        throw Error(Error::Kind::Unsupported, path,
                    QStringLiteral("features of preprocessing contract v%1 (%2×%3); this GenreLab uses v%4 (%5×%6)")
                        .arg(h.contractVersion).arg(h.frames).arg(h.mels).arg(C::version).arg(C::frames).arg(C::nMels));
    // Every size is checked against the file before anything is read or mapped,
    // without overflowing on absurd values.
    if (h.dataOffset != FeatureCacheFormat::headerBytes)
        corrupt(path, QStringLiteral("unexpected data offset"));
    if (h.snippetCount > (fileSize - h.dataOffset) / kSnippetBytes)
        corrupt(path, QStringLiteral("it holds fewer snippets than its header says (truncated?)"));
    if (h.tableOffset != h.dataOffset + h.snippetCount * kSnippetBytes)
        corrupt(path, QStringLiteral("the track table is not where the header says"));
    if (h.tableBytes > fileSize || h.tableOffset + h.tableBytes != fileSize)
        corrupt(path, QStringLiteral("file size does not match the header (truncated?)"));
}

} // namespace

FeatureCache::FeatureCache() = default;
FeatureCache::~FeatureCache() = default;
FeatureCache::FeatureCache(FeatureCache &&) noexcept = default;
FeatureCache &FeatureCache::operator=(FeatureCache &&) noexcept = default;

QString FeatureCache::defaultPathFor(const QString &datasetRoot)
{
    const QString root = QFileInfo(datasetRoot).absoluteFilePath();
    const QByteArray hash = QCryptographicHash::hash(root.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    const QString base = DataHome::featuresDir();
    return QStringLiteral("%1/%2-%3-contract%4.glfc").arg(base, QFileInfo(root).fileName(), QString::fromLatin1(hash)).arg(C::version);
}

FeatureCache FeatureCache::open(const QString &path)
{
    FeatureCache cache;
    cache.m_path = path;
    cache.m_file = std::make_unique<QFile>(path);
    if (!cache.m_file->exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("no feature cache yet"));
    RegularFile::requireForReading(path); // opening a named pipe would block for ever
    if (!cache.m_file->open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, path, cache.m_file->errorString());
    const auto fileSize = std::uint64_t(cache.m_file->size());
    FeatureCacheFormat::Header header;
    if (fileSize < FeatureCacheFormat::headerBytes
        || !FeatureCacheFormat::decodeHeader(cache.m_file->read(FeatureCacheFormat::headerBytes), header))
        throw Error(Error::Kind::Corrupt, path, QStringLiteral("not a GenreLab feature cache"));
    validateHeader(path, header, fileSize);

    cache.m_file->seek(qint64(header.tableOffset));
    if (!FeatureCacheFormat::decodeTable(cache.m_file->read(qint64(header.tableBytes)), header.trackCount, cache.m_tracks))
        corrupt(path, QStringLiteral("the track table is damaged (its checksum does not match) or unreadable"));
    for (int i = 0; i < cache.trackCount(); ++i) {
        const CachedTrack &t = cache.m_tracks[std::size_t(i)];
        if (t.firstSnippet > header.snippetCount || t.snippetCount > header.snippetCount - t.firstSnippet)
            corrupt(path, QStringLiteral("a track points outside the feature data"));
        cache.m_index.insert(t.path, i);
    }
    cache.m_snippetCount = header.snippetCount;
    if (header.snippetCount > 0) {
        // Map the whole file once: pages are read on demand and never copied.
        const uchar *map = cache.m_file->map(0, qint64(fileSize));
        if (!map)
            throw Error(Error::Kind::Unreadable, path, QStringLiteral("cannot memory-map: ") + cache.m_file->errorString());
        cache.m_data = reinterpret_cast<const float *>(map + header.dataOffset);
    }
    return cache;
}

std::span<const float> FeatureCache::snippet(int track, int k) const
{
    const CachedTrack &t = m_tracks[std::size_t(track)];
    return {m_data + (t.firstSnippet + std::uint64_t(k)) * C::valuesPerSnippet, C::valuesPerSnippet};
}

bool FeatureCache::verifyTrack(int track) const
{
    const CachedTrack &t = m_tracks[std::size_t(track)];
    return FeatureCacheFormat::checksum(trackFeatures(track)) == t.checksum;
}

std::span<const float> FeatureCache::trackFeatures(int track) const
{
    const CachedTrack &t = m_tracks[std::size_t(track)];
    if (t.snippetCount == 0)
        return {};
    return {m_data + t.firstSnippet * C::valuesPerSnippet, t.snippetCount * C::valuesPerSnippet};
}

} // namespace genrelab
