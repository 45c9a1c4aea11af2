#include "TagFile.h"

#include "audio/AudioTags.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fileref.h>
#include <id3v1tag.h>
#include <id3v2header.h>
#include <id3v2tag.h>
#include <mpegfile.h>
#include <audioproperties.h>
#include <tag.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

namespace genrelab {

namespace {

TagLib::String toTagLib(const QString &text)
{
    return TagLib::String(text.toUtf8().constData(), TagLib::String::UTF8);
}

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

QString wordsFor(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes a POSIX descriptor on every way out.
struct Descriptor
{
    explicit Descriptor(int fd)
        : fd(fd)
    {
    }
    ~Descriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    bool ok() const { return fd >= 0; }
    int fd;
};

void requireFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("file not found"));
    if (!info.isFile() || !info.isReadable())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("cannot be read (permissions, or not a file)"));
}

// The file a path names after following every symbolic link: that is what gets written,
// so that the link stays a link.
QString realPathOf(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

// MP3: ID3v2 keeps its version (2.3 players stay happy); ID3v1, if present, follows.
bool writeMpegGenre(const QString &path, const TagLib::String &genre)
{
    TagLib::MPEG::File file(native(path).constData());
    if (!file.isValid())
        return false;
    const bool hadV2 = file.hasID3v2Tag();
    const unsigned version = hadV2 ? file.ID3v2Tag()->header()->majorVersion() : 4;
    file.ID3v2Tag(true)->setGenre(genre);
    int tags = TagLib::MPEG::File::ID3v2;
    if (file.hasID3v1Tag()) {
        file.ID3v1Tag()->setGenre(genre);
        tags |= TagLib::MPEG::File::ID3v1;
    }
    if (file.hasAPETag())
        tags |= TagLib::MPEG::File::APE; // left as it is, but not stripped
    return file.save(tags, TagLib::File::StripNone, version == 3 ? TagLib::ID3v2::v3 : TagLib::ID3v2::v4,
                     TagLib::File::DoNotDuplicate);
}

bool writeOtherGenre(const QString &path, const TagLib::String &genre)
{
    TagLib::FileRef file(native(path).constData(), false);
    if (file.isNull() || !file.tag())
        return false;
    file.tag()->setGenre(genre);
    return file.save();
}

// A rename within the folder is durable only once the folder itself is flushed.
void syncFolderOf(const QString &path)
{
    const Descriptor folder(::open(native(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (folder.ok())
        ::fsync(folder.fd); // some file systems refuse; the rename itself is still atomic
}

// Reads `size` bytes at `offset` unless the file ends first; returns the count, -1 on error.
ssize_t readAt(int fd, char *buffer, std::size_t size, off_t offset)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, buffer + done, size - done, offset + off_t(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        done += std::size_t(n);
    }
    return ssize_t(done);
}

bool writeAt(int fd, const char *buffer, std::size_t size, off_t offset)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pwrite(fd, buffer + done, size - done, offset + off_t(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

// Makes `to` hold exactly the bytes of `from`, flushed to disk. With onlyDiffering, the
// blocks `to` already holds are not rewritten: in place, a tag that fits its padding
// puts only its own few blocks at risk. Returns 0 or errno.
int copyContents(int from, int to, bool onlyDiffering)
{
    constexpr std::size_t block = 1 << 20;
    std::vector<char> wanted(block), current(onlyDiffering ? block : 0);
    off_t offset = 0;
    for (;;) {
        const ssize_t n = readAt(from, wanted.data(), block, offset);
        if (n < 0)
            return errno;
        if (n == 0)
            break;
        bool same = false;
        if (onlyDiffering) {
            const ssize_t have = readAt(to, current.data(), std::size_t(n), offset);
            if (have < 0)
                return errno;
            same = have == n && std::memcmp(wanted.data(), current.data(), std::size_t(n)) == 0;
        }
        if (!same && !writeAt(to, wanted.data(), std::size_t(n), offset))
            return errno;
        offset += off_t(n);
    }
    if (::ftruncate(to, offset) != 0 || ::fsync(to) != 0)
        return errno;
    return 0;
}

// The names of a file's extended attributes; false when they cannot be listed (a file
// system without them has none, which is fine).
bool attributeNames(int fd, std::vector<QByteArray> &names)
{
    names.clear();
    ssize_t size = ::flistxattr(fd, nullptr, 0);
    if (size < 0)
        return errno == ENOTSUP;
    QByteArray list(size, '\0');
    size = ::flistxattr(fd, list.data(), list.size());
    if (size < 0)
        return false;
    for (const QByteArray &name : list.left(size).split('\0'))
        if (!name.isEmpty())
            names.push_back(name);
    return true;
}

// Gives the tagged copy the original's extended attributes, and only those (a copy may
// inherit a folder's default ACL the original does not have).
bool copyAttributes(int from, int to)
{
    std::vector<QByteArray> wanted, present;
    if (!attributeNames(from, wanted) || !attributeNames(to, present))
        return false;
    for (const QByteArray &name : present)
        if (std::find(wanted.begin(), wanted.end(), name) == wanted.end() && ::fremovexattr(to, name.constData()) != 0)
            return false;
    for (const QByteArray &name : wanted) {
        const ssize_t size = ::fgetxattr(from, name.constData(), nullptr, 0);
        if (size < 0)
            return false;
        QByteArray value(size, '\0');
        const ssize_t read = ::fgetxattr(from, name.constData(), value.data(), value.size());
        if (read < 0 || ::fsetxattr(to, name.constData(), value.constData(), std::size_t(read), 0) != 0)
            return false;
    }
    return true;
}

// Owner and group first (a change of owner clears set-id bits), then the mode, then the
// attributes (an ACL also sets mode bits, consistently, since it is the original's).
// False when any of them cannot be carried over: the file is then written in place.
bool keepIdentity(int from, int to, const struct stat &original)
{
    return ::fchown(to, original.st_uid, original.st_gid) == 0 && ::fchmod(to, original.st_mode & 07777) == 0
           && copyAttributes(from, to);
}

QString readOnlyBecause(const QString &what)
{
    return QStringLiteral("read-only: %1").arg(what);
}

} // namespace

QString TagFile::partialPathFor(const QString &path)
{
    // Hidden, beside the real file (same file system: the rename is atomic), and keeping
    // the extension: TagLib picks the format by it.
    const QFileInfo info(realPathOf(path));
    return QDir(info.absolutePath()).filePath(QStringLiteral(".%1.genrelab-partial.%2").arg(info.completeBaseName(), info.suffix()));
}

QString TagFile::pendingPathFor(const QString &path)
{
    const QFileInfo info(realPathOf(path));
    struct stat st {};
    const unsigned long long inode = ::stat(native(info.absoluteFilePath()).constData(), &st) == 0 ? st.st_ino : 0;
    return QDir(info.absolutePath())
        .filePath(QStringLiteral(".%1.genrelab-pending-%2.%3").arg(info.completeBaseName(), QString::number(inode), info.suffix()));
}

QString TagFile::whyNotWritable(const QString &path)
{
    const QString real = realPathOf(path);
    struct stat file {}, folder {};
    if (::stat(native(real).constData(), &file) != 0)
        return wordsFor(errno);
    // The owner's write bit, not access() alone: root may write anything, but a file its
    // owner made read-only says "leave me alone" and is respected.
    if (!(file.st_mode & S_IWUSR))
        return readOnlyBecause(QStringLiteral("its owner made the file read-only"));
    if (::access(native(real).constData(), W_OK) != 0)
        return errno == EROFS ? readOnlyBecause(QStringLiteral("it is on a read-only medium"))
                              : QStringLiteral("not writable by you (%1)").arg(wordsFor(errno));
    // The working copy is made beside the file, so its folder must take one.
    const QString dir = QFileInfo(real).absolutePath();
    if (::stat(native(dir).constData(), &folder) != 0 || !(folder.st_mode & S_IWUSR))
        return readOnlyBecause(QStringLiteral("its folder is read-only (the tagged copy is made beside the file)"));
    if (::access(native(dir).constData(), W_OK | X_OK) != 0)
        return QStringLiteral("not writable by you: its folder cannot be written (%1)").arg(wordsFor(errno));
    return {};
}

TagFile::Fields TagFile::read(const QString &path)
{
    const AudioTags tags = AudioTags::read(path); // the one tag reader, shared with tag-labelled datasets
    return {tags.artist, tags.title, tags.genre};
}

void TagFile::checkWritable(const QString &path)
{
    requireFile(path);
    // TagLib would gladly put an ID3 tag on any bytes named .mp3: only music is tagged.
    {
        const TagLib::FileRef probe(native(path).constData(), true, TagLib::AudioProperties::Fast);
        if (probe.isNull() || !probe.audioProperties() || probe.audioProperties()->lengthInMilliseconds() <= 0)
            throw Error(Error::Kind::NotAudio, path, QStringLiteral("not a music file TagLib recognises"),
                        QStringLiteral("skipped, nothing changed"));
    }
    if (const QString reason = whyNotWritable(path); !reason.isEmpty())
        throw Error(Error::Kind::Unreadable, path, reason, QStringLiteral("skipped, nothing changed"));
}

bool TagFile::finishInterrupted(const QString &path)
{
    if (!QFileInfo::exists(path))
        return false;
    const QString real = realPathOf(path);
    QFile::remove(partialPathFor(real)); // a killed write's working copy: the original was never touched
    const QString pending = pendingPathFor(real);
    if (!QFileInfo::exists(pending))
        return false;
    const Descriptor from(::open(native(pending).constData(), O_RDONLY | O_CLOEXEC));
    const Descriptor to(::open(native(real).constData(), O_RDWR | O_CLOEXEC));
    const int error = !from.ok() || !to.ok() ? errno : copyContents(from.fd, to.fd, true);
    if (error != 0)
        throw Error(Error::Kind::WriteFailed, path,
                    QStringLiteral("cannot complete the tag write a kill interrupted: ") + wordsFor(error),
                    QStringLiteral("its complete tagged copy is kept as %1").arg(pending));
    QFile::remove(pending);
    syncFolderOf(real);
    return true;
}

void TagFile::writeGenre(const QString &path, const QString &genre)
{
    finishInterrupted(path); // an interrupted in-place write first: the file may be half of it
    checkWritable(path);
    const QString real = realPathOf(path);
    const Descriptor source(::open(native(real).constData(), O_RDONLY | O_CLOEXEC));
    struct stat original {};
    if (!source.ok() || ::fstat(source.fd, &original) != 0)
        throw Error(Error::Kind::Unreadable, path, wordsFor(errno));

    const QString copy = partialPathFor(real);
    const auto discard = [&copy](Error error) {
        QFile::remove(copy);
        return error;
    };
    ::unlink(native(copy).constData());
    {
        const Descriptor out(::open(native(copy).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (!out.ok())
            throw Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot make a working copy beside it: ") + wordsFor(errno),
                        QStringLiteral("check free space and the folder's permissions"));
        if (const int error = copyContents(source.fd, out.fd, false); error != 0)
            throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot make a working copy beside it: ") + wordsFor(error),
                                QStringLiteral("check free space; nothing changed")));
    }
    const bool isMpeg = QFileInfo(real).suffix().compare(QLatin1String("mp3"), Qt::CaseInsensitive) == 0;
    const TagLib::String value = toTagLib(genre);
    if (!(isMpeg ? writeMpegGenre(copy, value) : writeOtherGenre(copy, value)))
        throw discard(Error(Error::Kind::Unsupported, path, QStringLiteral("TagLib cannot write tags to this file"),
                            QStringLiteral("skipped, nothing changed")));
    try {
        if (read(copy).genre != genre.trimmed())
            throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("the genre did not read back as written")));
    } catch (const Error &error) {
        if (error.kind() == Error::Kind::WriteFailed)
            throw;
        throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("the tagged copy cannot be read back")));
    }
    // Replace: a rename keeps the old file or the new one through any kill, but makes a
    // new inode, so only for a single link whose owner, group, mode and attributes the
    // copy could be given.
    const Descriptor tagged(::open(native(copy).constData(), O_RDONLY | O_CLOEXEC));
    if (!tagged.ok())
        throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot reopen the tagged copy: ") + wordsFor(errno)));
    const bool replace = original.st_nlink == 1 && keepIdentity(source.fd, tagged.fd, original);
    if (::fsync(tagged.fd) != 0)
        throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot flush the tagged copy: ") + wordsFor(errno)));
    if (replace) {
        if (::rename(native(copy).constData(), native(real).constData()) != 0)
            throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot replace the file with its tagged copy: ") + wordsFor(errno)));
        syncFolderOf(real);
        return;
    }

    // In place: the original inode keeps its links, owner and attributes. The verified
    // copy is renamed to its pending name first, so that from the first byte written
    // into the original until the last, a complete new version exists to finish it.
    const Descriptor target(::open(native(real).constData(), O_RDWR | O_CLOEXEC));
    if (!target.ok())
        throw discard(Error(Error::Kind::Unreadable, path, QStringLiteral("not writable by you (%1)").arg(wordsFor(errno)),
                            QStringLiteral("skipped, nothing changed")));
    struct stat after {};
    struct statvfs space {};
    if (::fstat(tagged.fd, &after) == 0 && after.st_size > original.st_size && ::fstatvfs(target.fd, &space) == 0
        && (unsigned long long)(after.st_size - original.st_size) + (1u << 20) > (unsigned long long)space.f_bavail * space.f_frsize)
        throw discard(Error(Error::Kind::WriteFailed, path, wordsFor(ENOSPC), QStringLiteral("the tag grew; nothing changed")));
    const QString pending = pendingPathFor(real);
    if (::rename(native(copy).constData(), native(pending).constData()) != 0)
        throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot keep the tagged copy: ") + wordsFor(errno)));
    syncFolderOf(real);
    if (const int error = copyContents(tagged.fd, target.fd, true); error != 0)
        throw Error(Error::Kind::WriteFailed, path, QStringLiteral("stopped while writing in place: ") + wordsFor(error),
                    QStringLiteral("the complete tagged copy is kept as %1; undo or the next write of this file finishes it").arg(pending));
    QFile::remove(pending);
    syncFolderOf(real);
    if (read(real).genre != genre.trimmed())
        throw Error(Error::Kind::WriteFailed, path, QStringLiteral("the genre did not read back as written"));
}

} // namespace genrelab
