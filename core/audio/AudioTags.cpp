#include "AudioTags.h"

#include "util/Error.h"

#include <QFile>
#include <QFileInfo>

#include <fileref.h>
#include <flacfile.h>
#include <id3v2tag.h>
#include <mpegfile.h>
#include <tag.h>
#include <tpropertymap.h>
#include <wavfile.h>

namespace genrelab {

namespace {

QString fromTagLib(const TagLib::String &text)
{
    return QString::fromStdString(text.to8Bit(true)).trimmed();
}

QString firstOf(const TagLib::PropertyMap &properties, const char *key)
{
    const auto found = properties.find(key);
    return found == properties.end() || found->second.isEmpty() ? QString() : fromTagLib(found->second.front());
}

// The ID3v2 tag of the formats that carry one (MP3, WAV, FLAC's rare one).
TagLib::ID3v2::Tag *id3v2Of(TagLib::File *file)
{
    if (auto *mpeg = dynamic_cast<TagLib::MPEG::File *>(file))
        return mpeg->ID3v2Tag(false);
    if (auto *wav = dynamic_cast<TagLib::RIFF::WAV::File *>(file))
        return wav->hasID3v2Tag() ? wav->ID3v2Tag() : nullptr;
    if (auto *flac = dynamic_cast<TagLib::FLAC::File *>(file))
        return flac->ID3v2Tag(false);
    return nullptr;
}

// A genre frame or field whose text came out empty: TagLib drops text it cannot decode.
bool hasEmptyGenreField(TagLib::File *file, const TagLib::PropertyMap &properties)
{
    if (const auto found = properties.find("GENRE"); found != properties.end()) {
        for (const TagLib::String &value : found->second)
            if (value.stripWhiteSpace().isEmpty())
                return true;
    }
    if (TagLib::ID3v2::Tag *tag = id3v2Of(file)) {
        for (const TagLib::ID3v2::Frame *frame : tag->frameList("TCON"))
            if (frame->toString().stripWhiteSpace().isEmpty())
                return true;
    }
    return false;
}

} // namespace

AudioTags AudioTags::read(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("file not found"));
    // A FIFO or device named .mp3 would block TagLib's read for ever: regular files only.
    if (!info.isFile() || !info.isReadable())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("cannot be read (permissions, or not a file)"));
    const TagLib::FileRef file(QFile::encodeName(path).constData(), false);
    if (file.isNull() || !file.tag())
        throw Error(Error::Kind::Unsupported, path, QStringLiteral("no tags TagLib can read in this file"));

    AudioTags tags;
    tags.artist = fromTagLib(file.tag()->artist());
    tags.title = fromTagLib(file.tag()->title());
    tags.genre = fromTagLib(file.tag()->genre());
    // The property map keeps multiple values apart (ID3v2.4's NUL-separated TCON, repeated
    // Vorbis GENRE fields), where tag()->genre() joins them into one text.
    const TagLib::PropertyMap properties = file.file()->properties();
    tags.albumArtist = firstOf(properties, "ALBUMARTIST");
    if (const auto found = properties.find("GENRE"); found != properties.end()) {
        for (const TagLib::String &value : found->second)
            tags.genres << fromTagLib(value);
    }
    if (tags.genres.isEmpty() && !tags.genre.isEmpty())
        tags.genres << tags.genre; // MP4's numeric gnre atom has no property of its own
    tags.unreadableGenre = hasEmptyGenreField(file.file(), properties);
    return tags;
}

} // namespace genrelab
