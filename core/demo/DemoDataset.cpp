#include "DemoDataset.h"

#include "DemoComposer.h"
#include "SynthRenderer.h"
#include "audio/WavFileWriter.h"
#include "dsp/FeatureContract.h"
#include "util/DataHome.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"
#include "util/WorkerThreads.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <atomic>
#include <cmath>
#include <mutex>
#include <random>

namespace genrelab {

namespace {

constexpr int kSampleRate = FeatureContract::sampleRate;

QString clipPath(const QString &outDir, const QString &genre, int index)
{
    return QStringLiteral("%1/%2/%2.%3.wav").arg(outDir, genre).arg(index, 5, 10, QLatin1Char('0'));
}

// Loudness varies clip to clip (as in real collections) but never clips.
void normalise(std::vector<float> &audio, float peakTarget)
{
    float peak = 0.0f;
    for (float v : audio)
        peak = std::max(peak, std::abs(v));
    if (peak <= 0.0f)
        return;
    const float gain = peakTarget / peak;
    for (float &v : audio)
        v *= gain;
}

// Real collections are recorded in different rooms on different gear: darken some
// clips with a low-pass of random cutoff and add hiss at a random signal-to-noise
// ratio, so timbre alone does not give a genre away.
void colourRecording(std::vector<float> &audio, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double cutoffHz = 1500.0 + 8000.0 * unit(random);
    const auto smoothing = float(1.0 - std::exp(-2.0 * 3.14159265358979 * cutoffHz / kSampleRate));
    const auto darkness = float(0.8 * unit(random));
    float lowPassed = 0.0f;
    double energy = 0.0;
    for (float &v : audio) {
        lowPassed += smoothing * (v - lowPassed);
        v = (1.0f - darkness) * v + darkness * lowPassed;
        energy += double(v) * v;
    }
    const double rms = std::sqrt(energy / double(std::max<std::size_t>(1, audio.size())));
    const double snrDb = 12.0 + 18.0 * unit(random);
    const auto noiseLevel = float(rms * std::pow(10.0, -snrDb / 20.0) * std::sqrt(3.0)); // uniform noise RMS = level/√3
    std::uniform_real_distribution<float> hiss(-1.0f, 1.0f);
    for (float &v : audio)
        v += noiseLevel * hiss(random);
}

QString markerPath(const QString &outDir)
{
    return outDir + QStringLiteral("/.genrelab-demo");
}

QByteArray markerFor(const DemoDataset::Options &options)
{
    return QStringLiteral("seed=%1 clips=%2 seconds=%3\n").arg(options.seed).arg(options.clipsPerGenre).arg(options.clipSeconds).toUtf8();
}

} // namespace

QString DemoDataset::defaultLocation()
{
    return DataHome::demoDir();
}

bool DemoDataset::isComplete(const QString &dir, const Options &options)
{
    QFile marker(markerPath(dir));
    return marker.open(QIODevice::ReadOnly) && marker.readAll() == markerFor(options);
}

DemoDataset::Result DemoDataset::generate(const QString &outDir, const Options &options, ProgressReporter *progress)
{
    QElapsedTimer clock;
    clock.start();
    const QStringList &genres = DemoComposer::genres();
    for (const QString &genre : genres) {
        if (!QDir().mkpath(outDir + QLatin1Char('/') + genre))
            throw Error(Error::Kind::WriteFailed, outDir, QStringLiteral("cannot create the demo folder"));
    }
    QFile::remove(markerPath(outDir));

    const int total = int(genres.size()) * options.clipsPerGenre;
    std::atomic<int> next{0}, done{0};
    std::mutex mutex;
    QString rendererName;
    auto worker = [&](int, const std::atomic<bool> &stop) {
        std::unique_ptr<SynthRenderer> renderer = SynthRenderer::best(kSampleRate);
        {
            std::lock_guard lock(mutex);
            rendererName = renderer->name();
        }
        for (int job = next++; job < total; job = next++) {
            if ((progress && progress->isCancelled()) || stop) // stop: another clip failed
                return;
            const int genreIndex = job % int(genres.size());
            const QString &genre = genres[genreIndex];
            const int index = job / int(genres.size());
            // Each clip's seed depends on the dataset seed, the genre and the index only:
            // the files are the same whatever the thread count.
            const std::uint64_t seed = options.seed * 1000003ull + std::uint64_t(index) * 131ull
                                       + std::uint64_t(genreIndex) * 7919ull;
            const auto events = DemoComposer::compose(genre, options.clipSeconds, seed);
            std::vector<float> audio = renderer->render(events, options.clipSeconds, kSampleRate);
            colourRecording(audio, seed ^ 0x5bd1e995ull);
            normalise(audio, 0.5f + 0.4f * float((seed >> 7) % 1000) / 1000.0f);
            WavFileWriter::writeMono16(clipPath(outDir, genre, index), audio, kSampleRate);
            const int finished = ++done;
            if (progress)
                progress->report(QStringLiteral("demo clip %1/%2 (%3)").arg(finished).arg(total).arg(genre),
                                 double(finished) / total);
        }
    };
    const int threads = boundedThreadCount(options.threads);
    runOnWorkerThreads(std::min(threads, total), worker); // rethrows a clip's Error

    Result result;
    result.clips = done.load();
    result.renderer = rendererName;
    result.cancelled = result.clips < total;
    result.seconds = clock.nsecsElapsed() / 1e9;
    if (!result.cancelled) {
        QFile marker(markerPath(outDir));
        if (marker.open(QIODevice::WriteOnly))
            marker.write(markerFor(options));
    }
    return result;
}

} // namespace genrelab
