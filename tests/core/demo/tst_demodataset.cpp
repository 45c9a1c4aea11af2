// The synthesised demo dataset: complete, deterministic, audible, and genres that a
// simple classifier can already tell apart (so the CRNN has something to learn).
#include "audio/AudioDecoder.h"
#include "data/DatasetLoader.h"
#include "data/TrackFeaturizer.h"
#include "demo/DemoComposer.h"
#include "demo/DemoDataset.h"
#include "demo/FluidSynthRenderer.h"
#include "demo/SynthRenderer.h"
#include "util/WorkerThreads.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>

using namespace genrelab;

namespace {

QByteArray folderDigest(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.wav")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &file : files) {
        QFile f(file);
        f.open(QIODevice::ReadOnly);
        hash.addData(QDir(dir).relativeFilePath(file).toUtf8());
        hash.addData(f.readAll());
    }
    return hash.result().toHex();
}

// Per clip: mean and standard deviation of each mel band over time (200 numbers).
std::vector<double> summary(const TrackFeatures &track)
{
    std::vector<double> mean(100, 0.0), var(100, 0.0);
    const std::size_t frames = track.values.size() / 100;
    for (std::size_t t = 0; t < frames; ++t)
        for (int b = 0; b < 100; ++b)
            mean[std::size_t(b)] += track.values[t * 100 + std::size_t(b)] / double(frames);
    for (std::size_t t = 0; t < frames; ++t)
        for (int b = 0; b < 100; ++b)
            var[std::size_t(b)] += std::pow(track.values[t * 100 + std::size_t(b)] - mean[std::size_t(b)], 2) / double(frames);
    for (double &v : var)
        mean.push_back(std::sqrt(v));
    return mean;
}

double distance(const std::vector<double> &a, const std::vector<double> &b)
{
    double d = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        d += (a[i] - b[i]) * (a[i] - b[i]);
    return d;
}

} // namespace

