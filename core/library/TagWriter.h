#pragma once

#include "TagChange.h"

#include <QStringList>

#include <vector>

namespace genrelab {

class ProgressReporter;

// Applies planned genre changes safely, and undoes them. Each change is checked (the
// file is still the one analysed: same size and modification time; its genre is still
// the old one), journaled, then written through TagFile (which keeps links, owner and
// attributes); files that cannot be written safely (TagFile::whyNotWritable), changed
// since, or that TagLib cannot write are skipped with the reason, never stopping the
// rest. Both apply and undo first complete an in-place write a kill interrupted
// (TagFile::finishInterrupted), so the file is whole before it is judged.
// Thread contract: blocks; one call at a time per journal.
class TagWriter
{
public:
    struct Report
    {
        int written = 0;
        int unchanged = 0;        // already had the new genre
        QStringList skipped;      // "path: reason"
        bool cancelled = false;
    };

    // The dry run: how many files would change.
    static Report plan(const std::vector<TagChange> &changes);
    static Report apply(const std::vector<TagChange> &changes, const QString &journalPath,
                        ProgressReporter *progress = nullptr);
    // Restores every journaled file's old genre, newest first. A file whose genre is no
    // longer what was written (edited since, or never written) is skipped with a message.
    static Report undo(const QString &journalPath, ProgressReporter *progress = nullptr);
};

} // namespace genrelab
