#pragma once

#include <QString>

namespace genrelab {

// Makes one process the owner of a file or folder (a library catalog, a run folder, a
// feature cache) for as long as the lock lives, so that two commands never write the
// same thing at once: the second is refused with "… is in use by process N (command)".
// An advisory flock(2) on "<owned>.lock" (beside the thing, so a run folder stays
// empty): the kernel drops it when the owner exits, however it exits, so a kill -9
// never leaves a stale lock behind; the file itself only says who holds it and is
// removed when the lock is released.
// Thread contract: one thread at a time. Two locks of one path conflict also within
// one process.
class FileLock
{
public:
    // Throws Error(WriteFailed) naming `owned` when another holder has it, or when the
    // lock file cannot be created (then with errno's words).
    explicit FileLock(const QString &owned);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    static QString lockPathFor(const QString &owned);

private:
    QByteArray m_lockPath; // encoded
    int m_fd = -1;
};

} // namespace genrelab
