#pragma once

#include <QString>
#include <QStringList>

namespace genrelab::test {

// Writes tagged music files for tests, with TagLib: tiny WAV files (always) and MP3,
// FLAC, Ogg Vorbis and M4A copies where the ffmpeg command can encode them. Genre
// values are written as given (several values as several fields: ID3v2.4 TCON's NUL
// separated list, repeated Vorbis GENRE fields, an MP4 ©gen list); an ID3v2 TCON can
// also be written byte for byte, to carry what TagLib would not write (invalid UTF-8).
// Thread contract: a value type; one per test.
class TaggedLibraryFixture
{
public:
    // Files hold `seconds` of a tone (0.3 s: tags only; 3.1 s or more: one snippet to train on).
    explicit TaggedLibraryFixture(QString scratch, double seconds = 0.3);

    // True when `extension` ("mp3", "flac", "ogg", "m4a") can be written here.
    bool canWrite(const QString &extension);
    // Writes `path` (its extension picks the format) with these tags; empty genres or
    // artist: no such field. Returns false when that format cannot be written here.
    bool write(const QString &path, const QStringList &genres, const QString &artist = {},
               const QString &albumArtist = {});
    // An ID3v2.4 tag whose TCON frame holds `tconBytes` verbatim as UTF-8 text, in front
    // of an MP3 stream (or, without ffmpeg, of a WAV file's bytes named .mp3).
    void writeRawTcon(const QString &path, const QByteArray &tconBytes);
    // ID3v2.3 TCON written as given ("(17)", "17"): the old numeric references.
    bool writeId3v23Genre(const QString &path, const QString &tcon, const QString &artist);

private:
    QString templateFor(const QString &extension);
    QString m_scratch;
    double m_seconds;
};

} // namespace genrelab::test
