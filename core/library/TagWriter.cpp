#include "TagWriter.h"

#include "TagFile.h"
#include "TagJournal.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <QFileInfo>

namespace genrelab {

namespace {

// Why this change must not be written now; empty when it may.
QString reasonToSkip(const TagChange &change)
{
    const QFileInfo info(change.path);
    if (!info.exists())
        return QStringLiteral("the file is gone");
    if (change.size >= 0 && (info.size() != change.size || info.lastModified() != change.modified))
        return QStringLiteral("changed on disk since it was analysed; analyse again");
    return TagFile::whyNotWritable(change.path);
}

// Everything apply() checks before it touches a file, so that the dry run (plan) says
// exactly what the write will do: the same refusals, in the same words.
QString refusalOf(const TagChange &change)
{
    if (const QString reason = reasonToSkip(change); !reason.isEmpty())
        return reason;
    try {
        if (TagFile::read(change.path).genre != change.oldGenre)
            return QStringLiteral("its genre was edited since it was analysed");
        TagFile::checkWritable(change.path);
    } catch (const Error &error) {
        return error.cause();
    }
    return {};
}

void skip(TagWriter::Report &report, const QString &path, const QString &reason)
{
    report.skipped << QStringLiteral("%1: %2").arg(path, reason);
}

} // namespace

TagWriter::Report TagWriter::plan(const std::vector<TagChange> &changes)
{
    Report report;
    for (const TagChange &change : changes) {
        if (!change.changesSomething())
            ++report.unchanged;
        else if (const QString reason = refusalOf(change); !reason.isEmpty())
            skip(report, change.path, reason);
        else
            ++report.written;
    }
    return report;
}

TagWriter::Report TagWriter::apply(const std::vector<TagChange> &changes, const QString &journalPath, ProgressReporter *progress)
{
    Report report;
    const TagJournal journal(journalPath);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const TagChange &change = changes[i];
        if (progress) {
            if (progress->isCancelled()) {
                report.cancelled = true;
                break;
            }
            progress->report(QFileInfo(change.path).fileName(), double(i) / double(changes.size()));
        }
        if (!change.changesSomething()) {
            ++report.unchanged;
            continue;
        }
        try {
            // A kill during an earlier in-place write: complete it before judging the file.
            TagFile::finishInterrupted(change.path);
            if (const QString reason = refusalOf(change); !reason.isEmpty()) {
                skip(report, change.path, reason);
                continue;
            }
            journal.record(change); // before the file is touched: undo always knows the old value
            TagFile::writeGenre(change.path, change.newGenre);
            ++report.written;
        } catch (const Error &error) {
            skip(report, change.path, error.cause());
            if (error.path() == journalPath)
                break; // the journal cannot be written: write nothing more
        }
    }
    return report;
}

TagWriter::Report TagWriter::undo(const QString &journalPath, ProgressReporter *progress)
{
    Report report;
    const std::vector<TagChange> entries = TagJournal(journalPath).entries();
    for (std::size_t n = 0; n < entries.size(); ++n) {
        const TagChange &entry = entries[entries.size() - 1 - n];
        if (progress)
            progress->report(QFileInfo(entry.path).fileName(), double(n) / double(entries.size()));
        try {
            TagFile::finishInterrupted(entry.path); // a write that was killed: its copy goes, or it completes
            const QString now = TagFile::read(entry.path).genre;
            if (now == entry.oldGenre) {
                ++report.unchanged; // never written (a kill mid-write), or undone already
            } else if (now != entry.newGenre) {
                skip(report, entry.path, QStringLiteral("its genre was changed since (now \"%1\"); left as it is").arg(now));
            } else {
                TagFile::writeGenre(entry.path, entry.oldGenre);
                ++report.written;
            }
        } catch (const Error &error) {
            skip(report, entry.path, error.cause());
        }
    }
    return report;
}

} // namespace genrelab
