// Issue 19's hostile files and concurrent use, generated here: files that made FFmpeg
// hang or read other files, output paths that name a device, a pipe or the user's own
// files, two commands on one catalog, cache or run folder, and names that could
// inject entries into a playlist. Every case must end promptly with a message that
// names the file, and leave what was there as it was.
#include "DatasetFixture.h"
#include "RunFixture.h"
#include "SharedData.h"
#include "WavWriter.h"
#include "library/LibraryCatalog.h"
#include "library/LibraryExport.h"
#include "ml/BundleConverter.h"
#include "util/FileLock.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace genrelab;
using namespace genrelab::test;

namespace {

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool isFifo(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISFIFO(st.st_mode);
}

QString makeFifo(const QString &path)
{
    ::mkfifo(QFile::encodeName(path).constData(), 0644);
    return path;
}

QByteArray bigEndian(quint32 n, int bitsPerByte)
{
    const quint32 mask = (1u << bitsPerByte) - 1;
    QByteArray bytes(4, '\0');
    for (int i = 0; i < 4; ++i)
        bytes[3 - i] = char((n >> (bitsPerByte * i)) & mask);
    return bytes;
}

// An MP3 whose ID3v2 tag holds `frames` TXXX frames, each with its own description:
// FFmpeg's tag reader inserts each into a dictionary it scans in full every time.
void writeManyFrameMp3(const QString &path, int frames)
{
    QByteArray body;
    for (int i = 0; i < frames; ++i) {
        const QByteArray payload = QByteArray(1, '\0') + "k" + QByteArray::number(i) + QByteArray(1, '\0') + "v";
        body += "TXXX";
        body += bigEndian(quint32(payload.size()), 8);
        body += QByteArray(2, '\0');
        body += payload;
    }
    QByteArray file = QByteArray("ID3\x03\x00\x00", 6) + bigEndian(quint32(body.size()), 7) + body; // v2.3, synchsafe size
    const QByteArray frame = QByteArray("\xff\xfb\x90\x64", 4) + QByteArray(417 - 4, '\0'); // silent MPEG-1 layer III
    for (int i = 0; i < 200; ++i)
        file += frame;
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(file);
}

} // namespace