class TestDemoDataset : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void composesEveryGenre()
    {
        for (const QString &genre : DemoComposer::genres()) {
            const auto events = DemoComposer::compose(genre, 6.5, 1);
            QVERIFY2(events.size() > 10, qPrintable(genre));
            const bool drums = std::any_of(events.begin(), events.end(), [](const NoteEvent &e) { return e.channel == 9; });
            QCOMPARE(drums, genre != QLatin1String("classical")); // classical is the drum-less one
        }
        QVERIFY(DemoComposer::compose(QStringLiteral("polka"), 6.5, 1).empty());
    }

    void writesAudibleClipsInTheFolderPerLabelLayout()
    {
        QTemporaryDir dir;
        DemoDataset::Options options;
        options.clipsPerGenre = 2;
        const auto result = DemoDataset::generate(dir.path(), options);
        QCOMPARE(result.clips, 20);
        QVERIFY(!result.cancelled);
        qInfo("renderer: %s, %.2f s", qPrintable(result.renderer), result.seconds);
        QVERIFY(DemoDataset::isComplete(dir.path(), options));
        const Dataset dataset = DatasetLoader::open(dir.path());
        QCOMPARE(dataset.labels(), DemoComposer::genres());
        QCOMPARE(dataset.countsPerLabel(), std::vector<int>(10, 2));
        for (const Track &track : dataset.tracks()) {
            const DecodedAudio audio = AudioDecoder::decode(track.path);
            QCOMPARE(audio.samples.size(), std::size_t(6.5 * 22050));
            double energy = 0.0;
            for (float v : audio.samples)
                energy += double(v) * v;
            QVERIFY2(std::sqrt(energy / double(audio.samples.size())) > 0.02, qPrintable(track.path));
        }
    }

    void deterministicForASeedWhateverTheThreads()
    {
        QTemporaryDir a, b, c;
        DemoDataset::Options options;
        options.clipsPerGenre = 1;
        options.threads = 1;
        DemoDataset::generate(a.path(), options);
        options.threads = 2;
        DemoDataset::generate(b.path(), options);
        options.seed = 99;
        DemoDataset::generate(c.path(), options);
        QCOMPARE(folderDigest(a.path()), folderDigest(b.path()));
        QVERIFY(folderDigest(a.path()) != folderDigest(c.path()));
    }

    // FluidSynth keeps process-wide state (its sample cache, GLib types); a CI run once
    // crashed in fluid_synth_sfload while another thread rendered. Many renderers at once,
    // more threads than cores so their calls interleave: every clip must come out exactly
    // as it does when rendered alone.
    void fluidSynthRendersOnManyThreadsAtOnce()
    {
        const QString soundfont = SynthRenderer::findSoundfont();
        if (soundfont.isEmpty())
            QSKIP("no General MIDI soundfont installed (timgm6mb-soundfont)");
        constexpr int kRate = 22050;
        constexpr double kSeconds = 1.5;
        const QStringList &genres = DemoComposer::genres();
        std::vector<std::vector<NoteEvent>> scores;
        std::vector<std::vector<float>> alone;
        FluidSynthRenderer single(soundfont, kRate);
        for (int g = 0; g < int(genres.size()); ++g) {
            scores.push_back(DemoComposer::compose(genres[g], kSeconds, std::uint64_t(g) + 1));
            alone.push_back(single.render(scores.back(), kSeconds, kRate));
        }
        constexpr int kThreads = 8, kClipsEach = 10;
        std::vector<int> mismatches(kThreads, 0);
        runOnWorkerThreads(kThreads, [&](int worker) {
            FluidSynthRenderer renderer(soundfont, kRate);
            for (int k = 0; k < kClipsEach; ++k) {
                const std::size_t clip = std::size_t(worker + k) % scores.size();
                mismatches[std::size_t(worker)] += renderer.render(scores[clip], kSeconds, kRate) != alone[clip];
            }
        });
        QCOMPARE(std::accumulate(mismatches.begin(), mismatches.end(), 0), 0);
    }

    void builtinSynthesiserStandsInForFluidSynth()
    {
        qputenv("GENRELAB_SOUNDFONT", "none");
        QTemporaryDir dir;
        DemoDataset::Options options;
        options.clipsPerGenre = 1;
        const auto result = DemoDataset::generate(dir.path(), options);
        qunsetenv("GENRELAB_SOUNDFONT");
        QCOMPARE(result.renderer, QStringLiteral("built-in synthesiser"));
        QCOMPARE(result.clips, 10);
    }

    // Nearest class centroid on band means and spreads, trained on 4 clips per genre and
    // tested on 4 others: far above chance (10 %), yet the CRNN still has work to do.
    void genresAreDistinguishable_data()
    {
        QTest::addColumn<QString>("soundfont");
        QTest::newRow("soundfont") << QString();
        QTest::newRow("built-in") << QStringLiteral("none");
    }

    void genresAreDistinguishable()
    {
        QFETCH(QString, soundfont);
        if (soundfont.isEmpty() && SynthRenderer::findSoundfont().isEmpty())
            QSKIP("no General MIDI soundfont installed (timgm6mb-soundfont)");
        if (!soundfont.isEmpty())
            qputenv("GENRELAB_SOUNDFONT", soundfont.toUtf8());
        QTemporaryDir dir;
        DemoDataset::Options options;
        options.clipsPerGenre = 8;
        DemoDataset::generate(dir.path(), options);
        qunsetenv("GENRELAB_SOUNDFONT");
        const Dataset dataset = DatasetLoader::open(dir.path());
        TrackFeaturizer featurizer;
        std::vector<std::vector<double>> centroids(10, std::vector<double>(200, 0.0));
        std::vector<std::pair<int, std::vector<double>>> tests;
        for (const Track &track : dataset.tracks()) {
            const auto s = summary(featurizer.featurize(track.path));
            if (track.stem().endsWith(QLatin1Char('0')) || track.stem().endsWith(QLatin1Char('1'))
                || track.stem().endsWith(QLatin1Char('2')) || track.stem().endsWith(QLatin1Char('3'))) {
                for (std::size_t i = 0; i < s.size(); ++i)
                    centroids[std::size_t(track.labelIndex)][i] += s[i] / 4.0;
            } else {
                tests.emplace_back(track.labelIndex, s);
            }
        }
        int correct = 0;
        for (const auto &[label, s] : tests) {
            int best = 0;
            for (int c = 1; c < 10; ++c)
                best = distance(s, centroids[std::size_t(c)]) < distance(s, centroids[std::size_t(best)]) ? c : best;
            correct += best == label;
        }
        const double accuracy = double(correct) / double(tests.size());
        qInfo("nearest-centroid accuracy on held-out demo clips: %.0f %%", accuracy * 100);
        QVERIFY2(accuracy >= 0.5, qPrintable(QString::number(accuracy)));
    }
};

QTEST_GUILESS_MAIN(TestDemoDataset)
#include "tst_demodataset.moc"
