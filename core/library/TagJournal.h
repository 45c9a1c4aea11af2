#pragma once

#include "TagChange.h"

#include <QString>

#include <vector>

namespace genrelab {

// The record of tag writes that makes them undoable: one JSON object per line (path,
// old genre, new genre, time), appended and flushed to disk *before* the file is
// touched. A kill mid-write leaves an entry whose file still holds the old genre;
// undo notices and leaves it alone. A partial last line (a kill while appending) is
// ignored when reading.
// Thread contract: one writer per journal file.
class TagJournal
{
public:
    explicit TagJournal(QString path);
    const QString &path() const { return m_path; }

    // Throws Error(WriteFailed) when the entry cannot be made durable.
    void record(const TagChange &change) const;
    // Throws Error (FileMissing, Corrupt when no line is readable).
    std::vector<TagChange> entries() const;

    // A fresh journal name in `folder`: tags-YYYYMMDD-hhmmss.jsonl.
    static QString newPathIn(const QString &folder);
    // The newest journal in `folder` (names sort by time), or empty when there is none.
    static QString newestIn(const QString &folder);

private:
    QString m_path;
};

} // namespace genrelab
