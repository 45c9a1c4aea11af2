#pragma once

#include "MpegAudioFrames.h"

#include <QString>

#include <cstdint>
#include <memory>

struct AVFormatContext;
struct AVStream;

namespace genrelab {

// FFmpeg's MP3 demuxer keeps no seek index of its own (only the Xing TOC, 1 % of the
// length at a time, if asked), so av_seek_frame reads and parses every packet up to its
// target, adding each to the stream's index as it goes: the whole file for the last of
// a track's windows, 13 ms of a 3.5-min MP3. This walks the frame headers only as far
// as a seek needs (MpegAudioFrames) and adds the entries FFmpeg would have added, same
// position, same timestamp; FFmpeg's seek then finds the entry and jumps. A seek lands
// on the same packet (tst_mpegaudioframes), so the samples after it are the same.
// Thread contract: used with its AVFormatContext, by one thread at a time.
class MpegSeekIndex
{
public:
    // For FFmpeg's mp3 demuxer: reads the stream's first packet, where FFmpeg's
    // timeline starts (after any ID3 tag and Xing frame); the caller rewinds after.
    // Null for any other demuxer, or a stream whose first packet has no timestamp.
    static std::unique_ptr<MpegSeekIndex> create(AVFormatContext *format, int streamIndex, const QString &path);

    // Adds the entries up to the first frame after `timestamp` (the stream's time
    // base), so that the entry FFmpeg seeks to is not its last and it reads nothing;
    // only those FFmpeg has not made itself, and never up to FFmpeg's index limit.
    void cover(int64_t timestamp);

private:
    MpegSeekIndex(AVFormatContext *format, int streamIndex, const QString &path, int64_t firstPosition, int64_t firstTimestamp);

    AVStream *m_stream;
    int64_t m_firstTimestamp;
    std::size_t m_maxEntries; // FFmpeg's index limit: there it thins its index out
    bool m_full = false;      // that limit was reached: FFmpeg indexes on by itself
    MpegAudioFrames m_frames;
};

} // namespace genrelab
