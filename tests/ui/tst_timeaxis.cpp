// The one time axis the waveform, spectrogram and probability timeline share: the
// mapping round-trips, snippets are found where they are drawn, ticks are round.
#include "views/TimeAxis.h"

#include <QTest>

using namespace genrelab;

class TstTimeAxis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mapsSecondsToPixelsAndBack()
    {
        const TimeAxis axis(56, 600, 0.0, 30.0);
        QCOMPARE(axis.x(0.0), 56);
        QCOMPARE(axis.x(30.0), 656);
        QCOMPARE(axis.x(15.0), 356);
        QVERIFY(qAbs(axis.secondsAt(356) - 15.0) < 1e-9);
        const TimeAxis zoomed(10, 300, 6.0, 3.0); // scrolled and zoomed: 6-9 s
        QCOMPARE(zoomed.x(6.0), 10);
        QCOMPARE(zoomed.x(7.5), 160);
        QVERIFY(qAbs(zoomed.secondsAt(310) - 9.0) < 1e-9);
    }

    void findsTheSnippetDrawnUnderThePointer()
    {
        const TimeAxis axis(0, 900, 0.0, 9.0); // three 3-s snippets, 300 px each
        QCOMPARE(axis.snippetAt(0, 3.0, 3), 0);
        QCOMPARE(axis.snippetAt(299, 3.0, 3), 0);
        QCOMPARE(axis.snippetAt(300, 3.0, 3), 1);
        QCOMPARE(axis.snippetAt(899, 3.0, 3), 2);
        QCOMPARE(axis.snippetAt(5000, 3.0, 3), 2); // clamped, never past the last
        QCOMPARE(axis.snippetAt(-40, 3.0, 3), 0);
        QCOMPARE(axis.snippetAt(10, 3.0, 0), -1); // nothing shown
    }

    void ticksAreRoundAndInsideTheSpan()
    {
        const std::vector<double> ticks = TimeAxis(0, 600, 0.0, 30.0).ticks(10);
        QVERIFY(ticks.size() >= 2 && ticks.size() <= 10);
        const double step = ticks[1] - ticks[0];
        QVERIFY2(step == 5.0, qPrintable(QString::number(step))); // 0, 5, …, 30
        QCOMPARE(ticks.front(), 0.0);
        QCOMPARE(ticks.back(), 30.0);
        const std::vector<double> fine = TimeAxis(0, 600, 1.05, 1.0).ticks(8);
        for (double t : fine) {
            QVERIFY(t >= 1.05 - 1e-9 && t <= 2.05 + 1e-9);
            QCOMPARE(t, std::round(t * 10) / 10); // 1.1, 1.2, … — never 1.2000000000000002
        }
        QVERIFY(TimeAxis(0, 600, 0.0, 3600.0).ticks(8).size() <= 8);
    }

    void labelsUseMinutesFromAMinuteOn()
    {
        QCOMPARE(TimeAxis::label(2.5), QStringLiteral("2.5"));
        QCOMPARE(TimeAxis::label(12.0), QStringLiteral("12"));
        QCOMPARE(TimeAxis::label(90.0), QStringLiteral("1:30"));
        QCOMPARE(TimeAxis::label(605.0), QStringLiteral("10:05"));
    }
};

QTEST_GUILESS_MAIN(TstTimeAxis)
#include "tst_timeaxis.moc"
