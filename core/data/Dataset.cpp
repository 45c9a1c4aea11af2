#include "Dataset.h"

#include "FeatureCache.h"

#include <QFileInfo>

#include <algorithm>

namespace genrelab {

Dataset::Dataset(Kind kind, QString rootPath, QStringList labels, std::vector<Track> tracks)
    : m_kind(kind)
    , m_rootPath(std::move(rootPath))
    , m_labels(std::move(labels))
    , m_tracks(std::move(tracks))
{
}

Dataset::Dataset(Kind kind, QString rootPath, QStringList labels, std::vector<Track> tracks, DatasetNotes notes)
    : Dataset(kind, std::move(rootPath), std::move(labels), std::move(tracks))
{
    m_notes = std::move(notes);
}

QString Dataset::kindName() const
{
    switch (m_kind) {
    case Kind::Gtzan: return QStringLiteral("GTZAN");
    case Kind::LabelledFolder: return QStringLiteral("folder per label");
    case Kind::UnlabelledFolder: return QStringLiteral("unlabelled folder");
    case Kind::TagLibrary: return QStringLiteral("library labelled by genre tags");
    case Kind::Fma: return QStringLiteral("FMA");
    }
    return {};
}

QString Dataset::layoutName() const
{
    switch (m_kind) {
    case Kind::Gtzan: return QStringLiteral("gtzan");
    case Kind::LabelledFolder: return QStringLiteral("folders");
    case Kind::UnlabelledFolder: return QStringLiteral("unlabelled");
    case Kind::TagLibrary: return QStringLiteral("tags");
    case Kind::Fma: return QStringLiteral("fma");
    }
    return {};
}

WindowPolicy Dataset::defaultWindows(Kind kind)
{
    return kind == Kind::Gtzan || kind == Kind::LabelledFolder ? WindowPolicy::everySnippet() : WindowPolicy::spread();
}

int Dataset::unlabelledCount() const
{
    return int(std::count_if(m_tracks.begin(), m_tracks.end(), [](const Track &track) { return track.labelIndex < 0; }));
}

QString Dataset::name() const
{
    return QFileInfo(m_rootPath).fileName();
}

int Dataset::findByStem(const QString &stem) const
{
    for (int i = 0; i < trackCount(); ++i) {
        if (m_tracks[std::size_t(i)].stem() == stem)
            return i;
    }
    return -1;
}

QStringList Dataset::paths() const
{
    QStringList list;
    list.reserve(qsizetype(m_tracks.size()));
    for (const Track &track : m_tracks)
        list << track.path;
    return list;
}

std::vector<int> Dataset::countsPerLabel() const
{
    std::vector<int> counts(std::size_t(m_labels.size()), 0);
    for (const Track &track : m_tracks) {
        if (track.labelIndex >= 0)
            ++counts[std::size_t(track.labelIndex)];
    }
    return counts;
}

std::vector<SnippetRef> Dataset::snippets() const
{
    std::vector<SnippetRef> list;
    list.reserve(std::size_t(snippetCount()));
    for (int t = 0; t < trackCount(); ++t) {
        for (int k = 0; k < m_tracks[std::size_t(t)].snippetCount; ++k)
            list.push_back({t, k});
    }
    return list;
}

int Dataset::snippetCount() const
{
    int total = 0;
    for (const Track &track : m_tracks)
        total += track.snippetCount;
    return total;
}

void Dataset::applyCache(const FeatureCache &cache)
{
    for (Track &track : m_tracks) {
        const int entry = cache.findTrack(track.path);
        if (entry < 0) {
            track.status = Track::Status::Pending;
            continue;
        }
        const CachedTrack &cached = cache.track(entry);
        track.durationSeconds = cached.durationSeconds;
        track.snippetCount = int(cached.snippetCount);
        track.error = cached.error;
        track.status = cached.error.isEmpty() ? Track::Status::Ok : Track::Status::Error;
    }
}

} // namespace genrelab
