#pragma once

#include <QString>

#include <vector>

namespace genrelab {

// What opening a dataset found besides its tracks, for `genrelab-cli dataset` and the
// GUI to say: where the labels came from, the classes left out (too few tracks), files
// whose tags could not be read, files a list names that are not there (FMA), and tags
// that name no usable genre. A file listed here is never silently dropped: it is a
// track without a label, or (missing) is said to be missing.
// Thread contract: a value type.
struct DatasetNotes
{
    struct LeftOut
    {
        QString name;
        int tracks = 0;
        QString reason;
    };
    struct FileProblem
    {
        QString path;
        QString trackId; // FMA's track id, where a list names the file by it
        QString reason;
    };

    QString labelSource = QStringLiteral("folders"); // "folders", "tags", "fma" or "none"
    std::vector<LeftOut> leftOut;
    std::vector<FileProblem> unreadable;  // tags that could not be read (the track stays, unlabelled)
    std::vector<FileProblem> missing;     // listed but not found
    std::vector<FileProblem> tagProblems; // absurd or multi-genre tags (the track stays, unlabelled)
};

} // namespace genrelab
