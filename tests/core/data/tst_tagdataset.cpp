// Datasets labelled by genre tags and FMA's layout (issue 21): spellings merged into one
// class, ID3v1 numeric genres, multiple values, the minimum per class, untagged and
// absurd tags kept as unlabelled tracks and reported, the artist-aware split, and a
// miniature FMA copy with tracks.csv in its real two-row header format.
#include "TaggedLibraryFixture.h"
#include "DatasetFixture.h"
#include "audio/AudioTags.h"
#include "data/ArtistSplit.h"
#include "data/DataSplit.h"
#include "data/DatasetJson.h"
#include "data/DatasetLoader.h"
#include "data/FmaLayout.h"
#include "data/GenreName.h"
#include "util/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace genrelab;
using namespace genrelab::test;

namespace {

struct Entry
{
    const char *path;
    QStringList genres;
    const char *artist;
    const char *albumArtist = "";
};

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// 24 WAV tracks: three classes spelt several ways, a multi-genre track, a class too
// small to keep, untagged tracks. (Absurd tags are added by the test that needs them.)
QList<Entry> library()
{
    return {
        {"hh/1.wav", {s("Hip Hop")}, "A1"},      {"hh/2.wav", {s("Hip Hop")}, "A2"},
        {"hh/3.wav", {s("hip-hop")}, "A1"},      {"hh/4.wav", {s("hip-hop")}, "A3"},
        {"hh/5.wav", {s("HIPHOP")}, "A4"},
        {"rock/1.wav", {s("(17)")}, "R1"},       {"rock/2.wav", {s("(17)")}, "r1 "},
        {"rock/3.wav", {s("17")}, "R2"},         {"rock/4.wav", {s("17")}, "R3"},
        {"rock/5.wav", {s("Rock")}, "", "R4"},   {"rock/multi.wav", {s("Rock"), s("Jazz")}, "R5"},
        {"dnb/1.wav", {s("Drum & Bass")}, "D1"}, {"dnb/2.wav", {s("Drum & Bass")}, "D2"},
        {"dnb/3.wav", {s("Drum & Bass")}, "D3"}, {"dnb/4.wav", {s("drum and bass")}, "D1"},
        {"dnb/5.wav", {s("drum  and  bass")}, "D4"},
        {"jazz/1.wav", {s("Jazz")}, "J1"},       {"jazz/2.wav", {s("Jazz")}, "J1"},
        {"jazz/3.wav", {s("jazz")}, "J2"},
        {"untagged/1.wav", {}, ""},              {"untagged/2.wav", {}, "U1"},
    };
}

int labelCount(const Dataset &dataset, const QString &label)
{
    const qsizetype index = dataset.labels().indexOf(label);
    return index < 0 ? -1 : dataset.countsPerLabel()[std::size_t(index)];
}

const Track *trackAt(const Dataset &dataset, const QString &relativePath)
{
    for (const Track &track : dataset.tracks())
        if (track.relativePath == relativePath)
            return &track;
    return nullptr;
}

// Every artist's labelled tracks in one part.
bool artistsDisjoint(const Dataset &dataset, const std::vector<SplitPart> &parts, QString *why)
{
    QHash<QString, SplitPart> partOfArtist;
    for (int t = 0; t < dataset.trackCount(); ++t) {
        const Track &track = dataset.tracks()[std::size_t(t)];
        if (track.labelIndex < 0) {
            if (parts[std::size_t(t)] != SplitPart::None) {
                *why = track.relativePath + QStringLiteral(" is unlabelled but in a part");
                return false;
            }
            continue;
        }
        const QString key = ArtistSplit::artistKey(track.artist);
        if (key.isEmpty())
            continue;
        if (partOfArtist.contains(key) && partOfArtist.value(key) != parts[std::size_t(t)]) {
            *why = QStringLiteral("artist %1 is on two sides").arg(track.artist);
            return false;
        }
        partOfArtist.insert(key, parts[std::size_t(t)]);
    }
    return true;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestTagDataset : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_library;

    void writeLibrary(TaggedLibraryFixture &fixture, const QString &root)
    {
        for (const Entry &entry : library())
            QVERIFY(fixture.write(root + u'/' + s(entry.path), entry.genres, s(entry.artist), s(entry.albumArtist)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_library = m_dir.filePath(QStringLiteral("library"));
        TaggedLibraryFixture fixture(m_dir.filePath(QStringLiteral("scratch")));
        writeLibrary(fixture, m_library);
    }

    void genreNames()
    {
        QCOMPARE(GenreName::key(QStringLiteral("Hip Hop")), QStringLiteral("hiphop"));
        QCOMPARE(GenreName::key(QStringLiteral("hip-hop")), QStringLiteral("hiphop"));
        QCOMPARE(GenreName::key(QStringLiteral("HIPHOP")), QStringLiteral("hiphop"));
        QCOMPARE(GenreName::key(QStringLiteral("Drum & Bass")), GenreName::key(QStringLiteral("drum and bass")));
        QVERIFY(GenreName::key(QStringLiteral("Rock")) != GenreName::key(QStringLiteral("Pop")));
        QCOMPARE(GenreName::resolveId3v1(QStringLiteral("(17)")), QStringLiteral("Rock"));
        QCOMPARE(GenreName::resolveId3v1(QStringLiteral("17")), QStringLiteral("Rock"));
        QCOMPARE(GenreName::resolveId3v1(QStringLiteral("(9)Heavy")), QStringLiteral("Heavy"));
        QCOMPARE(GenreName::resolveId3v1(QStringLiteral("(0)")), QStringLiteral("Blues"));
        QCOMPARE(GenreName::resolveId3v1(QStringLiteral("1990s")), QStringLiteral("1990s"));
        QCOMPARE(GenreName::values({QStringLiteral("Rock; Pop"), QStringLiteral(" "), QStringLiteral("(8)")}),
                 (QStringList{QStringLiteral("Rock"), QStringLiteral("Pop"), QStringLiteral("Jazz")}));
        QStringList problems;
        QVERIFY(GenreName::values({QString(10000, u'x'), QStringLiteral("Ro\x01" "ck"), QStringLiteral("Ro\uFFFDck")},
                                  &problems).isEmpty());
        QCOMPARE(problems.size(), 3);
        QVERIFY2(problems[0].contains(QLatin1String("10000 characters")), qPrintable(problems[0]));
        QVERIFY2(problems[1].contains(QLatin1String("control")), qPrintable(problems[1]));
        QVERIFY2(problems[2].contains(QLatin1String("UTF-8")), qPrintable(problems[2]));
    }

    void labelsFromTags()
    {
        // Sub-folders with audio are label folders when nobody says otherwise; --labels tags
        // reads the genre tags instead.
        const Dataset dataset = DatasetLoader::open(m_library);
        QCOMPARE(dataset.kind(), Dataset::Kind::LabelledFolder);

        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        const Dataset tagged = DatasetLoader::open(m_library, options);
        QCOMPARE(tagged.kind(), Dataset::Kind::TagLibrary);
        QCOMPARE(tagged.notes().labelSource, QStringLiteral("tags"));
        QCOMPARE(tagged.labels(), (QStringList{QStringLiteral("Drum & Bass"), QStringLiteral("Hip Hop"), QStringLiteral("Rock")}));
        QCOMPARE(labelCount(tagged, QStringLiteral("Hip Hop")), 5);
        QCOMPARE(labelCount(tagged, QStringLiteral("Drum & Bass")), 5);
        QCOMPARE(labelCount(tagged, QStringLiteral("Rock")), 6); // "(17)", "17", "Rock" and the multi-genre track's first
        QCOMPARE(tagged.trackCount(), 21);
        QCOMPARE(tagged.unlabelledCount(), 5); // 3 jazz (left out) + 2 untagged
        QCOMPARE(int(tagged.notes().leftOut.size()), 1);
        QCOMPARE(tagged.notes().leftOut[0].name, QStringLiteral("Jazz"));
        QCOMPARE(tagged.notes().leftOut[0].tracks, 3);
        QVERIFY(tagged.notes().leftOut[0].reason.contains(QLatin1String("fewer than 5")));
        QVERIFY(tagged.notes().tagProblems.empty());
        QCOMPARE(trackAt(tagged, QStringLiteral("rock/multi.wav"))->label, QStringLiteral("Rock"));
        QCOMPARE(trackAt(tagged, QStringLiteral("rock/5.wav"))->artist, QStringLiteral("R4")); // album artist
        QCOMPARE(trackAt(tagged, QStringLiteral("untagged/2.wav"))->labelIndex, -1);
        QCOMPARE(trackAt(tagged, QStringLiteral("jazz/1.wav"))->labelIndex, -1);

        options.skipMultiGenre = true;
        const Dataset strict = DatasetLoader::open(m_library, options);
        QCOMPARE(labelCount(strict, QStringLiteral("Rock")), 5);
        QCOMPARE(trackAt(strict, QStringLiteral("rock/multi.wav"))->labelIndex, -1);
        QCOMPARE(int(strict.notes().tagProblems.size()), 1);
        QVERIFY(strict.notes().tagProblems[0].reason.contains(QLatin1String("2 genres")));

        options.skipMultiGenre = false;
        options.minimumTracks = 3;
        const Dataset lenient = DatasetLoader::open(m_library, options);
        QCOMPARE(lenient.labels().size(), 4);
        QCOMPARE(labelCount(lenient, QStringLiteral("Jazz")), 3); // "Jazz" twice over "jazz" once
        QVERIFY(lenient.notes().leftOut.empty());
    }

    void genreWords()
    {
        // The user's words (GenreVocabulary's "class=Word" entries): a spelling of a class
        // takes its Word, so classes can be renamed and merged.
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        options.genreWords = DatasetOptions::keyedWords({{QStringLiteral("Drum and Bass"), QStringLiteral("Jungle")},
                                                         {QStringLiteral("jazz"), QStringLiteral("Hip Hop")}});
        const Dataset dataset = DatasetLoader::open(m_library, options);
        QCOMPARE(dataset.labels(), (QStringList{QStringLiteral("Hip Hop"), QStringLiteral("Jungle"), QStringLiteral("Rock")}));
        QCOMPARE(labelCount(dataset, QStringLiteral("Hip Hop")), 8);
        QCOMPARE(labelCount(dataset, QStringLiteral("Jungle")), 5);
        QVERIFY(dataset.notes().leftOut.empty());
        QCOMPARE(trackAt(dataset, QStringLiteral("dnb/5.wav"))->label, QStringLiteral("Jungle"));
    }

    void flatLibraryIsDetected()
    {
        // No label folders: Auto takes the tags, and a folder whose tags give fewer than two
        // classes stays unlabelled, saying why.
        QTemporaryDir dir;
        TaggedLibraryFixture fixture(dir.filePath(QStringLiteral("scratch")));
        const QString flat = dir.filePath(QStringLiteral("flat"));
        for (int i = 0; i < 10; ++i)
            QVERIFY(fixture.write(flat + QStringLiteral("/%1.wav").arg(i), {i % 2 ? QStringLiteral("Pop") : QStringLiteral("Soul")},
                                  QStringLiteral("Artist %1").arg(i)));
        const Dataset dataset = DatasetLoader::open(flat);
        QCOMPARE(dataset.kind(), Dataset::Kind::TagLibrary);
        QCOMPARE(dataset.labels(), (QStringList{QStringLiteral("Pop"), QStringLiteral("Soul")}));

        const QString single = dir.filePath(QStringLiteral("single"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(fixture.write(single + QStringLiteral("/%1.wav").arg(i), {QStringLiteral("Pop")}));
        const Dataset one = DatasetLoader::open(single);
        QCOMPARE(one.kind(), Dataset::Kind::UnlabelledFolder);
        QCOMPARE(one.unlabelledCount(), 6);
        QCOMPARE(int(one.notes().leftOut.size()), 1);
        QVERIFY(one.notes().leftOut[0].reason.contains(QLatin1String("needs two")));
    }

    void formats()
    {
        // Each format's genre field, several values kept apart.
        QTemporaryDir dir;
        TaggedLibraryFixture fixture(dir.filePath(QStringLiteral("scratch")));
        QStringList tried;
        for (const QString &extension : {QStringLiteral("wav"), QStringLiteral("mp3"), QStringLiteral("flac"),
                                         QStringLiteral("ogg"), QStringLiteral("m4a")}) {
            const QString path = dir.filePath(QStringLiteral("f.") + extension);
            if (!fixture.write(path, {QStringLiteral("Reggae"), QStringLiteral("Dub")}, QStringLiteral("Toots")))
                continue;
            tried << extension;
            const AudioTags tags = AudioTags::read(path);
            QCOMPARE(tags.artist, QStringLiteral("Toots"));
            QVERIFY2(GenreName::values(tags.genres) == (QStringList{QStringLiteral("Reggae"), QStringLiteral("Dub")}),
                     qPrintable(extension + QStringLiteral(": ") + tags.genres.join(u'|')));
        }
        if (fixture.canWrite(QStringLiteral("mp3"))) {
            // ID3v2.3 as old taggers wrote it: "(17)" is ID3v1 genre 17.
            const QString old = dir.filePath(QStringLiteral("old.mp3"));
            QVERIFY(fixture.writeId3v23Genre(old, QStringLiteral("(17)"), QStringLiteral("Someone")));
            QCOMPARE(GenreName::values(AudioTags::read(old).genres), QStringList{QStringLiteral("Rock")});
            const QString bare = dir.filePath(QStringLiteral("bare.mp3"));
            QVERIFY(fixture.writeId3v23Genre(bare, QStringLiteral("8"), QStringLiteral("Someone")));
            QCOMPARE(GenreName::values(AudioTags::read(bare).genres), QStringList{QStringLiteral("Jazz")});
        }
        if (tried.size() < 5)
            qWarning("formats written: %s (the others need the ffmpeg command)", qPrintable(tried.join(u' ')));
    }

    void absurdTagsAreReported()
    {
        QTemporaryDir dir;
        TaggedLibraryFixture fixture(dir.filePath(QStringLiteral("scratch")));
        const QString root = dir.filePath(QStringLiteral("lib"));
        writeLibrary(fixture, root);
        QVERIFY(fixture.write(root + QStringLiteral("/bad/long.wav"), {QString(10000, u'g')}, QStringLiteral("B1")));
        QVERIFY(fixture.write(root + QStringLiteral("/bad/control.wav"), {QStringLiteral("Ro\x01\x02" "ck")}, QStringLiteral("B2")));
        fixture.writeRawTcon(root + QStringLiteral("/bad/invalid.mp3"), QByteArray("Ro\xff\xfe\xc3" "ck"));
        DatasetFixture::writeGarbage(root + QStringLiteral("/bad/garbage.flac"));
        writeFile(root + QStringLiteral("/bad/empty.ogg"), {});
        QVERIFY(::mkfifo(QFile::encodeName(root + QStringLiteral("/bad/pipe.mp3")).constData(), 0600) == 0);

        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        QElapsedTimer timer;
        timer.start();
        const Dataset dataset = DatasetLoader::open(root, options); // a FIFO must not block it
        QVERIFY2(timer.elapsed() < 20000, "reading hostile tags stalled");
        QCOMPARE(dataset.labels().size(), 3); // the good tracks are unaffected
        QCOMPARE(dataset.trackCount(), 21 + 6);
        QCOMPARE(dataset.unlabelledCount(), 5 + 6);
        QStringList reasons;
        for (const auto &problem : dataset.notes().tagProblems)
            reasons << QFileInfo(problem.path).fileName() + QStringLiteral(": ") + problem.reason;
        reasons.sort();
        QCOMPARE(reasons.size(), 3);
        QVERIFY2(reasons[0].startsWith(QLatin1String("control.wav: genre tag holds control")), qPrintable(reasons[0]));
        QVERIFY2(reasons[1].startsWith(QLatin1String("invalid.mp3: genre tag holds no readable text")), qPrintable(reasons[1]));
        QVERIFY2(reasons[2].startsWith(QLatin1String("long.wav: genre tag is 10000 characters long")), qPrintable(reasons[2]));
        QSet<QString> unreadable;
        for (const auto &problem : dataset.notes().unreadable)
            unreadable.insert(QFileInfo(problem.path).fileName());
        QVERIFY2(unreadable.contains(QStringLiteral("pipe.mp3")), qPrintable(QStringList(unreadable.values()).join(u' ')));
        QVERIFY(unreadable.contains(QStringLiteral("garbage.flac")));
        QVERIFY(unreadable.contains(QStringLiteral("empty.ogg")));
    }

    void artistSplitKeepsArtistsApart()
    {
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        const Dataset dataset = DatasetLoader::open(m_library, options);
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            const DataSplit split = DataSplit::make(DataSplit::Kind::Artist, dataset, seed);
            QCOMPARE(split.kind(), DataSplit::Kind::Artist);
            std::vector<SplitPart> parts;
            for (int t = 0; t < dataset.trackCount(); ++t)
                parts.push_back(split.partOfTrack(t));
            QString why;
            QVERIFY2(artistsDisjoint(dataset, parts, &why), qPrintable(why));
            QVERIFY(split.tracksIn(SplitPart::Train) > split.tracksIn(SplitPart::Test));
            QVERIFY(split.tracksIn(SplitPart::Test) > 0);
            QVERIFY(split.tracksIn(SplitPart::Valid) > 0);
            QCOMPARE(split.tracksIn(SplitPart::None), dataset.unlabelledCount());
        }
        // "R1" and "r1 " are one artist.
        const DataSplit split = DataSplit::make(DataSplit::Kind::Artist, dataset, 7);
        const auto index = [&](const char *path) { return int(trackAt(dataset, s(path)) - dataset.tracks().data()); };
        QCOMPARE(split.partOfTrack(index("rock/1.wav")), split.partOfTrack(index("rock/2.wav")));
    }

    void artistSplitIsStratified()
    {
        // 3 classes × 100 tracks by 60 artists (some with many tracks): each class's share
        // of train stays near 80 %, and no artist crosses parts.
        std::vector<Track> tracks;
        for (int c = 0; c < 3; ++c) {
            for (int i = 0; i < 100; ++i) {
                Track track;
                track.path = track.relativePath = QStringLiteral("%1/%2.wav").arg(c).arg(i);
                track.labelIndex = c;
                track.label = QString::number(c);
                track.artist = QStringLiteral("artist %1").arg(c * 20 + (i < 30 ? 0 : i % 20));
                tracks.push_back(track);
            }
        }
        const Dataset dataset(Dataset::Kind::TagLibrary, QStringLiteral("/x"), {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")},
                              std::move(tracks));
        const std::vector<SplitPart> parts = ArtistSplit::parts(dataset, 1);
        QString why;
        QVERIFY2(artistsDisjoint(dataset, parts, &why), qPrintable(why));
        for (int c = 0; c < 3; ++c) {
            int counts[4] = {0, 0, 0, 0};
            for (int i = 0; i < 100; ++i)
                ++counts[int(parts[std::size_t(c * 100 + i)])];
            QVERIFY2(counts[int(SplitPart::Train)] >= 70 && counts[int(SplitPart::Train)] <= 90,
                     qPrintable(QStringLiteral("class %1: %2 train").arg(c).arg(counts[int(SplitPart::Train)])));
            QVERIFY(counts[int(SplitPart::Valid)] >= 5);
            QVERIFY(counts[int(SplitPart::Test)] >= 5);
        }
    }

    void fmaMiniature()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        // FMA's real header: row 1 the category, row 2 the field, row 3 "track_id"; columns
        // here in another order than the real file's, and one quoted field spans lines.
        QByteArray csv = ",album,artist,set,track,set,track\n"
                         ",title,name,subset,genre_top,split,title\n"
                         "track_id,,,,,,\n";
        struct Row { int id; const char *artist; const char *subset; const char *genre; const char *split; };
        const Row rows[] = {
            {2, "AWOL", "small", "Hip-Hop", "training"},   {3, "AWOL", "small", "Hip-Hop", "training"},
            {5, "AWOL", "small", "Hip-Hop", "validation"},  {10, "Kurt", "small", "Hip-Hop", "training"},
            {20, "Kurt", "small", "Hip-Hop", "test"},       {1001, "Zed", "small", "Hip-Hop", "test"},
            {30, "Nico", "small", "Rock", "training"},      {31, "Nico", "small", "Rock", "training"},
            {32, "Nico", "small", "Rock", "validation"},    {33, "Ona", "small", "Rock", "test"},
            {34, "Ona", "small", "Rock", "training"},
            {40, "Fay", "small", "Folk", "training"},       {41, "Fay", "small", "Folk", "test"},
            {50, "Gus", "small", "", "training"},           // no genre_top: unlabelled
            {60, "Hal", "medium", "Rock", "training"},      // not in fma_small
            {70, "Ivy", "small", "Rock", "training"},       // listed, file missing
        };
        for (const Row &row : rows) {
            csv += QByteArray::number(row.id) + ",\"Album, \"\"quoted\"\"\nsecond line\"," + row.artist + ',' + row.subset
                   + ',' + row.genre + ',' + row.split + ",Title " + QByteArray::number(row.id) + '\n';
            if (row.id != 70 && row.id != 60)
                writeFile(root + QStringLiteral("/fma_small/") + FmaLayout::relativeAudioPath(row.id), "not decoded here");
        }
        writeFile(root + QStringLiteral("/fma_metadata/tracks.csv"), csv);
        QCOMPARE(FmaLayout::relativeAudioPath(2), QStringLiteral("000/000002.mp3"));
        QCOMPARE(FmaLayout::relativeAudioPath(1001), QStringLiteral("001/001001.mp3"));

        const Dataset dataset = DatasetLoader::open(root); // detected
        QCOMPARE(dataset.kind(), Dataset::Kind::Fma);
        QCOMPARE(dataset.labels(), (QStringList{QStringLiteral("Hip-Hop"), QStringLiteral("Rock")}));
        QCOMPARE(labelCount(dataset, QStringLiteral("Hip-Hop")), 6);
        QCOMPARE(labelCount(dataset, QStringLiteral("Rock")), 5);
        QCOMPARE(dataset.trackCount(), 14);
        QCOMPARE(dataset.unlabelledCount(), 3); // 2 Folk (left out) + 1 without genre_top
        QCOMPARE(int(dataset.notes().leftOut.size()), 1);
        QCOMPARE(dataset.notes().leftOut[0].name, QStringLiteral("Folk"));
        QCOMPARE(int(dataset.notes().missing.size()), 1);
        QCOMPARE(dataset.notes().missing[0].trackId, QStringLiteral("70"));
        QVERIFY(dataset.notes().missing[0].path.endsWith(QLatin1String("fma_small/000/000070.mp3")));
        const Track *first = trackAt(dataset, QStringLiteral("fma_small/000/000002.mp3"));
        QVERIFY(first);
        QCOMPARE(first->artist, QStringLiteral("AWOL"));
        QCOMPARE(first->officialSplit, QStringLiteral("training"));

        const DataSplit official = DataSplit::make(DataSplit::Kind::Official, dataset, 1);
        QCOMPARE(official.tracksIn(SplitPart::Train), 6);
        QCOMPARE(official.tracksIn(SplitPart::Valid), 2);
        QCOMPARE(official.tracksIn(SplitPart::Test), 3);
        QCOMPARE(official.partOfTrack(int(first - dataset.tracks().data())), SplitPart::Train);

        // The JSON carries what the issue asks for.
        const QJsonObject json = DatasetJson::describe(dataset, &official);
        QCOMPARE(json.value(QStringLiteral("schema")).toString(), QStringLiteral("genrelab.dataset/1"));
        QCOMPARE(json.value(QStringLiteral("layout")).toString(), QStringLiteral("fma"));
        QCOMPARE(json.value(QStringLiteral("unlabelled")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("classes")).toArray().size(), 2);
        QCOMPARE(json.value(QStringLiteral("missing")).toArray()[0].toObject().value(QStringLiteral("track_id")).toString(),
                 QStringLiteral("70"));
        const QJsonArray tracks = json.value(QStringLiteral("tracks")).toArray();
        QCOMPARE(tracks.size(), 14);
        QCOMPARE(tracks[0].toObject().value(QStringLiteral("split")).toString(), QStringLiteral("train"));

        // The official split is FMA's: elsewhere it is refused.
        DatasetOptions tags;
        tags.labels = DatasetOptions::Labels::Tags;
        QVERIFY_THROWS_EXCEPTION(Error, DataSplit::make(DataSplit::Kind::Official, DatasetLoader::open(m_library, tags), 1));
    }

    void fmaBadMetadata()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("fma_small")));
        writeFile(dir.filePath(QStringLiteral("fma_metadata/tracks.csv")), "track_id,genre\n2,Rock\n");
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Fma;
        try {
            DatasetLoader::open(dir.path(), options);
            QFAIL("no error");
        } catch (const Error &error) {
            QVERIFY2(error.path().endsWith(QLatin1String("tracks.csv")), qPrintable(error.message()));
        }
        writeFile(dir.filePath(QStringLiteral("fma_metadata/tracks.csv")), ",set\n,split\ntrack_id,\n2,training\n");
        try {
            DatasetLoader::open(dir.path(), options);
            QFAIL("no error");
        } catch (const Error &error) {
            QVERIFY2(error.message().contains(QLatin1String("genre_top")), qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestTagDataset)
#include "tst_tagdataset.moc"
