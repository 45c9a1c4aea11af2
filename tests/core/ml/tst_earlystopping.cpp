// Early stopping follows validation accuracy — what picks the kept model — and is
// judged from the whole history, so a resumed run does not start its patience again.
#include "ml/EarlyStopping.h"

#include <QTest>

using namespace genrelab;

namespace {
std::vector<EpochMetrics> history(std::initializer_list<std::pair<double, double>> lossAndAccuracy)
{
    std::vector<EpochMetrics> epochs;
    for (const auto &[loss, accuracy] : lossAndAccuracy) {
        EpochMetrics m;
        m.epoch = int(epochs.size()) + 1;
        m.validLoss = loss;
        m.validAccuracy = accuracy;
        epochs.push_back(m);
    }
    return epochs;
}
} // namespace

class TstEarlyStopping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsEpochsSinceTheBestValidationAccuracy()
    {
        QCOMPARE(EarlyStopping::epochsSinceBest({}), 0);
        QCOMPARE(EarlyStopping::epochsSinceBest(history({{1.0, 0.5}, {0.9, 0.6}, {0.8, 0.6}, {0.7, 0.55}})), 2); // a tie does not improve
        QCOMPARE(EarlyStopping::epochsSinceBest(history({{1.0, 0.5}, {0.9, 0.4}, {1.2, 0.7}})), 0);
    }

    // The loss still falls while accuracy has peaked: the old rule (validation loss) went on
    // training past the model it kept; now both follow accuracy.
    void followsAccuracyNotLoss()
    {
        const auto fallingLossFlatAccuracy = history({{1.0, 0.70}, {0.9, 0.68}, {0.8, 0.69}, {0.7, 0.65}});
        QVERIFY(EarlyStopping::shouldStop(fallingLossFlatAccuracy, 3));
        const auto risingLossRisingAccuracy = history({{1.0, 0.50}, {1.1, 0.55}, {1.2, 0.60}, {1.3, 0.65}});
        QVERIFY(!EarlyStopping::shouldStop(risingLossRisingAccuracy, 1));
    }

    // A run stopped after two epochs without progress and resumed with patience 3 stops
    // after one more such epoch, not three.
    void patienceCarriesOverAResume()
    {
        auto epochs = history({{1.0, 0.6}, {0.9, 0.7}, {0.8, 0.65}, {0.8, 0.66}});
        QVERIFY(!EarlyStopping::shouldStop(epochs, 3));
        EpochMetrics afterResume;
        afterResume.epoch = 5;
        afterResume.validAccuracy = 0.69;
        epochs.push_back(afterResume);
        QVERIFY(EarlyStopping::shouldStop(epochs, 3));
        QVERIFY(!EarlyStopping::shouldStop(epochs, 0)); // 0: off
    }
};

QTEST_GUILESS_MAIN(TstEarlyStopping)
#include "tst_earlystopping.moc"
