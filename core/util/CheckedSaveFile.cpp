#include "CheckedSaveFile.h"

#include "Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace genrelab {

namespace {

// errno straight after the failing call is the only place the reason survives.
QString errnoWords(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

} // namespace

CheckedSaveFile::CheckedSaveFile(const QString &path)
    : m_path(path)
{
    // A link is followed so that its target is replaced and the link stays.
    const QFileInfo info(path);
    const QString resolved = info.isSymLink() && info.exists() ? info.canonicalFilePath() : path;
    m_target = QFile::encodeName(resolved);

    struct stat existing {};
    const bool exists = ::stat(m_target.constData(), &existing) == 0;
    if (exists && !S_ISREG(existing.st_mode))
        throw Error(Error::Kind::WriteFailed, path,
                    QStringLiteral("it is %1, which a saved file must not replace").arg(kindOf(existing.st_mode)),
                    QStringLiteral("choose the name of a regular file"));

    m_partial = m_target + ".partial";
    m_fd = ::open(m_partial.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (m_fd < 0 && errno == EEXIST) {
        QByteArray unique = m_target + ".XXXXXX.partial";
        m_fd = ::mkostemps(unique.data(), int(qstrlen(".partial")), O_CLOEXEC);
        if (m_fd >= 0) {
            m_partial = unique;
            // mkostemps makes it 0600; a new file gets what open() would have given.
            const mode_t mask = ::umask(0);
            ::umask(mask);
            ::fchmod(m_fd, 0666 & ~mask);
        }
    }
    if (m_fd < 0) {
        const int error = errno;
        throw Error(Error::Kind::WriteFailed, path, errnoWords(error), QStringLiteral("check the folder's permissions"));
    }
    if (exists)
        ::fchmod(m_fd, existing.st_mode & 07777);
}

CheckedSaveFile::~CheckedSaveFile()
{
    discard();
}

void CheckedSaveFile::discard()
{
    if (m_fd < 0)
        return;
    ::close(m_fd);
    m_fd = -1;
    ::unlink(m_partial.constData());
}

void CheckedSaveFile::write(const char *data, qint64 size)
{
    if (m_fd < 0)
        fail(QStringLiteral("the file was already saved or abandoned"));
    for (qint64 done = 0; done < size;) {
        const ssize_t wrote = ::write(m_fd, data + done, std::size_t(size - done));
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote < 0)
            fail(errnoWords(errno));
        if (wrote == 0)
            fail(errnoWords(ENOSPC));
        done += wrote;
    }
}

void CheckedSaveFile::seek(qint64 position)
{
    if (m_fd < 0)
        fail(QStringLiteral("the file was already saved or abandoned"));
    if (::lseek(m_fd, off_t(position), SEEK_SET) < 0)
        fail(errnoWords(errno));
}

void CheckedSaveFile::commit()
{
    if (m_fd < 0)
        fail(QStringLiteral("the file was already saved or abandoned"));
    if (::fsync(m_fd) != 0)
        fail(errnoWords(errno));
    const int closed = ::close(m_fd);
    m_fd = -1;
    if (closed != 0) {
        const int error = errno;
        ::unlink(m_partial.constData());
        fail(errnoWords(error));
    }
    // Checked again just before the rename: something may have appeared at the name
    // while the bytes were written.
    struct stat existing {};
    if (::lstat(m_target.constData(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
        ::unlink(m_partial.constData());
        throw Error(Error::Kind::WriteFailed, m_path,
                    QStringLiteral("it is %1, which a saved file must not replace").arg(kindOf(existing.st_mode)),
                    QStringLiteral("choose the name of a regular file"));
    }
    if (std::rename(m_partial.constData(), m_target.constData()) != 0) {
        const int error = errno;
        ::unlink(m_partial.constData());
        fail(errnoWords(error));
    }
}

void CheckedSaveFile::fail(const QString &reason)
{
    discard();
    throw Error(Error::Kind::WriteFailed, m_path, reason,
                QStringLiteral("check free space and permissions; the previous file is unchanged"));
}

void CheckedSaveFile::save(const QString &path, const QByteArray &bytes)
{
    CheckedSaveFile file(path);
    file.write(bytes);
    file.commit();
}

int CheckedSaveFile::removeLeftoverPartials(const QString &folder)
{
    int removed = 0;
    const QDir dir(folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden))
        removed += QFile::remove(dir.filePath(name)) ? 1 : 0;
    return removed;
}

} // namespace genrelab
