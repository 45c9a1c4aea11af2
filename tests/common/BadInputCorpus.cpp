#include "BadInputCorpus.h"

#include "SharedData.h"
#include "WavWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <limits>
#include <sys/stat.h>
#include <unistd.h>

namespace genrelab::test {

namespace {

std::vector<float> tone(int rate, double seconds, int channels = 1)
{
    return WavWriter::sine(330.0, 0.5, rate, seconds, channels);
}

void writeWav(const QString &path, int rate, int channels, const std::vector<float> &samples,
              WavWriter::Format format = WavWriter::Format::Pcm16)
{
    WavWriter writer;
    writer.sampleRate = rate;
    writer.channels = channels;
    writer.format = format;
    writer.write(path, samples);
}

// Byte counts to cut a file to: every few bytes through any header, then fractions of
// the whole (the middle of a frame, of the data, one byte short of the end).
QList<qint64> cutPoints(qint64 size)
{
    QList<qint64> cuts = {1, 3, 4, 8, 12, 24, 36, 44, 64, 100, 200, 500, 1000};
    for (double fraction : {0.1, 0.25, 0.4, 0.5, 0.75, 0.9})
        cuts << qint64(double(size) * fraction);
    cuts << size - 1;
    cuts.removeIf([size](qint64 cut) { return cut >= size; });
    return cuts;
}

} // namespace

BadInputCorpus::BadInputCorpus(const QString &root)
    : m_root(root)
{
    for (const char *folder : {"good", "bad", "truncated", "strange"})
        QDir().mkpath(m_root + u'/' + QLatin1String(folder));
    writeGood();
    writeBad();
    writeTruncated();
    writeStrange();
}

QStringList BadInputCorpus::scanned() const
{
    QStringList all = m_good + m_bad + m_truncated;
    for (const QString &path : m_strange)
        if (!QFileInfo(path).isDir())
            all << path;
    return all;
}

QString BadInputCorpus::add(QStringList &list, const QString &folder, const QString &name)
{
    list << m_root + u'/' + folder + u'/' + name;
    return list.last();
}

void BadInputCorpus::writeGood()
{
    const QString g = QStringLiteral("good");
    writeWav(add(m_good, g, QStringLiteral("silence.wav")), 22050, 1, std::vector<float>(22050 * 7, 0.0f));
    writeWav(add(m_good, g, QStringLiteral("dc.wav")), 22050, 1, std::vector<float>(22050 * 7, 0.7f));
    std::vector<float> clipped = tone(22050, 7.0);
    for (float &v : clipped)
        v *= 8.0f; // float WAV far beyond ±1
    writeWav(add(m_good, g, QStringLiteral("clipped.wav")), 22050, 1, clipped, WavWriter::Format::Float32);
    std::vector<float> nan = tone(22050, 7.0);
    for (std::size_t i = 0; i < nan.size(); i += 97)
        nan[i] = i % 2 ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
    writeWav(add(m_good, g, QStringLiteral("nan-inf.wav")), 22050, 1, nan, WavWriter::Format::Float32);
    writeWav(add(m_good, g, QStringLiteral("rate8k.wav")), 8000, 1, tone(8000, 7.0));
    writeWav(add(m_good, g, QStringLiteral("rate192k.wav")), 192000, 1, tone(192000, 7.0));
    writeWav(add(m_good, g, QStringLiteral("six-channels.wav")), 22050, 6, tone(22050, 7.0, 6));
    writeWav(add(m_good, g, QStringLiteral("really-a-wav.mp3")), 22050, 1, tone(22050, 7.0)); // wrong extension
    WavWriter huge; // its header claims 27 hours: nothing may be sized by that
    huge.headerDataBytes = 0xFFFFFFF0;
    huge.write(add(m_good, g, QStringLiteral("claims-27-hours.wav")), tone(22050, 7.0));
    writeWav(add(m_good, g, QStringLiteral("ünïcødé name with spaces.wav")), 22050, 2, tone(22050, 7.0, 2));
    // 200 000 ID3v2 frames, each a new key for FFmpeg's tag dictionary (minutes of
    // quadratic parsing), before 7.8 s of silent MPEG audio (two snippets, like the rest).
    QByteArray frames;
    for (int i = 0; i < 200000; ++i) {
        const QByteArray payload = QByteArray(1, '\0') + 'k' + QByteArray::number(i) + QByteArray(1, '\0') + 'v';
        const int size = int(payload.size());
        frames += QByteArray("TXXX") + char(0) + char(0) + char(0) + char(size) + QByteArray(2, '\0') + payload;
    }
    const int tagSize = int(frames.size());
    QByteArray mp3 = QByteArray("ID3\x03\x00\x00", 6) + char((tagSize >> 21) & 0x7f) + char((tagSize >> 14) & 0x7f)
                     + char((tagSize >> 7) & 0x7f) + char(tagSize & 0x7f) + frames;
    for (int i = 0; i < 300; ++i)
        mp3 += QByteArray("\xff\xfb\x90\x64", 4) + QByteArray(413, '\0');
    WavWriter::writeBytes(add(m_good, g, QStringLiteral("200000-id3-frames.mp3")), mp3);
}

void BadInputCorpus::writeBad()
{
    const QString b = QStringLiteral("bad");
    WavWriter::writeBytes(add(m_bad, b, QStringLiteral("empty.wav")), {});
    WavWriter::writeBytes(add(m_bad, b, QStringLiteral("text.mp3")), "This is not music, it is a shopping list.\n");
    WavWriter::writeBytes(add(m_bad, b, QStringLiteral("text.flac")), QByteArray(4000, 'x'));
    const QByteArray whole = WavWriter().encode(tone(22050, 7.0));
    for (int cut : {4, 12, 40, 44, 1000, 20000})
        WavWriter::writeBytes(add(m_bad, b, QStringLiteral("truncated-%1.wav").arg(cut)), whole.left(cut));
    for (auto [name, rate, channels] : {std::tuple{"zero-channels.wav", 22050, 0}, std::tuple{"255-channels.wav", 22050, 255},
                                        std::tuple{"1hz.wav", 1, 1}, std::tuple{"10mhz.wav", 10000000, 1}}) {
        WavWriter writer;
        writer.headerSampleRate = rate;
        writer.headerChannels = channels;
        writer.write(add(m_bad, b, QString::fromLatin1(name)), tone(22050, 7.0));
    }
    writeWav(add(m_bad, b, QStringLiteral("too-short.wav")), 22050, 1, tone(22050, 2.0));
    // Text that FFmpeg's playlist and concat demuxers would follow to another file (here
    // the corpus's named pipe, which hung the reader for ever): refused as not audio.
    const QString pipe = m_root + QStringLiteral("/strange/named-pipe.wav");
    WavWriter::writeBytes(add(m_bad, b, QStringLiteral("hls-playlist.mp3")),
                          "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + QFile::encodeName(pipe) + "\n#EXT-X-ENDLIST\n");
    WavWriter::writeBytes(add(m_bad, b, QStringLiteral("concat-list.wav")), "ffconcat version 1.0\nfile '" + QFile::encodeName(pipe) + "'\n");
}

QString BadInputCorpus::encodeWithFfmpeg(const QString &wav, const QString &extension)
{
    static const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty())
        return {};
    const QString out = m_root + QStringLiteral("/whole.") + extension;
    const int rc = SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"),
                                                   QStringLiteral("-i"), wav, out});
    return rc == 0 ? out : QString();
}

