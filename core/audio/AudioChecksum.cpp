#include "AudioChecksum.h"

#include "AudioDecoder.h"
#include "util/Error.h"
#include "util/Sha256.h"

#include <QFile>

#include <vector>

extern "C" {
#include <libavformat/avformat.h>
}

namespace genrelab {

QByteArray AudioChecksum::ofPackets(const QString &path)
{
    AVFormatContext *format = nullptr;
    if (avformat_open_input(&format, QFile::encodeName(path).constData(), nullptr, nullptr) < 0)
        throw Error(Error::Kind::NotAudio, path, QStringLiteral("FFmpeg cannot open it"));
    Sha256 hash;
    const int stream = avformat_find_stream_info(format, nullptr) >= 0
                           ? av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0)
                           : -1;
    AVPacket *packet = av_packet_alloc();
    while (stream >= 0 && av_read_frame(format, packet) >= 0) {
        if (packet->stream_index == stream)
            hash.addData(QByteArrayView(reinterpret_cast<const char *>(packet->data), packet->size));
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    avformat_close_input(&format);
    if (stream < 0)
        throw Error(Error::Kind::NotAudio, path, QStringLiteral("no audio stream"));
    return hash.result();
}

QByteArray AudioChecksum::ofSamples(const QString &path)
{
    AudioDecoder decoder(path);
    Sha256 hash;
    std::vector<float> block(1 << 16);
    while (const std::size_t n = decoder.read(block))
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(block.data()), qsizetype(n * sizeof(float))));
    return hash.result();
}

} // namespace genrelab
