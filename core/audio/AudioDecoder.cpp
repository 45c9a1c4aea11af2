#include "AudioDecoder.h"

#include "ContractPcmFile.h"
#include "HalfRateResampler.h"
#include "MpegSeekIndex.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <mutex>
#include <optional>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcAudio, "genrelab.audio")

namespace genrelab {

namespace {

using Kind = Error::Kind;

constexpr int kMinSourceRate = 1000;
constexpr int kMaxSourceRate = 768000;
constexpr int kMaxChannels = 64; // libswresample's own limit (SWR_CH_MAX)
// A stream that yields this many undecodable packets in a row is given up on: it is
// noise, not audio, and decoding it further would only waste time.
constexpr int kMaxConsecutiveBadPackets = 200;
// No read of a regular file, and no header of a real audio file, takes this long: a
// file that does is hostile (200 000 ID3 frames make FFmpeg's tag parsing quadratic)
// and is given up on rather than left to hang the command.
constexpr auto kOpenLimit = std::chrono::seconds(30);
constexpr auto kPacketLimit = std::chrono::seconds(10);
// After Ctrl+C (abandonStuckDecodes), an open or read already running this long is
// stuck, not a unit of work about to finish: it is interrupted.
constexpr auto kStuckAfterInterrupt = std::chrono::seconds(1);
// FFmpeg may only use demuxers of real audio files: no playlists (hls), no concat or
// image sequences, nothing that opens other files or URLs named inside the file. A
// demuxer matches when any of its comma-separated names is listed ("mov" covers
// "mov,mp4,m4a,3gp,3g2,mj2").
constexpr const char *kDemuxerWhitelist =
    "wav,w64,au,aiff,flac,mp3,ogg,mov,aac,asf,matroska,caf,wv,ape,tta,ac3,eac3,dts,amr,mpc,mpc8,voc,rf64";

std::atomic<bool> g_abandonStuck{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

// FFmpeg reads any ID3v2 tag at a file's start into a dictionary whose every insertion
// scans the whole dictionary: minutes for a tag of 200 000 frames. Decoding needs none
// of it (TagLib reads the tags we show), so the tags are skipped: the bytes they take.
qint64 leadingId3Bytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    qint64 skip = 0;
    for (int tags = 0; tags < 16; ++tags) { // FFmpeg too reads several tags in a row
        file.seek(skip);
        const QByteArray h = file.read(10);
        if (h.size() < 10 || !h.startsWith("ID3") || quint8(h[3]) == 0xff || quint8(h[4]) == 0xff)
            break;
        qint64 size = 0;
        for (int i = 6; i < 10; ++i) {
            if (quint8(h[i]) & 0x80)
                return skip; // not a valid synchsafe size: leave it to FFmpeg
            size = (size << 7) | quint8(h[i]);
        }
        const bool footer = quint8(h[3]) >= 4 && (quint8(h[5]) & 0x10);
        const qint64 end = skip + 10 + size + (footer ? 10 : 0);
        if (end > file.size())
            break;
        skip = end;
    }
    return skip;
}

QString avErrorText(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromUtf8(text);
}

// FFmpeg prints to stderr by default; route its complaints to our logging category so
// the CLI's output stays ours and problems are still visible with QT_LOGGING_RULES.
void installFfmpegLogging()
{
    static std::once_flag once;
    std::call_once(once, [] {
        av_log_set_level(AV_LOG_ERROR);
        av_log_set_callback([](void *, int level, const char *format, va_list args) {
            if (level > AV_LOG_ERROR)
                return;
            char line[512];
            std::vsnprintf(line, sizeof line, format, args);
            qCDebug(lcAudio) << "ffmpeg:" << QString::fromUtf8(line).trimmed();
        });
    });
}

void checkFileIsReadable(const QString &path)
{
    const QFileInfo file(path);
    if (!file.exists() && file.isSymLink())
        throw Error(Kind::FileMissing, path, QStringLiteral("is a link to something that does not exist (%1)").arg(file.symLinkTarget()));
    // A name whose bytes are not UTF-8 reaches us spelt with U+FFFD and cannot be opened.
    if (!file.exists() && path.contains(QChar::ReplacementCharacter))
        throw Error(Kind::Unreadable, path, QStringLiteral("its name is not valid UTF-8, so it cannot be opened"),
                    QStringLiteral("rename it (e.g. convmv -f latin1 -t utf8)"));
    if (!file.exists())
        throw Error(Kind::FileMissing, path, QStringLiteral("file not found"));
    if (file.isDir() && ::access(QFile::encodeName(path).constData(), R_OK | X_OK) != 0)
        throw Error(Kind::Unreadable, path, QStringLiteral("is a folder you may not read (") + QString::fromLocal8Bit(std::strerror(errno))
                                                + QStringLiteral("): the tracks in it are left out"),
                    QStringLiteral("check the folder's permissions"));
    if (file.isDir())
        throw Error(Kind::Unreadable, path, QStringLiteral("is a folder, not an audio file"));
    // Opening a named pipe blocks until someone writes to it, and a device such as
    // /dev/zero never ends: only regular files (or links to them) are audio files.
    if (!file.isFile())
        throw Error(Kind::Unreadable, path, QStringLiteral("is not a regular file (a pipe, socket or device)"));
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly))
        throw Error(Kind::Unreadable, path, QStringLiteral("cannot be opened: ") + probe.errorString(),
                    QStringLiteral("check the file's permissions"));
    if (file.size() == 0)
        throw Error(Kind::EmptyFile, path, QStringLiteral("the file is empty (0 bytes)"));
}

