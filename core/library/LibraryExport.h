#pragma once

#include "CatalogTrack.h"
#include "GenreVocabulary.h"

#include <QStringList>

#include <vector>

namespace genrelab {

// What an analysed library can be exported as: an extended M3U playlist per suggested
// genre (tracks at or above a confidence, absolute paths, named by the user's words),
// and a CSV of every track with its tags, suggestion, confidence and all probabilities.
// Thread contract: stateless; blocks.
class LibraryExport
{
public:
    // Returns the playlists written. Throws Error(WriteFailed).
    static QStringList writePlaylists(const std::vector<CatalogTrack> &tracks, const QStringList &classes,
                                      const GenreVocabulary &vocabulary, const QString &folder, double minConfidence);
    static void writeCsv(const std::vector<CatalogTrack> &tracks, const QStringList &classes,
                         const GenreVocabulary &vocabulary, const QString &path);
};

} // namespace genrelab
