// DatasetLoader on the layouts people have: GTZAN's (original, re-distributed, parent
// folder), a folder per label, an unlabelled folder, and on the real gtzan-mini clips.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "audio/AudioDecoder.h"
#include "data/AudioFileScanner.h"
#include "data/DatasetLoader.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace genrelab;
using namespace genrelab::test;

class TestDatasetLoader : public QObject
{
    Q_OBJECT

    static void expectError(const QString &path, Error::Kind kind, DatasetLoader::Expect expect = DatasetLoader::Expect::Auto)
    {
        try {
            DatasetLoader::open(path, expect);
            QFAIL("no error");
        } catch (const Error &error) {
            QVERIFY2(error.kind() == kind, qPrintable(error.message()));
        }
    }

private Q_SLOTS:
    void gtzanLayouts_data()
    {
        QTest::addColumn<QString>("subfolder");
        QTest::addColumn<QString>("pick");
        QTest::newRow("genres/, parent picked") << QStringLiteral("genres") << QString();
        QTest::newRow("genres_original/, parent picked") << QStringLiteral("genres_original") << QString();
        QTest::newRow("Data/genres_original (Kaggle)") << QStringLiteral("Data/genres_original") << QString();
        QTest::newRow("genre folders picked directly") << QStringLiteral("genres") << QStringLiteral("genres");
    }