void BadInputCorpus::writeTruncated()
{
    // 9 s of stereo, so that a cut late in the file still leaves whole snippets.
    const QString wav = m_root + QStringLiteral("/whole.wav");
    writeWav(wav, 22050, 2, tone(22050, 9.0, 2));
    QStringList wholes = {wav};
    QStringList missing;
    for (const QString &extension : {QStringLiteral("au"), QStringLiteral("mp3"), QStringLiteral("flac")}) {
        const QString encoded = encodeWithFfmpeg(wav, extension);
        if (encoded.isEmpty())
            missing << extension;
        else
            wholes << encoded;
    }
    if (!missing.isEmpty())
        m_leftOut = QStringLiteral("no ffmpeg command: truncated %1 files left out").arg(missing.join(QStringLiteral(", ")));
    for (const QString &whole : std::as_const(wholes)) {
        QFile in(whole);
        in.open(QIODevice::ReadOnly);
        const QByteArray bytes = in.readAll();
        const QString suffix = QFileInfo(whole).suffix();
        for (qint64 cut : cutPoints(bytes.size()))
            WavWriter::writeBytes(add(m_truncated, QStringLiteral("truncated"), QStringLiteral("%1-cut-%2.%1").arg(suffix).arg(cut)),
                                  bytes.left(cut));
        QFile::remove(whole);
    }
}

void BadInputCorpus::writeStrange()
{
    const QString s = QStringLiteral("strange");
    mkfifo(QFile::encodeName(add(m_strange, s, QStringLiteral("named-pipe.wav"))).constData(), 0600);
    QDir().mkpath(add(m_strange, s, QStringLiteral("a-folder.wav")));
    QFile::link(m_root + QStringLiteral("/no-such-file.wav"), add(m_strange, s, QStringLiteral("dangling-link.wav")));
    QFile::link(m_root, m_root + QStringLiteral("/strange/loop")); // a folder that contains itself
    if (geteuid() != 0) { // root reads whatever the permissions say (tst_badinput then drops to nobody)
        const QString locked = add(m_bad, QStringLiteral("bad"), QStringLiteral("nobody-may-read.wav"));
        writeWav(locked, 22050, 1, tone(22050, 7.0));
        QFile::setPermissions(locked, QFileDevice::Permissions());
    }
}

} // namespace genrelab::test
