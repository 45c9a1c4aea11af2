// AudioDecoder on files the test writes itself (exact PCM, resampling, downmix, time
// ranges, compressed formats via the ffmpeg tool) and on bad input of every kind.
#include "SharedData.h"
#include "WavWriter.h"
#include "audio/AudioDecoder.h"
#include "audio/ContractPcmFile.h"
#include "util/Error.h"

#include <QDirIterator>
#include <QFile>
#include <QtEndian>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <cmath>
#include <numbers>
#include <optional>

using namespace genrelab;
using namespace genrelab::test;

Q_DECLARE_METATYPE(genrelab::Error::Kind)

namespace {

// Dominant frequency by counting upward zero crossings (fine for a clean sine).
double estimateFrequency(const std::vector<float> &samples, int rate)
{
    int crossings = 0;
    for (std::size_t i = 1; i < samples.size(); ++i)
        crossings += (samples[i - 1] < 0.0f && samples[i] >= 0.0f);
    return crossings * double(rate) / double(samples.size());
}

double rms(const std::vector<float> &samples, std::size_t from = 0)
{
    double sum = 0.0;
    for (std::size_t i = from; i < samples.size(); ++i)
        sum += double(samples[i]) * samples[i];
    return std::sqrt(sum / double(samples.size() - from));
}

std::vector<float> randomPcm(std::size_t count, quint32 seed)
{
    QRandomGenerator random(seed);
    std::vector<float> values(count);
    for (float &v : values)
        v = float(random.bounded(-32768, 32767)) / 32768.0f;
    return values;
}


// GTZAN's format, 16-bit PCM mono 22 050 Hz, written by hand: a WAV with an odd-sized
// LIST chunk (and its pad byte) before the data, or a Sun AU with an annotation.
QByteArray contractPcmBytes(const QString &kind, const std::vector<qint16> &samples)
{
    QByteArray data;
    for (const qint16 v : samples) {
        char bytes[2];
        if (kind == QLatin1String("au"))
            qToBigEndian(v, bytes);
        else
            qToLittleEndian(v, bytes);
        data.append(bytes, 2);
    }
    auto le32 = [](quint32 v) { char b[4]; qToLittleEndian(v, b); return QByteArray(b, 4); };
    auto le16 = [](quint16 v) { char b[2]; qToLittleEndian(v, b); return QByteArray(b, 2); };
    auto be32 = [](quint32 v) { char b[4]; qToBigEndian(v, b); return QByteArray(b, 4); };
    if (kind == QLatin1String("au"))
        return ".snd" + be32(32) + be32(quint32(data.size())) + be32(3) + be32(22050) + be32(1) + QByteArray("genrelab", 8) + data;
    const QByteArray fmt = "fmt " + le32(16) + le16(1) + le16(1) + le32(22050) + le32(44100) + le16(2) + le16(16);
    const QByteArray list = "LIST" + le32(5) + QByteArray("INFOx", 5) + QByteArray(1, '\0');
    const QByteArray body = "WAVE" + fmt + list + "data" + le32(quint32(data.size())) + data;
    return "RIFF" + le32(quint32(body.size())) + body;
}

// An ID3v2 tag (10 bytes of padding) before a file: AudioDecoder then leaves the file to
// FFmpeg, which skips the tag.
QByteArray behindId3Tag(const QByteArray &file)
{
    return QByteArray("ID3\x04\x00\x00\x00\x00\x00\x0a", 10) + QByteArray(10, '\0') + file;
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

std::optional<ContractPcmFile> recognised(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? ContractPcmFile::recognise(file) : std::nullopt;
}

std::vector<float> readAfterSeek(const QString &path, double seconds, std::size_t count)
{
    AudioDecoder decoder(path);
    decoder.seek(seconds);
    std::vector<float> out(count);
    out.resize(decoder.read(out));
    return out;
}
} // namespace

class TestAudioDecoder : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    void expectError(const QString &file, Error::Kind kind)
    {
        try {
            AudioDecoder::decode(file);
        } catch (const Error &error) {
            QVERIFY2(error.kind() == kind, qPrintable(QStringLiteral("got \"%1\" (%2), expected %3")
                                                          .arg(error.message(), Error::kindName(error.kind()),
                                                               Error::kindName(kind))));
            QVERIFY2(error.message().contains(file), "the message names the file");
            return;
        }
        QFAIL(qPrintable(QStringLiteral("no error for ") + file));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pcm16AtContractRateIsExact()
    {
        const auto samples = randomPcm(50000, 1);
        WavWriter().write(path(QStringLiteral("exact.wav")), samples);
        const DecodedAudio audio = AudioDecoder::decode(path(QStringLiteral("exact.wav")));
        QCOMPARE(audio.samples, samples);
        QCOMPARE(audio.info.sourceSampleRate, 22050);
        QCOMPARE(audio.info.sourceChannels, 1);
        QVERIFY(audio.warnings.isEmpty());
    }

