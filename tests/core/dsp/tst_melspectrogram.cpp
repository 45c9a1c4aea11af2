// MelSpectrogram: synthetic signals with known answers, edge cases, and parity with
// the numpy reference (../shared/bench/mel_reference.py) on real GTZAN clips.
#include "SharedData.h"
#include "WavWriter.h"
#include "data/TrackFeaturizer.h"
#include "dsp/MelFilterbank.h"
#include "dsp/MelSpectrogram.h"
#include "dsp/RealFft.h"
#include "dsp/SpectrogramPreview.h"
#include "io/NpyFile.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <complex>
#include <limits>
#include <numeric>

using namespace genrelab;
using namespace genrelab::test;
using C = FeatureContract;

namespace {

std::vector<float> snippetOf(const std::vector<float> &signal)
{
    MelSpectrogram mel;
    std::vector<float> out(C::valuesPerSnippet);
    mel.computeSnippet(signal, out);
    return out;
}

int loudestBand(const std::vector<float> &features)
{
    std::vector<double> mean(C::nMels, 0.0);
    for (int t = 0; t < C::frames; ++t)
        for (int b = 0; b < C::nMels; ++b)
            mean[b] += features[std::size_t(t) * C::nMels + b];
    return int(std::max_element(mean.begin(), mean.end()) - mean.begin());
}

} // namespace

class TestMelSpectrogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contractShape()
    {
        QCOMPARE(C::frames, 130);
        QCOMPARE(int(C::valuesPerSnippet), 13000);
        QCOMPARE(MelSpectrogram::frameCount(C::snippetSamples), std::size_t(130));
    }

    // DESIGN.md: a 3-s 0.5-amplitude 440 Hz sine → 130 × 100, loudest band 12,
    // min 0.001, max 1.001.
    void sine440MatchesTestVector()
    {
        const auto features = snippetOf(WavWriter::sine(440.0, 0.5, C::sampleRate, 3.0));
        QCOMPARE(features.size(), std::size_t(13000));
        QCOMPARE(loudestBand(features), 12);
        const auto [lo, hi] = std::minmax_element(features.begin(), features.end());
        QVERIFY(qAbs(*lo - 0.001f) < 1e-6f);
        QVERIFY(qAbs(*hi - 1.001f) < 1e-6f);
    }

    // Higher tones land in higher bands: the frequency axis is not reversed or shifted.
    void loudestBandRisesWithFrequency()
    {
        int previous = -1;
        for (double hz : {100.0, 440.0, 1000.0, 3000.0, 8000.0}) {
            const int band = loudestBand(snippetOf(WavWriter::sine(hz, 0.5, C::sampleRate, 3.0)));
            QVERIFY2(band > previous, qPrintable(QStringLiteral("%1 Hz → band %2").arg(hz).arg(band)));
            previous = band;
        }
    }

    // Scaling is relative to the snippet's maximum: gain does not change the features.
    void invariantToGain()
    {
        const auto quiet = snippetOf(WavWriter::sine(1000.0, 0.01, C::sampleRate, 3.0));
        const auto loud = snippetOf(WavWriter::sine(1000.0, 0.9, C::sampleRate, 3.0));
        for (std::size_t i = 0; i < quiet.size(); ++i)
            QVERIFY(qAbs(quiet[i] - loud[i]) < 1e-4f);
    }

    void silenceGivesNoNaN()
    {
        const auto features = snippetOf(std::vector<float>(C::snippetSamples, 0.0f));
        for (float v : features)
            QCOMPARE(v, 1.001f); // as the reference: everything equals the (floored) maximum
    }

    void nanAndInfSamplesGiveFiniteFeatures()
    {
        auto signal = WavWriter::sine(440.0, 0.5, C::sampleRate, 3.0);
        signal[1000] = std::numeric_limits<float>::quiet_NaN();
        signal[40000] = std::numeric_limits<float>::infinity();
        for (float v : snippetOf(signal))
            QVERIFY(std::isfinite(v) && v >= 0.001f - 1e-6f && v <= 1.001f + 1e-6f);
    }

    void wrongBufferSizeIsRefused()
    {
        MelSpectrogram mel;
        std::vector<float> shortSignal(1000), out(C::valuesPerSnippet);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mel.computeSnippet(shortSignal, out));
    }

    // Whole-track mel power (the inspector's view) agrees with per-snippet features.
    void trackPowerThenScaleEqualsSnippet()
    {
        const auto signal = WavWriter::sine(660.0, 0.3, C::sampleRate, 3.0);
        MelSpectrogram mel;
        std::vector<float> power(C::valuesPerSnippet), scaled(C::valuesPerSnippet);
        mel.computeMelPower(signal, power);
        MelSpectrogram::toContractScale(power, scaled);
        QCOMPARE(scaled, snippetOf(signal));
    }

    // Frames are transformed in blocks of eight and their power transposed in registers:
    // every frame, in any position of its block and in a last, partial block, equals a
    // plain per-frame sum (window, FFT, |X|², dense weights in double).
    void everyFrameMatchesAPlainSum_data()
    {
        QTest::addColumn<int>("frames");
        for (const int frames : {1, 7, 8, 9, 16, 23, 130})
            QTest::newRow(qPrintable(QStringLiteral("%1 frames").arg(frames))) << frames;
    }
    void everyFrameMatchesAPlainSum()
    {
        QFETCH(int, frames);
        QRandomGenerator random(frames);
        std::vector<float> signal(std::size_t(frames - 1) * C::hop + std::size_t(random.bounded(C::hop)));
        for (float &v : signal)
            v = float(random.generateDouble() - 0.5);
        MelSpectrogram mel;
        QCOMPARE(MelSpectrogram::frameCount(signal.size()), std::size_t(frames));
        std::vector<float> ours(std::size_t(frames) * C::nMels);
        mel.computeMelPower(signal, ours);

        const MelFilterbank &bank = MelSpectrogram::filterbank();
        const auto window = MelSpectrogram::window();
        RealFft fft(C::nFft);
        for (int t = 0; t < frames; ++t) {
            for (int n = 0; n < C::nFft; ++n) {
                const std::ptrdiff_t i = std::ptrdiff_t(t) * C::hop - C::nFft / 2 + n;
                fft.input()[n] = i >= 0 && i < std::ptrdiff_t(signal.size()) ? signal[std::size_t(i)] * window[std::size_t(n)] : 0.0f;
            }
            fft.transform();
            for (int b = 0; b < C::nMels; ++b) {
                double sum = 0.0;
                for (int k = 0; k < C::nBins; ++k)
                    sum += bank.weight(b, k) * std::norm(std::complex<double>(fft.output()[k]));
                const float got = ours[std::size_t(t) * C::nMels + std::size_t(b)];
                if (std::abs(got - sum) > 1e-5 * sum + 1e-12)
                    QFAIL(qPrintable(QStringLiteral("frame %1 band %2: %3, expected %4").arg(t).arg(b).arg(got).arg(sum)));
            }
        }
    }

    // Two frames share one transform (FramePairFft), so a frame's rounding depends on its
    // partner. However much louder the partner (levels from −90 to 0 dB that change within
    // a pair), a snippet's features stay within the contract's parity bound (1e-4) of
    // those computed one frame at a time with FFTW's real-input transform.
    void pairedFramesStayWithinTheBoundOfSingleFrames()
    {
        QRandomGenerator random(11);
        std::vector<float> signal(C::snippetSamples);
        for (std::size_t at = 0; at < signal.size();) {
            const std::size_t end = std::min(signal.size(), at + 200 + random.bounded(3000u));
            const double gain = std::pow(10.0, -random.bounded(90.0) / 20.0);
            for (; at < end; ++at)
                signal[at] = float(gain * (random.generateDouble() - 0.5));
        }
        const std::vector<float> paired = snippetOf(signal);

        const MelFilterbank &bank = MelSpectrogram::filterbank();
        const auto window = MelSpectrogram::window();
        RealFft fft(C::nFft);
        std::vector<float> power(C::nBins);
        std::vector<float> single(C::valuesPerSnippet);
        for (int t = 0; t < C::frames; ++t) {
            for (int n = 0; n < C::nFft; ++n) {
                const std::ptrdiff_t i = std::ptrdiff_t(t) * C::hop - C::nFft / 2 + n;
                fft.input()[n] = i >= 0 && i < std::ptrdiff_t(signal.size()) ? signal[std::size_t(i)] * window[std::size_t(n)] : 0.0f;
            }
            fft.transform();
            for (int k = 0; k < C::nBins; ++k)
                power[std::size_t(k)] = std::norm(fft.output()[k]);
            bank.apply(power.data(), single.data() + std::size_t(t) * C::nMels);
        }
        MelSpectrogram::toContractScale(single, single);
        float worst = 0.0f;
        for (std::size_t i = 0; i < single.size(); ++i)
            worst = std::max(worst, std::abs(paired[i] - single[i]));
        qInfo("max |paired - single frames| = %.3g", double(worst));
        QVERIFY2(worst <= 1e-4f, qPrintable(QString::number(double(worst))));
    }

    // The teaching preview at the contract's settings is the network's input (up to the
    // contract's +0.001 offset); other settings change the shape as expected.
    void teachingPreviewAtContractSettingsIsTheNetworkInput()
    {
        const auto signal = WavWriter::sine(523.0, 0.4, C::sampleRate, 3.0);
        const auto preview = SpectrogramPreview::mel(signal, C::hop, C::nMels);
        QCOMPARE(preview.frames, 130);
        QCOMPARE(preview.bins, 100);
        const auto features = snippetOf(signal);
        for (std::size_t i = 0; i < features.size(); ++i)
            QVERIFY2(std::abs(preview.values[i] + 0.001f - features[i]) < 1e-4f, qPrintable(QString::number(i)));
        const auto linear = SpectrogramPreview::linear(signal, 256);
        QCOMPARE(linear.frames, 1 + 66150 / 256);
        QCOMPARE(linear.bins, 1025);
        QCOMPARE(SpectrogramPreview::mel(signal, 1024, 40).bins, 40);
    }

    void parityWithReference_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("snippet");
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            return;
        const QStringList genres = QDir(data + QStringLiteral("/gtzan-au")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (int g = 0; g < genres.size(); ++g) {
            const QString au = QStringLiteral("%1/gtzan-au/%2/%2.00000.au").arg(data, genres[g]);
            QTest::newRow(qPrintable(genres[g] + QStringLiteral(".au"))) << au << g; // snippets 0..9 of 30-s clips
            const QString wav = QStringLiteral("%1/gtzan-mini/%2/%2.0000%3.wav").arg(data, genres[g]).arg(g % 7);
            QTest::newRow(qPrintable(genres[g] + QStringLiteral(".wav"))) << wav << (g % 4);
        }
    }

    // Issue acceptance: max |difference| ≤ 1e-4 over all 13 000 values of a snippet.
    void parityWithReference()
    {
        const QString script = SharedData::benchScript(QStringLiteral("mel_reference.py"));
        if (script.isEmpty() || SharedData::referencePython().isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("the numpy reference and GTZAN clips"))));
        QFETCH(QString, file);
        QFETCH(int, snippet);
        QTemporaryDir dir;
        const QString npy = dir.filePath(QStringLiteral("ref.npy"));
        QString output;
        const int rc = SharedData::runProgram(SharedData::referencePython(),
                                              {script, QStringLiteral("snippet"), file, QString::number(snippet), npy},
                                              &output);
        QVERIFY2(rc == 0, qPrintable(output));
        const NpyFile::Array reference = NpyFile::readFloat32(npy);
        QCOMPARE(reference.shape, (std::vector<std::size_t>{130, 100}));

        TrackFeaturizer featurizer;
        const std::vector<float> ours = featurizer.featurizeSnippet(file, std::size_t(snippet));
        float worst = 0.0f;
        for (std::size_t i = 0; i < ours.size(); ++i)
            worst = std::max(worst, std::abs(ours[i] - reference.values[i]));
        qInfo("%s snippet %d: max |ours - reference| = %.2e", qPrintable(QFileInfo(file).fileName()), snippet, worst);
        QVERIFY2(worst <= 1e-4f, qPrintable(QString::number(worst)));
    }
};

QTEST_GUILESS_MAIN(TestMelSpectrogram)
#include "tst_melspectrogram.moc"
