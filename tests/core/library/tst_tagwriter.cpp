// Tag writing on real files of four formats that the test encodes with ffmpeg: the
// genre changes and reads back, the ID3v2 version is kept, the audio is bit-identical
// (compressed packets and decoded samples) after a write and after an undo, and files
// that must not be written — read-only, changed on disk, edited since, not music — are
// skipped with their reason while the others go on. A write keeps the file's identity:
// a symlink stays a link to its target, hard links stay one inode, owner, group, mode
// and extended attributes stay; a file this user may only write in place is written in
// place, one it may not write is skipped; an in-place write a kill interrupted is
// completed, then undone, through the journal.
#include "audio/AudioChecksum.h"
#include "library/TagFile.h"
#include "library/TagJournal.h"
#include "library/TagWriter.h"
#include "util/Error.h"
#include "SharedData.h"
#include "WavWriter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

using namespace genrelab;
using namespace genrelab::test;

namespace {

TagChange changeOf(const QString &path, const QString &newGenre)
{
    const QFileInfo info(path);
    return {path, TagFile::read(path).genre, newGenre, info.size(), info.lastModified()};
}

struct stat statOf(const QString &path)
{
    struct stat st {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st;
}

QByteArray attribute(const QString &path, const char *name)
{
    char value[256];
    const ssize_t size = ::getxattr(QFile::encodeName(path).constData(), name, value, sizeof value);
    return size < 0 ? QByteArray() : QByteArray(value, int(size));
}

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Runs `work` in a child process as nobody:nogroup (the test runs as root); its exit
// code, or -1 when it died.
template <typename Work>
int asNobody(Work work)
{
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(99);
        ::_exit(work());
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

class TestTagWriter : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_ffmpeg;

    // Encodes a 4-s tone with title, artist and genre tags; empty when it cannot.
    QString encode(const QString &name, const QStringList &codecArguments)
    {
        const QString wav = m_dir.filePath(QStringLiteral("tone.wav"));
        if (!QFile::exists(wav))
            WavWriter(22050, 2).write(wav, WavWriter::sine(440.0, 0.4, 22050, 4.0, 2));
        const QString out = m_dir.filePath(name);
        QStringList arguments = {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"), QStringLiteral("-i"), wav};
        arguments << codecArguments
                  << QStringLiteral("-metadata") << QStringLiteral("genre=Rock")
                  << QStringLiteral("-metadata") << QStringLiteral("title=Test tone")
                  << QStringLiteral("-metadata") << QStringLiteral("artist=GenreLab") << out;
        return SharedData::runProgram(m_ffmpeg, arguments) == 0 ? out : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (m_ffmpeg.isEmpty())
            QSKIP("needs the ffmpeg command (packaging/install-deps.sh installs it) to encode test files");
    }

    void writeAndUndoKeepTheAudio_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("codec");
        QTest::newRow("mp3 ID3v2.3") << QStringLiteral("a.mp3") << QStringList{QStringLiteral("-c:a"), QStringLiteral("libmp3lame"), QStringLiteral("-id3v2_version"), QStringLiteral("3")};
        QTest::newRow("mp3 ID3v2.4") << QStringLiteral("b.mp3") << QStringList{QStringLiteral("-c:a"), QStringLiteral("libmp3lame"), QStringLiteral("-id3v2_version"), QStringLiteral("4")};
        QTest::newRow("flac") << QStringLiteral("c.flac") << QStringList{QStringLiteral("-c:a"), QStringLiteral("flac")};
        QTest::newRow("ogg") << QStringLiteral("d.ogg") << QStringList{QStringLiteral("-c:a"), QStringLiteral("libvorbis")};
        QTest::newRow("m4a") << QStringLiteral("e.m4a") << QStringList{QStringLiteral("-c:a"), QStringLiteral("aac")};
    }

    void writeAndUndoKeepTheAudio()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, codec);
        const QString path = encode(name, codec);
        if (path.isEmpty())
            QSKIP("this ffmpeg cannot encode it");
        QCOMPARE(TagFile::read(path).genre, QStringLiteral("Rock"));
        const QByteArray packets = AudioChecksum::ofPackets(path), samples = AudioChecksum::ofSamples(path);
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray head = before.read(4);
        before.close();

