// genrelab-cli dataset (issue 21): a flat library labelled by its genre tags, described
// as text and as the documented genrelab.dataset/1 JSON, with the artist-aware split;
// refusals for splits and label sources the folder cannot have.
#include "TaggedLibraryFixture.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab::test;

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(GENRELAB_CLI), arguments);
    Result result;
    if (!process.waitForFinished(120000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

class TestDatasetCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_library;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_library = m_dir.filePath(QStringLiteral("library"));
        TaggedLibraryFixture fixture(m_dir.filePath(QStringLiteral("scratch")));
        // Three genres of 10 tracks by 5 artists each (spelt two ways), 2 jazz tracks (too
        // few), 2 untagged: all in one folder, no label sub-folders.
        const QStringList genres[] = {{QStringLiteral("Soul"), QStringLiteral("soul")},
                                      {QStringLiteral("Hip-Hop"), QStringLiteral("Hip Hop")},
                                      {QStringLiteral("Reggae"), QStringLiteral("REGGAE")}};
        for (int g = 0; g < 3; ++g) {
            for (int i = 0; i < 10; ++i)
                QVERIFY(fixture.write(m_library + QStringLiteral("/g%1-%2.wav").arg(g).arg(i), {genres[g][i % 2]},
                                      QStringLiteral("Artist %1%2").arg(g).arg(i % 5)));
        }
        QVERIFY(fixture.write(m_library + QStringLiteral("/jazz1.wav"), {QStringLiteral("Jazz")}, QStringLiteral("J")));
        QVERIFY(fixture.write(m_library + QStringLiteral("/jazz2.wav"), {QStringLiteral("Jazz")}, QStringLiteral("J")));
        QVERIFY(fixture.write(m_library + QStringLiteral("/plain1.wav"), {}));
        QVERIFY(fixture.write(m_library + QStringLiteral("/plain2.wav"), {}));
    }

    void json()
    {
        const Result result = cli({QStringLiteral("dataset"), m_library, QStringLiteral("--json"), QStringLiteral("--split"),
                                   QStringLiteral("artist")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(result.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(json.value(QStringLiteral("schema")).toString(), QStringLiteral("genrelab.dataset/1"));
        QCOMPARE(json.value(QStringLiteral("layout")).toString(), QStringLiteral("tags"));
        QCOMPARE(json.value(QStringLiteral("labels")).toString(), QStringLiteral("tags"));
        const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), 3);
        QCOMPARE(classes[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Hip Hop"));
        for (const QJsonValue &entry : classes)
            QCOMPARE(entry.toObject().value(QStringLiteral("tracks")).toInt(), 10);
        const QJsonArray leftOut = json.value(QStringLiteral("left_out")).toArray();
        QCOMPARE(leftOut.size(), 1);
        QCOMPARE(leftOut[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Jazz"));
        QCOMPARE(leftOut[0].toObject().value(QStringLiteral("tracks")).toInt(), 2);
        QVERIFY(!leftOut[0].toObject().value(QStringLiteral("reason")).toString().isEmpty());
        QCOMPARE(json.value(QStringLiteral("unlabelled")).toInt(), 4);
        QVERIFY(json.value(QStringLiteral("unreadable")).isArray());
        QVERIFY(json.value(QStringLiteral("missing")).isArray());
        QCOMPARE(json.value(QStringLiteral("split")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("artist"));

        const QJsonArray tracks = json.value(QStringLiteral("tracks")).toArray();
        QCOMPARE(tracks.size(), 34);
        QHash<QString, QString> sideOfArtist;
        QHash<QString, int> perPart;
        for (const QJsonValue &value : tracks) {
            const QJsonObject track = value.toObject();
            QVERIFY(track.value(QStringLiteral("path")).toString().startsWith(m_library));
            const QString split = track.value(QStringLiteral("split")).toString();
            if (track.value(QStringLiteral("label")).isNull()) {
                QCOMPARE(split, QStringLiteral("none"));
                continue;
            }
            const QString artist = track.value(QStringLiteral("artist")).toString();
            QVERIFY(!artist.isEmpty());
            QVERIFY2(sideOfArtist.value(artist, split) == split, qPrintable(artist + QStringLiteral(" on two sides")));
            sideOfArtist.insert(artist, split);
            ++perPart[split];
        }
        QCOMPARE(perPart.value(QStringLiteral("train")) + perPart.value(QStringLiteral("valid")) + perPart.value(QStringLiteral("test")), 30);
        QVERIFY(perPart.value(QStringLiteral("train")) >= 15);
        QVERIFY(perPart.value(QStringLiteral("test")) > 0);
    }

    void text()
    {
        const Result result = cli({QStringLiteral("dataset"), m_library});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QString out = QString::fromUtf8(result.out);
        QVERIFY2(out.contains(QLatin1String("labels from tags, 34 tracks")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("Jazz: 2 tracks, fewer than 5 tracks")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("unlabelled: 4")), qPrintable(out));
    }

    void genreWords()
    {
        const QString words = m_dir.filePath(QStringLiteral("words.txt"));
        QFile file(words);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# my genres\njazz=Soul\n");
        file.close();
        const Result result = cli({QStringLiteral("dataset"), m_library, QStringLiteral("--map"), words, QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(json.value(QStringLiteral("left_out")).toArray().size(), 0);
        QCOMPARE(json.value(QStringLiteral("unlabelled")).toInt(), 2);
        const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes[2].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Soul"));
        QCOMPARE(classes[2].toObject().value(QStringLiteral("tracks")).toInt(), 12);
        file.open(QIODevice::WriteOnly);
        file.write("not a word line\n");
        file.close();
        const Result bad = cli({QStringLiteral("dataset"), m_library, QStringLiteral("--map"), words});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("line 1"), bad.err.constData());
    }

    void trainFromTags()
    {
        // The loop: train from a library's tags with every artist on one side, then score
        // the run, which reopens its dataset the same way (labels from tags).
        QTemporaryDir dir;
        TaggedLibraryFixture fixture(dir.filePath(QStringLiteral("scratch")), 3.1);
        const QString library = dir.filePath(QStringLiteral("music"));
        const QStringList genres = {QStringLiteral("Soul"), QStringLiteral("Hip Hop"), QStringLiteral("Reggae")};
        for (int g = 0; g < 3; ++g)
            for (int i = 0; i < 5; ++i)
                QVERIFY(fixture.write(library + QStringLiteral("/%1-%2.wav").arg(g).arg(i), {genres[g]},
                                      QStringLiteral("Artist %1%2").arg(g).arg(i)));
        QVERIFY(fixture.write(library + QStringLiteral("/untagged.wav"), {}));
        const QString run = dir.filePath(QStringLiteral("run"));
        const Result trained = cli({QStringLiteral("train"), library, QStringLiteral("--labels"), QStringLiteral("tags"),
                                    QStringLiteral("--split"), QStringLiteral("artist"), QStringLiteral("--epochs"),
                                    QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"), run});
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        QVERIFY2(trained.out.contains("artist split"), trained.out.constData());
        QVERIFY2(trained.out.contains("1 track(s) without a class, never trained on"), trained.out.constData());
        QFile configFile(run + QStringLiteral("/config.json"));
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
        QCOMPARE(config.value(QStringLiteral("split")).toString(), QStringLiteral("artist"));
        QCOMPARE(config.value(QStringLiteral("dataset_labels")).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("tags"));
        QCOMPARE(config.value(QStringLiteral("labels")).toArray().size(), 3);
        const Result evaluated = cli({QStringLiteral("evaluate"), run, QStringLiteral("--split"), QStringLiteral("all")});
        QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
    }

    // --windows: tags default to 10 spread windows per track, "all" takes every snippet,
    // anything else is refused as a usage mistake.
    void windows()
    {
        const auto windowsOf = [this](const QStringList &extra) {
            const Result result = cli(QStringList{QStringLiteral("dataset"), m_library, QStringLiteral("--json")} + extra);
            return QJsonDocument::fromJson(result.out).object().value(QStringLiteral("windows")).toString();
        };
        QCOMPARE(windowsOf({}), QStringLiteral("10"));
        QCOMPARE(windowsOf({QStringLiteral("--windows"), QStringLiteral("all")}), QStringLiteral("all"));
        QCOMPARE(windowsOf({QStringLiteral("--windows"), QStringLiteral("4")}), QStringLiteral("4"));
        for (const QString &bad : {QStringLiteral("0"), QStringLiteral("every"), QStringLiteral("1001")}) {
            const Result refused = cli({QStringLiteral("dataset"), m_library, QStringLiteral("--windows"), bad});
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains("--windows"), refused.err.constData());
        }
    }

    void refusals()
    {
        const Result official = cli({QStringLiteral("dataset"), m_library, QStringLiteral("--split"), QStringLiteral("official")});
        QCOMPARE(official.exitCode, 2);
        QVERIFY2(official.err.contains("FMA"), official.err.constData());
        const Result notFma = cli({QStringLiteral("dataset"), m_library, QStringLiteral("--labels"), QStringLiteral("fma")});
        QCOMPARE(notFma.exitCode, 1);
        QVERIFY2(notFma.err.contains("tracks.csv"), notFma.err.constData());
        QCOMPARE(cli({QStringLiteral("dataset"), m_library, QStringLiteral("--split"), QStringLiteral("bogus")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("dataset"), m_library, QStringLiteral("--min-tracks"), QStringLiteral("0")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("dataset"), m_dir.filePath(QStringLiteral("nowhere"))}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestDatasetCli)
#include "tst_datasetcli.moc"
