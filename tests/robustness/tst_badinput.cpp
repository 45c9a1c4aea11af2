// The bad-input corpus (tests/common/BadInputCorpus: empty, truncated WAV/AU/MP3/FLAC at
// many offsets, text and wrong extensions, absurd headers, NaN/Inf floats, silence, DC,
// clipping, 8 kHz / 192 kHz / 6 channels, unicode names, a named pipe, a dangling link,
// a symlink loop) plus an hour-long file. For each: features are finite or the error is
// clear, and the CLI's featurize, predict and tag finish with a message and the right
// exit code — never a crash, never a hang.
#include "BadInputCorpus.h"
#include "SharedData.h"
#include "data/TrackFeaturizer.h"
#include "ml/BundleConverter.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>

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

// A failure message names the file and then says something about it.
bool isClear(const QString &message, const QString &path)
{
    return message.startsWith(path) && message.size() > path.size() + 5;
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<BadInputCorpus> m_corpus;
    QString m_model;
    QStringList m_cutButReadable, m_cutAndRefused; // the truncated files, by outcome

    int runCli(const QStringList &arguments, QString *log)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, log, 180000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_corpus = std::make_unique<BadInputCorpus>(m_dir.filePath(QStringLiteral("corpus")));
        if (!m_corpus->formatsLeftOut().isEmpty())
            qInfo("%s", qPrintable(m_corpus->formatsLeftOut()));
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("a"), QStringLiteral("b")}).write(m_model);
    }

    void featuresAreFiniteOrTheErrorIsClear()
    {
        TrackFeaturizer featurizer;
        for (const QString &path : m_corpus->good()) {
            const TrackFeatures features = featurizer.featurize(path);
            QVERIFY2(features.ok(), qPrintable(path + QStringLiteral(": ") + (features.ok() ? QString() : features.error->message())));
            QCOMPARE(features.snippets, std::size_t(2));
            QVERIFY2(allFinite(features.values), qPrintable(path));
        }
        for (const QString &path : m_corpus->bad() + m_corpus->strange()) {
            const TrackFeatures features = featurizer.featurize(path);
            QVERIFY2(!features.ok(), qPrintable(path));
            QVERIFY2(isClear(features.error->message(), path), qPrintable(features.error->message()));
        }
        // A cut file decodes what is left of it (at most its 3 snippets), or fails clearly.
        for (const QString &path : m_corpus->truncated()) {
            const TrackFeatures features = featurizer.featurize(path);
            if (features.ok()) {
                QVERIFY2(features.snippets >= 1 && features.snippets <= 3, qPrintable(path));
                QVERIFY2(allFinite(features.values), qPrintable(path));
                m_cutButReadable << path;
            } else {
                QVERIFY2(isClear(features.error->message(), path), qPrintable(features.error->message()));
                m_cutAndRefused << path;
            }
        }
        // Both outcomes occur: cuts in a header fail, a cut one byte short of the end reads.
        QVERIFY(!m_cutButReadable.isEmpty() && !m_cutAndRefused.isEmpty());
        qInfo("%lld readable, %lld bad, %lld strange and %lld truncated inputs (%lld still readable) checked",
              qlonglong(m_corpus->good().size()), qlonglong(m_corpus->bad().size()), qlonglong(m_corpus->strange().size()),
              qlonglong(m_corpus->truncated().size()), qlonglong(m_cutButReadable.size()));
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

    // The folder scan meets the pipe, the dangling link and the loop too, and must pass them by.
    void cliFeaturizeListsEveryBadFile()
    {
        QString log;
        const int code = runCli({QStringLiteral("featurize"), m_corpus->root(), QStringLiteral("--cache"),
                                 m_dir.filePath(QStringLiteral("corpus.glfc"))}, &log);
        QVERIFY2(code == 0 || code == 1, qPrintable(log)); // finished, not crashed
        QStringList refused = m_corpus->bad() + m_cutAndRefused;
        for (const QString &path : m_corpus->strange())
            if (!QFileInfo(path).isDir()) // the pipe and the dangling link
                refused << path;
        for (const QString &path : std::as_const(refused))
            QVERIFY2(log.contains(QFileInfo(path).fileName()), qPrintable(QFileInfo(path).fileName() + u'\n' + log));
        // A cut file that still decodes is used: never "skipped", though it may be warned
        // about ("the audio ends at … although the header says …").
        for (const QString &path : std::as_const(m_cutButReadable))
            QVERIFY2(!log.contains(QStringLiteral("skipped: ") + path), qPrintable(QFileInfo(path).fileName() + u'\n' + log));
        QVERIFY2(log.contains(QRegularExpression(QStringLiteral("warning: .*-cut-\\d+\\.\\w+: the audio ends at [0-9.]+ s although the header says"))),
                 qPrintable(log));
    }

    void cliPredictAnswersEachFile()
    {
        QString log;
        QCOMPARE(runCli(QStringList{QStringLiteral("predict"), m_model} + m_corpus->good() + m_cutButReadable, &log), 0);
        for (const QString &path : m_corpus->good() + m_cutButReadable)
            QVERIFY2(log.contains(path + QStringLiteral(": ")), qPrintable(log));
        // Every bad file gets its own line with the reason; the others still get answers.
        const QStringList refused = m_corpus->bad() + m_corpus->strange() + m_cutAndRefused;
        QCOMPARE(runCli(QStringList{QStringLiteral("predict"), m_model} + refused + QStringList{m_corpus->good().first()}, &log), 1);
        for (const QString &path : refused)
            QVERIFY2(log.contains(QStringLiteral("genrelab-cli: ") + path + QStringLiteral(": ")), qPrintable(path + u'\n' + log));
        QVERIFY2(log.contains(m_corpus->good().first() + QStringLiteral(": ")), qPrintable(log));
        // A named pipe given as the model is refused at once instead of blocking the read.
        const QString pipe = m_corpus->strange().first();
        QCOMPARE(runCli({QStringLiteral("predict"), pipe, m_corpus->good().first()}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("not a regular file")), qPrintable(log));
    }

    void cliTagListsFailuresAndGoesOn()
    {
        QString log;
        const int code = runCli({QStringLiteral("tag"), m_model, m_corpus->root(), QStringLiteral("--catalog"),
                                 m_dir.filePath(QStringLiteral("tag.sqlite")), QStringLiteral("--min-confidence"), QStringLiteral("0")},
                                &log);
        QCOMPARE(code, 1); // some files failed
        const QRegularExpressionMatch counts =
            QRegularExpression(QStringLiteral("(\\d+) analysed, 0 unchanged since last time, (\\d+) failed")).match(log);
        QVERIFY2(counts.hasMatch(), qPrintable(log));
        // The tag path reads windows across the whole track, not fixed snippets, so a cut
        // file may land on either side; every file is accounted for, every bad one named.
        QCOMPARE(counts.captured(1).toInt() + counts.captured(2).toInt(), int(m_corpus->scanned().size()));
        QVERIFY(counts.captured(1).toInt() >= m_corpus->good().size());
        for (const QString &path : m_corpus->bad() + m_corpus->strange().filter(QStringLiteral("pipe")))
            QVERIFY2(log.contains(QStringLiteral("failed ") + path), qPrintable(path + u'\n' + log));
    }

    // Root reads any file, so as root this drops to `nobody` (setpriv) to meet a file it
    // may not read: a folder scan lists it, and featurize and predict name the reason.
    void unreadableFileIsNamedAsRoot()
    {
        if (geteuid() != 0)
            QSKIP("not root: the corpus's bad/nobody-may-read.wav covers this");
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty())
            QSKIP("needs setpriv (util-linux) to run the CLI as nobody");
        const QString folder = m_dir.filePath(QStringLiteral("locked"));
        QDir().mkpath(folder + QStringLiteral("/tracks"));
        QFile::copy(m_corpus->good().first(), folder + QStringLiteral("/tracks/readable.wav"));
        const QString locked = folder + QStringLiteral("/tracks/locked.wav");
        QFile::copy(m_corpus->good().first(), locked);
        QFile::setPermissions(locked, QFileDevice::Permissions());
        const QString model = folder + QStringLiteral("/model.genrelab");
        QFile::copy(m_model, model);
        for (const QString &path : QStringList{m_dir.path(), folder, folder + QStringLiteral("/tracks")}) // nobody must get in
            QFile::setPermissions(path, QFileDevice::Permissions(0x7777));
        QFile::setPermissions(model, QFileDevice::ReadOther | QFileDevice::ReadOwner);
        const auto asNobody = [&](const QStringList &arguments, QString *log) {
            return SharedData::runProgram(setpriv, QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                                               QStringLiteral("--clear-groups"), QStringLiteral(GENRELAB_CLI)}
                                                       + arguments,
                                          log, 120000);
        };
        QString log;
        if (asNobody({QStringLiteral("--version")}, &log) != 0)
            QSKIP(qPrintable(QStringLiteral("nobody cannot run the CLI from here: ") + log.trimmed()));
        // featurize succeeds with what it could read and lists what it skipped, and why.
        QCOMPARE(asNobody({QStringLiteral("featurize"), folder + QStringLiteral("/tracks"), QStringLiteral("--cache"),
                           folder + QStringLiteral("/cache.glfc")}, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("1 skipped")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("locked.wav")) && log.contains(QStringLiteral("Permission denied")), qPrintable(log));
        QCOMPARE(asNobody({QStringLiteral("predict"), model, locked, folder + QStringLiteral("/tracks/readable.wav")}, &log), 1);
        QVERIFY2(log.contains(locked + QStringLiteral(": cannot be opened: Permission denied")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("readable.wav: ")), qPrintable(log));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
