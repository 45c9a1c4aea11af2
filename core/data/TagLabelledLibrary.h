#pragma once

#include "Dataset.h"
#include "DatasetOptions.h"

namespace genrelab {

// A music folder labelled by its files' genre tags (AudioTags: ID3v2 TCON with ID3v1
// references, Vorbis GENRE, MP4 ©gen). Spellings merge into one class (GenreName);
// a track whose tag names several genres takes the first, or stays unlabelled with
// skipMultiGenre; classes under minimumTracks are left out (GenreClasses). Untagged
// tracks, and tracks whose tags cannot be read or hold an absurd genre (reported in the
// notes), stay in the dataset unlabelled: featurised and shown, never trained on.
// Only tags are read (no decoding); files are read on `options.threads` threads.
// Thread contract: stateless; open() blocks.
class TagLabelledLibrary
{
public:
    // Kind TagLibrary (possibly with fewer than two classes: the caller decides).
    static Dataset open(const QString &root, const QStringList &files, const DatasetOptions &options);
};

} // namespace genrelab