class TestHostileFiles : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_track;

    // A command that hangs is killed after two minutes and fails the test (−1).
    int cli(const QStringList &arguments, QString *output)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output, 120000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_track = m_dir.filePath(QStringLiteral("track.wav"));
        WavWriter().write(m_track, WavWriter::sine(440.0, 0.3, 22050, 7.0, 1));
    }

    // 200 000 ID3 frames took FFmpeg minutes: the tag is skipped, the audio decodes.
    void mp3WithManyId3FramesOpensPromptly()
    {
        const QString path = m_dir.filePath(QStringLiteral("frames.mp3"));
        writeManyFrameMp3(path, 200000);
        QString out;
        const int code = cli({QStringLiteral("info"), path}, &out);
        QVERIFY2(code == 0 || code == 1, qPrintable(QStringLiteral("exit %1 (−1: hung): %2").arg(code).arg(out)));
        QVERIFY2(out.contains(path), qPrintable(out));
    }

    // A text file named .mp3 holding a playlist would make FFmpeg's HLS demuxer open the
    // files it names — here a named pipe that nobody writes, which hung for ever. Only
    // demuxers of real audio files are allowed: it is refused as not audio.
    void playlistNamedMp3DoesNotOpenWhatItNames()
    {
        const QString fifo = makeFifo(m_dir.filePath(QStringLiteral("segment.fifo")));
        const QList<std::pair<QString, QString>> cases = {
            {QStringLiteral("hls.mp3"), QStringLiteral("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n%1\n#EXT-X-ENDLIST\n").arg(fifo)},
            {QStringLiteral("concat.wav"), QStringLiteral("ffconcat version 1.0\nfile '%1'\n").arg(fifo)},
        };
        for (const auto &[name, text] : cases) {
            const QString path = m_dir.filePath(name);
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text.toUtf8());
            file.close();
            QString out;
            QCOMPARE(cli({QStringLiteral("info"), path}, &out), 1);
            QVERIFY2(out.contains(path + QStringLiteral(": not a recognised audio file")), qPrintable(out));
        }
    }

    // --cache naming a pipe hung in open(); a device or a folder would be replaced.
    void featurizeRefusesACacheThatIsNotAFile()
    {
        const QString dataset = m_dir.filePath(QStringLiteral("set"));
        DatasetFixture::writeLabelled(dataset, {QStringLiteral("a"), QStringLiteral("b")}, 1, 3.5);
        const QString fifo = makeFifo(m_dir.filePath(QStringLiteral("cache.fifo")));
        QString out;
        QCOMPARE(cli({QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), fifo, QStringLiteral("--threads"), QStringLiteral("1")}, &out), 1);
        QVERIFY2(out.contains(fifo + QStringLiteral(": it is a named pipe")), qPrintable(out));
        QVERIFY(isFifo(fifo));
    }

    // A cache replaces its file wholesale: a file that is not one (here a track of the
    // dataset itself) is refused and left as it was; an empty file may become a cache.
    void featurizeNeverOverwritesAFileThatIsNotACache()
    {
        const QString dataset = m_dir.filePath(QStringLiteral("own"));
        const QStringList tracks = DatasetFixture::writeLabelled(dataset, {QStringLiteral("a"), QStringLiteral("b")}, 1, 3.5);
        const QByteArray before = bytesOf(tracks.first());
        QString out;
        QCOMPARE(cli({QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), tracks.first(), QStringLiteral("--threads"),
                      QStringLiteral("1")}, &out), 1);
        QVERIFY2(out.contains(tracks.first() + QStringLiteral(": it is not a GenreLab feature cache")), qPrintable(out));
        QCOMPARE(bytesOf(tracks.first()), before);

        const QString empty = m_dir.filePath(QStringLiteral("empty.glfc"));
        QFile(empty).open(QIODevice::WriteOnly);
        QCOMPARE(cli({QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), empty, QStringLiteral("--threads"), QStringLiteral("1")}, &out), 0);
        QVERIFY(bytesOf(empty).startsWith("GLFCACHE"));
        // A second run reuses its own cache (recognised, not refused).
        QCOMPARE(cli({QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), empty, QStringLiteral("--threads"), QStringLiteral("1")}, &out), 0);
    }

    void melRefusesToOverwriteItsInputOrADevice()
    {
        const QByteArray before = bytesOf(m_track);
        QString out;
        QCOMPARE(cli({QStringLiteral("mel"), m_track, QStringLiteral("--out"), m_track}, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("is the input file itself")), qPrintable(out));
        QCOMPARE(bytesOf(m_track), before);
        // The same file through a link is the same file.
        const QString link = m_dir.filePath(QStringLiteral("link.npy"));
        QVERIFY(QFile::link(m_track, link));
        QCOMPARE(cli({QStringLiteral("mel"), m_track, QStringLiteral("--out"), link}, &out), 2);
        QCOMPARE(bytesOf(m_track), before);

        const QString fifo = makeFifo(m_dir.filePath(QStringLiteral("out.npy")));
        QCOMPARE(cli({QStringLiteral("mel"), m_track, QStringLiteral("--out"), fifo}, &out), 1);
        QVERIFY2(out.contains(fifo + QStringLiteral(": it is a named pipe")), qPrintable(out));
        QVERIFY(isFifo(fifo));
        QCOMPARE(cli({QStringLiteral("mel"), m_track, QStringLiteral("--out"), QStringLiteral("/dev/full")}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral("/dev/full: it is a device")), qPrintable(out));
        struct stat st {};
        QVERIFY(::stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
    }

    // An output that names one of the command's own inputs is refused before anything
    // is written: a report or an export over a file of the run, a CSV over a track.
    void outputsNeverOverwriteTheirInputs()
    {
        const QString run = RunFixture::write(m_dir.filePath(QStringLiteral("own-run")), m_dir.path());
        const QString metrics = run + QStringLiteral("/metrics.csv");
        const QByteArray before = bytesOf(metrics);
        QString out;
        QCOMPARE(cli({QStringLiteral("report"), run, QStringLiteral("--out"), metrics}, &out), 1);
        QVERIFY2(out.contains(metrics + QStringLiteral(": it is a file of the run")), qPrintable(out));
        QCOMPARE(bytesOf(metrics), before);
        QCOMPARE(cli({QStringLiteral("export"), run, QStringLiteral("--bundle"), run + QStringLiteral("/config.json")}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral(": it is a file of the run")), qPrintable(out));

        const QString model = m_dir.filePath(QStringLiteral("csv-model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("rock")}).write(model);
        const QString music = m_dir.filePath(QStringLiteral("csv-music"));
        QDir().mkpath(music);
        const QString song = music + QStringLiteral("/song.wav");
        QVERIFY(QFile::copy(m_track, song));
        const QByteArray songBytes = bytesOf(song);
        QCOMPARE(cli({QStringLiteral("tag"), model, music, QStringLiteral("--csv"), song, QStringLiteral("--threads"), QStringLiteral("1")}, &out), 1);
        QVERIFY2(out.contains(song + QStringLiteral(": it is a file the tag command reads")), qPrintable(out));
        QCOMPARE(bytesOf(song), songBytes);
    }

    // What a command owns is locked: a second command is refused and told who has it.
    void aCacheInUseIsRefusedWithItsHolder()
    {
        const QString dataset = m_dir.filePath(QStringLiteral("locked-set"));
        DatasetFixture::writeLabelled(dataset, {QStringLiteral("a"), QStringLiteral("b")}, 1, 3.5);
        const QString cache = m_dir.filePath(QStringLiteral("locked.glfc"));
        QString out;
        {
            const FileLock held(cache);
            QCOMPARE(cli({QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), cache}, &out), 1);
            QVERIFY2(out.contains(cache + QStringLiteral(": is in use by process %1").arg(::getpid())), qPrintable(out));
            QVERIFY(!QFile::exists(cache));
        }
        QCOMPARE(cli({QStringLiteral("featurize"), dataset, QStringLiteral("--cache"), cache}, &out), 0);
        QVERIFY(!QFile::exists(FileLock::lockPathFor(cache))); // released with the command
    }

    void aCatalogInUseIsRefused()
    {
        const QString model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("rock")}).write(model);
        const QString music = m_dir.filePath(QStringLiteral("music"));
        QDir().mkpath(music);
        QVERIFY(QFile::copy(m_track, music + QStringLiteral("/song.wav")));
        const QString catalog = m_dir.filePath(QStringLiteral("catalog.sqlite"));
        QString out;
        {
            const FileLock held(catalog);
            QCOMPARE(cli({QStringLiteral("tag"), model, music, QStringLiteral("--catalog"), catalog}, &out), 1);
            QVERIFY2(out.contains(catalog + QStringLiteral(": is in use by process %1").arg(::getpid())), qPrintable(out));
        }
        QCOMPARE(cli({QStringLiteral("tag"), model, music, QStringLiteral("--catalog"), catalog, QStringLiteral("--threads"),
                      QStringLiteral("1")}, &out), 0);
    }

    void aRunFolderInUseIsRefused()
    {
        const QString dataset = m_dir.filePath(QStringLiteral("train-set"));
        DatasetFixture::writeLabelled(dataset, {QStringLiteral("a"), QStringLiteral("b")}, 2, 3.5);
        const QString run = m_dir.filePath(QStringLiteral("run"));
        const FileLock held(run);
        QString out;
        QCOMPARE(cli({QStringLiteral("train"), dataset, QStringLiteral("--out"), run, QStringLiteral("--epochs"), QStringLiteral("1")}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral(": is in use by process %1").arg(::getpid())), qPrintable(out));
        QVERIFY(!QFileInfo::exists(run));
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--resume"), run}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral(": is in use by process %1").arg(::getpid())), qPrintable(out));
    }

    // Every file a command reads as its own is refused when it is a pipe: reading one
    // blocked for ever (a run's config.json, a --map file, a journal, a catalog).
    void pipesAmongTheInputsAreRefusedPromptly()
    {
        const QString run = RunFixture::write(m_dir.filePath(QStringLiteral("piped-run")), m_dir.path());
        const QString config = run + QStringLiteral("/config.json");
        QVERIFY(QFile::remove(config));
        makeFifo(config);
        QString out;
        QCOMPARE(cli({QStringLiteral("report"), run, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("piped.html"))}, &out), 1);
        QVERIFY2(out.contains(config + QStringLiteral(": it is a named pipe")), qPrintable(out));

        const QString model = m_dir.filePath(QStringLiteral("pipe-model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("rock")}).write(model);
        const QString music = m_dir.filePath(QStringLiteral("pipe-music"));
        QDir().mkpath(music);
        QVERIFY(QFile::copy(m_track, music + QStringLiteral("/song.wav")));
        const QString fifo = makeFifo(m_dir.filePath(QStringLiteral("input.fifo")));
        for (const QStringList &arguments : {QStringList{QStringLiteral("tag"), model, music, QStringLiteral("--map"), fifo},
                                             QStringList{QStringLiteral("tag"), model, music, QStringLiteral("--catalog"), fifo},
                                             QStringList{QStringLiteral("tag"), QStringLiteral("--undo"), fifo}}) {
            QCOMPARE(cli(arguments, &out), 1);
            QVERIFY2(out.contains(fifo + QStringLiteral(": it is a named pipe")), qPrintable(arguments.join(u' ') + u'\n' + out));
        }
        QVERIFY(isFifo(fifo));
    }

    // Two models sharing one catalog: each reads its own classes, whatever the other wrote
    // last; class names with newlines and commas survive.
    void catalogKeepsClassesPerModel()
    {
        LibraryCatalog catalog(m_dir.filePath(QStringLiteral("models.sqlite")));
        const QStringList first = {QStringLiteral("jazz"), QStringLiteral("metal\nrock"), QStringLiteral("a,b")};
        const QStringList second = {QStringLiteral("metal"), QStringLiteral("jazz")};
        catalog.setClasses(QStringLiteral("model-a/w10"), first);
        catalog.setClasses(QStringLiteral("model-b/w10"), second);
        QCOMPARE(catalog.classes(QStringLiteral("model-a/w10")), first);
        QCOMPARE(catalog.classes(QStringLiteral("model-b/w10")), second);
        QCOMPARE(catalog.classes(), second); // the last model's
        QVERIFY(catalog.classes(QStringLiteral("model-c/w10")).isEmpty());
    }

    // A line break in a title or a file name must not start an entry of its own.
    void playlistEntriesCannotBeInjected()
    {
        CatalogTrack titled;
        titled.path = QStringLiteral("/music/a.mp3");
        titled.artist = QStringLiteral("Band");
        titled.title = QStringLiteral("Song\n/etc/passwd\r\n#EXTINF:1,x");
        titled.duration = 180;
        CatalogTrack named;
        named.path = QStringLiteral("/music/b\n/etc/shadow.mp3");
        named.duration = 60;
        const QString folder = m_dir.filePath(QStringLiteral("playlists"));
        const QStringList written = LibraryExport::writePlaylists({{titled, QStringLiteral("Rock")}, {named, QStringLiteral("Rock")}}, folder);
        QCOMPARE(written.size(), 1);
        const QStringList lines = QString::fromUtf8(bytesOf(written.first())).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5); // #EXTM3U and two lines per entry
        QVERIFY(lines[1].startsWith(QStringLiteral("#EXTINF:180,Band - Song")));
        QCOMPARE(lines[2], QStringLiteral("/music/a.mp3"));
        QCOMPARE(lines[4], QStringLiteral("file:///music/b%0A/etc/shadow.mp3"));
        for (const QString &line : lines)
            QVERIFY2(!line.startsWith(QStringLiteral("/etc/")), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestHostileFiles)
#include "tst_hostilefiles.moc"
