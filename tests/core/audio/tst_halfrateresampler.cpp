// HalfRateResampler against libswresample itself, bit for bit: planar float of 1 to 6
// channels in chunks of every size, streams shorter than the filter, and the decoder's
// whole path for 44.1 kHz files (16-bit and float WAV, MP3 decoded by the ffmpeg tool).
#include "SharedData.h"
#include "WavWriter.h"
#include "audio/AudioDecoder.h"
#include "audio/HalfRateResampler.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include <cstring>
#include <limits>
#include <random>

using namespace genrelab;
using namespace genrelab::test;

namespace {

// swr configured as AudioDecoder configured it before HalfRateResampler: any layout
// and format at 44.1 kHz to mono float at 22.05 kHz, every channel weighted 1/channels.
// `data` holds one pointer per plane (one in all for an interleaved format).
std::vector<float> swrReference(const std::vector<const uint8_t *> &data, AVSampleFormat format, int channels,
                                std::size_t frames, std::size_t chunk)
{
    AVChannelLayout in{};
    av_channel_layout_default(&in, channels);
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext *swr = nullptr;
    swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, 22050, &in, format, 44100, 0, nullptr);
    const std::vector<double> average(std::size_t(channels), 1.0 / channels);
    swr_set_matrix(swr, average.data(), channels);
    swr_init(swr);
    const std::size_t step = std::size_t(av_get_bytes_per_sample(format)) * (av_sample_fmt_is_planar(format) ? 1 : std::size_t(channels));
    std::vector<float> out;
    const auto convert = [&](const uint8_t **from, int n) {
        const int capacity = swr_get_out_samples(swr, n);
        const std::size_t old = out.size();
        out.resize(old + std::size_t(capacity));
        auto *to = reinterpret_cast<uint8_t *>(out.data() + old);
        out.resize(old + std::size_t(std::max(0, swr_convert(swr, &to, capacity, from, n))));
    };
    for (std::size_t at = 0; at < frames; at += chunk) {
        std::vector<const uint8_t *> from;
        for (const uint8_t *plane : data)
            from.push_back(plane + at * step);
        convert(from.data(), int(std::min(chunk, frames - at)));
    }
    convert(nullptr, 0);
    swr_free(&swr);
    return out;
}

std::vector<std::vector<float>> noise(int channels, std::size_t frames, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<std::vector<float>> planes(std::size_t(channels), std::vector<float>(frames, 0.0f));
    for (auto &plane : planes)
        for (float &v : plane)
            v = uniform(random);
    return planes;
}

std::vector<float> ours(const std::vector<std::vector<float>> &planes, std::size_t chunk)
{
    HalfRateResampler resampler(int(planes.size()));
    std::vector<float> out;
    const std::size_t frames = planes.front().size();
    for (std::size_t at = 0; at < frames; at += chunk) {
        std::vector<const float *> from;
        for (const auto &plane : planes)
            from.push_back(plane.data() + at);
        resampler.push(from.data(), std::min(chunk, frames - at), out);
    }
    resampler.finish(out);
    return out;
}

std::vector<float> swrOnPlanes(const std::vector<std::vector<float>> &planes, std::size_t chunk)
{
    std::vector<const uint8_t *> data;
    for (const auto &plane : planes)
        data.push_back(reinterpret_cast<const uint8_t *>(plane.data()));
    return swrReference(data, AV_SAMPLE_FMT_FLTP, int(planes.size()), planes.front().size(), chunk);
}

// The number of floats that differ in their bits (and -1 for different lengths).
qint64 bitDifferences(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        return -1;
    qint64 differ = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        differ += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
    return differ;
}

bool cpuHasAvx2Fma()
{
#if defined(__x86_64__) && defined(__GNUC__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

} // namespace