bool headerIsComplete(const AVCodecParameters *params)
{
    return params->codec_id != AV_CODEC_ID_NONE && params->sample_rate > 0 && params->ch_layout.nb_channels > 0;
}

} // namespace

class AudioDecoder::Private
{
public:
    explicit Private(const QString &path);
    ~Private();

    void open();
    // A file already in the contract's format is read directly (ContractPcmFile).
    bool openContractPcm();
    qint64 readPcmBytes(qint64 wanted);
    bool readPcmChunk();
    std::size_t readPcmInto(std::span<float> out);
    void openCodec();
    void configureResampler(const AVFrame *frame);
    void configureSwr(const AVChannelLayout &inLayout, const AVChannelLayout &outLayout, AVSampleFormat outFormat,
                      int outRate, AVSampleFormat inFormat, int inRate, const double *matrix);
    // Decodes until the FIFO holds at least `wanted` samples or the stream ends.
    void fill(std::size_t wanted);
    void compact();
    // Moves up to `limit` buffered samples out (the decoder is spent afterwards).
    std::vector<float> takeBuffered(std::size_t limit);
    bool decodeNextPacket();
    void receiveFrames();
    void appendResampled(const AVFrame *frame);
    void appendHalfRate(const AVFrame *frame);
    void flushResampler();
    void restartFromBeginning();
    void noteBadPacket(int code);
    // Starts the time limit of the next blocking FFmpeg call.
    void startClock(std::chrono::steady_clock::duration limit);
    static int interruptRequested(void *self);

    AudioInfo info;
    std::chrono::steady_clock::time_point operationStart;
    std::chrono::steady_clock::time_point deadline;
    bool timedOut = false;
    bool abandoned = false; // timed out because of Ctrl+C, not because the file is hostile
    // The error for a call that the interrupt callback stopped.
    Error interruptedError(const QString &limitWords) const
    {
        if (abandoned)
            return Error(Kind::Cancelled, info.path, QStringLiteral("interrupted (Ctrl+C) while it was still being read"));
        return Error(Kind::Corrupt, info.path, QStringLiteral("gave up: ") + limitWords);
    }
    QStringList warnings;
    AVFormatContext *format = nullptr;
    AVCodecContext *codec = nullptr;
    SwrContext *resampler = nullptr; // with halfRate: only to planar float, if needed
    // 44.1 kHz sources: swr's 2:1 resampling, faster and bit-identical (HalfRateResampler).
    std::optional<HalfRateResampler> halfRate;
    std::vector<std::vector<float>> planes; // a frame in planar float, for halfRate
    AVPacket *packet = nullptr;
    AVFrame *frame = nullptr;
    int streamIndex = -1;
    std::optional<ContractPcmFile> pcm; // set: FFmpeg is not used at all
    QFile pcmFile;
    qint64 pcmNext = 0; // the next data byte to read
    std::vector<char> pcmBytes;
    // Input side of the resampler as configured, to notice mid-stream format changes.
    bool resamplerConfigured = false;
    int resamplerRate = 0;
    int resamplerFormat = -1;
    int resamplerChannels = 0;

