#include "MpegSeekIndex.h"

extern "C" {
#include <libavformat/avformat.h>
}

#include <cstring>

namespace genrelab {

std::unique_ptr<MpegSeekIndex> MpegSeekIndex::create(AVFormatContext *format, int streamIndex, const QString &path)
{
    if (!format || !format->iformat || std::strcmp(format->iformat->name, "mp3") != 0)
        return nullptr;
    AVPacket *packet = av_packet_alloc();
    if (!packet)
        return nullptr;
    int64_t position = -1, timestamp = AV_NOPTS_VALUE;
    // A picture in the ID3 tag comes first as a packet of its own stream.
    for (int tries = 0; tries < 8 && position < 0 && av_read_frame(format, packet) >= 0; ++tries) {
        if (packet->stream_index == streamIndex) {
            position = packet->pos;
            timestamp = packet->dts;
        }
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    if (position < 0 || timestamp == AV_NOPTS_VALUE)
        return nullptr;
    std::unique_ptr<MpegSeekIndex> index(new MpegSeekIndex(format, streamIndex, path, position, timestamp));
    if (index->m_frames.sampleRate() != index->m_stream->codecpar->sample_rate)
        return nullptr;
    return index;
}

MpegSeekIndex::MpegSeekIndex(AVFormatContext *format, int streamIndex, const QString &path, int64_t firstPosition,
                             int64_t firstTimestamp)
    : m_stream(format->streams[streamIndex])
    , m_firstTimestamp(firstTimestamp)
    , m_maxEntries(std::size_t(format->max_index_size) / sizeof(AVIndexEntry))
    , m_frames(path, firstPosition)
{
}

void MpegSeekIndex::cover(int64_t timestamp)
{
    // Where FFmpeg has indexed past the target already, it jumps on its own entries.
    // Only entries past its last one are added, and never up to its limit: there it
    // thins its index out as it reads on, and it must thin the same entries.
    int count = avformat_index_get_entries_count(m_stream);
    const int64_t indexedUpTo = count > 0 ? avformat_index_get_entry(m_stream, count - 1)->timestamp : INT64_MIN;
    if (indexedUpTo > timestamp || m_full)
        return;
    const AVRational perSample{1, m_frames.sampleRate()};
    const int64_t samples = av_rescale_q(timestamp - m_firstTimestamp, m_stream->time_base, perSample);
    for (const MpegAudioFrames::Frame &frame : m_frames.walkPast(samples + 1, m_maxEntries)) {
        const int64_t frameTimestamp = m_firstTimestamp + av_rescale_q(frame.samplesBefore, perSample, m_stream->time_base);
        if (frameTimestamp <= indexedUpTo)
            continue;
        if (std::size_t(count) + 1 >= m_maxEntries) {
            m_full = true;
            return;
        }
        av_add_index_entry(m_stream, frame.position, frameTimestamp, 0, 0, AVINDEX_KEYFRAME);
        ++count;
    }
}

} // namespace genrelab
