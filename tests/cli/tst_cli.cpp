// genrelab-cli as a user runs it: exit codes, messages, and files it writes.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "WavWriter.h"
#include "data/TrackFeaturizer.h"
#include "io/NpyFile.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;
using namespace genrelab::test;

class TestCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_track;

    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_track = m_dir.filePath(QStringLiteral("song with spaces é.wav"));
        WavWriter writer;
        writer.sampleRate = 44100;
        writer.channels = 2;
        writer.write(m_track, WavWriter::sine(330.0, 0.4, 44100, 7.0, 2));
    }

    void helpAndVersion()
    {
        QString out;
        QCOMPARE(cli({QStringLiteral("--help")}, &out), 0);
        QVERIFY(out.contains(QStringLiteral("mel")) && out.contains(QStringLiteral("bench")));
        QCOMPARE(cli({QStringLiteral("--version")}, &out), 0);
        QVERIFY(out.contains(QStringLiteral("LibTorch")));
        for (const char *command : {"mel", "bench", "info"}) {
            QCOMPARE(cli({QString::fromLatin1(command), QStringLiteral("--help")}, &out), 0);
            QVERIFY(out.contains(QStringLiteral("Usage")));
        }
        QCOMPARE(cli({QStringLiteral("frobnicate")}, &out), 2);
        QVERIFY(out.contains(QStringLiteral("unknown command")));
    }

    // ssh, cron and CI sessions have no XDG_RUNTIME_DIR: Qt's warning about it is noise.
    void noRuntimeDirWarningWithoutASession()
    {
        for (const QStringList &arguments : {QStringList{QStringLiteral("--help")}, QStringList{QStringLiteral("report"), QStringLiteral("--help")},
                                             QStringList{QStringLiteral("report"), m_dir.filePath(QStringLiteral("no-run"))}}) {
            QProcess process;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.remove(QStringLiteral("XDG_RUNTIME_DIR"));
            environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
            process.setProcessEnvironment(environment);
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(QStringLiteral(GENRELAB_CLI), arguments);
            QVERIFY(process.waitForFinished(60000));
            const QString out = QString::fromUtf8(process.readAll());
            QVERIFY2(!out.contains(QStringLiteral("XDG_RUNTIME_DIR")), qPrintable(out));
        }
    }

    void melWritesTheSnippetAsNpy()
    {
        const QString npy = m_dir.filePath(QStringLiteral("k1.npy"));
        QString out;
        QCOMPARE(cli({QStringLiteral("mel"), m_track, QStringLiteral("--snippet"), QStringLiteral("1"),
                      QStringLiteral("--out"), npy},
                     &out),
                 0);
        const auto array = NpyFile::readFloat32(npy);
        QCOMPARE(array.shape, (std::vector<std::size_t>{130, 100}));
        TrackFeaturizer featurizer;
        QCOMPARE(array.values, featurizer.featurizeSnippet(m_track, 1));
    }

    void melRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString out = m_dir.filePath(QStringLiteral("bad.npy"));
        QTest::newRow("snippet out of range")
            << QStringList{QStringLiteral("mel"), m_track, QStringLiteral("-k"), QStringLiteral("2"), QStringLiteral("-o"), out}
            << 1 << QStringLiteral("beyond the end");
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("mel"), m_dir.filePath(QStringLiteral("gone.wav")), QStringLiteral("-o"), out}
            << 1 << QStringLiteral("file not found");
        QTest::newRow("negative snippet")
            << QStringList{QStringLiteral("mel"), m_track, QStringLiteral("-k"), QStringLiteral("-3"), QStringLiteral("-o"), out}
            << 2 << QStringLiteral("--snippet");
        QTest::newRow("no output") << QStringList{QStringLiteral("mel"), m_track} << 2 << QStringLiteral("usage");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("mel"), QStringLiteral("--bogus")} << 2
                                        << QStringLiteral("bogus");
    }

    void melRefusesBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QString out;
        QCOMPARE(cli(arguments, &out), exitCode);
        QVERIFY2(out.contains(message), qPrintable(out));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("bad.npy"))));
    }

    void infoReportsEachFile()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken.wav"));
        WavWriter::writeBytes(broken, QByteArray("RIFF\x10\x00\x00\x00WAVE", 12));
        QString out;
        QCOMPARE(cli({QStringLiteral("info"), m_track, broken}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral("44100 Hz 2 ch")) && out.contains(QStringLiteral("2 snippet(s)")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("broken.wav:")), qPrintable(out));
    }

    void featurizeBuildsThenReusesTheCache()
    {
        QTemporaryDir dataset;
        DatasetFixture::writeLabelled(dataset.path(), {QStringLiteral("x"), QStringLiteral("y")}, 2, 3.2);
        DatasetFixture::writeGarbage(dataset.filePath(QStringLiteral("y/broken.wav")));
        const QString cache = dataset.filePath(QStringLiteral("features.glfc"));
        const QStringList args = {QStringLiteral("featurize"), dataset.path(), QStringLiteral("--cache"), cache};
        QString out;
        QCOMPARE(cli(args, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("5 tracks (5 featurised, 0 from cache), 4 snippets, 1 skipped")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("skipped: ")) && out.contains(QStringLiteral("broken.wav")), qPrintable(out));
        QCOMPARE(cli(args, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("(0 featurised, 5 from cache)")), qPrintable(out));
        QCOMPARE(cli({QStringLiteral("featurize"), dataset.filePath(QStringLiteral("missing"))}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral("folder not found")), qPrintable(out));
    }

    // A cut file is used for what it holds, with a warning naming it (as info does).
    void featurizeWarnsAboutTruncatedFiles()
    {
        QTemporaryDir dataset;
        DatasetFixture::writeLabelled(dataset.path(), {QStringLiteral("x"), QStringLiteral("y")}, 1, 3.2);
        const QString cut = dataset.filePath(QStringLiteral("y/cut short.au"));
        DatasetFixture::writeTruncatedAu(cut, 30.0, 10.0);
        QString out;
        QCOMPARE(cli({QStringLiteral("featurize"), dataset.path(), QStringLiteral("--cache"), dataset.filePath(QStringLiteral("f.glfc"))}, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("warning: ") + cut + QStringLiteral(": the audio ends at 10.00 s although the header says 30.00 s")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("3 tracks (3 featurised, 0 from cache), 5 snippets, 0 skipped")), qPrintable(out));
    }

    void benchFeaturizePrintsThroughput()
    {
        QTemporaryDir dataset;
        QDir(dataset.path()).mkpath(QStringLiteral("a"));
        for (int i = 0; i < 3; ++i)
            WavWriter().write(dataset.filePath(QStringLiteral("a/%1.wav").arg(i)), WavWriter::sine(200.0 + 100 * i, 0.5, 22050, 6.5));
        QString out;
        QCOMPARE(cli({QStringLiteral("bench"), QStringLiteral("featurize"), dataset.path(), QStringLiteral("--threads"),
                      QStringLiteral("2"), QStringLiteral("--repeat"), QStringLiteral("1")},
                     &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("files=3")) && out.contains(QStringLiteral("snippets=6")), qPrintable(out));
        QVERIFY2(out.trimmed().contains(QRegularExpression(QStringLiteral("snippets_per_s=[0-9.]+$"))), qPrintable(out));
    }

    // bench train --from-cache (issue 24, item 5): the real trainer on a dataset's cache,
    // its split's snippet counts and both throughputs on one line; a folder that is not
    // there is refused with status 2.
    void benchTrainFromCacheTimesTheRealPath()
    {
        QTemporaryDir dataset;
        DatasetFixture::writeLabelled(dataset.path(), {QStringLiteral("low"), QStringLiteral("high")}, 5, 6.5);
        QString out;
        QCOMPARE(cli({QStringLiteral("bench"), QStringLiteral("train"), QStringLiteral("--from-cache"), dataset.path(), QStringLiteral("--threads"),
                      QStringLiteral("1"), QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("4")},
                     &out),
                 0);
        const QRegularExpressionMatch line = QRegularExpression(QStringLiteral(
            "genrelab_train_from_cache threads=1 batch=4 epochs=1 train_snippets=(\\d+) valid_snippets=(\\d+) .*real_samples_per_s=([0-9.]+) "
            ".*synthetic_samples_per_s=([0-9.]+) real_over_synthetic=([0-9.]+)")).match(out);
        QVERIFY2(line.hasMatch(), qPrintable(out));
        QVERIFY(line.captured(1).toInt() > 0 && line.captured(1).toInt() + line.captured(2).toInt() < 20); // 10 tracks, 2 snippets each
        QVERIFY(line.captured(3).toDouble() > 0.0 && line.captured(4).toDouble() > 0.0);
        QCOMPARE(cli({QStringLiteral("bench"), QStringLiteral("train"), QStringLiteral("--from-cache"), dataset.filePath(QStringLiteral("none"))}, &out), 2);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
