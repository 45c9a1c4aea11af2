// MpegAudioFrames against FFmpeg's own seek index: for MP3s of every MPEG version,
// CBR and VBR, with and without Xing and ID3 tags, and an MP2, the walk's frames are
// exactly the entries FFmpeg adds when it reads the whole stream (which AudioDecoder
// relies on to hand FFmpeg the index instead); and where it must stop.
#include "SharedData.h"
#include "WavWriter.h"
#include "audio/AudioDecoder.h"
#include "audio/MpegAudioFrames.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
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
        writeAll(m_dir.filePath(QStringLiteral("damaged.mp3")), damaged);
        MpegAudioFrames::Walk walk = MpegAudioFrames::walk(m_dir.filePath(QStringLiteral("damaged.mp3")), first, 1'000'000);
        QCOMPARE(walk.frames.size(), middle);
        QVERIFY(!walk.reachedEnd);

        writeAll(m_dir.filePath(QStringLiteral("junk.mp3")), bytes + "not an MPEG frame at all");
        walk = MpegAudioFrames::walk(m_dir.filePath(QStringLiteral("junk.mp3")), first, 1'000'000);
        QCOMPARE(walk.frames.size(), clean.frames.size());
        QVERIFY(!walk.reachedEnd);

        // Cut inside a frame: the frames before it, and the stream has ended.
        writeAll(m_dir.filePath(QStringLiteral("cut.mp3")), bytes.left(clean.frames[middle].position + 100));
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
