#pragma once

#include <QString>

#include <span>

namespace genrelab {

// Writes 16-bit PCM mono WAV files (the demo dataset, exported snippets). Samples are
// clipped to [−1, 1]; the file appears only when complete (CheckedSaveFile).
// Thread contract: stateless; call from any thread.
class WavFileWriter
{
public:
    // Throws Error(WriteFailed).
    static void writeMono16(const QString &path, std::span<const float> samples, int sampleRate);
};

} // namespace genrelab
