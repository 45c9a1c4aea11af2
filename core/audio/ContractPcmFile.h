#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <span>

class QIODevice;

namespace genrelab {

// A WAV or Sun AU file that already holds the preprocessing contract's samples: 16-bit
// linear PCM, mono, 22 050 Hz, an even number of data bytes wholly inside the file (for
// AU: up to its end) — GTZAN's .au and .wav clips. AudioDecoder reads these directly instead of through FFmpeg, whose
// probing, demuxing and conversion were a quarter of featurising such a clip. The
// samples are the ones FFmpeg gives (s16 · 2⁻¹⁵, exact in float); anything else,
// including a damaged or unusual header, is left to FFmpeg.
struct ContractPcmFile
{
    qint64 dataOffset = 0; // bytes from the file's start
    qint64 dataBytes = 0;  // as declared, and present in the file
    bool bigEndian = false;
    QString container; // FFmpeg's demuxer name: "wav" or "au"
    QString codec;     // FFmpeg's decoder name: "pcm_s16le" or "pcm_s16be"

    // Looks at `file` (open, at any position; left anywhere). nullopt: not such a file.
    static std::optional<ContractPcmFile> recognise(QIODevice &file);
    // Converts whole samples of `bytes` into `out` (out.size() ≥ bytes.size() / 2).
    void convert(std::span<const char> bytes, std::span<float> out) const;
};

} // namespace genrelab
