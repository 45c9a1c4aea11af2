#include "ContractPcmFile.h"

#include "dsp/FeatureContract.h"
#include "util/VectorClones.h"

#include <QIODevice>

#include <bit>
#include <cstdint>
#include <cstring>

namespace genrelab {

namespace {

constexpr int kPcmFormatTag = 1;          // WAVE_FORMAT_PCM
constexpr quint32 kAuLinear16 = 3;        // AU encoding: 16-bit linear PCM
constexpr quint32 kAuUnknownSize = 0xffffffffu;
constexpr int kMaxChunksBeforeData = 64;  // LIST, fact, bext, … more means an odd file: FFmpeg

quint32 le32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return quint32(u[0]) | quint32(u[1]) << 8 | quint32(u[2]) << 16 | quint32(u[3]) << 24;
}
quint16 le16(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return quint16(u[0] | u[1] << 8);
}
quint32 be32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return quint32(u[0]) << 24 | quint32(u[1]) << 16 | quint32(u[2]) << 8 | quint32(u[3]);
}

bool isContractFormat(quint32 rate, quint32 channels)
{
    return rate == quint32(FeatureContract::sampleRate) && channels == 1;
}

// RIFF/WAVE: the fmt chunk must say plain PCM, 16 bits, mono, 22 050 Hz, and a data
// chunk must follow it (chunks are word-aligned).
std::optional<ContractPcmFile> recogniseWave(QIODevice &file)
{
    bool formatMatches = false;
    qint64 at = 12;
    for (int chunk = 0; chunk < kMaxChunksBeforeData; ++chunk) {
        if (!file.seek(at))
            return std::nullopt;
        const QByteArray header = file.read(8);
        if (header.size() < 8)
            return std::nullopt;
        const qint64 size = le32(header.constData() + 4);
        if (header.startsWith("fmt ")) {
            if (size < 16)
                return std::nullopt;
            const QByteArray fmt = file.read(16);
            if (fmt.size() < 16)
                return std::nullopt;
            const char *f = fmt.constData();
            // FFmpeg seeks PCM by the byte rate the header states: it must be the true one.
            formatMatches = le16(f) == kPcmFormatTag && isContractFormat(le32(f + 4), le16(f + 2))
                         && le32(f + 8) == 2 * quint32(FeatureContract::sampleRate) && le16(f + 12) == 2 && le16(f + 14) == 16;
            if (!formatMatches)
                return std::nullopt;
        } else if (header.startsWith("data")) {
            if (!formatMatches || size == 0 || size == 0xffffffff)
                return std::nullopt;
            return ContractPcmFile{at + 8, size, false, QStringLiteral("wav"), QStringLiteral("pcm_s16le")};
        }
        at += 8 + size + (size & 1);
    }
    return std::nullopt;
}

// Sun AU: ".snd", data offset, data size, encoding, rate, channels (all big-endian).
std::optional<ContractPcmFile> recogniseAu(const QByteArray &header)
{
    const char *h = header.constData();
    const quint32 offset = be32(h + 4), size = be32(h + 8);
    if (offset < 24 || size == 0 || size == kAuUnknownSize || be32(h + 12) != kAuLinear16 || !isContractFormat(be32(h + 16), be32(h + 20)))
        return std::nullopt;
    return ContractPcmFile{offset, size, true, QStringLiteral("au"), QStringLiteral("pcm_s16be")};
}

} // namespace

std::optional<ContractPcmFile> ContractPcmFile::recognise(QIODevice &file)
{
    if (!file.seek(0))
        return std::nullopt;
    const QByteArray header = file.read(24);
    if (header.size() < 24)
        return std::nullopt;
    std::optional<ContractPcmFile> found;
    if (header.startsWith("RIFF") && header.mid(8, 4) == "WAVE")
        found = recogniseWave(file);
    else if (header.startsWith(".snd"))
        found = recogniseAu(header);
    if (!found)
        return std::nullopt;
    // A data chunk that runs past the end is a cut file: FFmpeg then estimates the
    // duration and the decoder warns. An odd byte count ends in a packet FFmpeg rejects
    // (and reports). FFmpeg reads an AU file to its end whatever its header says. Keep
    // each of those FFmpeg's.
    const qint64 end = found->dataOffset + found->dataBytes;
    if (end > file.size() || found->dataBytes % 2 != 0 || (found->bigEndian && end != file.size()))
        return std::nullopt;
    return found;
}

// Loads each sample whole (memcpy into an int16), so the loop vectorises; a byte-wise
// load did not (3 % of featurising GTZAN, perf).
GENRELAB_VECTOR_CLONES void ContractPcmFile::convert(std::span<const char> bytes, std::span<float> out) const
{
    const std::size_t samples = bytes.size() / 2;
    const char *in = bytes.data();
    float *result = out.data();
    constexpr float scale = 1.0f / 32768.0f; // FFmpeg's s16 → float: exact
    const bool swapBytes = bigEndian != (std::endian::native == std::endian::big);
    if (swapBytes) {
        for (std::size_t i = 0; i < samples; ++i) {
            std::uint16_t raw;
            std::memcpy(&raw, in + 2 * i, 2);
            result[i] = float(std::int16_t(__builtin_bswap16(raw))) * scale;
        }
    } else {
        for (std::size_t i = 0; i < samples; ++i) {
            std::int16_t sample;
            std::memcpy(&sample, in + 2 * i, 2);
            result[i] = float(sample) * scale;
        }
    }
}

} // namespace genrelab
