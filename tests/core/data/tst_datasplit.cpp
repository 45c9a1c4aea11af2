// Splits: no track crosses parts (track, filtered), the seed split does leak, stratified
// within ±1 per class, deterministic for a seed; the filtered lists match by name.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "data/DataSplit.h"
#include "data/DatasetLoader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace genrelab;
using namespace genrelab::test;

namespace {

// A dataset built in memory: `perLabel` tracks per label, each with `snippets` snippets.
Dataset syntheticDataset(int labels, int perLabel, int snippets)
{
    QStringList names;
    std::vector<Track> tracks;
    for (int l = 0; l < labels; ++l) {
        names << QStringLiteral("label%1").arg(l);
        for (int i = 0; i < perLabel; ++i) {
            Track t;
            t.label = names.last();
            t.labelIndex = l;
            t.relativePath = QStringLiteral("%1/%1.%2.wav").arg(t.label).arg(i, 5, 10, QLatin1Char('0'));
            t.path = QStringLiteral("/data/") + t.relativePath;
            t.snippetCount = snippets;
            t.status = Track::Status::Ok;
            tracks.push_back(t);
        }
    }
    return Dataset(Dataset::Kind::LabelledFolder, QStringLiteral("/data"), names, std::move(tracks));
}

} // namespace

