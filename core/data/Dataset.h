#pragma once

#include "DatasetNotes.h"
#include "Track.h"
#include "WindowPolicy.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace genrelab {

class FeatureCache;

// A snippet's place: which track and which of its windows (where that window starts in
// the audio: CachedTrack::snippetStart).
struct SnippetRef
{
    int track = 0;
    int index = 0;
};

// A set of tracks with labels (GTZAN, a folder per label, a library's genre tags, FMA)
// or without (a music folder to tag). A labelled set may hold unlabelled tracks too
// (untagged files, classes left out): they are featurised and shown, never trained on. Built by DatasetLoader; durations and snippet counts come from the feature
// cache (applyCache). Thread contract: a value type; copy it to hand it to a thread.
class Dataset
{
public:
    enum class Kind { Gtzan, LabelledFolder, UnlabelledFolder, TagLibrary, Fma };

    Dataset() = default;
    Dataset(Kind kind, QString rootPath, QStringList labels, std::vector<Track> tracks);
    Dataset(Kind kind, QString rootPath, QStringList labels, std::vector<Track> tracks, DatasetNotes notes);

    Kind kind() const { return m_kind; }
    QString kindName() const;
    // "gtzan", "folders", "tags", "fma", "unlabelled": the layout in one word (JSON, CLI).
    QString layoutName() const;
    const QString &rootPath() const { return m_rootPath; }
    QString name() const;
    const QStringList &labels() const { return m_labels; }
    bool isLabelled() const { return m_kind != Kind::UnlabelledFolder; }

    const std::vector<Track> &tracks() const { return m_tracks; }
    std::vector<Track> &tracks() { return m_tracks; }
    int trackCount() const { return int(m_tracks.size()); }
    int unlabelledCount() const;
    const DatasetNotes &notes() const { return m_notes; }
    // Which snippets of each track its feature cache holds (DatasetOptions::windows, else
    // defaultWindows(kind())).
    WindowPolicy windowPolicy() const { return m_windows.value_or(defaultWindows(m_kind)); }
    void setWindowPolicy(std::optional<WindowPolicy> windows) { m_windows = windows; }
    // Every snippet for GTZAN and label folders (30-s clips: the study's layout); 10
    // windows spread over the whole track for a tagged library, FMA and a folder to tag,
    // whose tracks last minutes (80 snippets of a 4-min song would be 4 MB in the cache).
    static WindowPolicy defaultWindows(Kind kind);
    // Index of the track whose stem is `stem` ("jazz.00054"), or −1.
    int findByStem(const QString &stem) const;
    QStringList paths() const;

    // Tracks per label (index as in labels()).
    std::vector<int> countsPerLabel() const;
    // Every snippet of every readable track, in track order.
    std::vector<SnippetRef> snippets() const;
    int snippetCount() const;

    // Fills status, duration, snippet count and errors from a built cache.
    void applyCache(const FeatureCache &cache);

private:
    Kind m_kind = Kind::UnlabelledFolder;
    QString m_rootPath;
    QStringList m_labels;
    std::vector<Track> m_tracks;
    DatasetNotes m_notes;
    std::optional<WindowPolicy> m_windows;
};

} // namespace genrelab
