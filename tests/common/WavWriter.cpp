#include "WavWriter.h"

#include <QFile>

#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <stdexcept>

namespace genrelab::test {

namespace {
void put16(QByteArray &bytes, int value)
{
    const quint16 le = qToLittleEndian(quint16(value));
    bytes.append(reinterpret_cast<const char *>(&le), 2);
}
void put32(QByteArray &bytes, qint64 value)
{
    const quint32 le = qToLittleEndian(quint32(value));
    bytes.append(reinterpret_cast<const char *>(&le), 4);
}
} // namespace

QByteArray WavWriter::encode(const std::vector<float> &interleaved) const
{
    const int bytesPerSample = format == Format::Pcm16 ? 2 : 4;
    QByteArray data;
    data.reserve(qsizetype(interleaved.size()) * bytesPerSample);
    for (float v : interleaved) {
        if (format == Format::Pcm16) {
            put16(data, int(std::lround(std::clamp(v, -1.0f, 32767.0f / 32768.0f) * 32768.0f)));
        } else {
            quint32 bits;
            std::memcpy(&bits, &v, 4);
            put32(data, bits);
        }
    }
    const int ch = headerChannels >= 0 ? headerChannels : channels;
    const int rate = headerSampleRate >= 0 ? headerSampleRate : sampleRate;
    const qint64 dataBytes = headerDataBytes >= 0 ? headerDataBytes : data.size();
    QByteArray bytes("RIFF");
    put32(bytes, 36 + dataBytes);
    bytes += "WAVEfmt ";
    put32(bytes, 16);
    put16(bytes, format == Format::Pcm16 ? 1 : 3);
    put16(bytes, ch);
    put32(bytes, rate);
    put32(bytes, qint64(rate) * ch * bytesPerSample);
    put16(bytes, ch * bytesPerSample);
    put16(bytes, bytesPerSample * 8);
    bytes += "data";
    put32(bytes, dataBytes);
    return bytes + data;
}

void WavWriter::write(const QString &path, const std::vector<float> &interleaved) const
{
    writeBytes(path, encode(interleaved));
}

void WavWriter::writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        throw std::runtime_error("WavWriter: cannot write " + path.toStdString());
}

std::vector<float> WavWriter::generate(std::size_t frames, int channels, const std::function<float(std::size_t, int)> &f)
{
    std::vector<float> out(frames * std::size_t(channels));
    for (std::size_t i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c)
            out[i * std::size_t(channels) + std::size_t(c)] = f(i, c);
    return out;
}

std::vector<float> WavWriter::sine(double hz, double amplitude, int sampleRate, double seconds, int channels)
{
    const auto frames = std::size_t(std::llround(seconds * sampleRate));
    return generate(frames, channels, [=](std::size_t i, int) {
        return float(amplitude * std::sin(2.0 * std::numbers::pi * hz * double(i) / sampleRate));
    });
}

} // namespace genrelab::test
