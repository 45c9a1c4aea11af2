// FileLock: one owner at a time, across processes and within one; the refusal names
// the holder's process; a holder killed with SIGKILL leaves nothing that blocks the
// next one; the lock file goes with the lock. RegularFile: what is not a regular file
// is named, and the same file is recognised through a link.
#include "util/Error.h"
#include "util/FileLock.h"
#include "util/RegularFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace genrelab;

class TestFileLock : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static QString refusal(const QString &owned)
    {
        try {
            const FileLock lock(owned);
        } catch (const Error &error) {
            return error.message();
        }
        return {};
    }

private Q_SLOTS:
    void oneOwnerWithinAProcess()
    {
        const QString owned = m_dir.filePath(QStringLiteral("catalog.sqlite"));
        {
            const FileLock first(owned);
            QVERIFY(QFile::exists(FileLock::lockPathFor(owned)));
            const QString message = refusal(owned);
            QVERIFY2(message.startsWith(owned + QStringLiteral(": is in use by process %1").arg(::getpid())), qPrintable(message));
        }
        QVERIFY(!QFile::exists(FileLock::lockPathFor(owned)));
        QVERIFY(refusal(owned).isEmpty());
    }

    // Another process holds it: refused with that process's id; killed, it holds nothing.
    void anotherProcessAndItsDeath()
    {
        const QString owned = m_dir.filePath(QStringLiteral("run"));
        int ready[2];
        QCOMPARE(::pipe(ready), 0);
        const pid_t child = ::fork();
        if (child == 0) {
            const FileLock lock(owned);
            [[maybe_unused]] const ssize_t n = ::write(ready[1], "x", 1);
            ::pause();
            ::_exit(0);
        }
        char byte = 0;
        QCOMPARE(::read(ready[0], &byte, 1), ssize_t(1));
        const QString message = refusal(owned);
        QVERIFY2(message.contains(QStringLiteral("is in use by process %1").arg(child)), qPrintable(message));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        QVERIFY(QFile::exists(FileLock::lockPathFor(owned))); // a kill leaves the file, not the lock
        QVERIFY(refusal(owned).isEmpty());
        ::close(ready[0]);
        ::close(ready[1]);
    }

    void regularFilesAndOthers()
    {
        const QString file = m_dir.filePath(QStringLiteral("file"));
        QFile(file).open(QIODevice::WriteOnly);
        const QString fifo = m_dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        QCOMPARE(RegularFile::whatElse(file), QString());
        QCOMPARE(RegularFile::whatElse(m_dir.filePath(QStringLiteral("absent"))), QString());
        QCOMPARE(RegularFile::whatElse(fifo), QStringLiteral("a named pipe"));
        QCOMPARE(RegularFile::whatElse(m_dir.path()), QStringLiteral("a folder"));
        QCOMPARE(RegularFile::whatElse(QStringLiteral("/dev/null")), QStringLiteral("a device"));
        QVERIFY_THROWS_EXCEPTION(Error, RegularFile::requireForWriting(fifo));
        QVERIFY_THROWS_EXCEPTION(Error, RegularFile::requireForReading(QStringLiteral("/dev/zero")));
        RegularFile::requireForWriting(file);

        const QString link = m_dir.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(file, link));
        QVERIFY(RegularFile::sameFile(file, link));
        QVERIFY(!RegularFile::sameFile(file, fifo));
        QVERIFY(!RegularFile::sameFile(file, m_dir.filePath(QStringLiteral("absent"))));
    }
};

QTEST_GUILESS_MAIN(TestFileLock)
#include "tst_filelock.moc"