class TestDataSplit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trackSplitKeepsTracksWhole()
    {
        const Dataset dataset = syntheticDataset(4, 23, 10);
        const DataSplit split = DataSplit::byTrack(dataset, 42);
        const auto snippets = dataset.snippets();
        std::vector<std::set<SplitPart>> partsOfTrack(dataset.tracks().size());
        for (int s = 0; s < int(snippets.size()); ++s)
            partsOfTrack[std::size_t(snippets[std::size_t(s)].track)].insert(split.partOfSnippet(s, snippets[std::size_t(s)]));
        for (const auto &parts : partsOfTrack)
            QCOMPARE(parts.size(), std::size_t(1));
        QVERIFY(!split.leaks());
    }

    void trackSplitIsStratified()
    {
        const Dataset dataset = syntheticDataset(5, 23, 1);
        const DataSplit split = DataSplit::byTrack(dataset, 7);
        for (int label = 0; label < 5; ++label) {
            int counts[4] = {};
            for (int t = 0; t < dataset.trackCount(); ++t) {
                if (dataset.tracks()[std::size_t(t)].labelIndex == label)
                    ++counts[int(split.partOfTrack(t))];
            }
            QVERIFY(qAbs(counts[int(SplitPart::Train)] - 0.8 * 23) <= 1.0);
            QVERIFY(qAbs(counts[int(SplitPart::Valid)] - 0.1 * 23) <= 1.0);
            QVERIFY(qAbs(counts[int(SplitPart::Test)] - 0.1 * 23) <= 1.0);
            QCOMPARE(counts[int(SplitPart::None)], 0);
        }
    }

    void smallClassesStillGetValidationAndTest()
    {
        const Dataset dataset = syntheticDataset(3, 7, 1); // like gtzan-mini: 7 per genre
        const DataSplit split = DataSplit::byTrack(dataset, 1);
        QCOMPARE(split.tracksIn(SplitPart::Valid), 3);
        QCOMPARE(split.tracksIn(SplitPart::Test), 3);
        QCOMPARE(split.tracksIn(SplitPart::Train), 15);
    }

    void seededAndDeterministic()
    {
        const Dataset dataset = syntheticDataset(3, 40, 1);
        const DataSplit a = DataSplit::byTrack(dataset, 5), b = DataSplit::byTrack(dataset, 5), c = DataSplit::byTrack(dataset, 6);
        bool differs = false;
        for (int t = 0; t < dataset.trackCount(); ++t) {
            QCOMPARE(a.partOfTrack(t), b.partOfTrack(t));
            differs |= a.partOfTrack(t) != c.partOfTrack(t);
        }
        QVERIFY2(differs, "another seed gives another split");
    }

    // The study's split leaks: the test finds a track with snippets in train and test.
    void seedSplitLeaksAndSaysSo()
    {
        const Dataset dataset = syntheticDataset(3, 10, 10);
        const DataSplit split = DataSplit::bySnippet(dataset, 3);
        QVERIFY(split.leaks());
        QVERIFY(split.summary(dataset).contains(QStringLiteral("snippets of one track are in both train and test")));
        const auto snippets = dataset.snippets();
        std::vector<std::set<SplitPart>> partsOfTrack(dataset.tracks().size());
        for (int s = 0; s < int(snippets.size()); ++s)
            partsOfTrack[std::size_t(snippets[std::size_t(s)].track)].insert(split.partOfSnippet(s, snippets[std::size_t(s)]));
        const bool crosses = std::any_of(partsOfTrack.begin(), partsOfTrack.end(), [](const auto &parts) {
            return parts.count(SplitPart::Train) && parts.count(SplitPart::Test);
        });
        QVERIFY(crosses);
        QCOMPARE(int(split.snippetsIn(dataset, SplitPart::Train).size()), 3 * 80);
    }

    void filteredMatchesByNameAndCountsMissing()
    {
        QTemporaryDir dir;
        // Two listed tracks (.au and .wav), one unlisted (jazz.00040 is in no list).
        DatasetFixture::writeLabelled(dir.filePath(QStringLiteral("genres")), {QStringLiteral("blues"), QStringLiteral("jazz")}, 1, 0.1);
        QFile::rename(dir.filePath(QStringLiteral("genres/blues/blues.00000.wav")), dir.filePath(QStringLiteral("genres/blues/blues.00029.au")));
        QFile::rename(dir.filePath(QStringLiteral("genres/jazz/jazz.00000.wav")), dir.filePath(QStringLiteral("genres/jazz/jazz.00012.wav")));
        DatasetFixture::writeLabelled(dir.filePath(QStringLiteral("genres")), {QStringLiteral("jazz")}, 1, 0.1);
        QFile::rename(dir.filePath(QStringLiteral("genres/jazz/jazz.00000.wav")), dir.filePath(QStringLiteral("genres/jazz/jazz.00040.wav")));
        const Dataset dataset = DatasetLoader::open(dir.path());
        const DataSplit split = DataSplit::filtered(dataset);
        QCOMPARE(split.partOfTrack(dataset.findByStem(QStringLiteral("blues.00029"))), SplitPart::Train);
        QCOMPARE(split.partOfTrack(dataset.findByStem(QStringLiteral("jazz.00040"))), SplitPart::None);
        const SplitPart jazz12 = split.partOfTrack(dataset.findByStem(QStringLiteral("jazz.00012")));
        QVERIFY(jazz12 != SplitPart::None);
        QCOMPARE(split.missingTracks().size(), 443 + 197 + 290 - 2);
        QVERIFY(split.summary(dataset).contains(QStringLiteral("928 listed track(s) are not in this dataset")));
    }

    void embeddedListsEqualTheSharedOnes()
    {
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("../shared/data"))));
        for (const char *name : {"train_filtered.txt", "valid_filtered.txt", "test_filtered.txt"}) {
            QFile embedded(QStringLiteral(":/genrelab/splits/") + QString::fromLatin1(name));
            QFile shared(data + QStringLiteral("/splits/") + QString::fromLatin1(name));
            DataSplit::filtered(syntheticDataset(1, 1, 1)); // registers the resource
            QVERIFY(embedded.open(QIODevice::ReadOnly) && shared.open(QIODevice::ReadOnly));
            QCOMPARE(embedded.readAll(), shared.readAll());
        }
        const Dataset mini = DatasetLoader::open(data + QStringLiteral("/gtzan-mini"));
        const DataSplit split = DataSplit::filtered(mini);
        QCOMPARE(split.tracksIn(SplitPart::Train) + split.tracksIn(SplitPart::Valid) + split.tracksIn(SplitPart::Test)
                     + split.missingTracks().size(),
                 443 + 197 + 290);
    }

    void kindNamesRoundTrip()
    {
        for (auto kind : {DataSplit::Kind::Track, DataSplit::Kind::Filtered, DataSplit::Kind::Seed})
            QCOMPARE(DataSplit::parseKind(DataSplit::kindName(kind)), kind);
        QVERIFY(!DataSplit::parseKind(QStringLiteral("random")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestDataSplit)
#include "tst_datasplit.moc"