    void stereoIsAveraged()
    {
        // Left = s, right = −s/2: the average is s/4 (FFmpeg's own mono matrix would give
        // a different weighting; the contract averages).
        const auto s = randomPcm(30000, 2);
        WavWriter writer;
        writer.channels = 2;
        const auto interleaved = WavWriter::generate(s.size(), 2, [&](std::size_t i, int c) {
            return c == 0 ? s[i] : -std::round(s[i] * 16384.0f) / 32768.0f;
        });
        writer.write(path(QStringLiteral("stereo.wav")), interleaved);
        const DecodedAudio audio = AudioDecoder::decode(path(QStringLiteral("stereo.wav")));
        QCOMPARE(audio.samples.size(), s.size());
        for (std::size_t i = 0; i < s.size(); ++i)
            QVERIFY(qAbs(audio.samples[i] - (interleaved[2 * i] + interleaved[2 * i + 1]) / 2.0f) < 1e-6f);
    }

    void resamplesToContractRate_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("isFloat");
        QTest::newRow("8 kHz mono") << 8000 << 1 << false;
        QTest::newRow("44.1 kHz stereo") << 44100 << 2 << false;
        QTest::newRow("48 kHz 6-channel float") << 48000 << 6 << true;
        QTest::newRow("192 kHz stereo float") << 192000 << 2 << true;
    }

