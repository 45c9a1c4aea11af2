// Tag writing on real files of four formats that the test encodes with ffmpeg: the
// genre changes and reads back, the ID3v2 version is kept, the audio is bit-identical
// (compressed packets and decoded samples) after a write and after an undo, and files
// that must not be written — read-only, changed on disk, edited since, not music — are
// skipped with their reason while the others go on.
#include "audio/AudioChecksum.h"
#include "library/TagFile.h"
#include "library/TagJournal.h"
#include "library/TagWriter.h"
#include "util/Error.h"
#include "SharedData.h"
#include "WavWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;
using namespace genrelab::test;

namespace {

TagChange changeOf(const QString &path, const QString &newGenre)
{
    const QFileInfo info(path);
    return {path, TagFile::read(path).genre, newGenre, info.size(), info.lastModified()};
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
};

QTEST_GUILESS_MAIN(TestTagWriter)
#include "tst_tagwriter.moc"
