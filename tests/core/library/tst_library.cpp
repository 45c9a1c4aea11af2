// The library pipeline on real files: windows spread over whole tracks and equal to
// the contract's snippets there; the catalog analyses only what changed, prunes what
// is gone, keeps failures with their reasons and resumes an interrupted scan; genre
// words and their conventional spellings, playlists and CSV that follow the decided
// genres; and the CLI's tag command end to end — a dry run changes
// no byte, --write writes the suggested genres, --undo restores them.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "WavWriter.h"
#include "data/TrackFeaturizer.h"
#include "library/AnalysisQueue.h"
#include "library/GenreVocabulary.h"
#include "library/LibraryAnalyzer.h"
#include "library/LibraryCatalog.h"
#include "library/LibraryExport.h"
#include "library/TagFile.h"
#include "ml/BundleConverter.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace genrelab;
using namespace genrelab::test;

namespace {

const QStringList kClasses = {QStringLiteral("blues"), QStringLiteral("hiphop"), QStringLiteral("rock")};

// Cancels after the first report: an interrupted scan.
class CancelAfterFirstChunk : public ProgressReporter
{
public:
    void report(const QString &, double) override { requestCancel(); }
};

QByteArray digestOfFolder(const QString &folder)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &name : QDir(folder).entryList(QDir::Files, QDir::Name)) {
        QFile file(QDir(folder).filePath(name));
        file.open(QIODevice::ReadOnly);
        hash.addData(file.readAll());
    }
    return hash.result();
}

} // namespace

