#pragma once

#include "Dataset.h"
#include "DatasetOptions.h"

namespace genrelab {

// The Free Music Archive dataset as distributed: fma_metadata/tracks.csv beside one of
// fma_small/, fma_medium/, fma_large/, fma_full/ holding NNN/NNNNNN.mp3 (track 2 is
// 000/000002.mp3). tracks.csv has a two-row column header (category, field), then a
// "track_id" row; columns are found by (category, field), never by position. Labels come
// from track.genre_top (tracks without one are unlabelled), artists from artist.name,
// FMA's own partition from set.split (the "official" split), and only the rows of the
// folder's set.subset are listed (fma_medium holds small and medium, fma_full all).
// Listed files that are not there are reported in the notes and never stop a load;
// files that cannot be decoded are reported when featurised, like any track's.
// Thread contract: stateless.
class FmaLayout
{
public:
    // The audio folder's name ("fma_small"), or empty when `root` is not an FMA copy.
    static QString audioFolder(const QString &root);
    static bool isFma(const QString &root) { return !audioFolder(root).isEmpty(); }
    // Throws Error (FileMissing, InvalidArgument naming tracks.csv and what is wrong).
    static Dataset open(const QString &root, const DatasetOptions &options);
    // "000/000002.mp3" for track 2.
    static QString relativeAudioPath(qint64 trackId);
};

} // namespace genrelab
