// Cross-validation folds: disjoint by track, every track tested exactly once over the
// folds, stratified, the same for the same seed (so compared configurations share
// them), and each fold's split keeps train, validation and test apart.
#include "data/CrossValidationFolds.h"
#include "data/Dataset.h"
#include "util/Error.h"

#include <QTest>

#include <map>
#include <set>

using namespace genrelab;

namespace {

Dataset syntheticDataset(int labels, int perLabel)
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
            t.snippetCount = 10;
            t.status = Track::Status::Ok;
            tracks.push_back(t);
        }
    }
    return Dataset(Dataset::Kind::LabelledFolder, QStringLiteral("/data"), names, std::move(tracks));
}

} // namespace

class TestCrossValidationFolds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyTrackIsTestedExactlyOnce()
    {
        const Dataset dataset = syntheticDataset(3, 7);
        const CrossValidationFolds folds(dataset, DataSplit::Kind::Track, 1, 5);
        std::vector<int> tested(std::size_t(dataset.trackCount()), 0);
        for (int k = 0; k < folds.folds(); ++k) {
            const DataSplit split = folds.split(k);
            for (int t = 0; t < dataset.trackCount(); ++t) {
                const SplitPart part = split.partOfTrack(t);
                QVERIFY(part != SplitPart::None); // every track has a part in every fold
                QCOMPARE(part == SplitPart::Test, folds.foldOfTrack(t) == k);
                tested[std::size_t(t)] += part == SplitPart::Test;
            }
            QVERIFY(split.tracksIn(SplitPart::Train) > 0);
            QVERIFY(split.tracksIn(SplitPart::Valid) >= 3); // one per label at least
            QVERIFY(split.summary(dataset).startsWith(QStringLiteral("fold %1 of 5").arg(k + 1)));
        }
        for (int count : tested)
            QCOMPARE(count, 1);
    }

    void foldsAreStratifiedAndBalanced()
    {
        const Dataset dataset = syntheticDataset(4, 10);
        const CrossValidationFolds folds(dataset, DataSplit::Kind::Track, 3, 5);
        std::map<std::pair<int, int>, int> perFoldAndLabel;
        std::vector<int> perFold(5, 0);
        for (int t = 0; t < dataset.trackCount(); ++t) {
            ++perFoldAndLabel[{folds.foldOfTrack(t), dataset.tracks()[std::size_t(t)].labelIndex}];
            ++perFold[std::size_t(folds.foldOfTrack(t))];
        }
        for (const auto &[key, count] : perFoldAndLabel)
            QCOMPARE(count, 2); // 10 tracks of a label over 5 folds
        for (int count : perFold)
            QCOMPARE(count, 8);
        // 7 per label over 5 folds: sizes differ by at most one overall.
        const Dataset uneven = syntheticDataset(3, 7);
        const CrossValidationFolds unevenFolds(uneven, DataSplit::Kind::Track, 3, 5);
        std::vector<int> sizes(5, 0);
        for (int t = 0; t < uneven.trackCount(); ++t)
            ++sizes[std::size_t(unevenFolds.foldOfTrack(t))];
        QCOMPARE(*std::max_element(sizes.begin(), sizes.end()) - *std::min_element(sizes.begin(), sizes.end()), 1);
    }

    void sameSeedSameFolds()
    {
        const Dataset dataset = syntheticDataset(3, 9);
        const CrossValidationFolds a(dataset, DataSplit::Kind::Track, 11, 3), b(dataset, DataSplit::Kind::Track, 11, 3),
            c(dataset, DataSplit::Kind::Track, 12, 3);
        bool differs = false;
        for (int t = 0; t < dataset.trackCount(); ++t) {
            QCOMPARE(a.foldOfTrack(t), b.foldOfTrack(t));
            differs |= a.foldOfTrack(t) != c.foldOfTrack(t);
            for (int k = 0; k < 3; ++k)
                QCOMPARE(a.split(k).partOfTrack(t), b.split(k).partOfTrack(t));
        }
        QVERIFY(differs);
    }

    void refusesWhatCannotBeFolded()
    {
        const Dataset dataset = syntheticDataset(2, 2);
        QVERIFY_THROWS_EXCEPTION(Error, CrossValidationFolds(dataset, DataSplit::Kind::Track, 1, 5)); // 4 tracks
        QVERIFY_THROWS_EXCEPTION(Error, CrossValidationFolds(dataset, DataSplit::Kind::Track, 1, 1));
        QVERIFY_THROWS_EXCEPTION(Error, CrossValidationFolds(dataset, DataSplit::Kind::Seed, 1, 2));
    }
};

QTEST_GUILESS_MAIN(TestCrossValidationFolds)
#include "tst_crossvalidationfolds.moc"
