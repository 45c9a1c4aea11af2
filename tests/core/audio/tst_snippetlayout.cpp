#include "audio/SnippetLayout.h"
#include "dsp/FeatureContract.h"

#include <QTest>

using namespace genrelab;

class TestSnippetLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsFollowTheContract_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<int>("expected");
        QTest::newRow("30 s clip") << 30.0 << 10;
        QTest::newRow("29.98 s clip") << 29.98 << 9;
        QTest::newRow("exactly 3 s") << 3.0 << 1;
        QTest::newRow("2.99 s") << 2.99 << 0;
        QTest::newRow("empty") << 0.0 << 0;
        QTest::newRow("20 s") << 20.0 << 6;
    }
    void countsFollowTheContract()
    {
        QFETCH(double, seconds);
        QFETCH(int, expected);
        const auto samples = std::size_t(seconds * FeatureContract::sampleRate + 0.5);
        QCOMPARE(SnippetLayout::count(samples), std::size_t(expected));
        QCOMPARE(SnippetLayout::starts(samples).size(), std::size_t(expected));
    }

    void startsAreNonOverlapping()
    {
        const auto starts = SnippetLayout::starts(30 * 22050);
        for (std::size_t i = 0; i < starts.size(); ++i)
            QCOMPARE(starts[i], i * 66150);
    }

    void inferenceHopOverlaps()
    {
        // 1.5-s hop over 30 s: windows at 0, 1.5, ..., 27 s → 19.
        QCOMPARE(SnippetLayout::count(30 * 22050, 33075), std::size_t(19));
        QCOMPARE(SnippetLayout::starts(30 * 22050, 33075).back(), std::size_t(18 * 33075));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SnippetLayout::count(1000, 0));
    }
};

QTEST_GUILESS_MAIN(TestSnippetLayout)
#include "tst_snippetlayout.moc"
