#pragma once

#include "Dataset.h"
#include "DatasetOptions.h"

namespace genrelab {

// Opens a folder as a Dataset, recognising the layouts people actually have:
//  - GTZAN: genres/<genre>/<genre>.000NN.au (original), genres_original/<genre>/…wav
//    (the common re-distribution), Data/genres_original (Kaggle), or the genre folders
//    picked directly; the user may pick the parent folder of any of these;
//  - a folder per label: every sub-folder with audio (searched recursively) is a label,
//    at least two of them;
//  - FMA: fma_metadata/tracks.csv beside fma_small/ (or medium, large, full), see FmaLayout;
//  - a music library labelled by its genre tags (TagLabelledLibrary), when the tags give
//    at least two classes;
//  - an unlabelled folder: every audio file below it (for prediction and tagging).
// Only lists files (fast); decoding happens when features are computed.
// Thread contract: stateless; call from any thread (it touches the file system).
class DatasetLoader
{
public:
    enum class Expect { Auto, Labelled, Unlabelled };

    // Throws Error (FileMissing, Unreadable, NotAudio) when nothing usable is there.
    static Dataset open(const QString &path, Expect expect = Expect::Auto);
    // With labels from where `options` says (Auto: detected, as above). Labels from tags
    // or FMA may give fewer than two classes: the dataset then says why (notes()) and
    // training refuses it. The dataset's window policy is options.windows (unset: its
    // layout's default).
    static Dataset open(const QString &path, const DatasetOptions &options);

    static const QStringList &gtzanGenres();
    // The folder holding the genre folders, if `path` is (or contains) a GTZAN copy.
    static QString findGtzanRoot(const QString &path);

private:
    static Dataset openLabelled(const QString &path, const DatasetOptions &options);
};

} // namespace genrelab
