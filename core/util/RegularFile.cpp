#include "RegularFile.h"

#include "Error.h"

#include <QFile>

#include <sys/stat.h>

namespace genrelab {

QString RegularFile::whatElse(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0 || S_ISREG(info.st_mode))
        return {};
    if (S_ISDIR(info.st_mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(info.st_mode))
        return QStringLiteral("a named pipe");
    if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode))
        return QStringLiteral("a device");
    if (S_ISSOCK(info.st_mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

void RegularFile::requireForWriting(const QString &path)
{
    const QString what = whatElse(path);
    if (!what.isEmpty())
        throw Error(Error::Kind::WriteFailed, path,
                    QStringLiteral("it is ") + what + QStringLiteral(", which GenreLab never writes to or replaces"),
                    QStringLiteral("choose the name of a regular file"));
}

void RegularFile::requireForReading(const QString &path)
{
    const QString what = whatElse(path);
    if (!what.isEmpty())
        throw Error(Error::Kind::Unreadable, path,
                    QStringLiteral("it is ") + what + QStringLiteral(", not a regular file"),
                    QStringLiteral("name a regular file"));
}

bool RegularFile::sameFile(const QString &a, const QString &b)
{
    struct stat first {}, second {};
    return ::stat(QFile::encodeName(a).constData(), &first) == 0 && ::stat(QFile::encodeName(b).constData(), &second) == 0
           && first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

void RegularFile::requireNotAnyOf(const QString &output, const QStringList &inputs, const QString &what)
{
    for (const QString &input : inputs)
        if (sameFile(output, input))
            throw Error(Error::Kind::WriteFailed, output,
                        QStringLiteral("it is ") + what + QStringLiteral(" (") + input
                            + QStringLiteral("), which this command reads and must not overwrite"),
                        QStringLiteral("name another file; nothing was written"));
}

} // namespace genrelab
