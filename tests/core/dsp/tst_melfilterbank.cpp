// The filterbank against the contract's test vectors (DESIGN.md, computed by
// ../shared/bench/mel_reference.py vectors).
#include "dsp/FeatureContract.h"
#include "dsp/MelFilterbank.h"
#include "dsp/MelSpectrogram.h"

#include <QRandomGenerator>
#include <QTest>

using namespace genrelab;
using C = FeatureContract;

class TestMelFilterbank : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void melScaleConversions()
    {
        QCOMPARE(MelFilterbank::hzToMel(60.0), 0.9);
        QVERIFY(qAbs(MelFilterbank::melToHz(3.0) - 200.0) < 1e-12);
        for (double hz : {0.0, 500.0, 999.9, 1000.0, 4000.0, 11025.0})
            QVERIFY(qAbs(MelFilterbank::melToHz(MelFilterbank::hzToMel(hz)) - hz) < 1e-9);
    }

    void firstBandEdges()
    {
        const MelFilterbank &bank = MelSpectrogram::filterbank();
        QCOMPARE(int(bank.edgesHz().size()), C::nMels + 2);
        const double expected[] = {0.0, 32.9443, 65.8886, 98.8329};
        for (int i = 0; i < 4; ++i)
            QVERIFY2(qAbs(bank.edgesHz()[i] - expected[i]) < 5e-5, qPrintable(QString::number(bank.edgesHz()[i])));
        QVERIFY(qAbs(bank.edgesHz().back() - 11025.0) < 1e-9);
    }

    void bandZeroWeights()
    {
        const MelFilterbank &bank = MelSpectrogram::filterbank();
        const double expected[] = {0.00992015, 0.01984031, 0.02976046, 0.02102794, 0.01110778, 0.00118763};
        QCOMPARE(bank.weight(0, 0), 0.0);
        for (int bin = 1; bin <= 6; ++bin)
            QVERIFY2(qAbs(bank.weight(0, bin) - expected[bin - 1]) < 1e-6, qPrintable(QString::number(bin)));
        for (int bin = 7; bin < C::nBins; ++bin)
            QCOMPARE(bank.weight(0, bin), 0.0);
    }

    void weightSum()
    {
        const MelFilterbank &bank = MelSpectrogram::filterbank();
        double sum = 0.0;
        for (int band = 0; band < bank.bands(); ++band)
            for (int bin = 0; bin < bank.bins(); ++bin)
                sum += bank.weight(band, bin);
        QVERIFY2(qAbs(sum - 9.287697) < 1e-6, qPrintable(QString::number(sum, 'f', 8)));
    }

    // The sparse application (two bands per bin) is the dense product, to float rounding.
    void sparseApplyEqualsDenseProduct()
    {
        const MelFilterbank &bank = MelSpectrogram::filterbank();
        std::vector<float> power(C::nBins);
        auto *random = QRandomGenerator::global();
        for (float &p : power)
            p = float(random->generateDouble() * 100.0);
        std::vector<float> mel(C::nMels);
        bank.apply(power.data(), mel.data());
        for (int band = 0; band < C::nMels; ++band) {
            double dense = 0.0;
            for (int bin = 0; bin < C::nBins; ++bin)
                dense += bank.weight(band, bin) * power[bin];
            QVERIFY2(qAbs(mel[band] - dense) <= 1e-5 * qMax(1.0, dense), qPrintable(QString::number(band)));
        }
    }

    void everyBandHasWeight()
    {
        const MelFilterbank &bank = MelSpectrogram::filterbank();
        for (int band = 0; band < bank.bands(); ++band) {
            double sum = 0.0;
            for (int bin = 0; bin < bank.bins(); ++bin)
                sum += bank.weight(band, bin);
            QVERIFY2(sum > 0.0, qPrintable(QString::number(band)));
        }
    }
};

QTEST_GUILESS_MAIN(TestMelFilterbank)
#include "tst_melfilterbank.moc"
