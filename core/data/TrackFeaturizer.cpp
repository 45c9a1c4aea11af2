#include "TrackFeaturizer.h"

#include "audio/AudioDecoder.h"
#include "audio/SnippetLayout.h"

namespace genrelab {

namespace {
using C = FeatureContract;

Error tooShort(const QString &path, double seconds)
{
    return Error(Error::Kind::TooShort, path,
                 QStringLiteral("%1 s of audio, shorter than one %2-s snippet").arg(seconds, 0, 'f', 2).arg(C::snippetSeconds()));
}
} // namespace

TrackFeatures TrackFeaturizer::featurize(const QString &path, std::size_t index)
{
    TrackFeatures track;
    track.index = index;
    track.path = path;
    try {
        DecodedAudio audio = AudioDecoder::decode(path);
        track.info = audio.info;
        track.warnings = audio.warnings;
        track.decodedSeconds = double(audio.samples.size()) / C::sampleRate;
        track.snippets = SnippetLayout::count(audio.samples.size());
        if (track.snippets == 0)
            throw tooShort(path, track.decodedSeconds);
        track.values.resize(track.snippets * C::valuesPerSnippet);
        for (std::size_t k = 0; k < track.snippets; ++k) {
            m_mel.computeSnippet(std::span(audio.samples).subspan(k * C::snippetSamples, C::snippetSamples),
                                 std::span(track.values).subspan(k * C::valuesPerSnippet, C::valuesPerSnippet));
        }
    } catch (const Error &error) {
        track.error = error;
        track.snippets = 0;
        track.values.clear();
    } catch (const std::bad_alloc &) {
        track.error = Error(Error::Kind::Unsupported, path, QStringLiteral("out of memory while decoding"));
    }
    return track;
}

std::vector<float> TrackFeaturizer::featurizeSnippet(const QString &path, std::size_t k)
{
    const double start = double(k) * C::snippetSeconds();
    DecodedAudio audio = AudioDecoder::decode(path, start, C::snippetSeconds());
    if (audio.samples.size() < std::size_t(C::snippetSamples)) {
        const double length = audio.info.durationSeconds;
        const QString known = length > 0 ? QStringLiteral(" (the track is %1 s long)").arg(length, 0, 'f', 2) : QString();
        throw Error(Error::Kind::OutOfRange, path,
                    QStringLiteral("snippet %1 (%2 s – %3 s) lies beyond the end of the audio%4")
                        .arg(k).arg(start, 0, 'f', 1).arg(start + C::snippetSeconds(), 0, 'f', 1).arg(known));
    }
    std::vector<float> values(C::valuesPerSnippet);
    m_mel.computeSnippet(audio.samples, values);
    return values;
}

} // namespace genrelab
