// Ctrl+C behaves the same in every long command: the first one stops after the current
// unit of work, says what was kept and how to go on, and exits 130; nothing is left
// half-written. (train is tested with its run folder in tst_trainer.)
#include "DatasetFixture.h"
#include "SharedData.h"
#include "library/LibraryCatalog.h"
#include "ml/BundleConverter.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>

using namespace genrelab;
using namespace genrelab::test;

class TestInterrupts : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model, m_music;
    QStringList m_tracks;

    // Starts genrelab-cli, waits until `ready` holds, sends SIGINT; sets the exit code
    // (-1 when it did not exit normally) and everything the command printed.
    void interruptWhen(const QStringList &arguments, const std::function<bool(const QString &)> &ready, int *code, QString *output)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(GENRELAB_CLI), arguments);
        QVERIFY(process.waitForStarted());
        QString seen;
        QTRY_VERIFY_WITH_TIMEOUT(ready(seen += QString::fromUtf8(process.readAll())), 60000);
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        *output = seen + QString::fromUtf8(process.readAll());
        *code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("low"), QStringLiteral("high")}).write(m_model);
        m_music = m_dir.filePath(QStringLiteral("music"));
        // 160 tracks: the library analyser checks for Ctrl+C between chunks of 32.
        m_tracks = DatasetFixture::writeLabelled(m_music, {QStringLiteral("low"), QStringLiteral("high")}, 80, 6.5);
    }

    void tagStopsBetweenChunksAndKeepsThem()
    {
        const QString catalog = m_dir.filePath(QStringLiteral("catalog.sqlite"));
        QString out;
        int code = 0;
        interruptWhen({QStringLiteral("tag"), m_model, m_music, QStringLiteral("--catalog"), catalog, QStringLiteral("--threads"),
                       QStringLiteral("1"), QStringLiteral("--write")},
                      [&](const QString &seen) { return seen.contains(QStringLiteral("32 of 160 files analysed")); }, &code, &out);
        QCOMPARE(code, 130);
        QVERIFY2(out.contains(QStringLiteral("interrupted while analysing")) && out.contains(QStringLiteral("Nothing was written")),
                 qPrintable(out));
        const auto kept = LibraryCatalog(catalog).tracks(m_music);
        QVERIFY2(kept.size() >= 32 && kept.size() < std::size_t(m_tracks.size()), qPrintable(QString::number(kept.size())));
        QVERIFY2(out.contains(QStringLiteral("after %1 file(s)").arg(kept.size())), qPrintable(out));
    }

    void predictStopsBetweenFiles()
    {
        QString out;
        int code = 0;
        interruptWhen(QStringList{QStringLiteral("predict"), m_model} + m_tracks,
                      [&](const QString &seen) { return seen.contains(QStringLiteral("top 3")); }, &code, &out);
        QCOMPARE(code, 130);
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("interrupted after \\d+ of 160 file"))), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestInterrupts)
#include "tst_interrupts.moc"
