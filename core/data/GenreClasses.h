#pragma once

#include "DatasetNotes.h"
#include "Track.h"

#include <QMap>
#include <QStringList>

#include <vector>

namespace genrelab {

// Turns the genre names tracks carry (tags, FMA's genre_top) into a dataset's classes:
// spellings with one GenreName::key are one class, named by its most frequent spelling
// (ties: the first in alphabetical order); a class with fewer than `minimumTracks`
// tracks is left out (named, with its count) and its tracks become unlabelled.
// Thread contract: stateless.
class GenreClasses
{
public:
    // On entry each track's `label` holds its genre as spelt (empty: none). On return
    // `label` and `labelIndex` name the class, or are empty and −1; returns the classes
    // in alphabetical order, and appends the left-out ones to `leftOut`.
    // `words` (GenreName::key of a spelling → the user's word) renames spellings first.
    static QStringList assign(std::vector<Track> &tracks, int minimumTracks, std::vector<DatasetNotes::LeftOut> &leftOut,
                              const QMap<QString, QString> &words = {});
};

} // namespace genrelab
