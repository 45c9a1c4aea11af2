#pragma once

#include "CatalogTrack.h"
#include "GenreVocabulary.h"

#include <QStringList>

#include <vector>

namespace genrelab {

// What an analysed library can be exported as: an extended M3U playlist per decided
// genre (absolute paths, named by the user's words; UTF-8 .m3u8 where a playlist holds
// anything beyond ASCII, since players read a plain .m3u in the system's legacy
// encoding), and a CSV of every track with its tags, the model's suggestion and
// confidence, the decided genre and all probabilities.
// Both follow the user's decisions, never the raw suggestion: the caller decides each
// track's genre — in the GUI the review table's accepted or corrected genre, in the CLI
// the suggestion in the map's words if sure enough — and a track with no decided genre
// (rejected, below the threshold, failed) is in no playlist.
// Thread contract: stateless; blocks.
class LibraryExport
{
public:
    struct Decided
    {
        CatalogTrack track;
        QString genre; // in the user's words; empty: no genre decided
    };

    // Returns the playlists written. Throws Error(WriteFailed).
    static QStringList writePlaylists(const std::vector<Decided> &tracks, const QString &folder);
    static void writeCsv(const std::vector<Decided> &tracks, const QStringList &classes,
                         const GenreVocabulary &vocabulary, const QString &path);
};

} // namespace genrelab
