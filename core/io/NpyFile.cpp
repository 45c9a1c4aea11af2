#include "NpyFile.h"

#include "util/CheckedSaveFile.h"
#include "util/Error.h"
#include "util/SafeSize.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>

namespace genrelab {

namespace {

static_assert(std::endian::native == std::endian::little, "NpyFile writes native floats as '<f4'");

const char kMagic[] = "\x93NUMPY";
constexpr int kMagicLength = 6;

QByteArray headerFor(std::span<const std::size_t> shape)
{
    QByteArrayList dims;
    for (std::size_t d : shape)
        dims << QByteArray::number(qulonglong(d));
    // Python tuple syntax: "(130, 100)", but a 1-tuple needs its comma: "(13000,)".
    const QByteArray tuple = dims.join(", ") + (shape.size() == 1 ? "," : "");
    QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + tuple + "), }";
    // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
    const qsizetype total = kMagicLength + 4 + header.size() + 1;
    header += QByteArray((64 - total % 64) % 64, ' ');
    header += '\n';
    return header;
}

} // namespace

void NpyFile::writeFloat32(const QString &path, std::span<const std::size_t> shape, std::span<const float> values)
{
    const std::size_t expected = std::accumulate(shape.begin(), shape.end(), std::size_t(1), std::multiplies<>());
    if (expected != values.size())
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("array shape does not match its data"));
    const QByteArray header = headerFor(shape);
    CheckedSaveFile file(path);
    const char version[2] = {1, 0};
    const quint16 length = quint16(header.size());
    const char lengthBytes[2] = {char(length & 0xff), char(length >> 8)};
    file.write(kMagic, kMagicLength);
    file.write(version, 2);
    file.write(lengthBytes, 2);
    file.write(header);
    file.write(reinterpret_cast<const char *>(values.data()), qint64(values.size_bytes()));
    file.commit();
}

NpyFile::Array NpyFile::readFloat32(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, path, file.errorString());
    const QByteArray prefix = file.read(kMagicLength + 4);
    if (prefix.size() < kMagicLength + 4 || std::memcmp(prefix.constData(), kMagic, kMagicLength) != 0 || prefix[6] != 1)
        throw Error(Error::Kind::Corrupt, path, QStringLiteral("not a version-1 .npy file"));
    const int headerLength = quint8(prefix[8]) | (quint8(prefix[9]) << 8);
    const QString header = QString::fromLatin1(file.read(headerLength));
    static const QRegularExpression shapePattern(QStringLiteral("'shape': \\(([0-9, ]*)\\)"));
    const auto match = shapePattern.match(header);
    if (!header.contains(QStringLiteral("'<f4'")) || header.contains(QStringLiteral("True")) || !match.hasMatch())
        throw Error(Error::Kind::Unsupported, path, QStringLiteral("only C-ordered float32 arrays are supported"));
    Array array;
    for (const QString &dim : match.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        array.shape.push_back(dim.trimmed().toULongLong(&ok));
        if (!ok)
            throw Error(Error::Kind::Corrupt, path, QStringLiteral("the declared shape is not a list of whole numbers"));
    }
    // Checked against the bytes really there before anything is allocated: a product
    // that wraps (2^62 × 4 = 0) must not pass for an empty array.
    const qint64 dataBytes = file.size() - file.pos();
    const auto bytes = SafeSize::bytes(std::span<const std::size_t>(array.shape), sizeof(float), std::uint64_t(std::max<qint64>(0, dataBytes)));
    if (!bytes || qint64(*bytes) != dataBytes)
        throw Error(Error::Kind::Corrupt, path, QStringLiteral("data size does not match the declared shape"));
    const std::size_t count = *bytes / sizeof(float);
    array.values.resize(count);
    file.read(reinterpret_cast<char *>(array.values.data()), qint64(count * sizeof(float)));
    return array;
}

} // namespace genrelab
