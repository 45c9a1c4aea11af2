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

} // namespace genrelab::test
