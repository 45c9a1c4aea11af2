#include "MpegAudioFrames.h"

#include <QFile>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace genrelab {

namespace {

struct Header
{
    int length = 0;  // bytes, header included
    int samples = 0; // per channel
    int sampleRate = 0;
    unsigned format = 0; // version, layer and rate bits: every frame of a stream shares them
};

// ISO 11172-3 and 13818-3: kbit/s by [MPEG-1 or not][layer − 1][bitrate index].
constexpr std::array<std::array<std::array<int, 15>, 3>, 2> kBitrates{{
    {{{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}}},
    {{{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}}},
}};
constexpr std::array<int, 3> kMpeg1Rates{44100, 48000, 32000};

// A frame header, or length 0 for anything else (free-format frames included: their
// length is not in the header).
Header parseHeader(const uchar *bytes)
{
    Header header;
    if (bytes[0] != 0xff || (bytes[1] & 0xe0) != 0xe0)
        return header;
    const int version = (bytes[1] >> 3) & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
    const int layer = 4 - ((bytes[1] >> 1) & 3); // 4: reserved
    const int bitrateIndex = bytes[2] >> 4;
    const int rateIndex = (bytes[2] >> 2) & 3;
    const int padding = (bytes[2] >> 1) & 1;
    if (version == 1 || layer == 4 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3)
        return header;
    const bool mpeg1 = version == 3;
    header.sampleRate = kMpeg1Rates[std::size_t(rateIndex)] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
    const int bitsPerSecond = 1000 * kBitrates[mpeg1 ? 0 : 1][std::size_t(layer - 1)][std::size_t(bitrateIndex)];
    if (layer == 1) {
        header.length = (12 * bitsPerSecond / header.sampleRate + padding) * 4;
        header.samples = 384;
    } else {
        const bool halfFrames = layer == 3 && !mpeg1; // MPEG-2 and 2.5 Layer III: 576 samples
        header.length = (halfFrames ? 72 : 144) * bitsPerSecond / header.sampleRate + padding;
        header.samples = halfFrames ? 576 : 1152;
    }
    header.format = (unsigned(bytes[1]) & 0xfe) << 8 | (unsigned(bytes[2]) & 0x0c);
    return header;
}

// What may follow a stream's last frame: an ID3v1 tag (the file's last 128 bytes) or
// an APE tag.
bool isTrailingTag(const uchar *bytes, qint64 remaining)
{
    return (remaining == 128 && std::memcmp(bytes, "TAG", 3) == 0)
        || (remaining >= 32 && std::memcmp(bytes, "APETAGEX", 8) == 0);
}

constexpr qint64 kBlockBytes = 256 * 1024; // read at a time: some 400 frames of a 192 kb/s MP3

} // namespace

MpegAudioFrames::MpegAudioFrames(const QString &path, qint64 start)
    : m_file(path)
    , m_position(start)
{
    const uchar *first = nullptr;
    if (start >= 0 && m_file.open(QIODevice::ReadOnly)) {
        m_size = m_file.size();
        first = bytesAt(start, 4);
    }
    const Header header = first ? parseHeader(first) : Header{};
    if (header.length == 0) {
        stop(false);
        return;
    }
    m_format = header.format;
    m_sampleRate = header.sampleRate;
}

int MpegAudioFrames::sampleRate() const
{
    return m_sampleRate;
}

// `count` bytes at `position`, or null where the file has fewer.
const uchar *MpegAudioFrames::bytesAt(qint64 position, qint64 count)
{
    if (position < m_blockStart || position + count > m_blockStart + qint64(m_block.size())) {
        m_block.resize(kBlockBytes);
        const qint64 got = m_file.seek(position) ? m_file.read(reinterpret_cast<char *>(m_block.data()), kBlockBytes) : -1;
        m_block.resize(std::size_t(std::max<qint64>(got, 0)));
        m_blockStart = position;
        if (count > qint64(m_block.size()))
            return nullptr;
    }
    return m_block.data() + (position - m_blockStart);
}

void MpegAudioFrames::stop(bool reachedEnd)
{
    m_over = true;
    m_reachedEnd = reachedEnd;
    m_file.close();
    m_block = {};
}

std::vector<MpegAudioFrames::Frame> MpegAudioFrames::walkPast(qint64 samples, std::size_t maxFrames)
{
    std::vector<Frame> found;
    while (!m_over && m_lastStart < samples) {
        if (m_frames >= maxFrames) {
            stop(false);
            break;
        }
        if (m_position + 4 > m_size) {
            stop(true);
            break;
        }
        const uchar *bytes = bytesAt(m_position, std::min<qint64>(8, m_size - m_position));
        if (!bytes) { // the file shrank under us
            stop(false);
            break;
        }
        const Header header = parseHeader(bytes);
        if (header.length == 0 || header.format != m_format) {
            stop(isTrailingTag(bytes, m_size - m_position));
            break;
        }
        if (m_position + header.length > m_size) { // a last frame cut short
            stop(true);
            break;
        }
        found.push_back({m_position, m_samples});
        m_lastStart = m_samples;
        m_position += header.length;
        m_samples += header.samples;
        ++m_frames;
    }
    return found;
}

MpegAudioFrames::Walk MpegAudioFrames::walk(const QString &path, qint64 start, std::size_t maxFrames)
{
    MpegAudioFrames frames(path, start);
    Walk walk;
    walk.sampleRate = frames.sampleRate();
    walk.frames = frames.walkPast(std::numeric_limits<qint64>::max(), maxFrames);
    walk.reachedEnd = frames.reachedEnd();
    return walk;
}

} // namespace genrelab