        const QString journal = m_dir.filePath(name + QStringLiteral(".jsonl"));
        TagWriter::Report report = TagWriter::apply({changeOf(path, QStringLiteral("Hip-Hop"))}, journal);
        QCOMPARE(report.written, 1);
        QVERIFY2(report.skipped.isEmpty(), qPrintable(report.skipped.join(u'\n')));
        const TagFile::Fields after = TagFile::read(path);
        QCOMPARE(after.genre, QStringLiteral("Hip-Hop"));
        QCOMPARE(after.title, QStringLiteral("Test tone")); // only the genre changed
        QCOMPARE(after.artist, QStringLiteral("GenreLab"));
        QCOMPARE(AudioChecksum::ofPackets(path), packets);
        QCOMPARE(AudioChecksum::ofSamples(path), samples);
        if (head.startsWith("ID3")) {
            QFile written(path);
            QVERIFY(written.open(QIODevice::ReadOnly));
            QCOMPARE(written.read(4).at(3), head.at(3)); // ID3v2.3 stays 2.3, 2.4 stays 2.4
        }
        QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral("*.genrelab-partial.*")}, QDir::Hidden | QDir::Files).isEmpty());

        report = TagWriter::undo(journal);
        QCOMPARE(report.written, 1);
        QCOMPARE(TagFile::read(path).genre, QStringLiteral("Rock"));
        QCOMPARE(AudioChecksum::ofPackets(path), packets);
        QCOMPARE(AudioChecksum::ofSamples(path), samples);
        report = TagWriter::undo(journal); // twice is harmless
        QCOMPARE(report.unchanged, 1);
    }

    void filesThatMustNotBeWrittenAreSkipped()
    {
        const QString readOnly = encode(QStringLiteral("ro.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        const QString changed = encode(QStringLiteral("changed.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        const QString edited = encode(QStringLiteral("edited.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        const QString fine = encode(QStringLiteral("fine.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        const QString notMusic = m_dir.filePath(QStringLiteral("fake.mp3"));
        WavWriter::writeBytes(notMusic, QByteArray(3000, '\x42'));
        QVERIFY(!readOnly.isEmpty() && !fine.isEmpty());

        std::vector<TagChange> changes = {changeOf(readOnly, QStringLiteral("Jazz")), changeOf(changed, QStringLiteral("Jazz")),
                                          changeOf(edited, QStringLiteral("Jazz")), changeOf(fine, QStringLiteral("Jazz")),
                                          changeOf(fine, QStringLiteral("Jazz")),
                                          {notMusic, QString(), QStringLiteral("Jazz"), QFileInfo(notMusic).size(), QFileInfo(notMusic).lastModified()}};
        changes[4].newGenre = QStringLiteral("Rock"); // already Rock: unchanged
        QFile(readOnly).setPermissions(QFileDevice::ReadOwner | QFileDevice::ReadGroup);
        const QByteArray readOnlyBytes = [&] { QFile f(readOnly); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        QFile::remove(changed);
        QVERIFY(QFile::copy(fine, changed)); // another file now: other mtime
        QFile touch(changed);
        QVERIFY(touch.open(QIODevice::Append));
        touch.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime);
        touch.close();
        TagFile::writeGenre(edited, QStringLiteral("Metal")); // someone edited it after analysis
        changes[2].size = QFileInfo(edited).size();
        changes[2].modified = QFileInfo(edited).lastModified();

        const TagWriter::Report dryRun = TagWriter::plan(changes);
        QCOMPARE(dryRun.unchanged, 1);
        const QString journal = m_dir.filePath(QStringLiteral("skips.jsonl"));
        const TagWriter::Report report = TagWriter::apply(changes, journal);
        // The dry run promised exactly this: the same count, the same refusals in the same words.
        QCOMPARE(dryRun.written, report.written);
        QCOMPARE(dryRun.skipped, report.skipped);
        const QString skipped = report.skipped.join(u'\n');
        QVERIFY2(report.written == 1, qPrintable(skipped));
        QCOMPARE(report.unchanged, 1);
        QVERIFY2(report.skipped.size() == 4, qPrintable(skipped));
        QVERIFY2(skipped.contains(QStringLiteral("ro.flac: read-only")), qPrintable(skipped));
        QVERIFY2(skipped.contains(QStringLiteral("changed.flac: changed on disk")), qPrintable(skipped));
        QVERIFY2(skipped.contains(QStringLiteral("edited.flac: its genre was edited")), qPrintable(skipped));
        QVERIFY2(skipped.contains(QStringLiteral("fake.mp3")), qPrintable(skipped));
        QCOMPARE(TagFile::read(fine).genre, QStringLiteral("Jazz"));
        QCOMPARE(TagFile::read(edited).genre, QStringLiteral("Metal"));
        QFile again(readOnly);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), readOnlyBytes);
        QCOMPARE(int(TagJournal(journal).entries().size()), 1); // only what was written
    }

    // A kill between journaling and writing leaves an entry whose file still holds the
    // old genre; undo leaves it alone. A torn last line is ignored.
    void undoAfterAnInterruptedWrite()
    {
        const QString path = encode(QStringLiteral("killed.ogg"), {QStringLiteral("-c:a"), QStringLiteral("libvorbis")});
        if (path.isEmpty())
            QSKIP("this ffmpeg cannot encode Ogg Vorbis");
        const QString journalPath = m_dir.filePath(QStringLiteral("killed.jsonl"));
        TagJournal(journalPath).record(changeOf(path, QStringLiteral("Blues")));
        QFile torn(journalPath);
        QVERIFY(torn.open(QIODevice::Append));
        torn.write("{\"path\":\"/x");
        torn.close();
        const TagWriter::Report report = TagWriter::undo(journalPath);
        QCOMPARE(report.unchanged, 1);
        QCOMPARE(report.written, 0);
        QCOMPARE(TagFile::read(path).genre, QStringLiteral("Rock"));
        WavWriter::writeBytes(m_dir.filePath(QStringLiteral("garbage.jsonl")), "not json\n");
        QVERIFY_THROWS_EXCEPTION(Error, TagWriter::undo(m_dir.filePath(QStringLiteral("garbage.jsonl"))));
    }

    // A symlinked track: the link stays a link to the same target, the target is tagged;
    // undo through the link restores it.
    void symlinkStaysALink()
    {
        const QString real = encode(QStringLiteral("linked-target.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        QVERIFY(!real.isEmpty());
        QDir(m_dir.path()).mkpath(QStringLiteral("links"));
        const QString link = m_dir.filePath(QStringLiteral("links/link.flac"));
        QVERIFY(QFile::link(QStringLiteral("../linked-target.flac"), link));
        const QByteArray packets = AudioChecksum::ofPackets(real);

        const QString journal = m_dir.filePath(QStringLiteral("link.jsonl"));
        TagWriter::Report report = TagWriter::apply({changeOf(link, QStringLiteral("Jazz"))}, journal);
        QVERIFY2(report.written == 1, qPrintable(report.skipped.join(u'\n')));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(QFile::symLinkTarget(link), real);
        QCOMPARE(TagFile::read(real).genre, QStringLiteral("Jazz"));
        QCOMPARE(AudioChecksum::ofPackets(real), packets);
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("links"))).entryList(QDir::Files | QDir::Hidden).size() == 1);

        report = TagWriter::undo(journal);
        QCOMPARE(report.written, 1);
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(TagFile::read(real).genre, QStringLiteral("Rock"));
        QCOMPARE(AudioChecksum::ofPackets(real), packets);
    }

    // Two hard links are one file: same inode and link count after the write and the
    // undo, both names show the genre.
    void hardLinksStayOneFile()
    {
        const QString first = encode(QStringLiteral("hard-a.mp3"), {QStringLiteral("-c:a"), QStringLiteral("libmp3lame")});
        if (first.isEmpty())
            QSKIP("this ffmpeg cannot encode MP3");
        const QString second = m_dir.filePath(QStringLiteral("hard-b.mp3"));
        QCOMPARE(::link(QFile::encodeName(first).constData(), QFile::encodeName(second).constData()), 0);
        const QByteArray packets = AudioChecksum::ofPackets(first), samples = AudioChecksum::ofSamples(first);
        const ino_t inode = statOf(first).st_ino;

        const QString journal = m_dir.filePath(QStringLiteral("hard.jsonl"));
        TagWriter::Report report = TagWriter::apply({changeOf(first, QStringLiteral("Hip-Hop"))}, journal);
        QVERIFY2(report.written == 1, qPrintable(report.skipped.join(u'\n')));
        for (const QString &name : {first, second}) {
            QCOMPARE(statOf(name).st_ino, inode);
            QCOMPARE(statOf(name).st_nlink, nlink_t(2));
            QCOMPARE(TagFile::read(name).genre, QStringLiteral("Hip-Hop"));
        }
        QCOMPARE(AudioChecksum::ofPackets(second), packets);
        QCOMPARE(AudioChecksum::ofSamples(second), samples);
        QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral(".hard-*")}, QDir::Hidden | QDir::Files).isEmpty());

        report = TagWriter::undo(journal);
        QCOMPARE(report.written, 1);
        for (const QString &name : {first, second}) {
            QCOMPARE(statOf(name).st_ino, inode);
            QCOMPARE(statOf(name).st_nlink, nlink_t(2));
            QCOMPARE(TagFile::read(name).genre, QStringLiteral("Rock"));
        }
        QCOMPARE(AudioChecksum::ofPackets(first), packets);
    }

    // Mode 0640, owner nobody:nogroup, a user.* attribute: all kept by a write and its undo.
    void ownerModeAndAttributesAreKept()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to give the file another owner");
        const QString path = encode(QStringLiteral("owned.ogg"), {QStringLiteral("-c:a"), QStringLiteral("libvorbis")});
        if (path.isEmpty())
            QSKIP("this ffmpeg cannot encode Ogg Vorbis");
        const QByteArray name = QFile::encodeName(path);
        QCOMPARE(::chown(name.constData(), 65534, 65534), 0);
        QCOMPARE(::chmod(name.constData(), 0640), 0);
        if (::setxattr(name.constData(), "user.genrelab.test", "kept", 4, 0) != 0)
            QSKIP("this file system has no user.* extended attributes");
        const QByteArray packets = AudioChecksum::ofPackets(path);

        const QString journal = m_dir.filePath(QStringLiteral("owned.jsonl"));
        for (const bool undo : {false, true}) {
            const TagWriter::Report report = undo ? TagWriter::undo(journal)
                                                  : TagWriter::apply({changeOf(path, QStringLiteral("Reggae"))}, journal);
            QVERIFY2(report.written == 1, qPrintable(report.skipped.join(u'\n')));
            const struct stat st = statOf(path);
            QCOMPARE(st.st_uid, uid_t(65534));
            QCOMPARE(st.st_gid, gid_t(65534));
            QCOMPARE(st.st_mode & 07777, mode_t(0640));
            QCOMPARE(attribute(path, "user.genrelab.test"), QByteArray("kept"));
            QCOMPARE(TagFile::read(path).genre, undo ? QStringLiteral("Rock") : QStringLiteral("Reggae"));
            QCOMPARE(AudioChecksum::ofPackets(path), packets);
        }
    }

    // As an ordinary user: a file of someone else's that the user's group may write is
    // written in place (its owner cannot be given to a copy); one the user may not write
    // is skipped with the reason, untouched.
    void otherUsersFilesAreNotReplaced()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to act as nobody");
        QTemporaryDir shared;
        QVERIFY(QFile::setPermissions(shared.path(), QFileDevice::Permissions(0x7777)));
        const QString groupWritable = shared.filePath(QStringLiteral("group.flac"));
        const QString othersFile = shared.filePath(QStringLiteral("others.flac"));
        const QString source = encode(QStringLiteral("shared-src.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        QVERIFY(QFile::copy(source, groupWritable) && QFile::copy(source, othersFile));
        QCOMPARE(::chown(QFile::encodeName(groupWritable).constData(), 0, 65534), 0);
        QCOMPARE(::chmod(QFile::encodeName(groupWritable).constData(), 0664), 0);
        QCOMPARE(::chmod(QFile::encodeName(othersFile).constData(), 0644), 0);
        const ino_t inode = statOf(groupWritable).st_ino;
        const QByteArray othersBytes = bytesOf(othersFile);
        const QString journal = shared.filePath(QStringLiteral("nobody.jsonl"));
        const std::vector<TagChange> changes = {changeOf(groupWritable, QStringLiteral("Country")),
                                                changeOf(othersFile, QStringLiteral("Country"))};
        const int code = asNobody([&] {
            const TagWriter::Report report = TagWriter::apply(changes, journal);
            return report.written == 1 && report.skipped.size() == 1
                           && report.skipped.first().contains(QStringLiteral("others.flac: not writable by you"))
                       ? 0
                       : 1;
        });
        QCOMPARE(code, 0);
        QCOMPARE(statOf(groupWritable).st_ino, inode);
        QCOMPARE(statOf(groupWritable).st_uid, uid_t(0));
        QCOMPARE(statOf(groupWritable).st_gid, gid_t(65534));
        QCOMPARE(TagFile::read(groupWritable).genre, QStringLiteral("Country"));
        QCOMPARE(bytesOf(othersFile), othersBytes);
        QCOMPARE(statOf(othersFile).st_uid, uid_t(0));
        QCOMPARE(QDir(shared.path()).entryList(QDir::Files | QDir::Hidden).size(), 3); // two tracks and the journal
    }

    // A folder its owner made read-only is respected even by root: the working copy
    // would have to be made in it.
    void readOnlyFolderIsSkipped()
    {
        const QString folder = m_dir.filePath(QStringLiteral("locked"));
        QDir().mkpath(folder);
        const QString path = folder + QStringLiteral("/song.flac");
        QVERIFY(QFile::copy(encode(QStringLiteral("locked-src.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")}), path));
        const TagChange change = changeOf(path, QStringLiteral("Blues"));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                                                  | QFileDevice::ExeGroup));
        const QByteArray before = bytesOf(path);
        const TagWriter::Report report = TagWriter::apply({change}, m_dir.filePath(QStringLiteral("locked.jsonl")));
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7700));
        QCOMPARE(report.written, 0);
        QVERIFY2(report.skipped.size() == 1 && report.skipped.first().contains(QStringLiteral("song.flac: read-only")),
                 qPrintable(report.skipped.join(u'\n')));
        QCOMPARE(bytesOf(path), before);
    }

    // A file on a read-only medium (a tmpfs remounted read-only, where root may mount).
    void readOnlyMediumIsSkipped()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to mount a read-only file system");
        const QString mountPoint = m_dir.filePath(QStringLiteral("ro-medium"));
        QDir().mkpath(mountPoint);
        QString log;
        if (SharedData::runProgram(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                             QStringLiteral("size=4m"), QStringLiteral("genrelab-ro"), mountPoint}, &log) != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs here: ") + log.trimmed()));
        const auto unmount = qScopeGuard([&] { SharedData::runProgram(QStringLiteral("umount"), {mountPoint}); });
        const QString path = mountPoint + QStringLiteral("/song.flac");
        QVERIFY(QFile::copy(encode(QStringLiteral("medium-src.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")}), path));
        const TagChange change = changeOf(path, QStringLiteral("Blues"));
        QCOMPARE(SharedData::runProgram(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,ro"), mountPoint}, &log), 0);
        const TagWriter::Report report = TagWriter::apply({change}, m_dir.filePath(QStringLiteral("medium.jsonl")));
        QCOMPARE(report.written, 0);
        QVERIFY2(report.skipped.size() == 1 && report.skipped.first().contains(QStringLiteral("read-only medium")),
                 qPrintable(report.skipped.join(u'\n')));
        QCOMPARE(TagFile::read(path).genre, QStringLiteral("Rock"));
    }

    // The state a kill leaves in the middle of an in-place write: the verified tagged
    // copy under its pending name, the original part written, the change journaled.
    // Undo completes the write from the pending copy, then restores the old genre.
    void interruptedInPlaceWriteIsCompletedThenUndone()
    {
        const QString first = encode(QStringLiteral("pending-a.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        QVERIFY(!first.isEmpty());
        const QString second = m_dir.filePath(QStringLiteral("pending-b.flac"));
        QCOMPARE(::link(QFile::encodeName(first).constData(), QFile::encodeName(second).constData()), 0);
        const QByteArray packets = AudioChecksum::ofPackets(first);
        const ino_t inode = statOf(first).st_ino;
        const QString journal = m_dir.filePath(QStringLiteral("pending.jsonl"));
        TagJournal(journal).record(changeOf(first, QStringLiteral("Disco")));

        const QString tagged = m_dir.filePath(QStringLiteral("tagged-elsewhere.flac"));
        QVERIFY(QFile::copy(first, tagged));
        TagFile::writeGenre(tagged, QStringLiteral("Disco"));
        const QByteArray oldBytes = bytesOf(first), newBytes = bytesOf(tagged);
        QVERIFY(QFile::rename(tagged, TagFile::pendingPathFor(first)));
        qsizetype differs = 0;
        while (differs < oldBytes.size() && oldBytes[differs] == newBytes[differs])
            ++differs;
        QFile original(first);
        QVERIFY(original.open(QIODevice::ReadWrite));
        original.write(newBytes.left(differs + 3)); // stopped just inside the changed bytes
        original.close();
        QVERIFY(bytesOf(first) != oldBytes && bytesOf(first) != newBytes);

        const TagWriter::Report report = TagWriter::undo(journal);
        QVERIFY2(report.written == 1, qPrintable(report.skipped.join(u'\n')));
        for (const QString &name : {first, second}) {
            QCOMPARE(statOf(name).st_ino, inode);
            QCOMPARE(statOf(name).st_nlink, nlink_t(2));
            QCOMPARE(TagFile::read(name).genre, QStringLiteral("Rock"));
        }
        QCOMPARE(AudioChecksum::ofPackets(second), packets);
        QVERIFY(!QFileInfo::exists(TagFile::pendingPathFor(first)));
        QVERIFY(!TagFile::finishInterrupted(first)); // nothing left to complete
    }

    // Real kills: a child process writes a library of hard-linked files in place and is
    // killed with SIGKILL at several moments. Every file then decodes to the same audio;
    // undo completes any interrupted write and restores every old genre, through both
    // names of each file, leaving no working or pending copy behind.
    void killedWhileWritingInPlaceDamagesNothing()
    {
        const QString source = encode(QStringLiteral("kill-src.flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")});
        QVERIFY(!source.isEmpty());
        const QByteArray packets = AudioChecksum::ofPackets(source);
        int interrupted = 0;
        for (const int delayMs : {0, 10, 30, 60, 120, 250}) {
            const QString folder = m_dir.filePath(QStringLiteral("kill-%1").arg(delayMs));
            QDir().mkpath(folder + QStringLiteral("/other"));
            std::vector<TagChange> changes;
            for (int i = 0; i < 20; ++i) {
                const QString path = folder + QStringLiteral("/t%1.flac").arg(i);
                QVERIFY(QFile::copy(source, path));
                QCOMPARE(::link(QFile::encodeName(path).constData(),
                                QFile::encodeName(folder + QStringLiteral("/other/t%1.flac").arg(i)).constData()), 0);
                changes.push_back(changeOf(path, QStringLiteral("Metal")));
            }
            const QString journal = folder + QStringLiteral(".jsonl");
            const pid_t child = ::fork();
            if (child == 0) {
                TagWriter::apply(changes, journal);
                ::_exit(0);
            }
            QElapsedTimer waited;
            waited.start();
            while (!QFile::exists(journal) && waited.elapsed() < 20000 && ::waitpid(child, nullptr, WNOHANG) == 0)
                QThread::usleep(100);
            QThread::msleep(ulong(delayMs));
            ::kill(child, SIGKILL);
            ::waitpid(child, nullptr, 0);

            int written = 0, torn = 0;
            for (const TagChange &change : changes) {
                try {
                    written += TagFile::read(change.path).genre == QStringLiteral("Metal");
                } catch (const Error &) {
                    ++torn; // killed while copying back: completed by undo
                }
            }
            const TagWriter::Report undone = TagWriter::undo(journal);
            QVERIFY2(undone.skipped.isEmpty(), qPrintable(undone.skipped.join(u'\n')));
            for (const TagChange &change : changes) {
                const QString other = folder + QStringLiteral("/other/") + QFileInfo(change.path).fileName();
                QCOMPARE(statOf(change.path).st_ino, statOf(other).st_ino);
                QCOMPARE(TagFile::read(other).genre, QStringLiteral("Rock"));
                QCOMPARE(AudioChecksum::ofPackets(other), packets);
            }
            QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden).size(), 20); // no working or pending copy left
            qInfo("killed %d ms into writing in place: %d of 20 written, %d unreadable, %d restored", delayMs, written, torn,
                  undone.written);
            interrupted += written < 20;
        }
        QVERIFY2(interrupted > 0, "no kill landed in the middle of the writes");
    }
};

QTEST_GUILESS_MAIN(TestTagWriter)
#include "tst_tagwriter.moc"
