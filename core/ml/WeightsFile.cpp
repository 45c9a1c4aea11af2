#include "WeightsFile.h"

#include "util/Error.h"

#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <bit>
#include <cmath>

namespace genrelab {

QByteArray WeightsFile::readFileBytes(const QString &path, qint64 maxBytes)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("no such file"));
    if (info.isDir())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("is a folder, not a model file"));
    if (!info.isFile()) // a pipe would block the read, a device never end
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("is not a regular file (a pipe, socket or device)"));
    if (info.size() == 0)
        throw Error(Error::Kind::EmptyFile, path, QStringLiteral("the file is empty"));
    if (info.size() > maxBytes)
        throw Error(Error::Kind::Unsupported, path, QStringLiteral("far larger than any GenreLab model"));
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, path, in.errorString());
    return in.readAll();
}

bool WeightsFile::isFloatingPoint(const QString &dtype)
{
    return dtype == QLatin1String("float32") || dtype == QLatin1String("float64") || dtype == QLatin1String("float16")
        || dtype == QLatin1String("bfloat16");
}

float WeightsFile::floatAt(const char *at, const QString &dtype)
{
    if (dtype == QLatin1String("float32"))
        return qFromLittleEndian<float>(at);
    if (dtype == QLatin1String("float64"))
        return float(qFromLittleEndian<double>(at));
    const quint16 half = qFromLittleEndian<quint16>(at);
    if (dtype == QLatin1String("bfloat16"))
        return std::bit_cast<float>(quint32(half) << 16);
    // IEEE half: sign, 5-bit exponent, 10-bit fraction.
    const int exponent = (half >> 10) & 0x1F, fraction = half & 0x3FF;
    const float sign = (half & 0x8000) ? -1.0f : 1.0f;
    if (exponent == 0)
        return sign * std::ldexp(float(fraction), -24);
    if (exponent == 31)
        return fraction ? std::nanf("") : sign * INFINITY;
    return sign * std::ldexp(float(fraction | 0x400), exponent - 25);
}

} // namespace genrelab