    std::vector<float> fifo;      // decoded output not yet handed out
    std::size_t fifoHead = 0;
    std::size_t pendingSkip = 0;  // output samples to drop after a seek
    double seekTarget = -1.0;     // seconds; ≥ 0 until the first frame after a seek arrives
    bool endOfStream = false;
    bool decoderDrained = false;
    int consecutiveBadPackets = 0;
    int badPackets = 0;
    std::size_t samplesDelivered = 0;
    bool seekedAway = false;   // reads no longer start at 0 s: the length check does not apply
    bool mpegIndexTried = false;
    std::unique_ptr<MpegSeekIndex> mpegIndex; // MP3: FFmpeg's seek index, without reading every packet
    bool earlyEndChecked = false;

    // A header that promises more audio than the stream holds means a cut file: say so,
    // once; the audio that is there is still used.
    void checkEarlyEnd(std::size_t decodedSamples)
    {
        if (earlyEndChecked || seekedAway)
            return;
        earlyEndChecked = true;
        const double decodedSeconds = double(decodedSamples) / FeatureContract::sampleRate;
        const double expected = info.durationSeconds;
        if (expected > 0.0 && decodedSeconds + 0.5 < expected)
            warnings << QStringLiteral("the audio ends at %1 s although the header says %2 s (truncated file?)")
                            .arg(decodedSeconds, 0, 'f', 2).arg(expected, 0, 'f', 2);
    }
};

AudioDecoder::Private::Private(const QString &path)
{
    info.path = path;
}

AudioDecoder::Private::~Private()
{
    av_frame_free(&frame);
    av_packet_free(&packet);
    swr_free(&resampler);
    avcodec_free_context(&codec);
    avformat_close_input(&format);
}

void AudioDecoder::Private::startClock(std::chrono::steady_clock::duration limit)
{
    operationStart = std::chrono::steady_clock::now();
    deadline = operationStart + limit;
}

// FFmpeg calls this while it waits or reads; non-zero makes the call fail (AVERROR_EXIT).
int AudioDecoder::Private::interruptRequested(void *self)
{
    auto *d = static_cast<Private *>(self);
    const auto now = std::chrono::steady_clock::now();
    if (now > d->deadline)
        d->timedOut = true;
    else if (g_abandonStuck.load(std::memory_order_relaxed) && now - d->operationStart > kStuckAfterInterrupt)
        d->timedOut = d->abandoned = true;
    return d->timedOut ? 1 : 0;
}

