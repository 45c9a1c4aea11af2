#include "TrackFeaturizer.h"

#include "audio/AudioDecoder.h"
#include "audio/SnippetLayout.h"

#include <algorithm>

namespace genrelab {

namespace {
using C = FeatureContract;
constexpr double kMaxUnknownSeconds = 1200.0; // a file without a duration is read this far at most

Error tooShort(const QString &path, double seconds)
{
    return Error(Error::Kind::TooShort, path,
                 QStringLiteral("%1 s of audio, shorter than one %2-s snippet").arg(seconds, 0, 'f', 2).arg(C::snippetSeconds()));
}
} // namespace

TrackFeaturizer::TrackFeaturizer(WindowPolicy policy)
    : m_policy(policy)
{
}

TrackFeatures TrackFeaturizer::featurize(const QString &path, std::size_t index)
{
    TrackFeatures track;
    track.index = index;
    track.path = path;
    try {
        AudioDecoder decoder(path);
        track.info = decoder.info();
        if (m_starts)
            seekToWindows(decoder, track, *m_starts);
        else if (m_policy.isEverySnippet())
            streamEverySnippet(decoder, track);
        else if (track.info.durationSeconds > 0)
            seekToWindows(decoder, track, m_policy.starts(track.info.durationSeconds));
        else
            decodeThenWindows(track);
        if (track.snippets == 0)
            throw tooShort(path, track.decodedSeconds);
    } catch (const Error &error) {
        track.error = error;
    } catch (const std::bad_alloc &) {
        track.error = Error(Error::Kind::Unsupported, path, QStringLiteral("out of memory while decoding"));
    } catch (const std::exception &error) { // a library's own failure: this file fails, not the whole load
        track.error = Error(Error::Kind::Unsupported, path, QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0));
    }
    if (track.error) {
        track.snippets = 0;
        track.values = {};
        track.starts = {};
    }
    return track;
}

TrackFeatures TrackFeaturizer::featurizeInBatches(const QString &path, std::size_t batch, const BatchSink &sink)
{
    const WindowPolicy policy = m_policy;
    m_policy = WindowPolicy::everySnippet();
    m_sink = &sink;
    m_batch = std::max<std::size_t>(1, batch);
    TrackFeatures track = featurize(path);
    m_policy = policy;
    m_sink = nullptr;
    return track;
}

void TrackFeaturizer::handOnBatch(TrackFeatures &track)
{
    if (track.values.empty())
        return;
    (*m_sink)(track.values, track.values.size() / C::valuesPerSnippet);
    track.values.clear(); // the capacity stays: the next batch reuses it
}

void TrackFeaturizer::addSnippet(TrackFeatures &track, std::span<const float> audio, double start)
{
    track.values.resize(track.values.size() + C::valuesPerSnippet);
    m_mel.computeSnippet(audio, std::span(track.values).last(C::valuesPerSnippet));
    track.starts.push_back(start);
    ++track.snippets;
}

// Every snippet: stream one at a time, so memory stays one snippet of audio whatever the
// track's length (an hour-long file costs 52 KB of features per 3 s, no more).
void TrackFeaturizer::streamEverySnippet(AudioDecoder &decoder, TrackFeatures &track)
{
    if (m_sink)
        track.values.reserve(m_batch * C::valuesPerSnippet);
    else if (track.info.durationSeconds > 0)
        track.values.reserve(SnippetLayout::count(std::size_t(std::min(track.info.durationSeconds, 7200.0) * C::sampleRate))
                             * C::valuesPerSnippet);
    std::size_t decodedSamples = 0;
    for (;;) {
        const std::size_t got = decoder.read(m_snippet);
        decodedSamples += got;
        if (got < m_snippet.size())
            break;
        addSnippet(track, m_snippet, double(track.snippets) * C::snippetSeconds());
        if (m_sink && track.values.size() >= m_batch * C::valuesPerSnippet)
            handOnBatch(track);
    }
    if (m_sink)
        handOnBatch(track);
    track.warnings = decoder.warnings();
    track.decodedSeconds = double(decodedSamples) / C::sampleRate;
}

// Spread windows: seek to each, decode 3 s. A header that promised more than the stream
// holds ends the windows early, with a warning. The track's length is what the header
// says (the windows were spread over it), or where the audio was found to end.
void TrackFeaturizer::seekToWindows(AudioDecoder &decoder, TrackFeatures &track, const std::vector<double> &starts)
{
    const double duration = track.info.durationSeconds;
    track.decodedSeconds = duration;
    QString truncated;
    for (const double start : starts) {
        decoder.seek(start);
        if (const std::size_t got = decoder.read(m_snippet); got < m_snippet.size()) {
            truncated = QStringLiteral("the audio ends at %1 s although the header says %2 s (truncated file?)")
                            .arg(start + double(got) / C::sampleRate, 0, 'f', 1)
                            .arg(duration, 0, 'f', 1);
            track.decodedSeconds = start + double(got) / C::sampleRate;
            break;
        }
        addSnippet(track, m_snippet, start);
    }
    track.warnings = decoder.warnings();
    if (!truncated.isEmpty())
        track.warnings << truncated;
}

// Spread windows of a file without a duration in its header (some raw streams): decode
// up to kMaxUnknownSeconds, then take the windows from what was decoded.
void TrackFeaturizer::decodeThenWindows(TrackFeatures &track)
{
    const DecodedAudio audio = AudioDecoder::decode(track.path, 0.0, kMaxUnknownSeconds);
    track.decodedSeconds = double(audio.samples.size()) / C::sampleRate;
    track.warnings = audio.warnings;
    for (const double start : m_policy.starts(track.decodedSeconds))
        addSnippet(track, std::span(audio.samples).subspan(std::size_t(start * C::sampleRate), C::snippetSamples), start);
}

TrackFeatures TrackFeaturizer::featurizeAt(const QString &path, const std::vector<double> &starts)
{
    m_starts = starts;
    TrackFeatures track = featurize(path);
    m_starts.reset();
    return track;
}

std::vector<float> TrackFeaturizer::featurizeSnippet(const QString &path, std::size_t k)
{
    return featurizeSnippetAt(path, double(k) * C::snippetSeconds()); // the contract's layout of a file
}

std::vector<float> TrackFeaturizer::featurizeSnippetAt(const QString &path, double start)
{
    const std::size_t k = std::size_t(start / C::snippetSeconds()); // for the message: which snippet that is
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
