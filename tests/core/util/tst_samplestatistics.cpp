// Mean, sample standard deviation and Student-t intervals, checked against values any
// statistics package gives (R: t.test(x), t.test(b, a, paired = TRUE)).
#include "util/SampleStatistics.h"

#include <QTest>

#include <cmath>

using namespace genrelab;

class TestSampleStatistics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void meanAndSampleDeviation()
    {
        const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
        QCOMPARE(SampleStatistics::mean(x), 5.0);
        QVERIFY(std::abs(SampleStatistics::standardDeviation(x) - std::sqrt(32.0 / 7.0)) < 1e-12); // n − 1
        QCOMPARE(SampleStatistics::standardDeviation({3.0}), 0.0);
    }

    void tQuantiles()
    {
        QCOMPARE(SampleStatistics::t975(1), 12.706);
        QCOMPARE(SampleStatistics::t975(4), 2.776);
        QVERIFY(std::abs(SampleStatistics::t975(40) - 2.021) < 0.001);
        QVERIFY(std::abs(SampleStatistics::t975(120) - 1.980) < 0.001);
    }

    void pairedDifferenceInterval()
    {
        // R: t.test(c(.7,.8,.75,.9,.85), c(.6,.7,.7,.8,.8), paired=TRUE) → mean 0.08,
        // 95 % CI [0.0460, 0.1140] (sd 0.02739, t(4) = 2.776).
        const std::vector<double> a{0.6, 0.7, 0.7, 0.8, 0.8}, b{0.7, 0.8, 0.75, 0.9, 0.85};
        const SampleStatistics::Interval d = SampleStatistics::pairedDifference95(a, b);
        QVERIFY(std::abs(d.mean - 0.08) < 1e-12);
        QVERIFY2(std::abs(d.low - 0.04599) < 1e-4, qPrintable(QString::number(d.low, 'f', 6)));
        QVERIFY(std::abs(d.high - 0.11401) < 1e-4);
        const SampleStatistics::Interval none = SampleStatistics::confidence95({0.5});
        QCOMPARE(none.low, 0.5);
        QCOMPARE(none.high, 0.5);
    }
};

QTEST_GUILESS_MAIN(TestSampleStatistics)
#include "tst_samplestatistics.moc"
