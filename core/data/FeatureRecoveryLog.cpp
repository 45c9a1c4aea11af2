#include "FeatureRecoveryLog.h"

#include "FeatureCacheFormat.h"
#include "dsp/FeatureContract.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace genrelab {

namespace {

constexpr char kRecordMagic[4] = {'G', 'L', 'R', 'C'};
constexpr qint64 kRecordHeader = 4 + 4 + 8; // magic, table bytes, values bytes
constexpr qint64 kDigestBytes = 16;

} // namespace

QString FeatureRecoveryLog::pathFor(const QString &cachePath)
{
    return cachePath + QStringLiteral(".recovery");
}

FeatureRecoveryLog::FeatureRecoveryLog(const QString &cachePath)
    : m_path(pathFor(cachePath))
    , m_file(m_path)
{
    if (!m_file.open(QIODevice::ReadOnly))
        return;
    const qint64 size = m_file.size();
    for (qint64 at = 0; at + kRecordHeader <= size;) {
        m_file.seek(at);
        const QByteArray head = m_file.read(kRecordHeader);
        if (head.size() != kRecordHeader || !head.startsWith(QByteArray(kRecordMagic, 4)))
            break;
        const auto tableBytes = qFromLittleEndian<std::uint32_t>(head.constData() + 4);
        const auto valuesBytes = qFromLittleEndian<std::uint64_t>(head.constData() + 8);
        if (tableBytes > (1u << 20) || valuesBytes > (1ull << 34))
            break; // not ours; checked before the sum below, which must not overflow
        const qint64 end = at + kRecordHeader + qint64(tableBytes) + qint64(valuesBytes) + kDigestBytes;
        if (end > size)
            break; // torn by a kill: keep what came before
        QCryptographicHash md5(QCryptographicHash::Md5);
        const QByteArray table = m_file.read(tableBytes);
        md5.addData(table);
        for (qint64 left = qint64(valuesBytes); left > 0;) {
            const QByteArray chunk = m_file.read(std::min<qint64>(left, 1 << 20));
            if (chunk.isEmpty())
                break;
            md5.addData(chunk);
            left -= chunk.size();
        }
        std::vector<CachedTrack> entries;
        if (m_file.read(kDigestBytes) != md5.result() || !FeatureCacheFormat::decodeTable(table, 1, entries)
            || std::uint64_t(entries.front().snippetCount) * FeatureContract::valuesPerSnippet * sizeof(float) != valuesBytes)
            break;
        m_recovered.insert(entries.front().path, entries.front());
        m_valuesAt.insert(entries.front().path, at + kRecordHeader + tableBytes);
        at = end;
    }
    m_file.close();
}

std::vector<float> FeatureRecoveryLog::features(const QString &path)
{
    const CachedTrack &entry = m_recovered[path];
    std::vector<float> values(std::size_t(entry.snippetCount) * FeatureContract::valuesPerSnippet);
    QFile in(m_path);
    if (in.open(QIODevice::ReadOnly) && in.seek(m_valuesAt.value(path)))
        in.read(reinterpret_cast<char *>(values.data()), qint64(values.size() * sizeof(float)));
    return values;
}

void FeatureRecoveryLog::startAppending()
{
    // Rewrites the log with what was recovered (a torn tail is dropped), then appends.
    std::vector<std::pair<CachedTrack, std::vector<float>>> kept;
    for (auto it = m_recovered.cbegin(); it != m_recovered.cend(); ++it)
        kept.emplace_back(it.value(), features(it.key()));
    m_file.setFileName(m_path);
    m_appending = m_file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    for (const auto &[entry, values] : kept)
        append(entry, values);
}

void FeatureRecoveryLog::append(const CachedTrack &entry, std::span<const float> values)
{
    if (!m_appending)
        return;
    const QByteArray table = FeatureCacheFormat::encodeTable({entry});
    const QByteArrayView data(reinterpret_cast<const char *>(values.data()), qsizetype(values.size_bytes()));
    char head[kRecordHeader];
    std::memcpy(head, kRecordMagic, 4);
    qToLittleEndian<std::uint32_t>(std::uint32_t(table.size()), head + 4);
    qToLittleEndian<std::uint64_t>(std::uint64_t(data.size()), head + 8);
    QCryptographicHash md5(QCryptographicHash::Md5);
    md5.addData(table);
    md5.addData(data);
    // One write per part and a flush: a kill -9 loses at most the record being written.
    m_appending = m_file.write(head, kRecordHeader) == kRecordHeader && m_file.write(table) == table.size()
                  && m_file.write(data.data(), data.size()) == data.size() && m_file.write(md5.result()) == kDigestBytes
                  && m_file.flush();
}

void FeatureRecoveryLog::remove()
{
    m_file.close();
    QFile::remove(m_path);
    m_appending = false;
}

} // namespace genrelab
