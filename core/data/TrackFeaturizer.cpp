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
        // Stream one snippet at a time: memory stays one snippet of audio whatever the
        // track's length (an hour-long file costs 52 KB of features per 3 s, no more).
        AudioDecoder decoder(path);
        track.info = decoder.info();
        if (track.info.durationSeconds > 0)
            track.values.reserve(SnippetLayout::count(std::size_t(std::min(track.info.durationSeconds, 7200.0) * C::sampleRate))
                                 * C::valuesPerSnippet);
        std::size_t decodedSamples = 0;
        for (;;) {
            const std::size_t got = decoder.read(m_snippet);
            decodedSamples += got;
            if (got < m_snippet.size())
                break;
            track.values.resize(track.values.size() + C::valuesPerSnippet);
            m_mel.computeSnippet(m_snippet, std::span(track.values).last(C::valuesPerSnippet));
            ++track.snippets;
        }
        track.warnings = decoder.warnings();
        track.decodedSeconds = double(decodedSamples) / C::sampleRate;
        if (track.snippets == 0)
            throw tooShort(path, track.decodedSeconds);
    } catch (const Error &error) {
        track.error = error;
        track.snippets = 0;
        track.values = {};
    } catch (const std::bad_alloc &) {
        track.error = Error(Error::Kind::Unsupported, path, QStringLiteral("out of memory while decoding"));
        track.snippets = 0;
        track.values = {};
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
