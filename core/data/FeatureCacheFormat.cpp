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
// The policy and one start per snippet: a count that is not the snippet count, or more
// than the bytes left, is a damaged entry.
bool readStarts(QDataStream &in, quint32 snippets, CachedTrack &t)
{
    qint32 windows = 0;
    quint32 count = 0;
    in >> windows >> count;
    if (in.status() != QDataStream::Ok || windows < 0 || count != snippets
        || qint64(count) * 8 > in.device()->bytesAvailable())
        return false;
    t.windows = windows;
    t.starts.resize(count);
    for (double &start : t.starts)
        in >> start;
    return in.status() == QDataStream::Ok;
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

std::uint64_t FeatureCacheFormat::checksum(std::span<const float> values)
{
    return checksum(reinterpret_cast<const char *>(values.data()), values.size_bytes());
}

std::uint64_t FeatureCacheFormat::checksum(const char *bytes, std::size_t size)
{
    constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull; // odd: multiplying is a bijection
    const auto step = [](std::uint64_t state, std::uint64_t word) {
        state = (state ^ word) * kMultiplier;
        return state ^ (state >> 29);
    };
    std::uint64_t lanes[4] = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull, 0x082EFA98EC4E6C89ull};
    std::size_t at = 0;
    for (; at + 32 <= size; at += 32)
        for (int lane = 0; lane < 4; ++lane)
            lanes[lane] = step(lanes[lane], qFromLittleEndian<std::uint64_t>(bytes + at + 8 * std::size_t(lane)));
    for (; at < size; ++at) // a tail of fewer than 32 bytes (never for features: 52 000 bytes a snippet)
        lanes[0] = step(lanes[0], std::uint8_t(bytes[at]) | 0x100u);
    std::uint64_t result = step(std::uint64_t(size), lanes[0]);
    for (int lane = 1; lane < 4; ++lane)
        result = step(result, lanes[lane]);
    return result;
}

QByteArray FeatureCacheFormat::encodeTable(const std::vector<CachedTrack> &tracks)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(kStreamVersion);
    for (const CachedTrack &t : tracks) {
        out << t.path << t.fileSize << t.modifiedMs << quint32(t.snippetCount) << quint64(t.firstSnippet)
            << t.durationSeconds << t.error << t.warnings << quint64(t.checksum) << qint32(t.windows)
            << quint32(t.starts.size());
        for (const double start : t.starts)
            out << start;
    }
    out << quint64(checksum(bytes.constData(), std::size_t(bytes.size())));
    return bytes;
}

bool FeatureCacheFormat::decodeTable(const QByteArray &bytes, std::uint64_t count, std::vector<CachedTrack> &tracks)
{
    tracks.clear();
    if (bytes.size() < 8)
        return false;
    const qsizetype entriesBytes = bytes.size() - 8;
    if (qFromBigEndian<quint64>(bytes.constData() + entriesBytes) != checksum(bytes.constData(), std::size_t(entriesBytes)))
        return false; // damaged: no entry of it is trusted
    const QByteArray entries = bytes.left(entriesBytes);
    QDataStream in(entries);
    in.setVersion(kStreamVersion);
    // Never trust `count` for an allocation: each entry takes at least 48 bytes.
    if (count > std::uint64_t(entries.size()) / 48 + 1)
        return false;
    tracks.reserve(std::size_t(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        CachedTrack t;
        quint32 snippets = 0;
        quint64 first = 0;
        if (!readString(in, t.path))
            return false;
        in >> t.fileSize >> t.modifiedMs >> snippets >> first >> t.durationSeconds;
        quint64 sum = 0;
        if (in.status() != QDataStream::Ok || !readString(in, t.error) || !readStringList(in, t.warnings))
            return false;
        in >> sum;
        if (in.status() != QDataStream::Ok || !readStarts(in, snippets, t))
            return false;
        t.checksum = sum;
        t.snippetCount = snippets;
        t.firstSnippet = first;
        tracks.push_back(std::move(t));
    }
    return in.atEnd();
}

} // namespace genrelab
