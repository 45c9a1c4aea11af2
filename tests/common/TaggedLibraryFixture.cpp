#include "TaggedLibraryFixture.h"

#include "SharedData.h"
#include "WavWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <fileref.h>
#include <id3v2tag.h>
#include <mpegfile.h>
#include <textidentificationframe.h>
#include <tpropertymap.h>

namespace genrelab::test {

namespace {

TagLib::String utf8(const QString &text)
{
    return TagLib::String(text.toUtf8().constData(), TagLib::String::UTF8);
}

QByteArray syncsafe(quint32 value)
{
    QByteArray bytes(4, '\0');
    for (int i = 3; i >= 0; --i) {
        bytes[i] = char(value & 0x7f);
        value >>= 7;
    }
    return bytes;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

} // namespace

TaggedLibraryFixture::TaggedLibraryFixture(QString scratch, double seconds)
    : m_scratch(std::move(scratch))
    , m_seconds(seconds)
{
    QDir().mkpath(m_scratch);
}

QString TaggedLibraryFixture::templateFor(const QString &extension)
{
    const QString wav = m_scratch + QStringLiteral("/template.wav");
    if (!QFileInfo::exists(wav))
        WavWriter().write(wav, WavWriter::sine(440.0, 0.3, 22050, m_seconds));
    if (extension == QLatin1String("wav"))
        return wav;
    const QString encoded = m_scratch + QStringLiteral("/template.") + extension;
    if (QFileInfo::exists(encoded))
        return encoded;
    static const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty())
        return {};
    const int rc = SharedData::runProgram(ffmpeg, {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"),
                                                   QStringLiteral("-i"), wav, QStringLiteral("-map_metadata"),
                                                   QStringLiteral("-1"), encoded});
    return rc == 0 && QFileInfo(encoded).size() > 0 ? encoded : QString();
}

bool TaggedLibraryFixture::canWrite(const QString &extension)
{
    return !templateFor(extension).isEmpty();
}

bool TaggedLibraryFixture::write(const QString &path, const QStringList &genres, const QString &artist,
                                 const QString &albumArtist)
{
    const QString source = templateFor(QFileInfo(path).suffix().toLower());
    if (source.isEmpty())
        return false;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile::remove(path);
    if (!QFile::copy(source, path))
        return false;
    QFile(path).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    TagLib::FileRef file(QFile::encodeName(path).constData(), false);
    if (file.isNull())
        return false;
    TagLib::PropertyMap properties;
    TagLib::StringList genreList;
    for (const QString &genre : genres)
        genreList.append(utf8(genre));
    if (!genreList.isEmpty())
        properties.insert("GENRE", genreList);
    if (!artist.isEmpty())
        properties.insert("ARTIST", TagLib::StringList(utf8(artist)));
    if (!albumArtist.isEmpty())
        properties.insert("ALBUMARTIST", TagLib::StringList(utf8(albumArtist)));
    file.file()->setProperties(properties);
    return file.save();
}

bool TaggedLibraryFixture::writeId3v23Genre(const QString &path, const QString &tcon, const QString &artist)
{
    const QString source = templateFor(QStringLiteral("mp3"));
    if (source.isEmpty())
        return false;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile::remove(path);
    QFile::copy(source, path);
    QFile(path).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    TagLib::MPEG::File file(QFile::encodeName(path).constData(), false);
    TagLib::ID3v2::Tag *tag = file.ID3v2Tag(true);
    auto *genre = new TagLib::ID3v2::TextIdentificationFrame("TCON", TagLib::String::Latin1);
    genre->setText(utf8(tcon));
    tag->addFrame(genre);
    tag->setArtist(utf8(artist));
    return file.save(TagLib::MPEG::File::ID3v2, TagLib::File::StripOthers, TagLib::ID3v2::v3);
}

void TaggedLibraryFixture::writeRawTcon(const QString &path, const QByteArray &tconBytes)
{
    const QString mp3 = templateFor(QStringLiteral("mp3"));
    const QByteArray audio = readAll(mp3.isEmpty() ? templateFor(QStringLiteral("wav")) : mp3);
    const QByteArray body = QByteArray(1, '\x03') + tconBytes; // encoding 3: UTF-8
    const QByteArray frame = QByteArray("TCON") + syncsafe(quint32(body.size())) + QByteArray(2, '\0') + body;
    const QByteArray header = QByteArray("ID3\x04\x00\x00", 6) + syncsafe(quint32(frame.size()));
    QDir().mkpath(QFileInfo(path).absolutePath());
    WavWriter::writeBytes(path, header + frame + audio);
}

} // namespace genrelab::test
