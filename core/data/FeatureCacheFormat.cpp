#include "FeatureCacheFormat.h"

#include <QtEndian>

#include <cstring>

namespace genrelab {

namespace {
constexpr auto kStreamVersion = QDataStream::Qt_6_4;

template<typename T>
void put(QByteArray &bytes, T value)
{
    const T le = qToLittleEndian(value);
    bytes.append(reinterpret_cast<const char *>(&le), sizeof le);
}

template<typename T>
T take(const char *&cursor)
{
    T value;
    std::memcpy(&value, cursor, sizeof value);
    cursor += sizeof value;
    return qFromLittleEndian(value);
}
// QDataStream trusts the counts it reads: a forged string or list length would make it
// reserve gigabytes (found by fuzz_featurecache). These check every length against
// the bytes that are really left before letting QDataStream read.
quint32 peekLength(QDataStream &in)
{
    const QByteArray bytes = in.device()->peek(4);
    return bytes.size() == 4 ? qFromBigEndian<quint32>(bytes.constData()) : 0xFFFFFFFEu;
}

bool readString(QDataStream &in, QString &out)
{
    const quint32 bytes = peekLength(in);
    if (bytes != 0xFFFFFFFFu && qint64(bytes) > in.device()->bytesAvailable() - 4)
        return false;
    in >> out;
    return in.status() == QDataStream::Ok;
}

bool readStringList(QDataStream &in, QStringList &out)
{
    quint32 count = 0;
    in >> count;
    if (in.status() != QDataStream::Ok || qint64(count) * 4 > in.device()->bytesAvailable())
        return false; // every string takes at least its 4-byte length
    out.clear();
    for (quint32 i = 0; i < count; ++i) {
        QString text;
        if (!readString(in, text))
            return false;
        out << text;
    }
    return true;
}
} // namespace

QByteArray FeatureCacheFormat::encodeHeader(const Header &header)
{
    QByteArray bytes(magic, sizeof magic);
    put(bytes, header.formatVersion);
    put(bytes, header.contractVersion);
    put(bytes, header.frames);
    put(bytes, header.mels);
    put(bytes, header.trackCount);
    put(bytes, header.snippetCount);
    put(bytes, header.dataOffset);
    put(bytes, header.tableOffset);
    put(bytes, header.tableBytes);
    return bytes;
}

bool FeatureCacheFormat::decodeHeader(const QByteArray &bytes, Header &header)
{
    if (bytes.size() != qsizetype(headerBytes) || std::memcmp(bytes.constData(), magic, sizeof magic) != 0)
        return false;
    const char *cursor = bytes.constData() + sizeof magic;
    header.formatVersion = take<std::uint32_t>(cursor);
    header.contractVersion = take<std::uint32_t>(cursor);
    header.frames = take<std::uint32_t>(cursor);
    header.mels = take<std::uint32_t>(cursor);
    header.trackCount = take<std::uint64_t>(cursor);
    header.snippetCount = take<std::uint64_t>(cursor);
    header.dataOffset = take<std::uint64_t>(cursor);
    header.tableOffset = take<std::uint64_t>(cursor);
    header.tableBytes = take<std::uint64_t>(cursor);
    return true;
}

QByteArray FeatureCacheFormat::encodeTable(const std::vector<CachedTrack> &tracks)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(kStreamVersion);
    for (const CachedTrack &t : tracks) {
        out << t.path << t.fileSize << t.modifiedMs << quint32(t.snippetCount) << quint64(t.firstSnippet)
            << t.durationSeconds << t.error << t.warnings;
    }
    return bytes;
}

bool FeatureCacheFormat::decodeTable(const QByteArray &bytes, std::uint64_t count, std::vector<CachedTrack> &tracks)
{
    QDataStream in(bytes);
    in.setVersion(kStreamVersion);
    tracks.clear();
    // Never trust `count` for an allocation: each entry takes at least 40 bytes.
    if (count > std::uint64_t(bytes.size()) / 40 + 1)
        return false;
    tracks.reserve(std::size_t(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        CachedTrack t;
        quint32 snippets = 0;
        quint64 first = 0;
        if (!readString(in, t.path))
            return false;
        in >> t.fileSize >> t.modifiedMs >> snippets >> first >> t.durationSeconds;
        if (in.status() != QDataStream::Ok || !readString(in, t.error) || !readStringList(in, t.warnings))
            return false;
        t.snippetCount = snippets;
        t.firstSnippet = first;
        tracks.push_back(std::move(t));
    }
    return in.atEnd();
}

} // namespace genrelab
