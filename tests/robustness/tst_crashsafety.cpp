// Crash safety with real kills and a real full disk. genrelab-cli tag --write is killed
// with SIGKILL at several moments of its write phase: every file still decodes to the
// same audio packets, holds either its old or its new genre, and the journal undoes
// exactly what was written. featurize is killed mid-run and resumes from its recovery
// log; train is killed the moment it starts writing a checkpoint (inotify) and resumes
// from the previous one. On a 1-MB tmpfs (where this user may mount one), writing a
// tag, a bundle or a report fails with a clear error and leaves the previous files.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "WavWriter.h"
#include "audio/AudioChecksum.h"
#include "data/DatasetLoader.h"
#include "data/FeatureCache.h"
#include "data/TrackFeaturizer.h"
#include "ml/ModelBundle.h"
#include "library/TagFile.h"
#include "library/TagJournal.h"
#include "library/TagWriter.h"
#include "ml/BundleConverter.h"
#include "ml/RunDirectory.h"
#include "util/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

using namespace genrelab;
using namespace genrelab::test;

class TestCrashSafety : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model, m_pristine;
    QMap<QString, QByteArray> m_packets; // file name → audio packets' checksum

    QString ffmpeg() const { return QStandardPaths::findExecutable(QStringLiteral("ffmpeg")); }

    // A fresh copy of the pristine library, with the tag catalog already filled.
    QString freshLibrary(const QString &name)
    {
        const QString folder = m_dir.filePath(name);
        QDir().mkpath(folder);
        for (const QString &file : QDir(m_pristine).entryList(QDir::Files))
            QFile::copy(m_pristine + u'/' + file, folder + u'/' + file);
        return folder;
    }

    // Twelve short tracks in two labels: an epoch takes a fraction of a second.
    QString trainingSet()
    {
        const QString dataset = m_dir.filePath(QStringLiteral("train-set"));
        if (!QFileInfo::exists(dataset))
            DatasetFixture::writeLabelled(dataset, {QStringLiteral("low"), QStringLiteral("high")}, 6, 6.2);
        return dataset;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (ffmpeg().isEmpty())
            QSKIP("needs the ffmpeg command to encode FLAC files");
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("rock")}).write(m_model);
        m_pristine = m_dir.filePath(QStringLiteral("pristine"));
        QDir().mkpath(m_pristine);
        const QString wav = m_dir.filePath(QStringLiteral("tone.wav"));
        WavWriter().write(wav, WavWriter::sine(300.0, 0.5, 22050, 4.0));
        for (int i = 0; i < 40; ++i) {
            const QString flac = m_pristine + QStringLiteral("/track%1.flac").arg(i, 2, 10, QLatin1Char('0'));
            QCOMPARE(SharedData::runProgram(ffmpeg(), {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), wav,
                                                       QStringLiteral("-metadata"), QStringLiteral("genre=Old"), flac}), 0);
            m_packets.insert(QFileInfo(flac).fileName(), AudioChecksum::ofPackets(flac));
        }
    }

    void killedWhileWritingTagsDamagesNothing()
    {
        int interrupted = 0;
        for (int delayMs : {0, 3, 10, 30, 80}) {
            const QString library = freshLibrary(QStringLiteral("kill-%1").arg(delayMs));
            const QString catalog = m_dir.filePath(QStringLiteral("kill-%1.sqlite").arg(delayMs));
            const QString journal = m_dir.filePath(QStringLiteral("kill-%1.jsonl").arg(delayMs));
            QString log;
            QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("tag"), m_model, library, QStringLiteral("--catalog"), catalog}, &log), 0);
            QProcess writer;
            writer.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("tag"), m_model, library, QStringLiteral("--catalog"), catalog,
                                                         QStringLiteral("--min-confidence"), QStringLiteral("0"), QStringLiteral("--write"),
                                                         QStringLiteral("--journal"), journal});
            QVERIFY(writer.waitForStarted());
            // The write phase begins with the first journal entry: kill `delayMs` into it.
            QElapsedTimer waited;
            waited.start();
            while (!QFile::exists(journal) && writer.state() == QProcess::Running && waited.elapsed() < 60000)
                QThread::usleep(200);
            QThread::msleep(ulong(delayMs));
            if (writer.state() == QProcess::Running)
                ::kill(pid_t(writer.processId()), SIGKILL);
            writer.waitForFinished();

            int newGenre = 0;
            for (const QString &name : QDir(library).entryList({QStringLiteral("*.flac")}, QDir::Files)) {
                const QString path = library + u'/' + name;
                QCOMPARE(AudioChecksum::ofPackets(path), m_packets.value(name));
                const QString genre = TagFile::read(path).genre;
                // Without --map, tags get the conventional spelling of the classes' names.
                QVERIFY2(genre == QStringLiteral("Old") || genre == QStringLiteral("Blues") || genre == QStringLiteral("Rock"),
                         qPrintable(path + u' ' + genre));
                newGenre += genre != QStringLiteral("Old");
            }
            if (!QFile::exists(journal)) {
                QCOMPARE(newGenre, 0); // killed before the first write: nothing changed
                continue;
            }
            const int journaled = int(TagJournal(journal).entries().size());
            QVERIFY2(newGenre <= journaled && journaled <= newGenre + 1, // at most one journaled, not yet written
                     qPrintable(QStringLiteral("%1 written, %2 journaled").arg(newGenre).arg(journaled)));
            const TagWriter::Report undone = TagWriter::undo(journal);
            QCOMPARE(undone.written, newGenre);
            for (const QString &name : QDir(library).entryList({QStringLiteral("*.flac")}, QDir::Files))
                QCOMPARE(TagFile::read(library + u'/' + name).genre, QStringLiteral("Old"));
            QCOMPARE(QDir(library).entryList(QDir::Files | QDir::Hidden).size(), 40); // no working copy left behind
            qInfo("killed %d ms into writing: %d of 40 files written, %d journaled, all restored", delayMs, newGenre, journaled);
            interrupted += newGenre < 40;
        }
        QVERIFY2(interrupted > 0, "no kill landed in the middle of the write phase");
    }

    // featurize killed mid-run: the cache is the previous one (or none), never damaged,
    // and the next run computes only what the killed one had not finished.
    void killedWhileFeaturisingResumes()
    {
        const QString dataset = m_dir.filePath(QStringLiteral("many"));
        QDir().mkpath(dataset + QStringLiteral("/tones"));
        WavWriter writer;
        writer.sampleRate = 8000;
        for (int i = 0; i < 100; ++i)
            writer.write(dataset + QStringLiteral("/tones/t%1.wav").arg(i, 3, 10, QLatin1Char('0')),
                         WavWriter::sine(200.0 + 5 * i, 0.5, 8000, 30.0));
        const QString cache = m_dir.filePath(QStringLiteral("many.glfc"));
        const QString recovery = cache + QStringLiteral(".recovery");
        QProcess run;
        run.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), cache,
                                                  QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY(run.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        while (QFileInfo(recovery).size() < 3 * 520 * 1024 && run.state() == QProcess::Running && waited.elapsed() < 60000)
            QThread::usleep(500);
        QVERIFY2(run.state() == QProcess::Running, "featurize finished before it could be killed");
        ::kill(pid_t(run.processId()), SIGKILL);
        run.waitForFinished();
        QVERIFY(!QFile::exists(cache)); // never half-written: the cache appears only when complete
        QVERIFY(QFile::exists(recovery));

        QString log;
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), cache},
                                        &log, 120000), 0);
        const QRegularExpression counts(QStringLiteral("100 tracks \\((\\d+) featurised, 0 from cache\\).*; (\\d+) recovered"));
        const QRegularExpressionMatch match = counts.match(log);
        QVERIFY2(match.hasMatch(), qPrintable(log));
        const int computed = match.captured(1).toInt(), recovered = match.captured(2).toInt();
        qInfo("killed featurize: %d tracks recovered, %d computed on the next run", recovered, computed);
        QVERIFY(recovered >= 3 && computed + recovered == 100);
        QVERIFY(!QFile::exists(recovery));
        // Recovered features are the features.
        const FeatureCache opened = FeatureCache::open(cache);
        QCOMPARE(opened.trackCount(), 100);
        const QString first = dataset + QStringLiteral("/tones/t000.wav");
        // Under the folder's own window policy (an unlabelled folder: spread windows, issue 21).
        const TrackFeatures fresh = TrackFeaturizer(DatasetLoader::open(dataset).windowPolicy()).featurize(first);
        const std::span<const float> cached = opened.trackFeatures(opened.findTrack(first));
        QVERIFY(std::equal(cached.begin(), cached.end(), fresh.values.begin(), fresh.values.end()));
    }

    void killedWhileWritingACheckpointResumes_data()
    {
        QTest::addColumn<double>("writtenFraction");
        QTest::newRow("on creation") << 0.0;
        QTest::newRow("past half its size") << 0.5;
    }

    // Killed between the first byte of checkpoint.pt.partial and its rename over
    // checkpoint.pt (watched with inotify, the kill sent from the event): the previous
    // checkpoint must be whole and the resumed run must train every epoch exactly once.
    void killedWhileWritingACheckpointResumes()
    {
        QFETCH(double, writtenFraction);
        const QString dataset = trainingSet();
        const QString runDir = m_dir.filePath(QStringLiteral("killed-run-%1").arg(writtenFraction));
        QDir().mkpath(runDir); // watched before the trainer writes anything into it
        const QString partialPath = runDir + QStringLiteral("/checkpoint.pt.partial");
        const RunDirectory run(runDir);
        const int watch = inotify_init1(IN_CLOEXEC);
        QVERIFY(watch >= 0 && inotify_add_watch(watch, QFile::encodeName(runDir).constData(), IN_CREATE | IN_MODIFY) >= 0);
        QProcess train;
        // Eight epochs: seven checkpoints to catch half-written (a loaded machine may
        // finish one before the watch sees enough of it; then the next one is tried).
        constexpr int epochs = 8;
        train.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("train"), dataset, QStringLiteral("--out"), runDir,
                                                    QStringLiteral("--epochs"), QString::number(epochs), QStringLiteral("--threads"),
                                                    QStringLiteral("1")});
        QVERIFY(train.waitForStarted());
        // From the second checkpoint on (the first is then on disk, and its size says
        // what "half written" means); if one is renamed before the watch sees enough of
        // it, the next one is killed.
        int checkpointsStarted = 0;
        bool killed = false;
        QElapsedTimer waited;
        waited.start();
        while (!killed && waited.elapsed() < 120000 && train.state() == QProcess::Running) {
            pollfd ready{watch, POLLIN, 0};
            if (poll(&ready, 1, 100) <= 0)
                continue;
            alignas(inotify_event) char buffer[4096];
            const ssize_t got = read(watch, buffer, sizeof buffer);
            for (ssize_t at = 0; at < got && !killed;) {
                const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
                at += ssize_t(sizeof(inotify_event) + event->len);
                if (!event->len || qstrcmp(event->name, "checkpoint.pt.partial") != 0)
                    continue;
                checkpointsStarted += (event->mask & IN_CREATE) != 0;
                if (checkpointsStarted < 2)
                    continue;
                const qint64 target = qint64(writtenFraction * double(QFileInfo(run.checkpointPath()).size()));
                if (QFileInfo(partialPath).size() >= target) {
                    ::kill(pid_t(train.processId()), SIGKILL);
                    killed = true;
                }
            }
        }
        ::close(watch);
        QVERIFY2(killed, qPrintable(QString::fromUtf8(train.readAll())));
        train.waitForFinished();
        QCOMPARE(train.exitStatus(), QProcess::CrashExit);
        // Caught before the rename (the usual case) the previous checkpoint is the one
        // on disk and the killed epoch is trained again; caught just after it, the next.
        const bool beforeRename = QFileInfo::exists(partialPath);
        qInfo("killed while writing the epoch-%d checkpoint: %lld of %lld bytes written, %s",
              checkpointsStarted, QFileInfo(partialPath).size(), QFileInfo(run.checkpointPath()).size(),
              beforeRename ? "the previous checkpoint kept" : "just after its rename");

        QString log;
        // The resumed run's first act: nothing half-written is left beside the run's files.
        QFile stray(runDir + QStringLiteral("/config.json.partial")); // a file resuming never rewrites
        QVERIFY(stray.open(QIODevice::WriteOnly) && stray.write("{\"epo") > 0);
        stray.close();
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("train"), QStringLiteral("--resume"), runDir,
                                                                       QStringLiteral("--threads"), QStringLiteral("1")},
                                        &log, 300000),
                 0);
        if (beforeRename)
            QVERIFY2(log.contains(QStringLiteral("training epochs %1–%2").arg(checkpointsStarted).arg(epochs)), qPrintable(log));
        const auto metrics = run.readMetrics();
        QCOMPARE(metrics.size(), std::size_t(epochs)); // every epoch exactly once
        for (int i = 0; i < epochs; ++i)
            QCOMPARE(metrics[std::size_t(i)].epoch, i + 1);
        QVERIFY(!QFile::exists(partialPath));
        QVERIFY(!stray.exists());
    }

    void fullDiskFailsCleanly()
    {
        const QString mountPoint = m_dir.filePath(QStringLiteral("small-disk"));
        QDir().mkpath(mountPoint);
        QString log;
        if (SharedData::runProgram(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                             QStringLiteral("size=1m"), QStringLiteral("genrelab-test"), mountPoint}, &log) != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a small tmpfs here (needs root): ") + log.trimmed()));
        const auto unmount = qScopeGuard([&] { SharedData::runProgram(QStringLiteral("umount"), {mountPoint}); });

        // A 700-KB FLAC fits, its tagged copy does not: the tag write fails, the file is intact.
        const QString flac = mountPoint + QStringLiteral("/big.flac");
        QCOMPARE(SharedData::runProgram(ffmpeg(), {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                                                   QStringLiteral("-i"), QStringLiteral("anoisesrc=d=12:c=pink:r=22050"),
                                                   QStringLiteral("-metadata"), QStringLiteral("genre=Old"), flac}), 0);
        QFile original(flac);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();
        QVERIFY2(before.size() > 512 * 1024, qPrintable(QString::number(before.size())));
        try {
            TagFile::writeGenre(flac, QStringLiteral("New"));
            QFAIL("a tag was written on a full disk");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::WriteFailed);
            qInfo("full disk, tag: %s", qPrintable(error.message()));
        }
        QVERIFY(original.open(QIODevice::ReadOnly));
        QCOMPARE(original.readAll(), before);
        original.close(); // an open file keeps its space after it is removed
        QCOMPARE(QDir(mountPoint).entryList(QDir::Files | QDir::Hidden).size(), 1); // no leftovers

        // A bundle that does not fit leaves the previous one.
        const QString bundle = mountPoint + QStringLiteral("/model.genrelab");
        ModelBundle small = ModelBundle::read(m_model);
        QFile::remove(flac);
        small.tensors.resize(1);
        small.write(bundle);
        ModelBundle large = small;
        large.tensors.front().values.assign(400000, 1.0f); // 1.6 MB
        large.tensors.front().shape = {400000};
        try {
            large.write(bundle);
            QFAIL("a bundle larger than the disk was written");
        } catch (const Error &error) {
            QVERIFY2(error.message().contains(QStringLiteral("No space left on device")), qPrintable(error.message()));
        }
        QCOMPARE(ModelBundle::read(bundle).tensors.front().values, small.tensors.front().values);

        // Training into it: the 4-MB model does not fit. The run stops with the reason
        // (it used to abort inside LibTorch's zip writer), and leaves no partial file.
        const QString runDir = mountPoint + QStringLiteral("/run");
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("train"), trainingSet(), QStringLiteral("--out"), runDir,
                                                                       QStringLiteral("--epochs"), QStringLiteral("2")},
                                        &log, 120000),
                 1);
        QVERIFY2(log.contains(QStringLiteral("No space left on device")), qPrintable(log));
        qInfo("full disk, train: %s", qPrintable(log.trimmed().section(u'\n', -1)));
        // No epoch was completed, so nothing that looks like a run is left behind.
        QVERIFY2(!QFileInfo::exists(runDir), qPrintable(QDir(runDir).entryList().join(u' ')));
        QVERIFY2(log.contains(QStringLiteral("unstarted run folder")), qPrintable(log));

        // A feature cache that fits, then one that does not: the first stays as it was.
        const QString dataset = m_dir.filePath(QStringLiteral("growing"));
        DatasetFixture::writeLabelled(dataset, {QStringLiteral("a")}, 2, 7.0);
        const QString cache = mountPoint + QStringLiteral("/features.glfc");
        QVERIFY2(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), cache}, &log) == 0, qPrintable(log));
        QFile cacheFile(cache);
        QVERIFY(cacheFile.open(QIODevice::ReadOnly));
        const QByteArray cacheBefore = cacheFile.readAll();
        cacheFile.close();
        DatasetFixture::writeLabelled(dataset, {QStringLiteral("b")}, 8, 7.0);
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), cache}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("No space left on device")), qPrintable(log));
        qInfo("full disk, featurize: %s", qPrintable(log.trimmed().section(u'\n', -1)));
        QVERIFY(cacheFile.open(QIODevice::ReadOnly));
        QCOMPARE(cacheFile.readAll(), cacheBefore);
        QCOMPARE(FeatureCache::open(cache).trackCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
