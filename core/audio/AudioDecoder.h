#pragma once

#include "AudioInfo.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace genrelab {

struct DecodedAudio
{
    AudioInfo info;
    std::vector<float> samples; // 22 050 Hz mono
    QStringList warnings;       // non-fatal: skipped corrupt packets, early end of stream
};

// Decodes any file FFmpeg reads to mono float at the contract's rate,
// FeatureContract::sampleRate (22 050 Hz; the contract is its one definition), channels
// averaged, resampled with libswresample. It streams: read() pulls packets only as
// needed, so memory is bounded by one decode buffer whatever the file's length, and
// seek() lets a caller decode one time range (the inspector's single snippet).
// Bad input throws genrelab::Error naming the file and the cause; a stream that turns
// corrupt midway yields what was valid and records a warning (never a crash or a hang).
// Only regular files are opened, only with demuxers of real audio formats (never a
// playlist that names other files), and every blocking FFmpeg call has a time limit.
// Thread contract: one instance is used by one thread at a time; any number of
// instances may run concurrently on different threads.
class AudioDecoder
{
public:
    explicit AudioDecoder(const QString &path);
    ~AudioDecoder();
    AudioDecoder(const AudioDecoder &) = delete;
    AudioDecoder &operator=(const AudioDecoder &) = delete;

    const AudioInfo &info() const;
    // Reads up to out.size() samples; returns how many were written, 0 at the end.
    std::size_t read(std::span<float> out);
    // Positions the next read() at `seconds` of output time (sample-accurate for PCM,
    // within one codec frame's resampler latency for compressed formats).
    void seek(double seconds);
    const QStringList &warnings() const;

    // From then on, an open or read that has been running for more than a second is
    // interrupted (its file fails) instead of finishing: after Ctrl+C, nothing may keep
    // the process waiting. Async-signal-safe (one lock-free atomic store).
    static void abandonStuckDecodes() noexcept;

    // Convenience: the whole file, or [startSeconds, startSeconds + durationSeconds).
    static DecodedAudio decode(const QString &path, double startSeconds = 0.0,
                               double durationSeconds = -1.0);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
