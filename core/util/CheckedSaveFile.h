#pragma once

#include <QByteArray>
#include <QString>

namespace genrelab {

// The one way a file is written: atomically, every write checked. The bytes go to a
// visible "<path>.partial" beside the target, which is synced and renamed over the
// target by commit(); a kill or a full disk at any moment leaves the previous file
// whole. POSIX calls rather than QSaveFile, for three reasons: QSaveFile's temporary is
// unnamed (O_TMPFILE), so nothing can see or clean up a write a kill interrupted (the
// crash test watches for "<path>.partial"); on a full disk Qt says "Unknown error" and
// QSaveFile::commit() afterwards still succeeds with the file cut short, where errno
// says "No space left on device"; and a rename as root would replace a device node
// such as /dev/full, which this refuses.
// A failed write removes its partial and throws Error(WriteFailed) naming the target
// and errno's words. A writer destroyed without commit() removes its partial.
// A symbolic link is followed (its target is replaced, like QSaveFile); an existing
// target keeps its permission bits. When "<path>.partial" already exists (another
// process writing the same file, or one a kill left) the partial gets a unique name
// "<path>.XXXXXX.partial" instead, so two writers never share one.
// Thread contract: one thread at a time.
class CheckedSaveFile
{
public:
    // Throws Error(WriteFailed) when the target is not a regular file (a directory, a
    // device, a FIFO) or the partial cannot be created.
    explicit CheckedSaveFile(const QString &path);
    ~CheckedSaveFile();
    CheckedSaveFile(const CheckedSaveFile &) = delete;
    CheckedSaveFile &operator=(const CheckedSaveFile &) = delete;

    void write(const char *data, qint64 size);
    void write(const QByteArray &bytes) { write(bytes.constData(), bytes.size()); }
    void seek(qint64 position);
    // Syncs the partial and renames it over the target; throws Error(WriteFailed).
    void commit();

    // The whole file in one call.
    static void save(const QString &path, const QByteArray &bytes);
    // Removes the "*.partial" files killed writers left in `folder` (their complete
    // predecessors are still there); returns how many. Only for folders that one
    // writer owns (a run folder when it resumes): it would remove a live partial too.
    static int removeLeftoverPartials(const QString &folder);

private:
    [[noreturn]] void fail(const QString &reason);
    void discard();

    QString m_path;        // the target as the caller named it, for messages
    QByteArray m_target;   // the file replaced (a link's target), encoded
    QByteArray m_partial;  // encoded
    int m_fd = -1;
};

} // namespace genrelab
