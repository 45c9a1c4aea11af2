#pragma once

#include <QString>

namespace genrelab {

// Reads a music file's artist, title and genre, and writes its genre field alone,
// through TagLib: ID3v2 TCON in MP3 (keeping the file's ID3v2.3 or 2.4; an ID3v1 tag,
// where there is one, gets the genre too), the Vorbis comment GENRE in FLAC, Ogg
// Vorbis and Opus, ©gen in MP4/M4A, the format's genre field elsewhere.
//
// A write never touches the original until it is complete: the file is copied beside
// itself, the copy is tagged, read back and flushed to disk, then renamed over the
// original (atomic on one file system), keeping its permissions. A crash or kill at
// any moment leaves either the old file or the new one, never half of one.
// Thread contract: stateless; different files may be written from different threads.
class TagFile
{
public:
    struct Fields
    {
        QString artist;
        QString title;
        QString genre; // empty when the file has none
    };

    // Throws Error (FileMissing, Unreadable, Unsupported when TagLib cannot parse it).
    static Fields read(const QString &path);
    // `genre` empty removes the field. Throws Error (FileMissing, Unreadable for a
    // read-only file or folder, Unsupported, WriteFailed); the original is then intact.
    static void writeGenre(const QString &path, const QString &genre);
    // The working copy's name; one left by a killed write is removed by the next write
    // or undo of that file.
    static QString partialPathFor(const QString &path);
    // Throws what writeGenre() would before touching anything: FileMissing, NotAudio,
    // Unreadable (read-only).
    static void checkWritable(const QString &path);
    // False for a file whose owner made it read-only (even for root) or whose folder
    // cannot be written.
    static bool isWritable(const QString &path);
};

} // namespace genrelab
