#include "DatasetFixture.h"

#include "WavWriter.h"

#include <QDir>

namespace genrelab::test {

QStringList DatasetFixture::writeLabelled(const QString &root, const QStringList &labels, int perLabel, double seconds)
{
    QStringList files;
    for (int l = 0; l < labels.size(); ++l) {
        QDir(root).mkpath(labels[l]);
        for (int i = 0; i < perLabel; ++i) {
            const QString path = QStringLiteral("%1/%2/%2.%3.wav").arg(root, labels[l]).arg(i, 5, 10, QLatin1Char('0'));
            WavWriter().write(path, WavWriter::sine(220.0 * (l + 1) + 7.0 * i, 0.4, 22050, seconds));
            files << path;
        }
    }
    return files;
}

void DatasetFixture::writeGarbage(const QString &path)
{
    WavWriter::writeBytes(path, QByteArray("this is not audio, just text with a .wav name\n").repeated(40));
}

void DatasetFixture::writeTruncatedAu(const QString &path, double claimedSeconds, double actualSeconds)
{
    constexpr quint32 rate = 22050;
    const auto bigEndian = [](QByteArray &out, quint32 value) {
        for (int shift = 24; shift >= 0; shift -= 8)
            out.append(char((value >> shift) & 0xff));
    };
    QByteArray bytes(".snd");
    bigEndian(bytes, 24);                                     // header size
    bigEndian(bytes, quint32(claimedSeconds * rate) * 2);     // data size the header claims
    bigEndian(bytes, 3);                                      // 16-bit linear PCM
    bigEndian(bytes, rate);
    bigEndian(bytes, 1);                                      // channels
    for (const float sample : WavWriter::sine(330.0, 0.4, int(rate), actualSeconds)) {
        const auto value = quint16(qint16(sample * 32767.0f));
        bytes.append(char(value >> 8));
        bytes.append(char(value & 0xff));
    }
    WavWriter::writeBytes(path, bytes);
}

} // namespace genrelab::test