class TestHalfRateResampler : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        // Where swr runs its FMA3 kernel (this machine and CI: AVX2 and FMA), the
        // resampler must stand in: a change in swr then fails here, loudly, instead of
        // quietly sending every 44.1 kHz file back through swr.
        if (cpuHasAvx2Fma())
            QVERIFY(HalfRateResampler::standsInForSwr());
        else if (!HalfRateResampler::standsInForSwr())
            QSKIP("this CPU has no AVX2/FMA: swr runs another kernel and the decoder keeps using swr");
    }

    void sameBitsAsSwr_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("chunk");
        for (const int channels : {1, 2, 3, 6})
            for (const int frames : {66, 67, 1000, 1001, 44105})
                for (const int chunk : {1, 7, 1152, 4096})
                    QTest::addRow("%d ch, %d frames, chunks of %d", channels, frames, chunk) << channels << frames << chunk;
    }

    void sameBitsAsSwr()
    {
        QFETCH(int, channels);
        QFETCH(int, frames);
        QFETCH(int, chunk);
        const auto planes = noise(channels, std::size_t(frames), unsigned(channels * 1000 + frames));
        const std::vector<float> expected = swrOnPlanes(planes, std::size_t(chunk));
        QCOMPARE(expected.size(), std::size_t((frames + 1) / 2));
        QCOMPARE(bitDifferences(ours(planes, std::size_t(chunk)), expected), 0);
    }

    // Under 66 samples swr keeps everything to the end, mirrors fewer samples there and,
    // under 45, gives nothing at all.
    void shortStreamsAsSwr()
    {
        for (int frames = 1; frames <= 140; ++frames) {
            const auto planes = noise(2, std::size_t(frames), unsigned(frames));
            for (const std::size_t chunk : {std::size_t(1), std::size_t(frames)}) {
                const std::vector<float> expected = swrOnPlanes(planes, chunk);
                const std::vector<float> actual = ours(planes, chunk);
                QVERIFY2(bitDifferences(actual, expected) == 0,
                         qPrintable(QStringLiteral("%1 frames in chunks of %2: %3 outputs, swr %4")
                                        .arg(frames).arg(chunk).arg(actual.size()).arg(expected.size())));
            }
        }
    }

    // swr's kernel also multiplies 6 samples by zero taps: an infinity there makes its
    // output NaN (0·Inf), and so it must here. Fed an MP3 frame (1 152 samples) at a
    // time, as the decoder feeds it; in chunks of a few samples those 6 reads fall on
    // stale memory in swr's buffer, so there even swr disagrees with itself.
    void nonFiniteSamplesAsSwr()
    {
        auto planes = noise(2, 4000, 13);
        planes[0][500] = std::numeric_limits<float>::infinity();
        planes[1][1501] = std::numeric_limits<float>::quiet_NaN();
        planes[0][2203] = -std::numeric_limits<float>::infinity();
        QCOMPARE(bitDifferences(ours(planes, 1152), swrOnPlanes(planes, 1152)), 0);
    }

    void finishStartsAFreshStream()
    {
        const auto planes = noise(2, 5000, 11);
        const float *from[] = {planes[0].data(), planes[1].data()};
        HalfRateResampler resampler(2);
        std::vector<float> first, second;
        resampler.push(from, 5000, first);
        resampler.finish(first);
        resampler.push(from, 5000, second);
        resampler.finish(second);
        QCOMPARE(bitDifferences(first, swrOnPlanes(planes, 5000)), 0);
        QCOMPARE(bitDifferences(second, first), 0);
    }

    void silenceStaysSilent()
    {
        const std::vector<std::vector<float>> planes(2, std::vector<float>(3000, 0.0f));
        for (const float v : ours(planes, 1152))
            QCOMPARE(v, 0.0f);
    }

    // The decoder's path for a stereo WAV at 44.1 kHz, 16-bit or float: swr converts the
    // format, this resamples; the result is what swr alone gave.
    void decoderMatchesSwrOnAWav_data()
    {
        QTest::addColumn<bool>("isFloat");
        QTest::newRow("16-bit") << false;
        QTest::newRow("32-bit float") << true;
    }

    void decoderMatchesSwrOnAWav()
    {
        QFETCH(bool, isFloat);
        QVERIFY(m_dir.isValid());
        const auto planes = noise(2, 44100 * 2 + 333, 5);
        std::vector<qint16> pcm;
        std::vector<float> interleaved;
        for (std::size_t i = 0; i < planes[0].size(); ++i)
            for (const auto &plane : planes) {
                pcm.push_back(qint16(std::lround(plane[i] * 30000.0f)));
                interleaved.push_back(isFloat ? plane[i] * 0.9f : float(pcm.back()) / 32768.0f);
            }
        WavWriter writer;
        writer.sampleRate = 44100;
        writer.channels = 2;
        writer.format = isFloat ? WavWriter::Format::Float32 : WavWriter::Format::Pcm16;
        const QString file = m_dir.filePath(QStringLiteral("stereo44k.wav"));
        writer.write(file, interleaved);
        const auto *bytes = isFloat ? reinterpret_cast<const uint8_t *>(interleaved.data()) : reinterpret_cast<const uint8_t *>(pcm.data());
        const std::vector<float> expected
            = swrReference({bytes}, isFloat ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_S16, 2, planes[0].size(), 4096);
        QCOMPARE(bitDifferences(AudioDecoder::decode(file).samples, expected), 0);
    }

    // An MP3's decoder hands over planar float, which goes straight in. The reference is
    // the same stream decoded by the ffmpeg tool, resampled by swr.
    void decoderMatchesSwrOnAnMp3()
    {
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("the ffmpeg tool is needed to make the MP3 (packaging/install-deps.sh installs it)");
        const QString source = m_dir.filePath(QStringLiteral("source.wav"));
        WavWriter writer;
        writer.sampleRate = 44100;
        writer.channels = 2;
        writer.write(source, WavWriter::sine(440.0, 0.5, 44100, 4.0, 2));
        const QString mp3 = m_dir.filePath(QStringLiteral("tone.mp3"));
        const QString raw = m_dir.filePath(QStringLiteral("tone.f32"));
        QString log;
        QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-y"), QStringLiteral("-v"), QStringLiteral("error"),
                                                 QStringLiteral("-i"), source, QStringLiteral("-b:a"), QStringLiteral("192k"), mp3},
                                        &log),
                 0);
        QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-y"), QStringLiteral("-v"), QStringLiteral("error"),
                                                 QStringLiteral("-i"), mp3, QStringLiteral("-f"), QStringLiteral("f32le"), raw},
                                        &log),
                 0);
        QFile decoded(raw);
        QVERIFY(decoded.open(QIODevice::ReadOnly));
        const QByteArray floats = decoded.readAll();
        const std::size_t frames = std::size_t(floats.size()) / (2 * sizeof(float));
        QVERIFY(frames > 44100 * 3);
        const auto *bytes = reinterpret_cast<const uint8_t *>(floats.constData());
        const std::vector<float> expected = swrReference({bytes}, AV_SAMPLE_FMT_FLT, 2, frames, 1152);
        QCOMPARE(bitDifferences(AudioDecoder::decode(mp3).samples, expected), 0);
    }
};

QTEST_GUILESS_MAIN(TestHalfRateResampler)
#include "tst_halfrateresampler.moc"
