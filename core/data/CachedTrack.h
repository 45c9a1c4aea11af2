#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace genrelab {

// One track's entry in a feature cache: what the file was when it was featurised
// (path, size, mtime: a change means recompute), which windows were taken (a track
// featurised under another WindowPolicy is recomputed, never mixed in), where they lie in
// the audio and where their features are in the cache.
struct CachedTrack
{
    QString path;
    qint64 fileSize = -1;
    qint64 modifiedMs = -1;
    std::uint32_t snippetCount = 0;
    std::uint64_t firstSnippet = 0; // in the cache's snippet array
    double durationSeconds = 0.0;
    QString error;                  // non-empty: the file could not be featurised
    QStringList warnings;
    std::uint64_t checksum = 0;     // FeatureCacheFormat::checksum of its features
    std::int32_t windows = 0;       // WindowPolicy::count() it was featurised with (0: every snippet)
    std::vector<double> starts;     // where each snippet starts in the audio, seconds (snippetCount)

    // Where snippet k of this track starts in its audio, in seconds: the one answer to that
    // question (training items, predictions, Explore's and Evaluate's read-outs and
    // playback). Stored as featurised, never recomputed, because only the featuriser knew
    // the duration it spread the windows over. 0 for a k out of range.
    double snippetStart(int k) const
    {
        return k >= 0 && std::size_t(k) < starts.size() ? starts[std::size_t(k)] : 0.0;
    }
    // The other way round: the snippet whose window holds `seconds` of the audio, else the
    // last one starting before it (between spread windows), else 0.
    int snippetAt(double seconds) const
    {
        int found = 0;
        for (std::size_t k = 0; k < starts.size() && starts[k] <= seconds; ++k)
            found = int(k);
        return found;
    }
};

} // namespace genrelab
