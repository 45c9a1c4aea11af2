// The one atomic writer: a visible "<path>.partial" renamed over the target, the
// previous file whole after any failure, and never a device, pipe or folder replaced.
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace genrelab;

class TestCheckedSaveFile : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static QByteArray read(const QString &file)
    {
        QFile in(file);
        return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
    }

private Q_SLOTS:
    void savesAndReplaces()
    {
        const QString path = m_dir.filePath(QStringLiteral("file.txt"));
        CheckedSaveFile::save(path, "first");
        CheckedSaveFile::save(path, "second");
        QCOMPARE(read(path), QByteArray("second"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".partial")));
    }

    void writesThroughAVisiblePartial()
    {
        const QString path = m_dir.filePath(QStringLiteral("streamed.bin"));
        CheckedSaveFile::save(path, "old");
        {
            CheckedSaveFile file(path);
            file.write(QByteArray("xxxxBODY"));
            QVERIFY(QFile::exists(path + QStringLiteral(".partial")));
            QCOMPARE(read(path), QByteArray("old")); // untouched until commit()
            file.seek(0);
            file.write(QByteArray("HEAD"));
            file.commit();
        }
        QCOMPARE(read(path), QByteArray("HEADBODY"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".partial")));
    }

    void abandonedWriteLeavesThePreviousFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("abandoned.txt"));
        CheckedSaveFile::save(path, "kept");
        {
            CheckedSaveFile file(path);
            file.write(QByteArray("never committed"));
        }
        QCOMPARE(read(path), QByteArray("kept"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".partial")));
    }

    // A partial a kill left (or another writer's) is not shared: the new write takes
    // its own name, and removeLeftoverPartials() clears what is left.
    void leftoverPartialIsNotShared()
    {
        const QString folder = m_dir.filePath(QStringLiteral("run"));
        QVERIFY(QDir().mkpath(folder));
        const QString path = folder + QStringLiteral("/checkpoint.pt");
        QFile stale(path + QStringLiteral(".partial"));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("half");
        stale.close();
        CheckedSaveFile::save(path, "whole");
        QCOMPARE(read(path), QByteArray("whole"));
        QCOMPARE(read(path + QStringLiteral(".partial")), QByteArray("half"));
        QCOMPARE(CheckedSaveFile::removeLeftoverPartials(folder), 1);
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("checkpoint.pt")});
    }

    void keepsPermissionsAndFollowsLinks()
    {
        const QString target = m_dir.filePath(QStringLiteral("target.txt"));
        const QString link = m_dir.filePath(QStringLiteral("link.txt"));
        CheckedSaveFile::save(target, "one");
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(QFile::link(target, link));
        CheckedSaveFile::save(link, "two");
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(read(target), QByteArray("two"));
        struct stat status {};
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &status), 0);
        QCOMPARE(int(status.st_mode & 07777), 0600);
    }

    // rename() as root would put a regular file where a device node (/dev/full), a pipe
    // or a folder was; the writer refuses, naming the path, and leaves it as it was.
    // A pipe stands in for a device node: the same check, without touching /dev.
    void refusesToReplaceWhatIsNotARegularFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("named pipe") << QStringLiteral("fifo");
        QTest::newRow("folder") << QStringLiteral("folder");
        QTest::newRow("link to a pipe") << QStringLiteral("link");
    }

    void refusesToReplaceWhatIsNotARegularFile()
    {
        QFETCH(QString, kind);
        const QString path = m_dir.filePath(QStringLiteral("special-") + kind);
        const QString fifo = m_dir.filePath(QStringLiteral("pipe-for-") + kind);
        if (kind == QLatin1String("folder")) {
            QVERIFY(QDir().mkpath(path));
        } else {
            QCOMPARE(::mkfifo(QFile::encodeName(kind == QLatin1String("fifo") ? path : fifo).constData(), 0644), 0);
            if (kind == QLatin1String("link"))
                QVERIFY(QFile::link(fifo, path));
        }
        try {
            CheckedSaveFile::save(path, "bytes");
            QFAIL("replaced something that is not a regular file");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::WriteFailed);
            QCOMPARE(error.path(), path);
            QVERIFY2(error.message().contains(path), qPrintable(error.message()));
        }
        const QFileInfo after(path);
        QVERIFY(kind == QLatin1String("folder") ? after.isDir() : !after.isFile() || after.isSymLink());
        struct stat status {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &status), 0);
        QVERIFY(!S_ISREG(status.st_mode));
        QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCheckedSaveFile)
#include "tst_checkedsavefile.moc"
