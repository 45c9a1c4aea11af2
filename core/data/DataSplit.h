#pragma once

#include "Dataset.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace genrelab {

enum class SplitPart : std::uint8_t { None, Train, Valid, Test };

// Which tracks (or, for the study's own split, which snippets) are used for training,
// validation and testing. All splits are stratified by label and seeded (DESIGN.md):
//  - Track: 80/10/10 by track; no track's snippets cross parts (the default);
//  - Filtered: the fault-filtered GTZAN partition (Kereliuk & Sturm), matched by track
//    name so .au and .wav copies both work; list entries not in the dataset are counted;
//  - Seed: the study's shuffled-snippet split. It leaks (snippets of one track land in
//    both train and test); leaks() and leakageWarning() let every consumer say so.
//  - Artist: every artist on one side, stratified as far as the artists allow (ArtistSplit);
//  - Official: FMA's own set.split (throws Error(InvalidArgument) for other datasets).
// Thread contract: a value type.
class DataSplit
{
public:
    enum class Kind { Track, Filtered, Seed, Artist, Official };

    static DataSplit byTrack(const Dataset &dataset, std::uint64_t seed);
    // `listsDir` holds {train,valid,test}_filtered.txt; empty: the embedded copy.
    static DataSplit filtered(const Dataset &dataset, const QString &listsDir = {});
    // Needs snippet counts (apply the feature cache first).
    static DataSplit bySnippet(const Dataset &dataset, std::uint64_t seed);
    // Every artist on one side (ArtistSplit); FMA's set.split (throws for other datasets).
    static DataSplit byArtist(const Dataset &dataset, std::uint64_t seed);
    static DataSplit official(const Dataset &dataset);
    static DataSplit make(Kind kind, const Dataset &dataset, std::uint64_t seed);
    // Every track in one part (scoring a model on a whole dataset).
    static DataSplit everythingIn(const Dataset &dataset, SplitPart part);
    // A track-level split whose parts someone else chose (cross-validation folds, see
    // CrossValidationFolds); `description` starts summary() ("fold 2 of 5, seed 1").
    static DataSplit ofTracks(Kind kind, std::uint64_t seed, std::vector<SplitPart> trackParts, QString description);

    Kind kind() const { return m_kind; }
    std::uint64_t seed() const { return m_seed; }
    bool leaks() const { return m_kind == Kind::Seed; }
    static QString leakageWarning();
    static QString kindName(Kind kind);
    static std::optional<Kind> parseKind(const QString &name);

    SplitPart partOfTrack(int track) const;
    // `snippet` indexes Dataset::snippets(); for track-level splits the track decides.
    SplitPart partOfSnippet(int snippet, const SnippetRef &ref) const;
    // Indices into Dataset::snippets() that belong to `part`.
    std::vector<int> snippetsIn(const Dataset &dataset, SplitPart part) const;
    int tracksIn(SplitPart part) const;

    // Filtered split: list entries with no track in the dataset.
    const QStringList &missingTracks() const { return m_missing; }
    QString summary(const Dataset &dataset) const;

private:
    Kind m_kind = Kind::Track;
    std::uint64_t m_seed = 0;
    std::vector<SplitPart> m_trackParts;   // Track, Filtered
    std::vector<SplitPart> m_snippetParts; // Seed
    QStringList m_missing;
    QString m_description;
};

} // namespace genrelab
