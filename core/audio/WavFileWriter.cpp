#include "WavFileWriter.h"

#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <vector>

namespace genrelab {

namespace {
template<typename T>
void put(QByteArray &bytes, T value)
{
    const T le = qToLittleEndian(value);
    bytes.append(reinterpret_cast<const char *>(&le), sizeof le);
}
} // namespace

void WavFileWriter::writeMono16(const QString &path, std::span<const float> samples, int sampleRate)
{
    const auto dataBytes = quint32(samples.size() * 2);
    QByteArray header("RIFF");
    put<quint32>(header, 36 + dataBytes);
    header += "WAVEfmt ";
    put<quint32>(header, 16);
    put<quint16>(header, 1); // PCM
    put<quint16>(header, 1); // mono
    put<quint32>(header, quint32(sampleRate));
    put<quint32>(header, quint32(sampleRate) * 2);
    put<quint16>(header, 2);
    put<quint16>(header, 16);
    header += "data";
    put<quint32>(header, dataBytes);

    std::vector<qint16> pcm(samples.size());
    std::transform(samples.begin(), samples.end(), pcm.begin(), [](float v) {
        const float clipped = std::isfinite(v) ? std::clamp(v, -1.0f, 1.0f) : 0.0f;
        return qToLittleEndian(qint16(std::lround(clipped * 32767.0f)));
    });
    CheckedSaveFile file(path);
    file.write(header);
    file.write(reinterpret_cast<const char *>(pcm.data()), qint64(pcm.size() * sizeof(qint16)));
    file.commit();
}

} // namespace genrelab
