#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

namespace genrelab::test {

// Writes RIFF/WAVE files for tests, including deliberately broken ones: every header
// field can be overridden after the real value is computed (absurd rates, 0 or 255
// channels, data sizes larger than the file).
// Thread contract: a plain value type.
class WavWriter
{
public:
    enum class Format { Pcm16, Float32 };

    int sampleRate = 22050;
    int channels = 1;
    Format format = Format::Pcm16;
    // Header overrides, applied when ≥ 0 (after the true values are filled in).
    int headerSampleRate = -1;
    int headerChannels = -1;
    qint64 headerDataBytes = -1;

    // Interleaved samples in [-1, 1] (or anything, for Float32) → file bytes.
    QByteArray encode(const std::vector<float> &interleaved) const;
    void write(const QString &path, const std::vector<float> &interleaved) const;

    // `frames` frames where channel c of frame i is f(i, c).
    static std::vector<float> generate(std::size_t frames, int channels, const std::function<float(std::size_t, int)> &f);
    static std::vector<float> sine(double hz, double amplitude, int sampleRate, double seconds, int channels = 1);
    static void writeBytes(const QString &path, const QByteArray &bytes);
};

} // namespace genrelab::test
