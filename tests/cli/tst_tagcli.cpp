// genrelab-cli tag as a user runs it, on a small FLAC library and an untrained model:
// --min-confidence takes 0.4, 40% and 40 alike and refuses what it cannot read; --write
// reports the same categories as the dry run; tags get the conventional spelling of
// each genre unless --map says otherwise; the CSV and the playlists follow the decided
// genres (below the threshold: in no playlist), in UTF-8 .m3u8 where they hold non-ASCII.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "library/TagFile.h"
#include "ml/BundleConverter.h"
#include "util/Csv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace genrelab;
using namespace genrelab::test;

namespace {

// One row of the tag command's CSV, by column name.
using CsvRow = QMap<QString, QString>;

QList<CsvRow> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QStringList> records = csv::parse(QString::fromUtf8(file.readAll()));
    const QStringList header = records.value(0);
    QList<CsvRow> rows;
    for (qsizetype n = 1; n < records.size(); ++n) {
        CsvRow row;
        for (int c = 0; c < header.size(); ++c)
            row.insert(header[c], records[n].value(c));
        rows << row;
    }
    return rows;
}

} // namespace

class TestTagCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model, m_pristine;
    int m_libraries = 0;

    int cli(const QStringList &arguments, QString *output)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output);
    }

    // A fresh copy of the pristine library with its own catalog; returns the arguments
    // every tag run on it starts with.
    QStringList library(QString *folder = nullptr)
    {
        const QString name = QStringLiteral("library-%1").arg(++m_libraries);
        const QString music = m_dir.filePath(name);
        QDir().mkpath(music);
        for (const QString &file : QDir(m_pristine).entryList(QDir::Files))
            QFile::copy(m_pristine + u'/' + file, music + u'/' + file);
        if (folder)
            *folder = music;
        return {QStringLiteral("tag"), m_model, music, QStringLiteral("--catalog"), m_dir.filePath(name + QStringLiteral(".sqlite"))};
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("needs the ffmpeg command to encode FLAC files");
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("hiphop"), QStringLiteral("rock")}).write(m_model);
        m_pristine = m_dir.filePath(QStringLiteral("pristine"));
        QDir().mkpath(m_pristine);
        const QStringList tones = DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("src")),
                                                                {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 2, 3.5);
        for (int i = 0; i < tones.size(); ++i) {
            // One name beyond ASCII: its playlist must be UTF-8 (.m3u8).
            const QString name = i == 0 ? QStringLiteral("café") : QFileInfo(tones[i]).completeBaseName();
            QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), tones[i],
                                                     QStringLiteral("-metadata"), QStringLiteral("genre=Unknown"),
                                                     m_pristine + u'/' + name + QStringLiteral(".flac")}), 0);
        }
    }

    void minConfidenceForms_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("meaning"); // empty: refused
        QTest::newRow("fraction") << QStringLiteral("0.4") << QStringLiteral("40 %");
        QTest::newRow("percent") << QStringLiteral("40%") << QStringLiteral("40 %");
        QTest::newRow("whole percent") << QStringLiteral("40") << QStringLiteral("40 %");
        QTest::newRow("one is all") << QStringLiteral("1") << QStringLiteral("100 %");
        QTest::newRow("small percent") << QStringLiteral("1.5%") << QStringLiteral("1.5 %");
        QTest::newRow("between 1 and 2") << QStringLiteral("1.5") << QString();
        QTest::newRow("not whole") << QStringLiteral("40.5") << QString();
        QTest::newRow("negative") << QStringLiteral("-0.1") << QString();
        QTest::newRow("over 100") << QStringLiteral("101") << QString();
        QTest::newRow("over 100 %") << QStringLiteral("150%") << QString();
        QTest::newRow("words") << QStringLiteral("high") << QString();
        QTest::newRow("not a number") << QStringLiteral("nan") << QString();
    }

    void minConfidenceForms()
    {
        QFETCH(QString, value);
        QFETCH(QString, meaning);
        static const QStringList arguments = library();
        QString log;
        const int code = cli(arguments + QStringList{QStringLiteral("--min-confidence"), value}, &log);
        if (meaning.isEmpty()) {
            QCOMPARE(code, 2);
            QVERIFY2(log.contains(QStringLiteral("--min-confidence takes")) && log.contains(QStringLiteral("(40%)"))
                         && log.contains(u'"' + value + u'"'),
                     qPrintable(log));
        } else {
            QVERIFY2(code == 0, qPrintable(log));
            QVERIFY2(log.contains(QStringLiteral(" below %1 confidence").arg(meaning)), qPrintable(log));
        }
    }

    void helpShowsTheForms()
    {
        QString log;
        QCOMPARE(cli({QStringLiteral("tag"), QStringLiteral("--help")}, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("40%")) && log.contains(QStringLiteral("0.4")), qPrintable(log));
    }

    // Nothing sure enough: the write says so in the dry run's words, not "0 written, 0 skipped".
    void writeReportsWhatTheDryRunReports()
    {
        const QStringList arguments = library() + QStringList{QStringLiteral("--min-confidence"), QStringLiteral("1")};
        QString dryRun, write;
        QVERIFY2(cli(arguments, &dryRun) == 0, qPrintable(dryRun));
        const QString counts = QStringLiteral("0 file(s) %1, 0 already right, 6 below 100 % confidence, 0 failed to analyse, 0 skipped");
        QVERIFY2(cli(arguments + QStringList{QStringLiteral("--write"), QStringLiteral("--journal"), m_dir.filePath(QStringLiteral("none.jsonl"))},
                     &write) == 0,
                 qPrintable(write));
        QVERIFY2(write.contains(counts.arg(QStringLiteral("written"))), qPrintable(write));
        QVERIFY2(dryRun.contains(QStringLiteral("dry run: ") + counts.arg(QStringLiteral("will change"))), qPrintable(dryRun));
    }

    // No --map: "Hip-Hop", "Rock", "Blues"; with one, its words, even a raw class name.
    void conventionalSpellingUnlessMapped()
    {
        QString music;
        const QStringList arguments = library(&music) + QStringList{QStringLiteral("--min-confidence"), QStringLiteral("0"),
                                                                    QStringLiteral("--write"), QStringLiteral("--journal"),
                                                                    m_dir.filePath(QStringLiteral("conventional.jsonl"))};
        const QString csvPath = m_dir.filePath(QStringLiteral("conventional.csv"));
        QString log;
        QVERIFY2(cli(arguments + QStringList{QStringLiteral("--csv"), csvPath}, &log) == 0, qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("6 file(s) written")), qPrintable(log));
        const QList<CsvRow> rows = readCsv(csvPath);
        QCOMPARE(rows.size(), 6);
        for (const CsvRow &row : rows) {
            const QString genre = TagFile::read(row.value(QStringLiteral("path"))).genre;
            QVERIFY2(QStringList({QStringLiteral("Blues"), QStringLiteral("Hip-Hop"), QStringLiteral("Rock")}).contains(genre),
                     qPrintable(genre));
            QCOMPARE(row.value(QStringLiteral("decided")), genre);
        }

        const QString map = m_dir.filePath(QStringLiteral("mine.txt"));
        QFile out(map);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("blues=Le Blues\nhiphop=hiphop\nrock=Rock & Roll\n");
        out.close();
        QVERIFY2(cli(arguments + QStringList{QStringLiteral("--map"), map}, &log) == 0, qPrintable(log));
        for (const QString &name : QDir(music).entryList({QStringLiteral("*.flac")}, QDir::Files)) {
            const QString genre = TagFile::read(music + u'/' + name).genre;
            QVERIFY2(QStringList({QStringLiteral("Le Blues"), QStringLiteral("hiphop"), QStringLiteral("Rock & Roll")}).contains(genre),
                     qPrintable(genre));
        }
    }

    // Playlists and CSV hold the decided genres: tracks below the threshold are in no
    // playlist and have no decided genre; the others are in the playlist of their genre
    // in the map's words; a playlist with a non-ASCII path is UTF-8 .m3u8.
    void playlistsFollowTheDecisions()
    {
        const QStringList arguments = library();
        const QString all = m_dir.filePath(QStringLiteral("all.csv"));
        QString log;
        const QString everyList = m_dir.filePath(QStringLiteral("every-list"));
        QVERIFY2(cli(arguments + QStringList{QStringLiteral("--min-confidence"), QStringLiteral("0"), QStringLiteral("--csv"), all,
                                             QStringLiteral("--m3u"), everyList},
                     &log) == 0,
                 qPrintable(log));
        // Every track is sure enough at 0: the one with "café" in its path is in the one UTF-8 playlist.
        const QStringList utf8 = QDir(everyList).entryList({QStringLiteral("*.m3u8")}, QDir::Files);
        QCOMPARE(utf8.size(), 1);
        QFile cafe(everyList + u'/' + utf8.first());
        QVERIFY(cafe.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(cafe.readAll()).contains(QStringLiteral("/café.flac\n")));
        std::vector<double> confidences;
        for (const CsvRow &row : readCsv(all))
            confidences.push_back(row.value(QStringLiteral("confidence")).toDouble());
        std::sort(confidences.begin(), confidences.end());
        QCOMPARE(confidences.size(), std::size_t(6));
        // A threshold in the widest gap between two tracks' confidences: some are in, some out.
        std::size_t split = 0;
        double gap = 0.0;
        for (std::size_t i = 1; i < confidences.size(); ++i)
            if (confidences[i] - confidences[i - 1] > gap) {
                gap = confidences[i] - confidences[i - 1];
                split = i;
            }
        if (gap < 2e-4)
            QSKIP("the untrained model is equally sure of every track here");
        const double threshold = (confidences[split - 1] + confidences[split]) / 2.0;

        const QString decidedCsv = m_dir.filePath(QStringLiteral("decided.csv"));
        const QString lists = m_dir.filePath(QStringLiteral("lists"));
        const QString map = m_dir.filePath(QStringLiteral("words.txt"));
        QFile out(map);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("blues=Blue Notes\n"); // the others: conventional spellings
        out.close();
        QVERIFY2(cli(arguments + QStringList{QStringLiteral("--min-confidence"), QString::number(100.0 * threshold, 'f', 3) + u'%',
                                             QStringLiteral("--map"), map, QStringLiteral("--csv"), decidedCsv, QStringLiteral("--m3u"), lists},
                     &log) == 0,
                 qPrintable(log));
        QMap<QString, QString> playlistOf; // track path → playlist file name
        const QStringList playlists = QDir(lists).entryList(QDir::Files);
        QVERIFY(!playlists.isEmpty());
        for (const QString &name : playlists) {
            QFile file(lists + u'/' + name);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            QVERIFY(text.startsWith(QStringLiteral("#EXTM3U\n")));
            const bool ascii = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
            QCOMPARE(QFileInfo(name).suffix(), ascii ? QStringLiteral("m3u") : QStringLiteral("m3u8"));
            for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts))
                if (!line.startsWith(u'#')) {
                    QVERIFY2(!playlistOf.contains(line), qPrintable(line)); // in one playlist at most
                    playlistOf.insert(line, QFileInfo(name).completeBaseName());
                }
        }
        int below = 0;
        for (const CsvRow &row : readCsv(decidedCsv)) {
            const QString path = row.value(QStringLiteral("path"));
            const QString decided = row.value(QStringLiteral("decided"));
            if (row.value(QStringLiteral("confidence")).toDouble() < threshold) {
                ++below;
                QVERIFY2(decided.isEmpty(), qPrintable(path));
                QVERIFY2(!playlistOf.contains(path), qPrintable(path));
            } else {
                const QString suggested = row.value(QStringLiteral("suggested"));
                QVERIFY2(QStringList({QStringLiteral("Blue Notes"), QStringLiteral("Hip-Hop"), QStringLiteral("Rock")}).contains(decided),
                         qPrintable(decided));
                QCOMPARE(decided, suggested);
                QCOMPARE(playlistOf.value(path), decided);
            }
        }
        QCOMPARE(below, int(split));
        QVERIFY2(log.contains(QStringLiteral("%1 below").arg(split)), qPrintable(log));
    }
};

QTEST_GUILESS_MAIN(TestTagCli)
#include "tst_tagcli.moc"