    void resamplesToContractRate()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(bool, isFloat);
        WavWriter writer;
        writer.sampleRate = rate;
        writer.channels = channels;
        writer.format = isFloat ? WavWriter::Format::Float32 : WavWriter::Format::Pcm16;
        const QString file = path(QStringLiteral("rate%1.wav").arg(rate));
        writer.write(file, WavWriter::sine(1000.0, 0.5, rate, 2.0, channels));
        const DecodedAudio audio = AudioDecoder::decode(file);
        QVERIFY2(qAbs(qint64(audio.samples.size()) - 44100) <= 64, qPrintable(QString::number(audio.samples.size())));
        QVERIFY(qAbs(estimateFrequency(audio.samples, 22050) - 1000.0) < 2.0);
        QVERIFY(qAbs(rms(audio.samples, 1000) - 0.5 / std::sqrt(2.0)) < 0.01);
    }

    void timeRangeMatchesFullDecode()
    {
        const auto samples = randomPcm(22050 * 10, 3);
        const QString file = path(QStringLiteral("ten.wav"));
        WavWriter().write(file, samples);
        const DecodedAudio range = AudioDecoder::decode(file, 3.0, 3.0);
        QCOMPARE(range.samples.size(), std::size_t(66150));
        QVERIFY(std::equal(range.samples.begin(), range.samples.end(), samples.begin() + 66150));
        // A range running past the end stops at the end.
        QCOMPARE(AudioDecoder::decode(file, 9.0, 3.0).samples.size(), std::size_t(22050));
    }

    void streamsInSmallChunks()
    {
        const auto samples = randomPcm(100000, 4);
        const QString file = path(QStringLiteral("chunks.wav"));
        WavWriter().write(file, samples);
        AudioDecoder decoder(file);
        std::vector<float> collected, chunk(777);
        while (const std::size_t n = decoder.read(chunk))
            collected.insert(collected.end(), chunk.begin(), chunk.begin() + std::ptrdiff_t(n));
        QCOMPARE(collected, samples);
        decoder.seek(1.0); // and back again
        QCOMPARE(decoder.read(chunk), chunk.size());
        QVERIFY(std::equal(chunk.begin(), chunk.end(), samples.begin() + 22050));
    }

    void compressedFormats_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<QStringList>("codecArgs");
        QTest::addColumn<bool>("lossless");
        QTest::newRow("flac") << QStringLiteral("flac") << QStringList{} << true;
        QTest::newRow("mp3") << QStringLiteral("mp3") << QStringList{QStringLiteral("-b:a"), QStringLiteral("128k")} << false;
        QTest::newRow("ogg") << QStringLiteral("ogg") << QStringList{QStringLiteral("-c:a"), QStringLiteral("libvorbis")} << false;
        QTest::newRow("opus") << QStringLiteral("opus") << QStringList{QStringLiteral("-c:a"), QStringLiteral("libopus")} << false;
        QTest::newRow("m4a") << QStringLiteral("m4a") << QStringList{QStringLiteral("-c:a"), QStringLiteral("aac")} << false;
    }

    void compressedFormats()
    {
        QFETCH(QString, extension);
        QFETCH(QStringList, codecArgs);
        QFETCH(bool, lossless);
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("the ffmpeg tool is needed to make compressed test files (packaging/install-deps.sh installs it)");
        const QString source = path(QStringLiteral("source44k.wav"));
        WavWriter writer;
        writer.sampleRate = 44100;
        writer.channels = 2;
        writer.write(source, WavWriter::sine(440.0, 0.5, 44100, 5.0, 2));
        const QString target = path(QStringLiteral("encoded.") + extension);
        QString log;
        const int rc = SharedData::runProgram(ffmpeg, QStringList{QStringLiteral("-y"), QStringLiteral("-v"),
                                                                  QStringLiteral("error"), QStringLiteral("-i"), source}
                                                              + codecArgs + QStringList{target},
                                              &log);
        if (rc != 0)
            QSKIP(qPrintable(QStringLiteral("this ffmpeg cannot encode %1: %2").arg(extension, log)));
        const DecodedAudio audio = AudioDecoder::decode(target);
        QVERIFY2(qAbs(double(audio.samples.size()) / 22050.0 - 5.0) < 0.1, qPrintable(QString::number(audio.samples.size())));
        QVERIFY(qAbs(estimateFrequency(std::vector<float>(audio.samples.begin() + 4096, audio.samples.end() - 4096), 22050)
                     - 440.0) < 2.0);
        QVERIFY(qAbs(rms(audio.samples, 4096) - 0.5 / std::sqrt(2.0)) < (lossless ? 0.005 : 0.03));
        // Seeking into a compressed stream lands on the same audio, within a codec frame.
        const DecodedAudio range = AudioDecoder::decode(target, 2.0, 0.5);
        QCOMPARE(range.samples.size(), std::size_t(11025));
    }

    void gtzanAuMatchesItsWavExcerpt()
    {
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("../shared/data"))));
        const DecodedAudio au = AudioDecoder::decode(data + QStringLiteral("/gtzan-au/jazz/jazz.00000.au"));
        const DecodedAudio wav = AudioDecoder::decode(data + QStringLiteral("/gtzan-mini/jazz/jazz.00000.wav"));
        QCOMPARE(au.info.container, QStringLiteral("au"));
        QVERIFY(au.samples.size() >= 660000 && au.samples.size() <= 661794); // 29.9x–30.01 s
        QVERIFY(wav.samples.size() < au.samples.size());
        QVERIFY(std::equal(wav.samples.begin(), wav.samples.end(), au.samples.begin()));
    }


    // GTZAN's format is read without FFmpeg (ContractPcmFile), and must give what FFmpeg
    // gives: the same bytes behind an ID3 tag go through FFmpeg.
    void contractPcmIsReadAsFfmpegReadsIt_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("wav") << QStringLiteral("wav");
        QTest::newRow("au") << QStringLiteral("au");
    }
    void contractPcmIsReadAsFfmpegReadsIt()
    {
        QFETCH(QString, kind);
        std::vector<qint16> values{-32768, 32767, 0, -1, 1};
        QRandomGenerator random(21);
        for (int i = 0; i < 3 * 22050; ++i)
            values.push_back(qint16(random.bounded(-32768, 32768)));
        const QString direct = path(QStringLiteral("direct.") + kind), viaFfmpeg = path(QStringLiteral("tagged.") + kind);
        writeBytes(direct, contractPcmBytes(kind, values));
        writeBytes(viaFfmpeg, behindId3Tag(contractPcmBytes(kind, values)));
        QVERIFY(recognised(direct).has_value());
        QVERIFY(!recognised(viaFfmpeg).has_value());

        const DecodedAudio ours = AudioDecoder::decode(direct), ffmpeg = AudioDecoder::decode(viaFfmpeg);
        QCOMPARE(ours.samples.size(), values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            QCOMPARE(ours.samples[i], float(values[i]) / 32768.0f);
        QCOMPARE(ours.samples, ffmpeg.samples);
        QCOMPARE(ours.info.container, ffmpeg.info.container);
        QCOMPARE(ours.info.codec, ffmpeg.info.codec);
        QCOMPARE(ours.info.sourceSampleRate, ffmpeg.info.sourceSampleRate);
        QCOMPARE(ours.info.sourceChannels, ffmpeg.info.sourceChannels);
        QVERIFY(ours.info.durationSeconds == ffmpeg.info.durationSeconds); // QCOMPARE would be fuzzy
        QVERIFY(ours.warnings.isEmpty());
        for (const double seconds : {0.5, 1.23456, 2.99})
            QCOMPARE(readAfterSeek(direct, seconds, 5000), readAfterSeek(viaFfmpeg, seconds, 5000));
        QCOMPARE(AudioDecoder::decode(direct, 1.0, 0.5).samples, AudioDecoder::decode(viaFfmpeg, 1.0, 0.5).samples);
        QVERIFY(readAfterSeek(direct, 100.0, 10).empty()); // past the end
        QVERIFY(readAfterSeek(viaFfmpeg, 100.0, 10).empty());
        QVERIFY(readAfterSeek(direct, 1e300, 10).empty());

        // read() converts straight into the caller's buffer: any chunking gives the same
        // samples, and the stream ends with a short read and then empty ones.
        for (const std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(4096), std::size_t(66150), values.size() + 5}) {
            AudioDecoder decoder(direct);
            std::vector<float> all, part(chunk);
            for (std::size_t got = chunk; got == chunk;) {
                got = decoder.read(part);
                all.insert(all.end(), part.begin(), part.begin() + std::ptrdiff_t(got));
            }
            QCOMPARE(all, ffmpeg.samples);
            QCOMPARE(decoder.read(part), std::size_t(0));
            QVERIFY(decoder.warnings().isEmpty());
        }
    }

    // Anything but the contract's format, or a header that promises more than the file
    // holds, stays with FFmpeg.
    void otherPcmIsLeftToFfmpeg()
    {
        const std::vector<qint16> values(2000, 7);
        const QByteArray wav = contractPcmBytes(QStringLiteral("wav"), values);
        auto variant = [&](int offset, const QByteArray &replacement) {
            QByteArray bytes = wav;
            bytes.replace(offset, replacement.size(), replacement);
            const QString file = path(QStringLiteral("variant.wav"));
            writeBytes(file, bytes);
            return recognised(file).has_value();
        };
        QVERIFY(variant(0, "RIFF")); // unchanged
        QVERIFY(!variant(22, QByteArray("\x02\x00", 2)));           // stereo
        QVERIFY(!variant(24, QByteArray("\x44\xac\x00\x00", 4)));   // 44 100 Hz
        QVERIFY(!variant(20, QByteArray("\x03\x00", 2)));           // IEEE float
        QVERIFY(!variant(34, QByteArray("\x18\x00", 2)));           // 24 bits
        QVERIFY(!variant(54, QByteArray("\xff\xff\x00\x00", 4)));   // data beyond the end
        QVERIFY(!variant(54, QByteArray("\x9f\x0f\x00\x00", 4)));   // 3 999 bytes: FFmpeg reports the odd one
        QVERIFY(!variant(28, QByteArray("\x22\x56\x00\x00", 4)));   // a byte rate FFmpeg would seek by
        const QString au = path(QStringLiteral("trailing.au"));
        writeBytes(au, contractPcmBytes(QStringLiteral("au"), values));
        QVERIFY(recognised(au).has_value());
        writeBytes(au, contractPcmBytes(QStringLiteral("au"), values) + QByteArray(2, '\x01'));
        QVERIFY(!recognised(au).has_value()); // FFmpeg reads an AU to its end
        QVERIFY(!variant(8, "WAVX"));
    }

    void gtzanFilesAreReadDirectly()
    {
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("../shared/data"))));
        int files = 0;
        for (const char *folder : {"/gtzan-mini", "/gtzan-au"}) {
            QDirIterator it(data + QLatin1String(folder), {QStringLiteral("*.wav"), QStringLiteral("*.au")}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString file = it.next();
                QVERIFY2(recognised(file).has_value(), qPrintable(file));
                ++files;
            }
        }
        QVERIFY(files >= 80);
    }

    // --- bad input ------------------------------------------------------------------

    void missingFile() { expectError(path(QStringLiteral("nope.wav")), Error::Kind::FileMissing); }
    void folderInsteadOfFile() { expectError(m_dir.path(), Error::Kind::Unreadable); }

    void emptyFile()
    {
        WavWriter::writeBytes(path(QStringLiteral("empty.wav")), {});
        expectError(path(QStringLiteral("empty.wav")), Error::Kind::EmptyFile);
    }

    void textWithAudioExtension()
    {
        WavWriter::writeBytes(path(QStringLiteral("notes.mp3")), QByteArray("Shopping list: milk, eggs.\n").repeated(50));
        expectError(path(QStringLiteral("notes.mp3")), Error::Kind::NotAudio);
    }

    void unreadablePermissions()
    {
        if (::geteuid() == 0)
            QSKIP("running as root: file permissions do not stop root from reading");
        const QString file = path(QStringLiteral("locked.wav"));
        WavWriter().write(file, randomPcm(1000, 5));
        QFile::setPermissions(file, QFileDevice::Permissions{});
        expectError(file, Error::Kind::Unreadable);
    }

    void absurdHeaders_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("rate");
        QTest::newRow("0 channels") << 0 << 22050;
        QTest::newRow("255 channels") << 255 << 22050;
        QTest::newRow("1 Hz") << 1 << 1;
        QTest::newRow("10 MHz") << 1 << 10000000;
    }

    void absurdHeaders()
    {
        QFETCH(int, channels);
        QFETCH(int, rate);
        WavWriter writer;
        writer.headerChannels = channels;
        writer.headerSampleRate = rate;
        const QString file = path(QStringLiteral("absurd.wav"));
        writer.write(file, randomPcm(4000, 6));
        try {
            AudioDecoder::decode(file);
            QFAIL("an absurd header was accepted");
        } catch (const Error &error) {
            QVERIFY2(error.kind() == Error::Kind::Unsupported || error.kind() == Error::Kind::Corrupt
                         || error.kind() == Error::Kind::NotAudio,
                     qPrintable(error.message()));
        }
    }

    // FFmpeg's WAV demuxer clamps an impossible data size to the file: the audio that is
    // there decodes exactly.
    void headerClaimsMoreDataThanFile()
    {
        const auto samples = randomPcm(30000, 7);
        WavWriter writer;
        writer.headerDataBytes = 2'000'000'000; // "6 hours of audio", 60 KB present
        const QString file = path(QStringLiteral("liar.wav"));
        writer.write(file, samples);
        QCOMPARE(AudioDecoder::decode(file).samples, samples);
    }

    // Where the container states the length (FLAC's STREAMINFO), a file cut in half
    // decodes its valid part and says it is truncated.
    void truncatedFlacIsReported()
    {
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("the ffmpeg tool is needed to make a FLAC file (packaging/install-deps.sh installs it)");
        const QString source = path(QStringLiteral("whole.wav"));
        const QString flac = path(QStringLiteral("whole.flac"));
        WavWriter().write(source, randomPcm(22050 * 6, 11));
        QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-y"), QStringLiteral("-v"), QStringLiteral("error"),
                                                 QStringLiteral("-i"), source, flac}),
                 0);
        QFile file(flac);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
        file.close();
        const DecodedAudio audio = AudioDecoder::decode(flac);
        QVERIFY2(audio.samples.size() > 22050 && audio.samples.size() < 22050 * 4, qPrintable(QString::number(audio.samples.size())));
        QVERIFY2(audio.warnings.join(u' ').contains(QStringLiteral("truncated")), qPrintable(audio.warnings.join(u'|')));
    }

    // Truncated at many offsets, inside the header and inside the data: each either
    // decodes a prefix of the original or throws a typed error. Never crashes or hangs.
    void truncatedAtManyOffsets()
    {
        const auto samples = randomPcm(22050, 8);
        const QByteArray whole = WavWriter().encode(samples);
        const QString file = path(QStringLiteral("cut.wav"));
        for (qsizetype cut = 1; cut < whole.size(); cut += (cut < 100 ? 3 : 4099)) {
            WavWriter::writeBytes(file, whole.left(cut));
            try {
                const DecodedAudio audio = AudioDecoder::decode(file);
                QVERIFY(audio.samples.size() <= samples.size());
                QVERIFY(std::equal(audio.samples.begin(), audio.samples.end(), samples.begin()));
            } catch (const Error &) {
            }
        }
    }

    void randomGarbageNeverCrashes()
    {
        QRandomGenerator random(9);
        const QString file = path(QStringLiteral("garbage.wav"));
        for (int round = 0; round < 30; ++round) {
            QByteArray bytes = WavWriter().encode(randomPcm(5000, quint32(round)));
            for (int flips = 0; flips < 20; ++flips) // corrupt header and data bytes
                bytes[random.bounded(qsizetype(0), qMin<qsizetype>(bytes.size(), round % 2 ? 64 : bytes.size()))] =
                    char(random.bounded(256));
            WavWriter::writeBytes(file, bytes);
            try {
                AudioDecoder::decode(file);
            } catch (const Error &) {
            }
        }
    }

    void seekOutsideRangeIsAnError()
    {
        const QString file = path(QStringLiteral("short.wav"));
        WavWriter().write(file, randomPcm(1000, 10));
        AudioDecoder decoder(file);
        QVERIFY_THROWS_EXCEPTION(Error, decoder.seek(-1.0));
    }
};

QTEST_GUILESS_MAIN(TestAudioDecoder)
#include "tst_audiodecoder.moc"
