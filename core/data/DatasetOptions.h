#pragma once

#include "WindowPolicy.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace genrelab {

// How to open a folder as a dataset: where the labels come from and, for labels from
// genre tags, what counts as a class. The defaults detect the layout (GTZAN, FMA, a
// folder per label, genre tags) and are what the GUI uses.
// Thread contract: a value type.
struct DatasetOptions
{
    enum class Labels { Auto, Folders, Tags, Fma };

    Labels labels = Labels::Auto;
    int minimumTracks = 5;        // classes with fewer tracks are left out (tags, FMA)
    bool skipMultiGenre = false;  // tags: a track whose tag names several genres stays unlabelled
    int threads = 0;              // tag reading; 0 = all cores
    // Which snippets of each track are featurised and trained on (--windows N|all); unset:
    // the layout's default (Dataset::defaultWindows: every snippet of GTZAN's 30-s clips and
    // label folders, 10 windows spread over each of a library's or FMA's whole tracks).
    std::optional<WindowPolicy> windows;
    // The user's genre words (a GenreVocabulary file, "class=Word" lines), keyed by
    // GenreName::key of the class: a tag spelt like a class takes its Word, so "rap=Hip-Hop"
    // merges Rap into Hip-Hop and "hiphop=HipHop" names the class HipHop.
    QMap<QString, QString> genreWords;

    static QString labelsName(Labels labels);
    static std::optional<Labels> parseLabels(const QString &name);
    static QStringList labelsNames();
    // genreWords from a vocabulary's entries (class → Word), keyed by GenreName::key.
    static QMap<QString, QString> keyedWords(const QMap<QString, QString> &entries);
};

} // namespace genrelab
