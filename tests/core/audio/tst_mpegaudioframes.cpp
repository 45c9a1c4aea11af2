// MpegAudioFrames against FFmpeg's own seek index: for MP3s of every MPEG version,
// CBR and VBR, with and without Xing and ID3 tags, and an MP2, the walk's frames are
// exactly the entries FFmpeg adds when it reads the whole stream (which AudioDecoder
// relies on to hand FFmpeg the index instead); and where it must stop.
#include "SharedData.h"
#include "WavWriter.h"
#include "audio/AudioDecoder.h"
#include "audio/MpegAudioFrames.h"
#include "audio/MpegSeekIndex.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

extern "C" {
#include <libavformat/avformat.h>
}

using namespace genrelab;
using namespace genrelab::test;

namespace {

struct FfmpegIndex
{
    qint64 firstPosition = -1;
    std::vector<std::pair<qint64, qint64>> entries; // position, timestamp
    AVRational timeBase{0, 1};
};

// FFmpeg's index after a seek to the end, which reads every packet on the way.
FfmpegIndex ffmpegIndex(const QString &path)
{
    FfmpegIndex index;
    AVFormatContext *format = nullptr;
    if (avformat_open_input(&format, QFile::encodeName(path).constData(), nullptr, nullptr) < 0)
        return index;
    AVPacket *packet = av_packet_alloc();
    if (av_read_frame(format, packet) >= 0)
        index.firstPosition = packet->pos;
    av_packet_unref(packet);
    av_packet_free(&packet);
    AVStream *stream = format->streams[0];
    av_seek_frame(format, 0, int64_t(1) << 50, AVSEEK_FLAG_BACKWARD);
    for (int i = 0; i < avformat_index_get_entries_count(stream); ++i) {
        const AVIndexEntry *entry = avformat_index_get_entry(stream, i);
        index.entries.emplace_back(entry->pos, entry->timestamp);
    }
    index.timeBase = stream->time_base;
    avformat_close_input(&format);
    return index;
}

// The stream's first packet after a seek to `seconds` (backward, as AudioDecoder
// seeks): its position and timestamp.
std::pair<qint64, qint64> packetAfterSeek(AVFormatContext *format, double seconds, MpegSeekIndex *index)
{
    AVStream *stream = format->streams[0];
    const auto target = int64_t(seconds / av_q2d(stream->time_base));
    if (index)
        index->cover(target);
    if (av_seek_frame(format, 0, target, AVSEEK_FLAG_BACKWARD) < 0)
        return {-1, -1};
    AVPacket *packet = av_packet_alloc();
    std::pair<qint64, qint64> found{-1, -1};
    if (av_read_frame(format, packet) >= 0)
        found = {packet->pos, packet->dts};
    av_packet_unref(packet);
    av_packet_free(&packet);
    return found;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMpegAudioFrames : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ffmpeg;
    QString m_source;

    QString encode(const QString &name, const QStringList &arguments)
    {
        const QString target = m_dir.filePath(name);
        QString log;
        const int rc = SharedData::runProgram(m_ffmpeg,
                                              QStringList{QStringLiteral("-y"), QStringLiteral("-v"), QStringLiteral("error"),
                                                          QStringLiteral("-i"), m_source}
                                                  + arguments + QStringList{target},
                                              &log);
        return rc == 0 ? target : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (m_ffmpeg.isEmpty())
            QSKIP("the ffmpeg tool is needed to make MP3s (packaging/install-deps.sh installs it)");
        m_source = m_dir.filePath(QStringLiteral("source.wav"));
        WavWriter writer;
        writer.sampleRate = 44100;
        writer.channels = 2;
        writer.write(m_source, WavWriter::sine(440.0, 0.5, 44100, 12.0, 2));
    }

    void sameEntriesAsFfmpeg_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("arguments");
        const QString lame = QStringLiteral("libmp3lame");
        QTest::newRow("CBR 192k, Info frame") << QStringLiteral("cbr.mp3") << QStringList{"-c:a", lame, "-b:a", "192k"};
        QTest::newRow("VBR, Xing frame") << QStringLiteral("vbr.mp3") << QStringList{"-c:a", lame, "-q:a", "4"};
        QTest::newRow("MPEG-2, 24 kHz mono") << QStringLiteral("mpeg2.mp3") << QStringList{"-c:a", lame, "-ar", "24000", "-ac", "1", "-b:a", "64k"};
        QTest::newRow("MPEG-2.5, 11 kHz") << QStringLiteral("mpeg25.mp3") << QStringList{"-c:a", lame, "-ar", "11025", "-b:a", "32k"};
        QTest::newRow("no Xing frame, 32 kHz") << QStringLiteral("noxing.mp3") << QStringList{"-c:a", lame, "-ar", "32000", "-write_xing", "0"};
        QTest::newRow("ID3v2 and ID3v1") << QStringLiteral("tags.mp3")
                                         << QStringList{"-c:a", lame, "-id3v2_version", "3", "-write_id3v1", "1", "-metadata", "title=T"};
        QTest::newRow("MP2 (Layer II)") << QStringLiteral("layer2.mp2") << QStringList{"-c:a", "mp2", "-b:a", "192k"};
    }

