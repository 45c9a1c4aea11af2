#include "FileLock.h"

#include "Error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace genrelab {

namespace {

// "genrelab-cli tag", "genrelab": enough for a user to recognise the other command.
QByteArray holderText()
{
    QByteArray text = QByteArray::number(qint64(::getpid()));
    if (const QCoreApplication *app = QCoreApplication::instance()) {
        const QStringList arguments = app->arguments();
        QStringList words;
        if (!arguments.isEmpty())
            words << QFileInfo(arguments.first()).fileName();
        if (arguments.size() > 1 && !arguments[1].startsWith(u'-'))
            words << arguments[1];
        text += ' ' + words.join(u' ').toUtf8();
    }
    return text + '\n';
}

QString describeHolder(int fd)
{
    char buffer[256] = {};
    const ssize_t got = ::pread(fd, buffer, sizeof buffer - 1, 0);
    const QString text = QString::fromUtf8(buffer, got > 0 ? qsizetype(got) : 0).trimmed();
    const QString pid = text.section(u' ', 0, 0);
    const QString command = text.section(u' ', 1).simplified();
    if (pid.isEmpty())
        return QStringLiteral("another process");
    return QStringLiteral("process ") + pid + (command.isEmpty() ? QString() : QStringLiteral(" (") + command + u')');
}

} // namespace

QString FileLock::lockPathFor(const QString &owned)
{
    QString path = QDir::cleanPath(QFileInfo(owned).absoluteFilePath());
    return path + QStringLiteral(".lock");
}

FileLock::FileLock(const QString &owned)
    : m_lockPath(QFile::encodeName(lockPathFor(owned)))
{
    QDir().mkpath(QFileInfo(lockPathFor(owned)).absolutePath());
    // The holder removes the file before it unlocks; a waiter that opened the removed
    // file finds it no longer at the name and tries again with the new one.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int fd = ::open(m_lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            const int error = errno;
            throw Error(Error::Kind::WriteFailed, owned,
                        QStringLiteral("cannot create its lock file %1: %2")
                            .arg(QFile::decodeName(m_lockPath), QString::fromLocal8Bit(std::strerror(error))),
                        QStringLiteral("check the folder's permissions"));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const QString holder = describeHolder(fd);
            ::close(fd);
            throw Error(Error::Kind::WriteFailed, owned, QStringLiteral("is in use by ") + holder,
                        QStringLiteral("wait until it has finished, then run this again"));
        }
        struct stat held {}, named {};
        if (::fstat(fd, &held) == 0 && ::stat(m_lockPath.constData(), &named) == 0 && held.st_dev == named.st_dev
            && held.st_ino == named.st_ino) {
            const QByteArray text = holderText();
            if (::ftruncate(fd, 0) == 0) {
                [[maybe_unused]] const ssize_t n = ::pwrite(fd, text.constData(), std::size_t(text.size()), 0);
            }
            m_fd = fd;
            return;
        }
        ::close(fd);
    }
    throw Error(Error::Kind::WriteFailed, owned, QStringLiteral("is in use by another process (its lock keeps changing)"),
                QStringLiteral("wait until it has finished, then run this again"));
}

FileLock::~FileLock()
{
    if (m_fd < 0)
        return;
    ::unlink(m_lockPath.constData());
    ::close(m_fd);
}

} // namespace genrelab
