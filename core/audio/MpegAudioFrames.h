#pragma once

#include <QString>

#include <cstddef>
#include <vector>

namespace genrelab {

// The frames of an MPEG audio stream (MP3, MP2, MP1), found by walking their 4-byte
// headers: each names its length, so the walk reads a few bytes a frame and decodes
// nothing. AudioDecoder gives the result to FFmpeg as the seek index that FFmpeg would
// otherwise build by reading every packet up to each seek target (tst_mpegaudioframes
// checks that the two are identical).
// Thread contract: a function of the file's bytes, safe to call from any thread.
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
        // The walk reached the end of the stream: the end of the file, a last frame cut
        // short, or a trailing ID3v1 or APE tag. False when it stopped at anything else
        // (a damaged frame, a change of format, the frame limit).
        bool reachedEnd = false;
    };

    // Walks from the frame whose header starts at `start`, while each next header
    // follows at the length the last one named, with the same MPEG version, layer and
    // sample rate; at most maxFrames frames. An empty walk when there is no frame at
    // `start` or the file cannot be read.
    static Walk walk(const QString &path, qint64 start, std::size_t maxFrames);
};

} // namespace genrelab
