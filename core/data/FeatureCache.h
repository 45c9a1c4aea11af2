#pragma once

#include "CachedTrack.h"

#include <QHash>
#include <QString>

#include <memory>
#include <span>
#include <vector>

class QFile;

namespace genrelab {

// A dataset's features on disk, one file per dataset and contract version, read
// through a memory map: opening a GTZAN-size cache (10 000 snippets, 520 MB) parses
// only its small track table and copies no features.
// Layout (little-endian): a 64-byte header (magic, format and contract versions, shape,
// counts, offsets), the float32 snippets [n][130][100] from byte 64, then the track
// table (QDataStream). open() validates every size and offset against the file before
// touching the data, so a truncated or foreign file is refused, never misread. The track
// table carries its own checksum and each track one of its features (verifyTrack()).
// Thread contract: after open() it is immutable; share const access between threads.
class FeatureCache
{
public:
    // 2: a checksum per track and one of the track table.
    // 3: each track's window policy and snippet starts (issue 21: windows spread over
    //    whole tracks). Older caches are GenreLab's own: they are rebuilt, never converted.
    static constexpr std::uint32_t formatVersion = 3;

    FeatureCache();
    ~FeatureCache();
    FeatureCache(FeatureCache &&) noexcept;
    FeatureCache &operator=(FeatureCache &&) noexcept;

    // Throws Error: Unreadable, Corrupt (bad magic, sizes, table), Unsupported (another
    // format or contract version; the message says which).
    static FeatureCache open(const QString &path);
    // Where the cache of a dataset rooted at `datasetRoot` lives by default.
    static QString defaultPathFor(const QString &datasetRoot);

    bool isOpen() const { return m_data != nullptr || !m_tracks.empty(); }
    const QString &path() const { return m_path; }
    int trackCount() const { return int(m_tracks.size()); }
    const CachedTrack &track(int i) const { return m_tracks[std::size_t(i)]; }
    int findTrack(const QString &path) const { return m_index.value(path, -1); }
    std::uint64_t snippetCount() const { return m_snippetCount; }

    // Snippet `k` of track `i`: 13 000 floats, [130][100] time-major, in the map.
    std::span<const float> snippet(int track, int k) const;
    std::span<const float> trackFeatures(int track) const;
    // True when track `track`'s features are what was written (its checksum matches).
    // Reads them all: the builder checks every track it reuses, once per process that
    // opens the dataset, and featurises again what fails.
    bool verifyTrack(int track) const;

private:
    QString m_path;
    std::unique_ptr<QFile> m_file;
    const float *m_data = nullptr;
    std::uint64_t m_snippetCount = 0;
    std::vector<CachedTrack> m_tracks;
    QHash<QString, int> m_index;
};

} // namespace genrelab
