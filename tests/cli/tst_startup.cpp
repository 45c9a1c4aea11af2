// Start-up without LibTorch (issue 24, item 4): the commands that need no network, and
// genrelab's first window, come up without loading LibTorch — Debian's drags OpenCV and
// Qt 5 along, 0.7-1 s and 176 MB. The dynamic loader says what it loads (LD_DEBUG=files);
// the commands that need LibTorch still load it, from the module next to the executable.
#include "WavWriter.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace genrelab::test;

namespace {

struct Run
{
    int status = -1;
    QString out;
    QString err;
    // The shared objects the dynamic loader opened, in order ("libtorch_cpu.so.1.13", …).
    QStringList loaded;
};

QStringList loadedFiles(const QString &loaderLog)
{
    static const QRegularExpression file(QStringLiteral("file=(\\S+)\\s+\\[\\d+\\];\\s+(needed|dynamically loaded) by"));
    QStringList files;
    for (auto it = file.globalMatch(loaderLog); it.hasNext();)
        files << it.next().captured(1);
    return files;
}

bool isLibTorch(const QString &file)
{
    return file.contains(QLatin1String("libtorch")) || file.contains(QLatin1String("libc10"));
}

Run runTraced(const QString &program, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run run;
    if (!process.waitForFinished(120000))
        return run;
    run.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    run.loaded = loadedFiles(run.err);
    return run;
}

} // namespace

class TestStartup : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_track;

private Q_SLOTS:
    void initTestCase()
    {
        m_track = m_dir.filePath(QStringLiteral("tone.wav"));
        WavWriter writer;
        writer.write(m_track, WavWriter::sine(440.0, 0.5, 22050, 4.0));
    }

    void commandsWithoutANetworkDoNotLoadLibTorch_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")};
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")};
        QTest::newRow("info") << QStringList{QStringLiteral("info"), m_track};
        QTest::newRow("mel") << QStringList{QStringLiteral("mel"), m_track, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("k0.npy"))};
        QTest::newRow("mel --help") << QStringList{QStringLiteral("mel"), QStringLiteral("--help")};
        QTest::newRow("dataset") << QStringList{QStringLiteral("dataset"), m_dir.path()};
    }

    void commandsWithoutANetworkDoNotLoadLibTorch()
    {
        QFETCH(QStringList, arguments);
        const Run run = runTraced(QStringLiteral(GENRELAB_CLI), arguments);
        QVERIFY2(run.status == 0, qPrintable(run.err.right(2000)));
        QVERIFY2(!run.loaded.isEmpty(), "LD_DEBUG=files reported nothing: the check below would prove nothing");
        // Nor what only other commands need: FluidSynth's audio servers (demo-data), QtGui
        // (report). A sanitizer build cannot keep those two out: its instrumented code
        // references every library it links, so --as-needed drops none; LibTorch, loaded
        // on demand, is checked there too.
#ifdef GENRELAB_SANITIZED
        const bool othersMayLoad = true;
#else
        const bool othersMayLoad = false;
#endif
        for (const QString &file : run.loaded)
            QVERIFY2(!isLibTorch(file) && !file.contains(QLatin1String("opencv"))
                         && (othersMayLoad || (!file.contains(QLatin1String("libfluidsynth")) && !file.contains(QLatin1String("libQt6Gui")))),
                     qPrintable(file + QStringLiteral(" was loaded")));
    }

    // --version still names LibTorch's version, taken at build time.
    void versionNamesLibTorch()
    {
        const Run run = runTraced(QStringLiteral(GENRELAB_CLI), {QStringLiteral("--version")});
        QVERIFY2(QRegularExpression(QStringLiteral("^genrelab-cli \\S+ \\(LibTorch \\d+\\.\\d+\\.\\d+\\)\\n$")).match(run.out).hasMatch(),
                 qPrintable(run.out));
    }

    // The rest load the ML module, and LibTorch with it.
    void commandsWithANetworkLoadTheModule_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *command : {"train", "predict", "report", "tag", "bench", "demo-data"})
            QTest::newRow(command) << QString::fromLatin1(command);
    }

    void commandsWithANetworkLoadTheModule()
    {
        QFETCH(QString, command);
        const Run run = runTraced(QStringLiteral(GENRELAB_CLI), {command, QStringLiteral("--help")});
        QCOMPARE(run.status, 0);
        QVERIFY2(run.out.contains(QStringLiteral(" %1 [options]").arg(command)), qPrintable(run.out));
        QVERIFY2(std::any_of(run.loaded.begin(), run.loaded.end(),
                             [](const QString &file) { return file.endsWith(QLatin1String("/genrelab-cli-ml.so")); }),
                 qPrintable(run.loaded.join(QLatin1Char(' '))));
        QVERIFY(std::any_of(run.loaded.begin(), run.loaded.end(), isLibTorch));
    }

    // Without its module, genrelab-cli says which file it misses; the rest still works.
    void aMissingModuleIsNamed()
    {
        const QString lonely = m_dir.filePath(QStringLiteral("genrelab-cli"));
        QVERIFY(QFile::copy(QStringLiteral(GENRELAB_CLI), lonely));
        QProcess process;
        process.start(lonely, {QStringLiteral("predict"), m_track});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.startsWith(QStringLiteral("genrelab-cli: predict needs its module")) && err.contains(QStringLiteral("genrelab-cli-ml.so")),
                 qPrintable(err));
        process.start(lonely, {QStringLiteral("info"), m_track});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
    }

#ifdef GENRELAB_GUI
    // genrelab's first window is on screen before LibTorch is loaded; the main window
    // follows once the GUI module is.
    void guiShowsAWindowBeforeLibTorch()
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
        environment.insert(QStringLiteral("GENRELAB_STARTUP_TIMING"), QStringLiteral("1"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(GENRELAB_GUI), QStringList{}); // a fresh home: the demo, made on a worker
        QString err;
        QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(process.readAllStandardError())).contains(QStringLiteral("main window shown")), 60000);
        process.kill();
        process.waitForFinished();
        const qsizetype firstWindow = err.indexOf(QStringLiteral("genrelab: first window shown after"));
        QVERIFY2(firstWindow >= 0, qPrintable(err.right(2000)));
        const QStringList before = loadedFiles(err.left(firstWindow));
        const QStringList after = loadedFiles(err.mid(firstWindow));
        QVERIFY(!before.isEmpty());
        QVERIFY2(std::none_of(before.begin(), before.end(), isLibTorch), qPrintable(before.join(QLatin1Char(' '))));
        QVERIFY2(std::any_of(after.begin(), after.end(), isLibTorch), qPrintable(after.join(QLatin1Char(' '))));
    }

    void guiVersionWithoutLibTorch()
    {
        const Run run = runTraced(QStringLiteral(GENRELAB_GUI), {QStringLiteral("--version")});
        QCOMPARE(run.status, 0);
        QVERIFY(!run.loaded.isEmpty());
        QVERIFY(std::none_of(run.loaded.begin(), run.loaded.end(), isLibTorch));
    }
#endif
};

QTEST_GUILESS_MAIN(TestStartup)
#include "tst_startup.moc"