    void gtzanLayouts()
    {
        QFETCH(QString, subfolder);
        QFETCH(QString, pick);
        QTemporaryDir dir;
        const QString root = dir.filePath(subfolder);
        DatasetFixture::writeLabelled(root, {QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")}, 2, 0.1);
        const Dataset dataset = DatasetLoader::open(pick.isEmpty() ? dir.path() : dir.filePath(pick));
        QCOMPARE(dataset.kind(), Dataset::Kind::Gtzan);
        QCOMPARE(dataset.labels(), (QStringList{QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")}));
        QCOMPARE(dataset.trackCount(), 6);
        QCOMPARE(dataset.tracks()[2].label, QStringLiteral("jazz"));
        QCOMPARE(dataset.tracks()[2].relativePath, QStringLiteral("jazz/jazz.00000.wav"));
        QCOMPARE(dataset.tracks()[2].stem(), QStringLiteral("jazz.00000"));
        QCOMPARE(dataset.findByStem(QStringLiteral("rock.00001")), 5);
    }

    void folderPerLabelIsRecursive()
    {
        QTemporaryDir dir;
        DatasetFixture::writeLabelled(dir.filePath(QStringLiteral("Chiptune/2019")), {QStringLiteral("a")}, 2, 0.1);
        DatasetFixture::writeLabelled(dir.filePath(QStringLiteral("Fado")), {QStringLiteral("b")}, 3, 0.1);
        DatasetFixture::writeLabelled(dir.path(), {QStringLiteral("Empty label")}, 0, 0.1);
        const Dataset dataset = DatasetLoader::open(dir.path());
        QCOMPARE(dataset.kind(), Dataset::Kind::LabelledFolder);
        QCOMPARE(dataset.labels(), (QStringList{QStringLiteral("Chiptune"), QStringLiteral("Fado")}));
        QCOMPARE(dataset.countsPerLabel(), (std::vector<int>{2, 3}));
    }

    void unlabelledFolder()
    {
        QTemporaryDir dir;
        DatasetFixture::writeLabelled(dir.filePath(QStringLiteral("music")), {QStringLiteral("album")}, 3, 0.1);
        const Dataset dataset = DatasetLoader::open(dir.path());
        QCOMPARE(dataset.kind(), Dataset::Kind::UnlabelledFolder);
        QCOMPARE(dataset.trackCount(), 3);
        QCOMPARE(dataset.tracks()[0].labelIndex, -1);
        QVERIFY(!dataset.isLabelled());
        // Asked for explicitly, even a labelled layout is read as plain files.
        DatasetFixture::writeLabelled(dir.filePath(QStringLiteral("music")), {QStringLiteral("other")}, 1, 0.1);
        QCOMPARE(DatasetLoader::open(dir.path(), DatasetLoader::Expect::Unlabelled).trackCount(), 4);
    }

    void badFolders()
    {
        QTemporaryDir dir;
        expectError(dir.filePath(QStringLiteral("nowhere")), Error::Kind::FileMissing);
        expectError(dir.path(), Error::Kind::NotAudio); // empty
        DatasetFixture::writeLabelled(dir.path(), {QStringLiteral("only")}, 2, 0.1);
        expectError(dir.path(), Error::Kind::InvalidArgument, DatasetLoader::Expect::Labelled);
    }

    void symlinkLoopDoesNotHang()
    {
        QTemporaryDir dir;
        DatasetFixture::writeLabelled(dir.path(), {QStringLiteral("a"), QStringLiteral("b")}, 1, 0.1);
        QVERIFY(QFile::link(dir.path(), dir.filePath(QStringLiteral("a/loop"))));
        QCOMPARE(DatasetLoader::open(dir.path()).trackCount(), 2);
    }

    // Tracks never vanish without a word: a name that is not UTF-8 and a sub-folder the
    // user may not read are listed, and decoding each says why it cannot be used.
    void unreadableNamesAndFoldersAreListedWithTheReason()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7777)));
        const QStringList files = DatasetFixture::writeLabelled(dir.path(), {QStringLiteral("jazz"), QStringLiteral("metal")}, 1, 3.5);
        const QByteArray latin1Name = QFile::encodeName(dir.path()) + "/jazz/caf\xe9.wav";
        QVERIFY(QFile::copy(files.first(), QFile::decodeName(QFile::encodeName(dir.path()) + "/jazz/plain.wav")));
        QCOMPARE(::rename(QFile::encodeName(dir.path() + QStringLiteral("/jazz/plain.wav")).constData(), latin1Name.constData()), 0);

        const Dataset dataset = DatasetLoader::open(dir.path());
        QCOMPARE(dataset.trackCount(), 3);
        QString badName;
        for (const Track &track : dataset.tracks())
            if (track.path.contains(QChar::ReplacementCharacter))
                badName = track.path;
        QVERIFY2(!badName.isEmpty(), "the file with a Latin-1 name vanished");
        try {
            AudioDecoder decoder(badName);
            QFAIL("a name that cannot be opened was opened");
        } catch (const Error &error) {
            QVERIFY2(error.cause().contains(QStringLiteral("not valid UTF-8")), qPrintable(error.message()));
        }

        // As an ordinary user, a label folder only root may read: listed, with the reason.
        if (::geteuid() != 0)
            QSKIP("needs root to act as another user on a folder it may not read");
        const QString metal = dir.filePath(QStringLiteral("metal"));
        QVERIFY(QFile::setPermissions(metal, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        const pid_t child = ::fork();
        if (child == 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(99);
            try {
                const Dataset asUser = DatasetLoader::open(dir.path());
                if (!asUser.labels().contains(QStringLiteral("metal")))
                    ::_exit(2); // the label vanished
                const QStringList listed = AudioFileScanner::scan(dir.path());
                if (!listed.contains(metal))
                    ::_exit(3);
                try {
                    AudioDecoder decoder(metal);
                    ::_exit(4);
                } catch (const Error &error) {
                    ::_exit(error.cause().contains(QStringLiteral("is a folder you may not read")) ? 0 : 5);
                }
            } catch (...) {
                ::_exit(6);
            }
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        QFile::setPermissions(metal, QFileDevice::Permissions(0x7777));
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    void realGtzanMini()
    {
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("../shared/data"))));
        const Dataset mini = DatasetLoader::open(data + QStringLiteral("/gtzan-mini"));
        QCOMPARE(mini.kind(), Dataset::Kind::Gtzan);
        QCOMPARE(mini.labels(), DatasetLoader::gtzanGenres());
        QCOMPARE(mini.countsPerLabel(), std::vector<int>(10, 7));
        const Dataset au = DatasetLoader::open(data + QStringLiteral("/gtzan-au"));
        QCOMPARE(au.trackCount(), 10);
        QVERIFY(au.tracks()[0].path.endsWith(QStringLiteral(".au")));
    }
};

QTEST_GUILESS_MAIN(TestDatasetLoader)
#include "tst_datasetloader.moc"
