#include "WindowFeaturizer.h"

#include "audio/AudioDecoder.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {
using C = FeatureContract;
constexpr double kMaxUnknownSeconds = 1200.0; // a file without a duration is read this far at most
} // namespace

WindowFeaturizer::WindowFeaturizer(int windows)
    : m_windows(std::max(1, windows))
    , m_snippet(C::snippetSamples)
{
}

std::vector<double> WindowFeaturizer::starts(double seconds, int windows)
{
    const int fit = int(std::floor(seconds / C::snippetSeconds()));
    const int count = std::min(windows, fit);
    std::vector<double> result;
    for (int i = 0; i < count; ++i)
        result.push_back(count == fit ? i * C::snippetSeconds() // a short track: every snippet
                                      : (seconds - C::snippetSeconds()) * (i + 0.5) / count);
    return result;
}

WindowFeaturizer::Result WindowFeaturizer::featurize(const QString &path)
{
    Result result;
    result.features.path = path;
    try {
        AudioDecoder decoder(path);
        result.features.info = decoder.info();
        const double duration = result.features.info.durationSeconds;
        if (duration <= 0)
            return featurizeWhole(path, std::move(result));
        QString truncated;
        for (double start : starts(duration, m_windows)) {
            decoder.seek(start);
            if (const std::size_t got = decoder.read(m_snippet); got < m_snippet.size()) {
                // The header promised more than the stream holds: use the windows before.
                truncated = QStringLiteral("the audio ends at %1 s although the header says %2 s (truncated file?)")
                                .arg(start + double(got) / C::sampleRate, 0, 'f', 1)
                                .arg(duration, 0, 'f', 1);
                break;
            }
            result.features.values.resize(result.features.values.size() + C::valuesPerSnippet);
            m_mel.computeSnippet(m_snippet, std::span(result.features.values).last(C::valuesPerSnippet));
            result.starts.push_back(start);
        }
        result.features.snippets = result.starts.size();
        result.features.warnings = decoder.warnings();
        if (!truncated.isEmpty())
            result.features.warnings << truncated;
        result.features.decodedSeconds = double(result.starts.size()) * C::snippetSeconds();
        if (result.starts.empty())
            throw Error(Error::Kind::TooShort, path, QStringLiteral("shorter than one 3-s snippet"));
    } catch (const Error &error) {
        result.features.error = error;
        result.features.snippets = 0;
        result.features.values.clear();
        result.starts.clear();
    }
    return result;
}

// No duration in the header (some raw streams): decode up to kMaxUnknownSeconds, then
// take the windows from what was decoded.
WindowFeaturizer::Result WindowFeaturizer::featurizeWhole(const QString &path, Result result)
{
    const DecodedAudio audio = AudioDecoder::decode(path, 0.0, kMaxUnknownSeconds);
    const double seconds = double(audio.samples.size()) / C::sampleRate;
    for (double start : starts(seconds, m_windows)) {
        const auto first = std::size_t(start * C::sampleRate);
        result.features.values.resize(result.features.values.size() + C::valuesPerSnippet);
        m_mel.computeSnippet(std::span(audio.samples).subspan(first, C::snippetSamples),
                             std::span(result.features.values).last(C::valuesPerSnippet));
        result.starts.push_back(start);
    }
    result.features.snippets = result.starts.size();
    result.features.decodedSeconds = seconds;
    if (result.starts.empty())
        throw Error(Error::Kind::TooShort, path, QStringLiteral("shorter than one 3-s snippet"));
    return result;
}

} // namespace genrelab
