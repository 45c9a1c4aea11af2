#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace genrelab {

// One track's entry in a feature cache: what the file was when it was featurised
// (path, size, mtime: a change means recompute) and where its snippets are.
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
};

} // namespace genrelab