class TestLibrary : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

    QString music() const { return m_dir.filePath(QStringLiteral("music")); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained(kClasses).write(m_model);
        DatasetFixture::writeLabelled(music(), {QStringLiteral("a"), QStringLiteral("b")}, 3, 40.0);
        DatasetFixture::writeGarbage(music() + QStringLiteral("/a/broken.mp3"));
        WavWriter().write(music() + QStringLiteral("/b/short.wav"), WavWriter::sine(440, 0.5, 22050, 1.0));
    }

    void windowsSpreadOverTheWholeTrack()
    {
        const std::vector<double> long_ = WindowPolicy::spread(10).starts(240.0);
        QCOMPARE(long_.size(), std::size_t(10));
        QVERIFY(long_.front() > 5.0 && long_.back() > 200.0 && long_.back() + 3.0 <= 240.0);
        const std::vector<double> short_ = WindowPolicy::spread(10).starts(10.0);
        QCOMPARE(short_, (std::vector<double>{0.0, 3.0, 6.0})); // every snippet of a short track
        QVERIFY(WindowPolicy::spread(10).starts(2.0).empty());
        QCOMPARE(WindowPolicy::everySnippet().starts(10.0), (std::vector<double>{0.0, 3.0, 6.0}));

        // A window at 3 s is exactly snippet 1 as the dataset featuriser computes it.
        const QString path = music() + QStringLiteral("/a/a.00001.wav");
        const TrackFeatures windows = TrackFeaturizer(WindowPolicy::spread(13)).featurize(path);
        QVERIFY(windows.ok());
        QCOMPARE(windows.starts.size(), std::size_t(13));
        const std::vector<float> snippet1 = TrackFeaturizer().featurizeSnippet(path, 1);
        float worst = 0.0f;
        for (std::size_t i = 0; i < snippet1.size(); ++i)
            worst = std::max(worst, std::abs(snippet1[i] - windows.values[13000 + i]));
        QVERIFY2(worst < 1e-5f, qPrintable(QString::number(worst)));
    }

    // The hand-over between workers and the catalog's thread: a batch only once `chunk`
    // tracks are finished (or the workers are done), every track taken once, none after
    // a cancel.
    void analysisQueueHandsOverInBatches()
    {
        const auto track = [](const char *path) {
            CatalogTrack t;
            t.path = QString::fromLatin1(path);
            return t;
        };
        AnalysisQueue queue(5);
        QCOMPARE(queue.take(), std::optional<std::size_t>(0));
        QCOMPARE(queue.take(), std::optional<std::size_t>(1));
        queue.finish(1, track("b"));
        auto [none, done] = queue.waitForBatch(2, std::chrono::milliseconds(1));
        QVERIFY(none.empty() && !done);
        queue.finish(0, track("a"));
        auto [two, stillGoing] = queue.waitForBatch(2, std::chrono::milliseconds(1));
        QCOMPARE(two.size(), std::size_t(2));
        QCOMPARE(two[0].first, std::size_t(1)); // as finished; the analyser sorts its messages
        QCOMPARE(two[1].second.path, QStringLiteral("a"));
        QVERIFY(!stillGoing);
        QCOMPARE(queue.take(), std::optional<std::size_t>(2));
        queue.cancel();
        QVERIFY(queue.isCancelled());
        QCOMPARE(queue.take(), std::nullopt); // tracks 3 and 4 are never started
        queue.finish(2, track("c")); // the one under way is still handed over
        std::thread worker([&] { queue.workersDone(); });
        auto [last, finished] = queue.waitForBatch(100, std::chrono::seconds(10));
        worker.join();
        QCOMPARE(last.size(), std::size_t(1));
        QVERIFY(finished);
    }

    void analysesOnlyWhatChangedAndResumes()
    {
        LibraryCatalog catalog(m_dir.filePath(QStringLiteral("catalog.sqlite")));
        CancelAfterFirstChunk interrupt;
        const LibraryAnalyzer::Options options{m_model, 4, 2, 3};
        LibraryAnalyzer::Result result = LibraryAnalyzer::analyze(music(), catalog, options, &interrupt);
        // The first chunk was committed, and the tracks finished or under way when the
        // scan was cancelled were committed too: none is lost, none is half-stored.
        const int committed = result.analysed + result.failed;
        QVERIFY2(committed >= 3, qPrintable(QString::number(committed)));
        QCOMPARE(int(catalog.tracks(music()).size()), committed);
        QCOMPARE(result.cancelled, committed < 8);

        result = LibraryAnalyzer::analyze(music(), catalog, options); // resumes: only the rest
        QCOMPARE(result.files, 8);
        QCOMPARE(result.upToDate, committed);
        QCOMPARE(result.analysed + result.failed, 8 - committed);
        const std::vector<CatalogTrack> tracks = catalog.tracks(music());
        QCOMPARE(int(tracks.size()), 8);
        int failed = 0;
        for (const CatalogTrack &t : tracks) {
            if (!t.ok()) {
                ++failed;
                QVERIFY2(t.path.endsWith(QLatin1String("broken.mp3")) || t.path.endsWith(QLatin1String("short.wav")), qPrintable(t.path));
                QVERIFY(!t.error.isEmpty());
                continue;
            }
            QCOMPARE(t.windowStarts.size(), std::size_t(4));
            QCOMPARE(t.windowProbabilities.size(), std::size_t(4 * 3));
            QCOMPARE(t.meanProbabilities.size(), std::size_t(3));
            QVERIFY(t.confidence >= 1.0 / 3.0 && t.confidence <= 1.0);
        }
        QCOMPARE(failed, 2);
        QCOMPARE(catalog.classes(), kClasses);

        result = LibraryAnalyzer::analyze(music(), catalog, options);
        QCOMPARE(result.upToDate, 8); // nothing changed: nothing decoded
        QCOMPARE(result.analysed, 0);

        const QString touched = music() + QStringLiteral("/b/b.00002.wav");
        QFile file(touched);
        QVERIFY(file.open(QIODevice::Append));
        file.setFileTime(QDateTime::currentDateTime().addSecs(10), QFileDevice::FileModificationTime);
        file.close();
        QVERIFY(QFile::remove(music() + QStringLiteral("/b/b.00001.wav")));
        result = LibraryAnalyzer::analyze(music(), catalog, options);
        QCOMPARE(result.analysed, 1);
        QCOMPARE(result.pruned, 1);
        QCOMPARE(int(catalog.tracks(music()).size()), 7);
        result = LibraryAnalyzer::analyze(music(), catalog, {m_model, 5, 2, 3}); // other window count: all again
        QCOMPARE(result.upToDate, 0);
    }

    void vocabularyPlaylistsAndCsv()
    {
        GenreVocabulary words = GenreVocabulary::fromText(QStringLiteral("# mine\nhiphop = Hip-Hop\n\nrock=Rock/Pop\n"));
        QCOMPARE(words.word(QStringLiteral("hiphop")), QStringLiteral("Hip-Hop"));
        QCOMPARE(words.word(QStringLiteral("blues")), QStringLiteral("blues"));
        QCOMPARE(GenreVocabulary::fromText(words.toText()).entries(), words.entries());
        QVERIFY_THROWS_EXCEPTION(Error, GenreVocabulary::fromText(QStringLiteral("hiphop\n")));

        // Tracks as the review left them: one accepted, one corrected to another genre
        // (its suggestion was below 50 %), one rejected although sure, one that failed.
        const auto track = [](const QString &path, double duration, const QString &artist, const QString &title, int label,
                              double confidence, std::vector<float> probabilities, const QString &error = {}) {
            CatalogTrack t;
            t.path = path;
            t.size = 1;
            t.duration = duration;
            t.artist = artist;
            t.title = title;
            t.error = error;
            t.label = label;
            t.confidence = confidence;
            t.meanProbabilities = std::move(probabilities);
            return t;
        };
        const std::vector<LibraryExport::Decided> tracks = {
            {track(QStringLiteral("/m/one.mp3"), 200.4, QStringLiteral("Ann"), QStringLiteral("One"), 1, 0.9, {0.05f, 0.9f, 0.05f}),
             QStringLiteral("Hip-Hop")},
            {track(QStringLiteral("/m/two.mp3"), 100.0, {}, {}, 2, 0.4, {0.3f, 0.3f, 0.4f}), QStringLiteral("blues")},
            {track(QStringLiteral("/m/rejected.mp3"), 90.0, {}, {}, 1, 0.95, {0.0f, 0.95f, 0.05f}), {}},
            {track(QStringLiteral("/m/bad.mp3"), 0.0, {}, {}, -1, 0.0, {}, QStringLiteral("not audio")), {}},
            {track(QStringLiteral("/m/Café.flac"), 60.0, QStringLiteral("Zoë"), QStringLiteral("Été"), 2, 0.7, {0.1f, 0.2f, 0.7f}),
             QStringLiteral("Rock/Pop")},
        };
        const QString lists = m_dir.filePath(QStringLiteral("playlists"));
        const QStringList written = LibraryExport::writePlaylists(tracks, lists);
        QCOMPARE(written, (QStringList{lists + QStringLiteral("/Hip-Hop.m3u"), lists + QStringLiteral("/Rock_Pop.m3u8"),
                                       lists + QStringLiteral("/blues.m3u")})); // no '/' in a file name
        const auto contents = [](const QString &path) {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        // The rejected track is in no playlist, although the model was sure of it.
        QCOMPARE(contents(written[0]), QByteArray("#EXTM3U\n#EXTINF:200,Ann - One\n/m/one.mp3\n"));
        QCOMPARE(contents(written[2]), QByteArray("#EXTM3U\n#EXTINF:100,two\n/m/two.mp3\n")); // the corrected genre
        QCOMPARE(QString::fromUtf8(contents(written[1])), QStringLiteral("#EXTM3U\n#EXTINF:60,Zoë - Été\n/m/Café.flac\n"));

        LibraryExport::writeCsv(tracks, kClasses, words, m_dir.filePath(QStringLiteral("all.csv")));
        const QList<QByteArray> lines = contents(m_dir.filePath(QStringLiteral("all.csv"))).split('\n');
        QCOMPARE(lines[0], QByteArray("path,artist,title,genre_tag,suggested,confidence,decided,error,p_blues,p_hiphop,p_rock"));
        QVERIFY2(lines[1].startsWith("/m/one.mp3,Ann,One,,Hip-Hop,0.9000,Hip-Hop,,0.05000,0.90000"), lines[1].constData());
        QVERIFY2(lines[2].startsWith("/m/two.mp3,,,,Rock/Pop,0.4000,blues,,"), lines[2].constData());
        QVERIFY2(lines[3].startsWith("/m/rejected.mp3,,,,Hip-Hop,0.9500,,,"), lines[3].constData());
        QVERIFY(lines[4].contains("not audio"));
    }

    // Without a map, tags get the conventional spelling; a map wins, even one that keeps
    // a class's raw name.
    void conventionalSpellings()
    {
        QCOMPARE(GenreVocabulary::conventionalWord(QStringLiteral("hiphop")), QStringLiteral("Hip-Hop"));
        QCOMPARE(GenreVocabulary::conventionalWord(QStringLiteral("Hip_Hop")), QStringLiteral("Hip-Hop"));
        QCOMPARE(GenreVocabulary::conventionalWord(QStringLiteral("r&b")), QStringLiteral("R&B"));
        QCOMPARE(GenreVocabulary::conventionalWord(QStringLiteral("classical")), QStringLiteral("Classical"));
        QCOMPARE(GenreVocabulary::conventionalWord(QStringLiteral("low-tones")), QString());
        const QStringList gtzan = {QStringLiteral("blues"), QStringLiteral("classical"), QStringLiteral("country"), QStringLiteral("disco"),
                                   QStringLiteral("hiphop"), QStringLiteral("jazz"), QStringLiteral("metal"), QStringLiteral("pop"),
                                   QStringLiteral("reggae"), QStringLiteral("rock"), QStringLiteral("low-tones")};
        const GenreVocabulary conventional = GenreVocabulary::conventional(gtzan);
        QStringList spelt;
        for (const QString &label : gtzan)
            spelt << conventional.word(label);
        QCOMPARE(spelt, (QStringList{QStringLiteral("Blues"), QStringLiteral("Classical"), QStringLiteral("Country"), QStringLiteral("Disco"),
                                     QStringLiteral("Hip-Hop"), QStringLiteral("Jazz"), QStringLiteral("Metal"), QStringLiteral("Pop"),
                                     QStringLiteral("Reggae"), QStringLiteral("Rock"), QStringLiteral("low-tones")}));
        const GenreVocabulary mine = conventional.overriddenBy(GenreVocabulary::fromText(QStringLiteral("rock=Rock & Roll\nblues=blues\n")));
        QCOMPARE(mine.word(QStringLiteral("rock")), QStringLiteral("Rock & Roll"));
        QCOMPARE(mine.word(QStringLiteral("blues")), QStringLiteral("blues"));
        QCOMPARE(mine.word(QStringLiteral("jazz")), QStringLiteral("Jazz"));
    }

    void tagCommandDryRunWriteAndUndo()
    {
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty())
            QSKIP("needs the ffmpeg command to encode FLAC files");
        const QString folder = m_dir.filePath(QStringLiteral("flacs"));
        QDir().mkpath(folder);
        for (const QString &name : DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("src")), {QStringLiteral("x")}, 3, 8.0))
            QCOMPARE(SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), name,
                                                     QStringLiteral("-metadata"), QStringLiteral("genre=Unknown"),
                                                     folder + u'/' + QFileInfo(name).completeBaseName() + QStringLiteral(".flac")}), 0);
        const QString map = m_dir.filePath(QStringLiteral("words.txt"));
        WavWriter::writeBytes(map, "blues=Blues\nhiphop=Hip-Hop\nrock=Rock\n");
        const QString catalog = m_dir.filePath(QStringLiteral("cli.sqlite"));
        const QString cli = QStringLiteral(GENRELAB_CLI);
        const QStringList common = {QStringLiteral("tag"), m_model, folder, QStringLiteral("--catalog"), catalog,
                                    QStringLiteral("--map"), map, QStringLiteral("--min-confidence"), QStringLiteral("0")};
        const QByteArray before = digestOfFolder(folder);
        QString log;
        QCOMPARE(SharedData::runProgram(cli, common, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("dry run: 3 file(s) will change")), qPrintable(log));
        QCOMPARE(digestOfFolder(folder), before); // a dry run writes nothing

        const QString journal = m_dir.filePath(QStringLiteral("journal.jsonl"));
        QCOMPARE(SharedData::runProgram(cli, common + QStringList{QStringLiteral("--write"), QStringLiteral("--journal"), journal}, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("3 file(s) written")), qPrintable(log));
        const QStringList words = {QStringLiteral("Blues"), QStringLiteral("Hip-Hop"), QStringLiteral("Rock")};
        for (const QString &name : QDir(folder).entryList(QDir::Files))
            QVERIFY(words.contains(TagFile::read(folder + u'/' + name).genre));
        QCOMPARE(SharedData::runProgram(cli, common, &log), 0); // the catalog knows the new tags
        QVERIFY2(log.contains(QStringLiteral("0 file(s) will change, 3 already right")), qPrintable(log));

        QCOMPARE(SharedData::runProgram(cli, {QStringLiteral("tag"), QStringLiteral("--undo"), journal}, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("3 file(s) restored")), qPrintable(log));
        for (const QString &name : QDir(folder).entryList(QDir::Files))
            QCOMPARE(TagFile::read(folder + u'/' + name).genre, QStringLiteral("Unknown"));
        QCOMPARE(SharedData::runProgram(cli, {QStringLiteral("tag"), m_model, m_dir.filePath(QStringLiteral("nowhere"))}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("folder not found")), qPrintable(log));
    }
};

QTEST_GUILESS_MAIN(TestLibrary)
#include "tst_library.moc"
