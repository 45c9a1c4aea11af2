// One home for the user's data: every location under the name "genrelab" in the XDG
// base directories, and the data of earlier versions moved there on first start with
// nothing lost — not even when a name is already taken.
#include "library/TagJournal.h"
#include "util/DataHome.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;

class TestDataHome : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;

    QString path(const QString &relative) const { return m_home.filePath(relative); }

    static void write(const QString &file, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }

    static QByteArray read(const QString &file)
    {
        QFile in(file);
        return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // QStandardPaths reads these on every call: the whole test lives in m_home.
        qputenv("XDG_DATA_HOME", path(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CACHE_HOME", path(QStringLiteral("cache")).toUtf8());
        qputenv("XDG_CONFIG_HOME", path(QStringLiteral("config")).toUtf8());
    }

    void everyLocationIsUnderOneName()
    {
        QCOMPARE(DataHome::dataDir(), path(QStringLiteral("data/genrelab")));
        QCOMPARE(DataHome::runsDir(), path(QStringLiteral("data/genrelab/runs")));
        QCOMPARE(DataHome::journalsDir(), path(QStringLiteral("data/genrelab/journals")));
        QCOMPARE(DataHome::librariesDir(), path(QStringLiteral("data/genrelab/libraries")));
        QCOMPARE(DataHome::featuresDir(), path(QStringLiteral("cache/genrelab/features")));
        QCOMPARE(DataHome::demoDir(), path(QStringLiteral("cache/genrelab/demo")));
        QCOMPARE(DataHome::settingsFile(), path(QStringLiteral("config/genrelab/genrelab.conf")));
        QVERIFY(DataHome::migrate().isEmpty()); // nothing old: nothing to do
    }

    void earlierDataMovesLosingNothing()
    {
        // What earlier versions left: GUI runs and journals under "GenreLab/GenreLab",
        // CLI journals beside the catalogs, the demo among the data, settings under a
        // third name.
        const QString oldDemo = path(QStringLiteral("data/genrelab/demo"));
        const QString oldRun = path(QStringLiteral("data/GenreLab/GenreLab/runs/demo-20260101-101010"));
        write(oldRun + QStringLiteral("/config.json"),
              QJsonDocument(QJsonObject{{QStringLiteral("dataset"), oldDemo}, {QStringLiteral("epochs"), 3}}).toJson());
        write(oldRun + QStringLiteral("/metrics.csv"), "epoch,split,loss,accuracy,seconds\n1,train,1,0.5,1\n");
        const QString guiJournal = QStringLiteral("tags-20260101-101010-000.jsonl");
        write(path(QStringLiteral("data/GenreLab/GenreLab/journals/")) + guiJournal, "{\"path\":\"/m/a.mp3\",\"old\":\"\",\"new\":\"Rock\"}\n");
        const QString cliJournal = QStringLiteral("tags-20260102-101010-000.jsonl");
        write(path(QStringLiteral("data/genrelab/libraries/")) + cliJournal, "{\"path\":\"/m/b.mp3\",\"old\":\"\",\"new\":\"Jazz\"}\n");
        write(path(QStringLiteral("data/genrelab/libraries/music-0123456789ab.sqlite")), "SQLite format 3");
        write(oldDemo + QStringLiteral("/blues/blues.00000.wav"), "RIFF");
        // A journal of the same name already in the new place: both must survive.
        write(DataHome::journalsDir() + u'/' + guiJournal, "already here\n");
        {
            QSettings old(path(QStringLiteral("config/GenreLab/GenreLab.conf")), QSettings::IniFormat);
            old.setValue(QStringLiteral("datasets/recent"), QStringList{oldDemo, QStringLiteral("/music/gtzan")});
            old.setValue(QStringLiteral("tag/folder"), QStringLiteral("/music"));
            old.setValue(QStringLiteral("train/epochs"), 7);
        }

        const QStringList report = DataHome::migrate();
        QVERIFY2(!report.isEmpty(), "a migration says what it moved");
        QVERIFY2(!report.join(u'\n').contains(QStringLiteral("left ")), qPrintable(report.join(u'\n')));

        const QString newRun = DataHome::runsDir() + QStringLiteral("/demo-20260101-101010");
        QVERIFY(QFile::exists(newRun + QStringLiteral("/metrics.csv")));
        // The run's dataset moved with the demo, and its config says so.
        QCOMPARE(QJsonDocument::fromJson(read(newRun + QStringLiteral("/config.json"))).object().value(QStringLiteral("dataset")).toString(),
                 DataHome::demoDir());
        QCOMPARE(read(DataHome::journalsDir() + u'/' + guiJournal), QByteArray("already here\n"));
        QCOMPARE(read(DataHome::journalsDir() + u'/' + guiJournal + QStringLiteral(".moved-1")),
                 QByteArray("{\"path\":\"/m/a.mp3\",\"old\":\"\",\"new\":\"Rock\"}\n"));
        QCOMPARE(read(DataHome::journalsDir() + u'/' + cliJournal), QByteArray("{\"path\":\"/m/b.mp3\",\"old\":\"\",\"new\":\"Jazz\"}\n"));
        QCOMPARE(read(DataHome::librariesDir() + QStringLiteral("/music-0123456789ab.sqlite")), QByteArray("SQLite format 3"));
        QCOMPARE(read(DataHome::demoDir() + QStringLiteral("/blues/blues.00000.wav")), QByteArray("RIFF"));
        QVERIFY(!QFileInfo::exists(oldDemo));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("data/GenreLab"))));
        // The GUI's "Undo last write" finds the newest journal, the CLI's included.
        QCOMPARE(TagJournal::newestIn(DataHome::journalsDir()), DataHome::journalsDir() + u'/' + cliJournal);

        const QSettings settings(DataHome::settingsFile(), QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("datasets/recent")).toStringList(),
                 (QStringList{DataHome::demoDir(), QStringLiteral("/music/gtzan")}));
        QCOMPARE(settings.value(QStringLiteral("tag/folder")).toString(), QStringLiteral("/music"));
        QCOMPARE(settings.value(QStringLiteral("train/epochs")).toInt(), 7);
        QVERIFY(QFile::exists(path(QStringLiteral("config/GenreLab/GenreLab.conf.moved-to-genrelab"))));

        QVERIFY2(DataHome::migrate().isEmpty(), "the second start has nothing to move");
    }
};

QTEST_GUILESS_MAIN(TestDataHome)
#include "tst_datahome.moc"
