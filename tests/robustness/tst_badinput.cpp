// The bad-input corpus, generated here: empty, truncated at many offsets, text and
// wrong extensions, absurd headers (0 and 255 channels, 1 Hz and 10 MHz), NaN/Inf
// float samples, silence, DC, clipping, 8 kHz / 192 kHz / 6 channels, an hour-long
// file, unicode and spaces in names. For each: features are finite or the error is
// clear, and the CLI's featurize, predict and tag finish with a message and the right
// exit code — never a crash, never a hang.
#include "SharedData.h"
#include "WavWriter.h"
#include "data/TrackFeaturizer.h"
#include "ml/BundleConverter.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <sys/resource.h>

using namespace genrelab;
using namespace genrelab::test;

namespace {

long peakResidentKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

bool allFinite(const std::vector<float> &values)
{
    return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_corpus; // corpus/good (readable) and corpus/bad (must fail cleanly)
    QString m_model;
    QStringList m_good, m_bad;

    QString good(const QString &name) { return m_good << m_corpus + QStringLiteral("/good/") + name, m_good.last(); }
    QString bad(const QString &name) { return m_bad << m_corpus + QStringLiteral("/bad/") + name, m_bad.last(); }

    void writeWav(const QString &path, int rate, int channels, const std::vector<float> &samples,
                  WavWriter::Format format = WavWriter::Format::Pcm16)
    {
        WavWriter writer;
        writer.sampleRate = rate;
        writer.channels = channels;
        writer.format = format;
        writer.write(path, samples);
    }

    std::vector<float> tone(int rate, double seconds, int channels = 1)
    {
        return WavWriter::sine(330.0, 0.5, rate, seconds, channels);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_corpus = m_dir.filePath(QStringLiteral("corpus"));
        QDir().mkpath(m_corpus + QStringLiteral("/good"));
        QDir().mkpath(m_corpus + QStringLiteral("/bad"));
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("a"), QStringLiteral("b")}).write(m_model);

        writeWav(good(QStringLiteral("silence.wav")), 22050, 1, std::vector<float>(22050 * 7, 0.0f));
        writeWav(good(QStringLiteral("dc.wav")), 22050, 1, std::vector<float>(22050 * 7, 0.7f));
        std::vector<float> clipped = tone(22050, 7.0);
        for (float &v : clipped)
            v *= 8.0f; // float WAV far beyond ±1
        writeWav(good(QStringLiteral("clipped.wav")), 22050, 1, clipped, WavWriter::Format::Float32);
        std::vector<float> nan = tone(22050, 7.0);
        for (std::size_t i = 0; i < nan.size(); i += 97)
            nan[i] = i % 2 ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
        writeWav(good(QStringLiteral("nan-inf.wav")), 22050, 1, nan, WavWriter::Format::Float32);
        writeWav(good(QStringLiteral("rate8k.wav")), 8000, 1, tone(8000, 7.0));
        writeWav(good(QStringLiteral("rate192k.wav")), 192000, 1, tone(192000, 7.0));
        writeWav(good(QStringLiteral("six-channels.wav")), 22050, 6, tone(22050, 7.0, 6));
        writeWav(good(QStringLiteral("ünïcødé name with spaces.wav")), 22050, 2, tone(22050, 7.0, 2));