    void sameEntriesAsFfmpeg()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, arguments);
        const QString file = encode(name, arguments);
        if (file.isEmpty())
            QSKIP(qPrintable(QStringLiteral("this ffmpeg cannot make %1").arg(name)));
        const FfmpegIndex expected = ffmpegIndex(file);
        QVERIFY(expected.entries.size() > 100);
        const MpegAudioFrames::Walk walk = MpegAudioFrames::walk(file, expected.firstPosition, 1'000'000);
        QVERIFY(walk.reachedEnd);
        QCOMPARE(walk.frames.size(), expected.entries.size());
        const qint64 origin = expected.entries.front().second;
        for (std::size_t i = 0; i < walk.frames.size(); ++i) {
            const qint64 timestamp = origin + av_rescale_q(walk.frames[i].samplesBefore, AVRational{1, walk.sampleRate}, expected.timeBase);
            QVERIFY2(walk.frames[i].position == expected.entries[i].first && timestamp == expected.entries[i].second,
                     qPrintable(QStringLiteral("frame %1: ours at %2, %3; FFmpeg's at %4, %5")
                                    .arg(i).arg(walk.frames[i].position).arg(timestamp)
                                    .arg(expected.entries[i].first).arg(expected.entries[i].second)));
        }
    }

    void stopsWhereTheStreamIsDamaged()
    {
        const QString file = encode(QStringLiteral("clean.mp3"), {"-c:a", "libmp3lame", "-b:a", "128k"});
        QVERIFY(!file.isEmpty());
        const qint64 first = ffmpegIndex(file).firstPosition;
        const MpegAudioFrames::Walk clean = MpegAudioFrames::walk(file, first, 1'000'000);
        QVERIFY(clean.reachedEnd);
        const std::size_t middle = clean.frames.size() / 2;
        QByteArray bytes = readAll(file);

        QByteArray damaged = bytes;
        damaged.replace(clean.frames[middle].position, 4, QByteArray(4, '\0'));
        WavWriter::writeBytes(m_dir.filePath(QStringLiteral("damaged.mp3")), damaged);
        MpegAudioFrames::Walk walk = MpegAudioFrames::walk(m_dir.filePath(QStringLiteral("damaged.mp3")), first, 1'000'000);
        QCOMPARE(walk.frames.size(), middle);
        QVERIFY(!walk.reachedEnd);

        WavWriter::writeBytes(m_dir.filePath(QStringLiteral("junk.mp3")), bytes + "not an MPEG frame at all");
        walk = MpegAudioFrames::walk(m_dir.filePath(QStringLiteral("junk.mp3")), first, 1'000'000);
        QCOMPARE(walk.frames.size(), clean.frames.size());
        QVERIFY(!walk.reachedEnd);

        // Cut inside a frame: the frames before it, and the stream has ended.
        WavWriter::writeBytes(m_dir.filePath(QStringLiteral("cut.mp3")), bytes.left(clean.frames[middle].position + 100));
        walk = MpegAudioFrames::walk(m_dir.filePath(QStringLiteral("cut.mp3")), first, 1'000'000);
        QCOMPARE(walk.frames.size(), middle);
        QVERIFY(walk.reachedEnd);

        walk = MpegAudioFrames::walk(file, first, 10);
        QCOMPARE(walk.frames.size(), std::size_t(10));
        QVERIFY(!walk.reachedEnd);

        QVERIFY(MpegAudioFrames::walk(file, first + 1, 1'000'000).frames.empty());
        QVERIFY(MpegAudioFrames::walk(m_source, 0, 1'000'000).frames.empty());
        QVERIFY(MpegAudioFrames::walk(m_dir.filePath(QStringLiteral("missing.mp3")), 0, 10).frames.empty());
    }

    // FFmpeg alone, and FFmpeg given the index a bit at a time, land on the same packet
    // for every seek, in any order, also past damage (where FFmpeg reads on by itself
    // from the last entry it was given).
    void seeksLandWhereFfmpegsOwnLand_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("damage");
        QTest::addColumn<int>("indexLimit"); // entries; 0: FFmpeg's default (about 43 000)
        QTest::addColumn<int>("readFirst");  // packets read before the first seek
        const QString lame = QStringLiteral("libmp3lame");
        const QStringList cbr{"-c:a", lame, "-b:a", "192k"};
        QTest::newRow("CBR") << QStringLiteral("seekcbr.mp3") << cbr << false << 0 << 0;
        QTest::newRow("VBR") << QStringLiteral("seekvbr.mp3") << QStringList{"-c:a", lame, "-q:a", "2"} << false << 0 << 0;
        QTest::newRow("MPEG-2") << QStringLiteral("seekmpeg2.mp3") << QStringList{"-c:a", lame, "-ar", "22050", "-b:a", "64k"} << false << 0 << 0;
        QTest::newRow("junk in the middle") << QStringLiteral("seekjunk.mp3") << QStringList{"-c:a", lame, "-b:a", "128k"} << true << 0 << 0;
        // FFmpeg thins its index out at its limit (here 120 entries, 3 s): it must thin
        // the same entries, whether it reached the limit by itself or not.
        QTest::newRow("past the index limit") << QStringLiteral("seeklimit.mp3") << cbr << false << 120 << 0;
        QTest::newRow("past the limit, read on first") << QStringLiteral("seekread.mp3") << cbr << false << 120 << 400;
    }

    void seeksLandWhereFfmpegsOwnLand()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, arguments);
        QFETCH(bool, damage);
        QFETCH(int, indexLimit);
        QFETCH(int, readFirst);
        QString file = encode(name, arguments);
        QVERIFY(!file.isEmpty());
        if (damage) { // 3 000 bytes of noise where 6 s of audio begin
            const MpegAudioFrames::Walk walk = MpegAudioFrames::walk(file, ffmpegIndex(file).firstPosition, 1'000'000);
            QByteArray bytes = readAll(file);
            const qint64 at = walk.frames[walk.frames.size() / 2].position;
            QByteArray noise(3000, '\0');
            for (int i = 0; i < noise.size(); ++i)
                noise[i] = char((i * 7919) % 251);
            bytes.insert(at, noise);
            file = m_dir.filePath(QStringLiteral("damaged-") + name);
            WavWriter::writeBytes(file, bytes);
        }
        AVFormatContext *alone = nullptr, *indexed = nullptr;
        QVERIFY(avformat_open_input(&alone, QFile::encodeName(file).constData(), nullptr, nullptr) >= 0);
        QVERIFY(avformat_open_input(&indexed, QFile::encodeName(file).constData(), nullptr, nullptr) >= 0);
        for (AVFormatContext *format : {alone, indexed})
            if (indexLimit > 0)
                format->max_index_size = unsigned(indexLimit) * sizeof(AVIndexEntry);
        std::unique_ptr<MpegSeekIndex> index = MpegSeekIndex::create(indexed, 0, file);
        QVERIFY(index);
        avformat_seek_file(indexed, 0, INT64_MIN, 0, 0, 0);
        AVPacket *packet = av_packet_alloc();
        for (AVFormatContext *format : {alone, indexed})
            for (int i = 0; i < readFirst && av_read_frame(format, packet) >= 0; ++i)
                av_packet_unref(packet);
        av_packet_free(&packet);
        for (const double seconds : {1.5, 4.0, 3.2, 7.9, 0.4, 11.0, 6.05, 9.99}) {
            const auto expected = packetAfterSeek(alone, seconds, nullptr);
            const auto actual = packetAfterSeek(indexed, seconds, index.get());
            QVERIFY(expected.first >= 0);
            QVERIFY2(actual == expected, qPrintable(QStringLiteral("at %1 s: FFmpeg alone at %2 (%3), with the index at %4 (%5)")
                                                        .arg(seconds).arg(expected.first).arg(expected.second)
                                                        .arg(actual.first).arg(actual.second)));
        }
        avformat_close_input(&alone);
        avformat_close_input(&indexed);
    }

    void onlyForMp3s()
    {
        AVFormatContext *wav = nullptr;
        QVERIFY(avformat_open_input(&wav, QFile::encodeName(m_source).constData(), nullptr, nullptr) >= 0);
        QVERIFY(!MpegSeekIndex::create(wav, 0, m_source));
        avformat_close_input(&wav);
    }

    // With the index handed to FFmpeg, one decoder seeking back and forth reads what a
    // fresh decoder reads at each time.
    void seeksInAnyOrderReadTheSame()
    {
        const QString file = encode(QStringLiteral("seek.mp3"), {"-c:a", "libmp3lame", "-b:a", "192k"});
        QVERIFY(!file.isEmpty());
        AudioDecoder decoder(file);
        std::vector<float> window(22050);
        for (const double start : {7.3, 1.1, 9.9, 4.0, 0.5}) {
            decoder.seek(start);
            QCOMPARE(decoder.read(window), window.size());
            const DecodedAudio fresh = AudioDecoder::decode(file, start, 1.0);
            QVERIFY2(fresh.samples == window, qPrintable(QStringLiteral("at %1 s").arg(start)));
        }
    }
};

QTEST_GUILESS_MAIN(TestMpegAudioFrames)
#include "tst_mpegaudioframes.moc"