bool AudioDecoder::Private::openContractPcm()
{
    pcmFile.setFileName(info.path);
    if (!pcmFile.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return false;
    pcm = ContractPcmFile::recognise(pcmFile);
    if (!pcm) {
        pcmFile.close();
        return false;
    }
    info.container = pcm->container;
    info.codec = pcm->codec;
    info.sourceSampleRate = FeatureContract::sampleRate;
    info.sourceChannels = 1;
    // As FFmpeg computes it (samples × the time base 1/22 050), to the last bit.
    info.durationSeconds = double(pcm->dataBytes / 2) * (1.0 / FeatureContract::sampleRate);
    pcmNext = pcm->dataOffset;
    return true;
}

// Up to `wanted` bytes of samples from pcmNext into pcmBytes: how many came (even), 0 at
// the end of the data or on a read error (which is noted as a warning).
qint64 AudioDecoder::Private::readPcmBytes(qint64 wanted)
{
    if (decoderDrained)
        return 0;
    const qint64 end = pcm->dataOffset + pcm->dataBytes;
    wanted = std::min(wanted, end - pcmNext) & ~qint64(1);
    if (pcmBytes.size() < std::size_t(std::max<qint64>(wanted, 0)))
        pcmBytes.resize(std::size_t(wanted));
    qint64 got = wanted > 0 && pcmFile.seek(pcmNext) ? pcmFile.read(pcmBytes.data(), wanted) : 0;
    if (got < 0)
        warnings << QStringLiteral("reading stopped at byte %1: %2").arg(pcmNext).arg(pcmFile.errorString());
    got &= ~qint64(1); // a file cut since it was opened may end mid-sample
    if (got <= 0) {
        endOfStream = decoderDrained = true;
        return 0;
    }
    pcmNext += got;
    return got;
}

// The direct path's decodeNextPacket(): up to 64 KB of samples into the FIFO.
bool AudioDecoder::Private::readPcmChunk()
{
    const qint64 got = readPcmBytes(qint64(1) << 16);
    if (got == 0)
        return false;
    const std::size_t old = fifo.size();
    fifo.resize(old + std::size_t(got / 2));
    pcm->convert(std::span<const char>(pcmBytes.data(), std::size_t(got)), std::span<float>(fifo).subspan(old));
    return true;
}

// The direct path with nothing buffered: samples go from the file's bytes straight into
// `out`, with no trip through the FIFO (two copies less per snippet).
std::size_t AudioDecoder::Private::readPcmInto(std::span<float> out)
{
    std::size_t filled = 0;
    while (filled < out.size()) {
        const qint64 got = readPcmBytes(2 * qint64(out.size() - filled));
        if (got == 0)
            break;
        pcm->convert(std::span<const char>(pcmBytes.data(), std::size_t(got)), out.subspan(filled));
        filled += std::size_t(got / 2);
    }
    return filled;
}

void AudioDecoder::Private::open()
{
    checkFileIsReadable(info.path);
    if (openContractPcm()) // read() bypasses the FIFO there; decode() reserves its own
        return;
    // Room for a caller's typical request (one 3-s snippet) plus a few codec frames, so
    // the FIFO never regrows (regrowing copied ~1 MB per GTZAN clip).
    fifo.reserve(3 * std::size_t(FeatureContract::snippetSamples));
    installFfmpegLogging();
    const QByteArray nativePath = QFile::encodeName(info.path);
    format = avformat_alloc_context();
    if (!format)
        throw std::bad_alloc();
    format->interrupt_callback = {&Private::interruptRequested, this};
    startClock(kOpenLimit);
    // FFmpeg re-probes the content of PCM streams packet by packet (is this "WAV" really
    // DTS or MP3?) until 2 500 packets or 5 MB have passed: 7 ms of a GTZAN clip's 8 ms.
    // The WAV demuxer already checked the first 64 KB for S/PDIF in its header code, so
    // one packet of content probing is enough.
    AVDictionary *options = nullptr;
    av_dict_set(&options, "max_probe_packets", "1", 0);
    // Only files, only real audio formats: a file can never make GenreLab read another.
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    av_dict_set(&options, "format_whitelist", kDemuxerWhitelist, 0);
    if (const qint64 id3 = leadingId3Bytes(info.path); id3 > 0)
        av_dict_set_int(&options, "skip_initial_bytes", id3, 0);
    int rc = avformat_open_input(&format, nativePath.constData(), nullptr, &options); // frees `format` on failure
    av_dict_free(&options);
    if (rc < 0 && timedOut)
        throw interruptedError(QStringLiteral("reading its header took longer than %1 s (a hostile or damaged file?)")
                                   .arg(std::chrono::duration_cast<std::chrono::seconds>(kOpenLimit).count()));
    if (rc < 0)
        throw Error(Kind::NotAudio, info.path, QStringLiteral("not a recognised audio file (") + avErrorText(rc) + u')');
    // avformat_find_stream_info reads (and for WAV, scans) up to 5 MB of packets: 13 ms
    // per GTZAN clip, more than decoding it. Most demuxers already know rate, channels
    // and codec from the header; only ask FFmpeg to dig when they do not.
    streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (streamIndex < 0 || !headerIsComplete(format->streams[streamIndex]->codecpar)) {
        startClock(kOpenLimit);
        rc = avformat_find_stream_info(format, nullptr);
        if (rc < 0 && timedOut)
            throw interruptedError(QStringLiteral("reading its stream headers took longer than %1 s")
                                       .arg(std::chrono::duration_cast<std::chrono::seconds>(kOpenLimit).count()));
        if (rc < 0)
            throw Error(Kind::Corrupt, info.path, QStringLiteral("cannot read the stream headers (") + avErrorText(rc) + u')');
        streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    }
    if (streamIndex < 0)
        throw Error(Kind::NotAudio, info.path, QStringLiteral("contains no audio stream"));
    info.container = QString::fromUtf8(format->iformat->name);
    const AVStream *stream = format->streams[streamIndex];
    if (stream->duration > 0 && stream->time_base.den > 0)
        info.durationSeconds = double(stream->duration) * av_q2d(stream->time_base);
    else if (format->duration > 0)
        info.durationSeconds = double(format->duration) / AV_TIME_BASE;
    openCodec();
    packet = av_packet_alloc();
    frame = av_frame_alloc();
    if (!packet || !frame)
        throw std::bad_alloc();
}

void AudioDecoder::Private::openCodec()
{
    const AVCodecParameters *params = format->streams[streamIndex]->codecpar;
    info.sourceSampleRate = params->sample_rate;
    info.sourceChannels = params->ch_layout.nb_channels;
    if (info.sourceChannels <= 0)
        throw Error(Kind::Corrupt, info.path, QStringLiteral("the header declares no audio channels"));
    if (info.sourceChannels > kMaxChannels)
        throw Error(Kind::Unsupported, info.path,
                    QStringLiteral("%1 channels; at most %2 are supported").arg(info.sourceChannels).arg(kMaxChannels));
    if (info.sourceSampleRate < kMinSourceRate || info.sourceSampleRate > kMaxSourceRate)
        throw Error(Kind::Unsupported, info.path,
                    QStringLiteral("sample rate %1 Hz is outside %2 Hz – %3 kHz")
                        .arg(info.sourceSampleRate).arg(kMinSourceRate).arg(kMaxSourceRate / 1000));
    const AVCodec *decoder = avcodec_find_decoder(params->codec_id);
    if (!decoder)
        throw Error(Kind::Unsupported, info.path,
                    QStringLiteral("no decoder for codec \"%1\"").arg(QString::fromUtf8(avcodec_get_name(params->codec_id))));
    info.codec = QString::fromUtf8(decoder->name);
    codec = avcodec_alloc_context3(decoder);
    if (!codec)
        throw std::bad_alloc();
    int rc = avcodec_parameters_to_context(codec, params);
    if (rc >= 0) {
        codec->thread_count = 1; // we parallelise across files, not inside one
        rc = avcodec_open2(codec, decoder, nullptr);
    }
    if (rc < 0)
        throw Error(Kind::Corrupt, info.path, QStringLiteral("cannot open the %1 decoder (%2)").arg(info.codec, avErrorText(rc)));
}

void AudioDecoder::Private::configureResampler(const AVFrame *source)
{
    const int channels = source->ch_layout.nb_channels;
    if (resamplerConfigured && source->sample_rate == resamplerRate && source->format == resamplerFormat
        && channels == resamplerChannels)
        return;
    if (channels <= 0 || channels > kMaxChannels || source->sample_rate < kMinSourceRate
        || source->sample_rate > kMaxSourceRate)
        throw Error(Kind::Corrupt, info.path, QStringLiteral("a frame in the stream has an impossible format"));
    if (resamplerConfigured) {
        flushResampler(); // keep what the old configuration still held
        swr_free(&resampler);
        halfRate.reset();
        resamplerConfigured = false;
    }

    AVChannelLayout inLayout{};
    if (source->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&inLayout, channels);
    else
        av_channel_layout_copy(&inLayout, &source->ch_layout);
    const std::unique_ptr<AVChannelLayout, void (*)(AVChannelLayout *)> releaseLayout(&inLayout, av_channel_layout_uninit);
    const auto format = AVSampleFormat(source->format);
    // swr works in float for formats of up to 4 bytes a sample, in double beyond.
    if (source->sample_rate == HalfRateResampler::kSourceRate && av_get_bytes_per_sample(format) <= 4
        && HalfRateResampler::standsInForSwr()) {
        halfRate.emplace(channels);
        if (format != AV_SAMPLE_FMT_FLTP) // swr converts the format only, exactly as it would before resampling
            configureSwr(inLayout, inLayout, AV_SAMPLE_FMT_FLTP, source->sample_rate, format, source->sample_rate, nullptr);
    } else {
        // The contract downmixes by averaging channels; FFmpeg's default matrix would weight
        // them by layout (e.g. −3 dB centre), so set the matrix ourselves.
        const std::vector<double> average(std::size_t(channels), 1.0 / channels);
        const AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        configureSwr(inLayout, mono, AV_SAMPLE_FMT_FLT, FeatureContract::sampleRate, format, source->sample_rate, average.data());
    }
    resamplerConfigured = true;
    resamplerRate = source->sample_rate;
    resamplerFormat = source->format;
    resamplerChannels = channels;
}

void AudioDecoder::Private::configureSwr(const AVChannelLayout &inLayout, const AVChannelLayout &outLayout,
                                         AVSampleFormat outFormat, int outRate, AVSampleFormat inFormat, int inRate,
                                         const double *matrix)
{
    // FFmpeg 5.1 declares the layouts non-const; it only reads them.
    int rc = swr_alloc_set_opts2(&resampler, const_cast<AVChannelLayout *>(&outLayout), outFormat, outRate,
                                 const_cast<AVChannelLayout *>(&inLayout), inFormat, inRate, 0, nullptr);
    if (rc < 0)
        throw Error(Kind::Unsupported, info.path, QStringLiteral("cannot convert this audio format (") + avErrorText(rc) + u')');
    if (matrix)
        rc = swr_set_matrix(resampler, matrix, inLayout.nb_channels);
    if (rc >= 0)
        rc = swr_init(resampler);
    if (rc < 0)
        throw Error(Kind::Unsupported, info.path, QStringLiteral("cannot set up resampling (") + avErrorText(rc) + u')');
}

void AudioDecoder::Private::appendResampled(const AVFrame *source)
{
    configureResampler(source);
    if (halfRate) {
        appendHalfRate(source);
        return;
    }
    const int capacity = swr_get_out_samples(resampler, source->nb_samples);
    if (capacity <= 0)
        return;
    const std::size_t old = fifo.size();
    fifo.resize(old + std::size_t(capacity));
    auto *out = reinterpret_cast<uint8_t *>(fifo.data() + old);
    const int produced = swr_convert(resampler, &out, capacity,
                                     const_cast<const uint8_t **>(source->extended_data), source->nb_samples);
    fifo.resize(old + std::size_t(std::max(produced, 0)));
}

void AudioDecoder::Private::appendHalfRate(const AVFrame *source)
{
    const auto frames = std::size_t(std::max(source->nb_samples, 0));
    if (!resampler) { // the decoder's output is planar float already
        halfRate->push(reinterpret_cast<const float *const *>(source->extended_data), frames, fifo);
        return;
    }
    planes.resize(std::size_t(source->ch_layout.nb_channels));
    std::array<uint8_t *, kMaxChannels> to{};
    std::array<const float *, kMaxChannels> from{};
    for (std::size_t c = 0; c < planes.size(); ++c) {
        planes[c].resize(frames);
        to[c] = reinterpret_cast<uint8_t *>(planes[c].data());
        from[c] = planes[c].data();
    }
    // Same rate, no filter: swr hands every frame on at once.
    const int converted = swr_convert(resampler, to.data(), int(frames),
                                      const_cast<const uint8_t **>(source->extended_data), int(frames));
    halfRate->push(from.data(), std::size_t(std::max(converted, 0)), fifo);
}

void AudioDecoder::Private::flushResampler()
{
    if (halfRate) {
        halfRate->finish(fifo);
        return;
    }
    if (!resampler)
        return;
    const int capacity = swr_get_out_samples(resampler, 0);
    if (capacity <= 0)
        return;
    const std::size_t old = fifo.size();
    fifo.resize(old + std::size_t(capacity));
    auto *out = reinterpret_cast<uint8_t *>(fifo.data() + old);
    const int produced = swr_convert(resampler, &out, capacity, nullptr, 0);
    fifo.resize(old + std::size_t(std::max(produced, 0)));
}

void AudioDecoder::Private::noteBadPacket(int code)
{
    ++badPackets;
    if (++consecutiveBadPackets >= kMaxConsecutiveBadPackets) {
        warnings << QStringLiteral("gave up after %1 undecodable packets in a row (%2)").arg(consecutiveBadPackets).arg(avErrorText(code));
        endOfStream = true;
        decoderDrained = true;
    }
}

void AudioDecoder::Private::receiveFrames()
{
    for (;;) {
        const int rc = avcodec_receive_frame(codec, frame);
        if (rc == AVERROR(EAGAIN))
            return;
        if (rc == AVERROR_EOF) {
            decoderDrained = true;
            flushResampler();
            return;
        }
        if (rc < 0) {
            noteBadPacket(rc);
            return;
        }
        if (seekTarget >= 0.0) {
            // First frame after a seek: how far before the target does it start?
            const int64_t pts = frame->best_effort_timestamp;
            const double frameTime = pts == AV_NOPTS_VALUE ? seekTarget
                                                           : double(pts) * av_q2d(format->streams[streamIndex]->time_base);
            pendingSkip = std::size_t(std::max(0.0, std::round((seekTarget - frameTime) * FeatureContract::sampleRate)));
            seekTarget = -1.0;
        }
        appendResampled(frame);
        av_frame_unref(frame);
    }
}

bool AudioDecoder::Private::decodeNextPacket()
{
    if (decoderDrained)
        return false;
    if (!endOfStream) {
        startClock(kPacketLimit);
        const int rc = av_read_frame(format, packet);
        if (rc < 0 && timedOut)
            throw interruptedError(QStringLiteral("reading one packet took longer than %1 s")
                                       .arg(std::chrono::duration_cast<std::chrono::seconds>(kPacketLimit).count()));
        if (rc == AVERROR_EOF || (rc < 0 && avio_feof(format->pb))) {
            endOfStream = true;
            avcodec_send_packet(codec, nullptr); // enter draining mode
        } else if (rc < 0) {
            noteBadPacket(rc);
            return !endOfStream;
        } else {
            if (packet->stream_index == streamIndex) {
                const int sent = avcodec_send_packet(codec, packet);
                if (sent < 0 && sent != AVERROR(EAGAIN))
                    noteBadPacket(sent);
                else
                    consecutiveBadPackets = 0;
            }
            av_packet_unref(packet);
        }
    }
    receiveFrames();
    return !decoderDrained;
}

void AudioDecoder::Private::fill(std::size_t wanted)
{
    for (;;) {
        // Drop samples before a seek target as they arrive, so skipping far into a
        // non-seekable stream never buffers what it skips.
        const std::size_t skip = std::min(pendingSkip, fifo.size() - fifoHead);
        fifoHead += skip;
        pendingSkip -= skip;
        compact();
        if (pendingSkip == 0 && fifo.size() - fifoHead >= wanted)
            return;
        if (!(pcm ? readPcmChunk() : decodeNextPacket())) {
            const std::size_t rest = std::min(pendingSkip, fifo.size() - fifoHead);
            fifoHead += rest;
            pendingSkip -= rest;
            return;
        }
    }
}

void AudioDecoder::Private::compact()
{
    // Once the consumed part dominates, move the rest down: the FIFO stays about one
    // decode buffer long however much has passed through it.
    if (fifoHead > 65536 && fifoHead * 2 > fifo.size()) {
        fifo.erase(fifo.begin(), fifo.begin() + std::ptrdiff_t(fifoHead));
        fifoHead = 0;
    }
}

std::vector<float> AudioDecoder::Private::takeBuffered(std::size_t limit)
{
    if (fifoHead > 0)
        fifo.erase(fifo.begin(), fifo.begin() + std::ptrdiff_t(fifoHead));
    fifoHead = 0;
    if (fifo.size() > limit)
        fifo.resize(limit);
    return std::move(fifo);
}

void AudioDecoder::Private::restartFromBeginning()
{
    fifo.clear();
    fifoHead = 0;
    endOfStream = false;
    decoderDrained = false;
    if (pcm) {
        pcmNext = pcm->dataOffset;
        return;
    }
    startClock(kPacketLimit);
    avformat_seek_file(format, streamIndex, INT64_MIN, 0, 0, 0);
    avcodec_flush_buffers(codec);
    swr_free(&resampler);
    halfRate.reset();
    resamplerConfigured = false;
}

AudioDecoder::AudioDecoder(const QString &path)
    : d(std::make_unique<Private>(path))
{
    d->open();
}

AudioDecoder::~AudioDecoder() = default;

void AudioDecoder::abandonStuckDecodes() noexcept
{
    g_abandonStuck.store(true, std::memory_order_relaxed);
}

const AudioInfo &AudioDecoder::info() const
{
    return d->info;
}

const QStringList &AudioDecoder::warnings() const
{
    return d->warnings;
}

std::size_t AudioDecoder::read(std::span<float> out)
{
    std::size_t available = 0;
    if (d->pcm && d->fifoHead == d->fifo.size()) {
        available = d->readPcmInto(out);
    } else {
        d->fill(out.size());
        available = std::min(out.size(), d->fifo.size() - d->fifoHead);
        std::copy_n(d->fifo.begin() + std::ptrdiff_t(d->fifoHead), available, out.begin());
        d->fifoHead += available;
    }
    d->samplesDelivered += available;
    if (available == 0 && d->badPackets > 0 && d->samplesDelivered == 0)
        throw Error(Kind::Corrupt, d->info.path, QStringLiteral("no decodable audio in the stream"));
    if (available < out.size()) // fill() stops short only at the end of the stream
        d->checkEarlyEnd(d->samplesDelivered);
    return available;
}

void AudioDecoder::seek(double seconds)
{
    if (!(seconds >= 0.0))
        throw Error(Kind::OutOfRange, d->info.path, QStringLiteral("cannot seek to %1 s").arg(seconds));
    d->restartFromBeginning();
    d->samplesDelivered = 0;
    d->seekedAway = seconds > 0.0;
    if (seconds == 0.0)
        return;
    if (d->pcm) { // sample-accurate, as FFmpeg's PCM seeking; past the end reads nothing
        const double samples = std::min(seconds * FeatureContract::sampleRate, double(d->pcm->dataBytes / 2));
        d->pcmNext = d->pcm->dataOffset + 2 * qint64(std::llround(samples));
        return;
    }
    const AVStream *stream = d->format->streams[d->streamIndex];
    const auto target = int64_t(seconds / av_q2d(stream->time_base));
    if (!d->mpegIndexTried) {
        d->mpegIndexTried = true;
        d->startClock(kPacketLimit);
        d->mpegIndex = MpegSeekIndex::create(d->format, d->streamIndex, d->info.path);
        d->restartFromBeginning();
    }
    if (d->mpegIndex)
        d->mpegIndex->cover(target);
    d->startClock(kPacketLimit);
    if (av_seek_frame(d->format, d->streamIndex, target, AVSEEK_FLAG_BACKWARD) >= 0) {
        avcodec_flush_buffers(d->codec);
        d->seekTarget = seconds;
    } else {
        // Not seekable: decode from the start and drop what lies before the target.
        d->restartFromBeginning();
        d->pendingSkip = std::size_t(std::llround(seconds * FeatureContract::sampleRate));
    }
}

DecodedAudio AudioDecoder::decode(const QString &path, double startSeconds, double durationSeconds)
{
    AudioDecoder decoder(path);
    if (startSeconds > 0.0)
        decoder.seek(startSeconds);
    const std::size_t limit = durationSeconds >= 0.0 ? std::size_t(std::llround(durationSeconds * FeatureContract::sampleRate))
                                                     : SIZE_MAX;
    // Decode straight into the FIFO and hand its storage over: no second buffer, no
    // copy. Reserving from the header's duration avoids regrowing it along the way.
    const double expectedSeconds = decoder.info().durationSeconds - std::max(0.0, startSeconds);
    if (limit != SIZE_MAX)
        decoder.d->fifo.reserve(limit + 8192);
    else if (expectedSeconds > 0.0) // a lying header must not reserve gigabytes: cap at 20 min
        decoder.d->fifo.reserve(std::size_t(std::min(expectedSeconds, 1200.0) * FeatureContract::sampleRate) + 8192);
    decoder.d->fill(limit);
    DecodedAudio result;
    result.samples = decoder.d->takeBuffered(limit);
    if (decoder.d->samplesDelivered == 0 && result.samples.empty() && decoder.d->badPackets > 0)
        throw Error(Kind::Corrupt, path, QStringLiteral("no decodable audio in the stream"));
    result.info = decoder.info();
    if (durationSeconds < 0.0) // the whole file (from startSeconds) was asked for
        decoder.d->checkEarlyEnd(result.samples.size());
    result.warnings = decoder.warnings();
    if (decoder.d->badPackets > 0)
        result.warnings << QStringLiteral("%1 corrupt packet(s) skipped").arg(decoder.d->badPackets);
    return result;
}

} // namespace genrelab
