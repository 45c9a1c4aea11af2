#include "TagFile.h"

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

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace genrelab {

namespace {

TagLib::String toTagLib(const QString &text)
{
    return TagLib::String(text.toUtf8().constData(), TagLib::String::UTF8);
}

QString fromTagLib(const TagLib::String &text)
{
    return QString::fromStdString(text.to8Bit(true)).trimmed();
}

void requireFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("file not found"));
    if (!info.isFile() || !info.isReadable())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("cannot be read (permissions, or not a file)"));
}

// MP3: ID3v2 keeps its version (2.3 players stay happy); ID3v1, if present, follows.
bool writeMpegGenre(const QString &path, const TagLib::String &genre)
{
    TagLib::MPEG::File file(QFile::encodeName(path).constData());
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
    TagLib::FileRef file(QFile::encodeName(path).constData(), false);
    if (file.isNull() || !file.tag())
        return false;
    file.tag()->setGenre(genre);
    return file.save();
}

// The owner's write bit, not access(): root may write anything, but a file its owner
// made read-only says "leave me alone" and is respected.
bool isWritableByIntent(const QFileInfo &file)
{
    return file.permission(QFileDevice::WriteOwner) && QFileInfo(file.absolutePath()).isWritable();
}

// Flushes the copy's data to disk before it replaces the original.
bool syncToDisk(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

} // namespace

QString TagFile::partialPathFor(const QString &path)
{
    // Hidden, beside the original (same file system: the rename is atomic), and keeping
    // the extension: TagLib picks the format by it.
    const QFileInfo info(path);
    return QDir(info.absolutePath()).filePath(QStringLiteral(".%1.genrelab-partial.%2").arg(info.completeBaseName(), info.suffix()));
}

bool TagFile::isWritable(const QString &path)
{
    return isWritableByIntent(QFileInfo(path));
}

TagFile::Fields TagFile::read(const QString &path)
{
    requireFile(path);
    TagLib::FileRef file(QFile::encodeName(path).constData(), false);
    if (file.isNull() || !file.tag())
        throw Error(Error::Kind::Unsupported, path, QStringLiteral("no tags TagLib can read in this file"));
    return {fromTagLib(file.tag()->artist()), fromTagLib(file.tag()->title()), fromTagLib(file.tag()->genre())};
}

void TagFile::checkWritable(const QString &path)
{
    requireFile(path);
    // TagLib would gladly put an ID3 tag on any bytes named .mp3: only music is tagged.
    {
        const TagLib::FileRef probe(QFile::encodeName(path).constData(), true, TagLib::AudioProperties::Fast);
        if (probe.isNull() || !probe.audioProperties() || probe.audioProperties()->lengthInMilliseconds() <= 0)
            throw Error(Error::Kind::NotAudio, path, QStringLiteral("not a music file TagLib recognises"),
                        QStringLiteral("skipped, nothing changed"));
    }
    if (!isWritableByIntent(QFileInfo(path)))
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("read-only: the file or its folder cannot be written"),
                    QStringLiteral("skipped, nothing changed"));
}

void TagFile::writeGenre(const QString &path, const QString &genre)
{
    checkWritable(path);
    const QFileInfo info(path);
    const QString copy = partialPathFor(path);
    QFile::remove(copy);
    if (!QFile::copy(path, copy))
        throw Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot make a working copy beside it"),
                    QStringLiteral("check free space"));
    const auto discard = [&copy](Error error) {
        QFile::remove(copy);
        return error;
    };
    const bool isMpeg = info.suffix().compare(QLatin1String("mp3"), Qt::CaseInsensitive) == 0;
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
    QFile(copy).setPermissions(QFile(path).permissions());
    if (!syncToDisk(copy)
        || std::rename(QFile::encodeName(copy).constData(), QFile::encodeName(path).constData()) != 0)
        throw discard(Error(Error::Kind::WriteFailed, path, QStringLiteral("cannot replace the file with its tagged copy")));
}

} // namespace genrelab
