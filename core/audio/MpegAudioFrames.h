#pragma once

#include <QFile>
#include <QString>

#include <cstddef>
#include <vector>

namespace genrelab {

// The frames of an MPEG audio stream (MP3, MP2, MP1), found by walking their 4-byte
// headers: each names its length, so the walk reads a few bytes a frame and decodes
// nothing, and goes only as far as asked. MpegSeekIndex gives the result to FFmpeg as
// the seek index FFmpeg would otherwise build by reading every packet up to each
// target (tst_mpegaudioframes checks that the two are identical).
// Thread contract: one instance is used by one thread at a time.
class MpegAudioFrames
{
public:
    struct Frame
    {
        qint64 position = 0;      // of its header in the file
        qint64 samplesBefore = 0; // per channel, in the frames before it
    };
    struct Walk
    {
        std::vector<Frame> frames;
        int sampleRate = 0;
        bool reachedEnd = false; // see reachedEnd()
    };

    // A walk from the frame whose header starts at `start`. Frames follow each other
    // at the length the last one named, with the same MPEG version, layer and rate.
    MpegAudioFrames(const QString &path, qint64 start);

    // Walks on until it has found a frame that starts at `samples` or later (so every
    // frame up to that time is known), or the walk is over; at most `maxFrames` frames
    // in all. Returns the frames this call found.
    std::vector<Frame> walkPast(qint64 samples, std::size_t maxFrames);
    // The walk reached the end of the stream: the end of the file, a last frame cut
    // short, or a trailing ID3v1 or APE tag. False while walking, and when it stopped at
    // anything else (a damaged frame, a change of format, the frame limit).
    bool reachedEnd() const { return m_reachedEnd; }
    int sampleRate() const; // 0 when there is no frame at the start

    // The whole stream at once.
    static Walk walk(const QString &path, qint64 start, std::size_t maxFrames);

private:
    const uchar *bytesAt(qint64 position, qint64 count);
    void stop(bool reachedEnd);

    QFile m_file;
    qint64 m_size = 0;
    // Read in large blocks, not mapped: a file cut short by another program while
    // mapped would kill us with SIGBUS.
    std::vector<uchar> m_block;
    qint64 m_blockStart = 0;
    qint64 m_position = 0; // the next frame's header
    qint64 m_samples = 0;  // before it
    qint64 m_lastStart = -1; // of the last frame found
    std::size_t m_frames = 0;
    unsigned m_format = 0; // the first frame's version, layer and rate bits
    int m_sampleRate = 0;
    bool m_over = false; // no frame will follow: the end, damage or the limit stopped the walk
    bool m_reachedEnd = false;
};

} // namespace genrelab
