#pragma once

#include <QString>

namespace genrelab {

// One audio file of a dataset. Duration and snippet count are known once the track
// has been featurised (or read from the feature cache); until then status is Pending.
// A file that cannot be read stays listed with its error: it never aborts a load.
struct Track
{
    enum class Status { Pending, Ok, Error };

    QString path;          // absolute
    QString relativePath;  // to the dataset root, '/'-separated (display, split lists)
    QString label;         // empty for an unlabelled dataset
    int labelIndex = -1;   // into Dataset::labels(), −1 when unlabelled
    QString artist;        // from the tags (artist, else album artist) or FMA's artist.name; may be empty
    QString officialSplit; // FMA's set.split ("training", "validation", "test"); empty elsewhere
    Status status = Status::Pending;
    QString error;         // why it could not be read (status Error)
    double durationSeconds = 0.0;
    int snippetCount = 0;

    // "blues.00054": the name GTZAN's split lists use, without folder or extension.
    QString stem() const;
};

} // namespace genrelab
