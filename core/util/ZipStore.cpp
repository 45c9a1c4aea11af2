#include "ZipStore.h"

#include "Error.h"

#include <QtEndian>

#include <array>

namespace genrelab {

namespace {

constexpr quint32 kLocalSignature = 0x04034b50;
constexpr quint32 kCentralSignature = 0x02014b50;
constexpr quint32 kEndSignature = 0x06054b50;
constexpr quint32 kEnd64Signature = 0x06064b50;
constexpr quint32 kEnd64LocatorSignature = 0x07064b50;
constexpr quint16 kPaddingField = 0x4246; // "FB", PyTorch's alignment padding
constexpr quint16 kZip64Field = 0x0001;
constexpr quint16 kDosDate = (1 << 5) | 1; // 1980-01-01: fixed, so equal models give equal files
constexpr qsizetype kEndBytes = 22;
constexpr qsizetype kCentralBytes = 46;
constexpr qsizetype kLocalBytes = 30;

quint32 crc32(const QByteArray &data)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : data)
        crc = table[(crc ^ quint8(byte)) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

template <typename T>
void put(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToLittleEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

// Bounds-checked little-endian reads over the whole archive.
class Cursor
{
public:
    Cursor(const QByteArray &bytes, const QString &path) : m_bytes(bytes), m_path(path) {}

    template <typename T>
    T at(qint64 offset) const
    {
        if (offset < 0 || offset > m_bytes.size() - qint64(sizeof(T)))
            fail(QStringLiteral("truncated: an offset points past the end of the file"));
        return qFromLittleEndian<T>(m_bytes.constData() + offset);
    }
    QByteArray slice(qint64 offset, qint64 size) const
    {
        if (offset < 0 || size < 0 || offset > m_bytes.size() || size > m_bytes.size() - offset)
            fail(QStringLiteral("truncated: an entry reaches past the end of the file"));
        return m_bytes.mid(offset, size);
    }
    [[noreturn]] void fail(const QString &why) const
    {
        throw Error(Error::Kind::Corrupt, m_path, QStringLiteral("damaged archive: ") + why,
                    QStringLiteral("save or export the model again"));
    }
    qint64 size() const { return m_bytes.size(); }

private:
    const QByteArray &m_bytes;
    const QString &m_path;
};

struct Directory
{
    qint64 offset = 0;
    qint64 entries = 0;
};

Directory findDirectory(const Cursor &in, const QByteArray &bytes)
{
    // The end record sits in the last 22 + 65 535 (comment) bytes.
    const qsizetype from = std::max<qsizetype>(0, bytes.size() - kEndBytes - 0xFFFF);
    qsizetype end = -1;
    for (qsizetype i = bytes.size() - kEndBytes; i >= from; --i)
        if (qFromLittleEndian<quint32>(bytes.constData() + i) == kEndSignature) {
            end = i;
            break;
        }
    if (end < 0)
        in.fail(QStringLiteral("no end-of-archive record (cut short, or not a ZIP file)"));
    if (in.at<quint16>(end + 4) != 0 || in.at<quint16>(end + 6) != 0)
        throw Error(Error::Kind::Unsupported, QString(), QStringLiteral("a multi-part archive"));
    Directory dir{in.at<quint32>(end + 16), in.at<quint16>(end + 10)};
    if (dir.offset == 0xFFFFFFFF || dir.entries == 0xFFFF) {
        // ZIP64: the locator just before the end record points at the real figures.
        if (in.at<quint32>(end - 20) != kEnd64LocatorSignature)
            in.fail(QStringLiteral("a ZIP64 archive without its locator"));
        const qint64 end64 = qint64(in.at<quint64>(end - 12));
        if (in.at<quint32>(end64) != kEnd64Signature)
            in.fail(QStringLiteral("the ZIP64 end record is not where its locator says"));
        dir.entries = qint64(std::min<quint64>(in.at<quint64>(end64 + 32), quint64(ZipStore::maxEntries) + 1));
        dir.offset = qint64(std::min<quint64>(in.at<quint64>(end64 + 48), quint64(bytes.size())));
    }
    if (dir.entries > ZipStore::maxEntries)
        in.fail(QStringLiteral("more entries than any model file has"));
    return dir;
}

// Sizes and offset saturated at 0xFFFFFFFF are in the ZIP64 extra field, in this order.
void readZip64(const Cursor &in, qint64 extraAt, int extraBytes, quint64 &size, quint64 &compressed, quint64 &offset)
{
    for (qint64 at = extraAt; at + 4 <= extraAt + extraBytes;) {
        const quint16 id = in.at<quint16>(at), length = in.at<quint16>(at + 2);
        if (id == kZip64Field) {
            qint64 field = at + 4;
            for (quint64 *value : {&size, &compressed, &offset})
                if (*value == 0xFFFFFFFF && field + 8 <= at + 4 + length) {
                    *value = in.at<quint64>(field);
                    field += 8;
                }
        }
        at += 4 + length;
    }
}

} // namespace

QByteArray ZipStore::write(const std::vector<Entry> &entries, int alignment)
{
    QByteArray out, central;
    for (const Entry &entry : entries) {
        const QByteArray name = entry.name.toUtf8();
        const quint32 crc = crc32(entry.data);
        const qint64 localAt = out.size();
        const qint64 dataAt = localAt + kLocalBytes + name.size() + 4;
        const int padding = int((alignment - dataAt % alignment) % alignment);
        put<quint32>(out, kLocalSignature);
        for (quint16 value : {quint16(20), quint16(0), quint16(0), quint16(0), kDosDate})
            put<quint16>(out, value); // version, flags, stored, time, date
        put<quint32>(out, crc);
        put<quint32>(out, quint32(entry.data.size()));
        put<quint32>(out, quint32(entry.data.size()));
        put<quint16>(out, quint16(name.size()));
        put<quint16>(out, quint16(4 + padding));
        out.append(name);
        put<quint16>(out, kPaddingField);
        put<quint16>(out, quint16(padding));
        out.append(QByteArray(padding, 'Z'));
        out.append(entry.data);

        put<quint32>(central, kCentralSignature);
        for (quint16 value : {quint16(20), quint16(20), quint16(0), quint16(0), quint16(0), kDosDate})
            put<quint16>(central, value); // made by, needed, flags, stored, time, date
        put<quint32>(central, crc);
        put<quint32>(central, quint32(entry.data.size()));
        put<quint32>(central, quint32(entry.data.size()));
        put<quint16>(central, quint16(name.size()));
        for (quint16 value : {quint16(0), quint16(0), quint16(0), quint16(0)})
            put<quint16>(central, value); // extra, comment, disk, internal attributes
        put<quint32>(central, 0);         // external attributes
        put<quint32>(central, quint32(localAt));
        central.append(name);
    }
    const qint64 centralAt = out.size();
    out.append(central);
    put<quint32>(out, kEndSignature);
    for (quint16 value : {quint16(0), quint16(0), quint16(entries.size()), quint16(entries.size())})
        put<quint16>(out, value);
    put<quint32>(out, quint32(central.size()));
    put<quint32>(out, quint32(centralAt));
    put<quint16>(out, 0);
    return out;
}

std::vector<ZipStore::Entry> ZipStore::read(const QByteArray &bytes, const QString &path)
{
    const Cursor in(bytes, path);
    Directory dir;
    try {
        dir = findDirectory(in, bytes);
    } catch (const Error &error) {
        if (error.kind() != Error::Kind::Unsupported)
            throw;
        throw Error(Error::Kind::Unsupported, path, error.cause(), QStringLiteral("save it as one file with torch.save"));
    }
    std::vector<Entry> entries;
    qint64 at = dir.offset, total = 0;
    for (qint64 i = 0; i < dir.entries; ++i) {
        if (in.at<quint32>(at) != kCentralSignature)
            in.fail(QStringLiteral("entry %1 of the directory is damaged").arg(i + 1));
        const quint16 flags = in.at<quint16>(at + 8), method = in.at<quint16>(at + 10);
        const quint32 crc = in.at<quint32>(at + 16);
        quint64 compressed = in.at<quint32>(at + 20), size = in.at<quint32>(at + 24);
        const quint16 nameBytes = in.at<quint16>(at + 28), extraBytes = in.at<quint16>(at + 30), commentBytes = in.at<quint16>(at + 32);
        quint64 localAt = in.at<quint32>(at + 42);
        Entry entry;
        entry.name = QString::fromUtf8(in.slice(at + kCentralBytes, nameBytes));
        readZip64(in, at + kCentralBytes + nameBytes, extraBytes, size, compressed, localAt);
        if (flags & 0x1)
            throw Error(Error::Kind::Unsupported, path, QStringLiteral("entry %1 is encrypted").arg(entry.name));
        if (method != 0 || compressed != size)
            throw Error(Error::Kind::Unsupported, path, QStringLiteral("entry %1 is compressed; model files store their data as is").arg(entry.name),
                        QStringLiteral("save it with torch.save"));
        if (localAt > quint64(in.size()) || size > quint64(in.size()))
            in.fail(QStringLiteral("entry %1 points past the end of the file").arg(entry.name));
        if (in.at<quint32>(qint64(localAt)) != kLocalSignature)
            in.fail(QStringLiteral("entry %1 is not where the directory says").arg(entry.name));
        const qint64 dataAt = qint64(localAt) + kLocalBytes + in.at<quint16>(qint64(localAt) + 26) + in.at<quint16>(qint64(localAt) + 28);
        total += qint64(size);
        if (total > in.size()) // entries of a real archive never overlap
            in.fail(QStringLiteral("its entries claim more data than the file holds"));
        entry.data = in.slice(dataAt, qint64(size));
        if (crc32(entry.data) != crc)
            in.fail(QStringLiteral("entry %1 fails its CRC check (altered or damaged)").arg(entry.name));
        entries.push_back(std::move(entry));
        at += kCentralBytes + nameBytes + extraBytes + commentBytes;
    }
    return entries;
}

} // namespace genrelab
