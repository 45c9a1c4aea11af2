#include "CheckedSaveFile.h"

#include "Error.h"

#include <cerrno>
#include <cstring>

namespace genrelab {

namespace {

// errno straight after the failing call is the only place the reason survives.
QString reasonFromErrno(const QFileDevice &file)
{
    const int error = errno;
    return error != 0 ? QString::fromLocal8Bit(std::strerror(error)) : file.errorString();
}

} // namespace

CheckedSaveFile::CheckedSaveFile(const QString &path)
    : m_file(path)
{
    if (!m_file.open(QIODevice::WriteOnly))
        throw Error(Error::Kind::WriteFailed, path, m_file.errorString(), QStringLiteral("check the folder's permissions"));
}

void CheckedSaveFile::write(const char *data, qint64 size)
{
    errno = 0;
    if (m_file.write(data, size) != size)
        fail(reasonFromErrno(m_file));
}

void CheckedSaveFile::seek(qint64 position)
{
    errno = 0;
    if (!m_file.seek(position))
        fail(reasonFromErrno(m_file));
}

void CheckedSaveFile::commit()
{
    errno = 0;
    if (!m_file.flush())
        fail(reasonFromErrno(m_file));
    if (!m_file.commit())
        fail(reasonFromErrno(m_file));
}

void CheckedSaveFile::fail(const QString &reason)
{
    m_file.cancelWriting();
    throw Error(Error::Kind::WriteFailed, m_file.fileName(), reason,
                QStringLiteral("check free space and permissions; the previous file is unchanged"));
}

void CheckedSaveFile::save(const QString &path, const QByteArray &bytes)
{
    CheckedSaveFile file(path);
    file.write(bytes);
    file.commit();
}

} // namespace genrelab