        WavWriter::writeBytes(bad(QStringLiteral("empty.wav")), {});
        WavWriter::writeBytes(bad(QStringLiteral("text.mp3")), "This is not music, it is a shopping list.\n");
        WavWriter::writeBytes(bad(QStringLiteral("text.flac")), QByteArray(4000, 'x'));
        const QByteArray whole = WavWriter().encode(tone(22050, 7.0));
        for (int cut : {4, 12, 40, 44, 1000, 20000})
            WavWriter::writeBytes(bad(QStringLiteral("truncated-%1.wav").arg(cut)), whole.left(cut));
        for (auto [name, rate, channels] : {std::tuple{"zero-channels.wav", 22050, 0}, std::tuple{"255-channels.wav", 22050, 255},
                                            std::tuple{"1hz.wav", 1, 1}, std::tuple{"10mhz.wav", 10000000, 1}}) {
            WavWriter writer;
            writer.headerSampleRate = rate;
            writer.headerChannels = channels;
            writer.write(bad(QString::fromLatin1(name)), tone(22050, 7.0));
        }
        writeWav(bad(QStringLiteral("too-short.wav")), 22050, 1, tone(22050, 2.0));
    }

    void featuresAreFiniteOrTheErrorIsClear()
    {
        TrackFeaturizer featurizer;
        for (const QString &path : std::as_const(m_good)) {
            const TrackFeatures features = featurizer.featurize(path);
            QVERIFY2(features.ok(), qPrintable(path + QStringLiteral(": ") + (features.ok() ? QString() : features.error->message())));
            QCOMPARE(features.snippets, std::size_t(2));
            QVERIFY2(allFinite(features.values), qPrintable(path));
        }
        for (const QString &path : std::as_const(m_bad)) {
            const TrackFeatures features = featurizer.featurize(path);
            QVERIFY2(!features.ok(), qPrintable(path));
            const QString message = features.error->message();
            QVERIFY2(message.startsWith(path) && message.size() > path.size() + 5, qPrintable(message));
        }
        qInfo("%lld readable and %lld bad inputs checked", qlonglong(m_good.size()), qlonglong(m_bad.size()));
    }

    void anHourLongFileStreams()
    {
        // Made by ffmpeg in its own process, so this one's peak memory measures decoding alone.
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("needs the ffmpeg command to make an hour of audio");
        const QString hour = m_dir.filePath(QStringLiteral("hour.wav"));
        QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                                                 QStringLiteral("-i"), QStringLiteral("sine=frequency=330:sample_rate=8000:duration=3600"),
                                                 hour}, nullptr, 120000), 0);
        const long before = peakResidentKb();
        const TrackFeatures features = TrackFeaturizer().featurize(hour);
        QVERIFY(features.ok());
        QCOMPARE(features.snippets, std::size_t(1200));
        // Its features are 62 MB; decoding it whole at 22 050 Hz would add 317 MB more.
        const long grownMb = (peakResidentKb() - before) / 1024;
        qInfo("peak memory grew %ld MB for a one-hour file", grownMb);
        QVERIFY2(grownMb < 200, qPrintable(QString::number(grownMb)));
        QFile::remove(hour);
    }

    void cliFeaturizeListsEveryBadFile()
    {
        QString log;
        const int code = SharedData::runProgram(QStringLiteral(GENRELAB_CLI),
                                                {QStringLiteral("featurize"), m_corpus, QStringLiteral("--cache"),
                                                 m_dir.filePath(QStringLiteral("corpus.glfc"))}, &log, 120000);
        QVERIFY2(code == 0 || code == 1, qPrintable(log)); // finished, not crashed
        for (const QString &path : std::as_const(m_bad))
            QVERIFY2(log.contains(QFileInfo(path).fileName()), qPrintable(QFileInfo(path).fileName() + u'\n' + log));
    }

    void cliPredictAnswersEachFile()
    {
        QString log;
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), QStringList{QStringLiteral("predict"), m_model} + m_good, &log), 0);
        for (const QString &path : std::as_const(m_good))
            QVERIFY2(log.contains(path + QStringLiteral(": ")), qPrintable(log));
        // Every bad file gets its own line with the reason; the others still get answers.
        const QStringList mixed = QStringList{QStringLiteral("predict"), m_model} + m_bad + QStringList{m_good.first()};
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), mixed, &log), 1);
        for (const QString &path : std::as_const(m_bad))
            QVERIFY2(log.contains(QStringLiteral("genrelab-cli: ") + path + QStringLiteral(": ")), qPrintable(path + u'\n' + log));
        QVERIFY2(log.contains(m_good.first() + QStringLiteral(": ")), qPrintable(log));
    }

    void cliTagListsFailuresAndGoesOn()
    {
        QString log;
        const int code = SharedData::runProgram(QStringLiteral(GENRELAB_CLI),
                                                {QStringLiteral("tag"), m_model, m_corpus, QStringLiteral("--catalog"),
                                                 m_dir.filePath(QStringLiteral("tag.sqlite")), QStringLiteral("--min-confidence"),
                                                 QStringLiteral("0")}, &log, 120000);
        QCOMPARE(code, 1); // some files failed
        QVERIFY2(log.contains(QStringLiteral("%1 analysed, 0 unchanged since last time, %2 failed").arg(m_good.size()).arg(m_bad.size())),
                 qPrintable(log));
        for (const QString &path : std::as_const(m_bad))
            QVERIFY2(log.contains(QStringLiteral("failed ") + path), qPrintable(path + u'\n' + log));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
