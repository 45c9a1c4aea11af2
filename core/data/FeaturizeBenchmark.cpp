#include "FeaturizeBenchmark.h"

#include "ParallelFeaturizer.h"
#include "audio/AudioDecoder.h"
#include "dsp/MelSpectrogram.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace genrelab {

namespace {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double medianOpenMs(const QStringList &files)
{
    std::vector<double> ms;
    float first[256];
    for (const QString &file : files) {
        QElapsedTimer clock;
        clock.start();
        try {
            AudioDecoder decoder(file);
            decoder.read(first); // includes the first packet and the resampler set-up
        } catch (...) {
            continue;
        }
        ms.push_back(clock.nsecsElapsed() / 1e6);
    }
    return median(ms);
}

double medianSnippetMs()
{
    using C = FeatureContract;
    std::vector<float> samples(C::snippetSamples);
    for (std::size_t i = 0; i < samples.size(); ++i) // a chirp-ish test signal; content does not matter
        samples[i] = 0.3f * float(std::sin(2.0 * std::numbers::pi * (220.0 + i * 0.01) * i / C::sampleRate));
    std::vector<float> out(C::valuesPerSnippet);
    MelSpectrogram mel;
    mel.computeSnippet(samples, out); // warm-up: plan, filterbank, caches
    std::vector<double> ms;
    for (int i = 0; i < 30; ++i) {
        QElapsedTimer clock;
        clock.start();
        mel.computeSnippet(samples, out);
        ms.push_back(clock.nsecsElapsed() / 1e6);
    }
    return median(ms);
}

} // namespace

FeaturizeBenchmark::Result FeaturizeBenchmark::run(const QStringList &files, int threads, int repeat)
{
    Result result;
    result.files = int(files.size());
    result.threads = threads;
    result.snippetMsOneThread = medianSnippetMs();
    result.openMsPerFile = medianOpenMs(files);
    std::vector<double> seconds;
    for (int pass = 0; pass < std::max(1, repeat); ++pass) {
        // The sink drops each track's features: this measures computing them, not storing.
        const auto summary = ParallelFeaturizer::run(files, threads, WindowPolicy::everySnippet(), [](TrackFeatures &&) {});
        seconds.push_back(summary.wallSeconds);
        result.snippets = summary.snippets;
        result.failed = int(summary.failures.size());
    }
    result.bestSeconds = *std::min_element(seconds.begin(), seconds.end());
    result.medianSeconds = median(seconds);
    return result;
}

QString FeaturizeBenchmark::Result::line() const
{
    return QStringLiteral("genrelab_featurize files=%1 failed=%2 snippets=%3 threads=%4 seconds=%5 median_seconds=%6 "
                          "open_ms_per_file=%7 snippet_ms_1thread=%8 snippets_per_s=%9")
        .arg(files).arg(failed).arg(snippets).arg(threads)
        .arg(bestSeconds, 0, 'f', 3).arg(medianSeconds, 0, 'f', 3)
        .arg(openMsPerFile, 0, 'f', 3).arg(snippetMsOneThread, 0, 'f', 3)
        .arg(snippetsPerSecond(), 0, 'f', 1);
}

} // namespace genrelab
