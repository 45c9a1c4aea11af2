#pragma once

#include <QString>

namespace genrelab {

// What the decoder learned about a file while opening it (before decoding audio).
struct AudioInfo
{
    QString path;
    QString container;     // FFmpeg demuxer name, e.g. "wav", "au", "mp3"
    QString codec;         // e.g. "pcm_s16le", "mp3float"
    int sourceSampleRate = 0;
    int sourceChannels = 0;
    double durationSeconds = -1.0; // from the header; −1 when the container does not say
};

} // namespace genrelab
