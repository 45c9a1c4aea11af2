#pragma once

#include "CatalogTrack.h"
#include "ReviewDecision.h"
#include "TagChange.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace genrelab {

// The SQLite catalog of an analysed music library (Qt Sql): per file its path, size,
// modification time, duration, tags, and the model's predictions, plus the class names
// the predictions index, and the user's review decisions (accepted, rejected, the genre
// picked). Re-analysing skips files whose size, time and model match,
// and each chunk of results is committed as it completes, so an interrupted scan
// resumes where it stopped. Rows of files no longer there can be pruned.
// Thread contract: one thread (each instance owns its own database connection).
class LibraryCatalog
{
public:
    // Opens or creates the database. Throws Error (WriteFailed, Corrupt).
    explicit LibraryCatalog(const QString &databasePath);
    ~LibraryCatalog();
    LibraryCatalog(const LibraryCatalog &) = delete;
    LibraryCatalog &operator=(const LibraryCatalog &) = delete;

    // The default catalog of a library folder, in the user's data folder.
    static QString defaultPathFor(const QString &libraryRoot);

    bool isCurrent(const QString &path, qint64 size, const QDateTime &modified, const QString &model) const;
    // One transaction. Throws Error(WriteFailed).
    void store(const std::vector<CatalogTrack> &tracks);
    std::optional<CatalogTrack> find(const QString &path) const;
    // Every track under `root`, by path.
    std::vector<CatalogTrack> tracks(const QString &root) const;
    // Forgets tracks under `root` that are not in `present`; returns how many.
    int prune(const QString &root, const QStringList &present);
    // A file's genre tag and identity as they are on disk now.
    struct FileTag
    {
        QString path;
        QString genre;
        qint64 size = -1;
        QDateTime modified;
    };
    // After writing or undoing: reads each changed file's genre, size and time from disk
    // and records them in one transaction (so the next analysis does not redo the
    // files); returns what it read. Files that are gone or unreadable are left out.
    std::vector<FileTag> refreshGenreTags(const std::vector<TagChange> &changes);

    // The review decisions for files under `root`, replacing the earlier ones there, in
    // one transaction. Undecided rows are not kept. Throws Error(WriteFailed).
    void storeDecisions(const QString &root, const std::vector<ReviewDecision> &decisions);
    std::vector<ReviewDecision> decisions(const QString &root) const;

    // The class names a model's predictions index (`model` as in CatalogTrack::model):
    // kept per model, so one model's labels are never read against another's classes.
    // Stored as a JSON array: a class name may hold any character, a newline too.
    QStringList classes(const QString &model) const;
    void setClasses(const QString &model, const QStringList &classes);
    // The classes of the model that analysed last (what a review shows).
    QStringList classes() const;

private:
    QString m_connection;
};

} // namespace genrelab
