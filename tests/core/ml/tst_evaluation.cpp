// Evaluation from predictions: accuracies, vote vs mean probability, confusion, P/R/F1.
#include "ml/Evaluation.h"

#include <QTest>

using namespace genrelab;

class TestEvaluation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scoresAHandMadeCase()
    {
        // Track 0 (label 0): snippets predicted 0, 0, 1 → vote 0 (right).
        // Track 1 (label 1): predicted 0 (p=.55) and 1 (p=.9) → vote tie, mean → 1 (right).
        // Track 2 (label 1): predicted 0, 0 → wrong both ways.
        const std::vector<SnippetPrediction> predictions = {
            {0, 0, 0.0, 0, 0, {0.9f, 0.1f}}, {0, 1, 3.0, 0, 0, {0.8f, 0.2f}}, {0, 2, 6.0, 0, 1, {0.4f, 0.6f}},
            {1, 0, 0.0, 1, 0, {0.55f, 0.45f}}, {1, 1, 3.0, 1, 1, {0.1f, 0.9f}},
            {2, 0, 0.0, 1, 0, {0.7f, 0.3f}}, {2, 1, 3.0, 1, 0, {0.6f, 0.4f}},
        };
        const Evaluation e = Evaluation::fromPredictions(predictions, 2);
        QCOMPARE(e.snippetCount(), 7);
        QCOMPARE(e.trackCount(), 3);
        QCOMPARE(e.snippetAccuracy(), 3.0 / 7.0);
        QCOMPARE(e.trackAccuracyVote(), 2.0 / 3.0);
        QCOMPARE(e.trackAccuracyMean(), 2.0 / 3.0);
        QCOMPARE(e.confusion(), (std::vector<std::vector<int>>{{2, 1}, {3, 1}}));
        QCOMPARE(e.precision(0), 2.0 / 5.0);
        QCOMPARE(e.recall(1), 1.0 / 4.0);
        QVERIFY(qAbs(e.f1(1) - 2 * 0.5 * 0.25 / 0.75) < 1e-12);
        // Tracks decided by vote: 0 → 0, 1 → 1 (tie broken by probability), 2 → 0.
        QCOMPARE(e.confusion(Evaluation::Level::Tracks), (std::vector<std::vector<int>>{{1, 0}, {1, 1}}));
        QCOMPARE(e.support(1, Evaluation::Level::Tracks), 2);
        QCOMPARE(e.precision(0, Evaluation::Level::Tracks), 0.5);
        const std::vector<TrackPrediction> tracks = Evaluation::tracksOf(predictions, 2);
        QCOMPARE(int(tracks.size()), 3);
        QCOMPARE(tracks[1].byVote, 1);
        QCOMPARE(tracks[1].snippets, 2);
        QVERIFY(qAbs(tracks[1].meanProbabilities[1] - (0.45 + 0.9) / 2) < 1e-6);
        QCOMPARE(tracks[2].byMean, 0);
        QVERIFY(e.confusionCsv({QStringLiteral("a"), QStringLiteral("b")}).startsWith(QStringLiteral("true\\predicted,a,b\na,2,1\nb,3,1")));
    }

    void emptyIsNotADivisionByZero()
    {
        const Evaluation e = Evaluation::fromPredictions({}, 3);
        QCOMPARE(e.snippetAccuracy(), 0.0);
        QCOMPARE(e.precision(1), 0.0);
        QCOMPARE(e.f1(2), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
