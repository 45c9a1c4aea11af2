#pragma once

#include <QString>

namespace genrelab {

// Reads a music file's artist, title and genre, and writes its genre field alone,
// through TagLib: ID3v2 TCON in MP3 (keeping the file's ID3v2.3 or 2.4; an ID3v1 tag,
// where there is one, gets the genre too), the Vorbis comment GENRE in FLAC, Ogg
// Vorbis and Opus, ©gen in MP4/M4A, the format's genre field elsewhere.
//
// A write keeps the library's idea of the file: a symbolic link stays a link and its
// target gets the genre; hard links stay one file (same inode, same link count); owner,
// group, mode and extended attributes (user.*, ACLs) stay as they were; the audio bytes
// are not changed. The modification time becomes the time of the write, as with any
// tag editor: the content did change, and backup tools and players that rescan by
// modification time must see it (the catalog records the new time).
//
// How: the file's working copy is made beside the real file (after following links),
// tagged, read back and flushed. Then one of two ways:
// - Replace (one link, and the copy could be given the original's owner, group, mode
//   and attributes): the copy is renamed over the original, atomically. A kill at any
//   moment leaves either the old file or the new one, never half of one; a working copy
//   left by a kill is removed by the next write or undo of that file.
// - In place (more than one hard link, which a rename would split; or an owner, group
//   or attribute a new file cannot be given, e.g. someone else's file in a group you
//   write): the verified copy is renamed to its "pending" name, then its bytes are copied
//   into the original inode (only the blocks that differ) and flushed, and the pending
//   copy removed. Links, owner and attributes are untouched by construction. The
//   trade-off: a kill during that copy leaves the original part old, part new (only its
//   tag region, where the tag fits in its padding) until the pending copy completes it;
//   finishInterrupted() does that, and every write and undo of the file calls it first.
//   The journal entry was made before, so undo also knows the old genre.
// A file that cannot be written safely — read-only (by its owner's intent, or on a
// read-only medium), not writable by this user, in a read-only folder, or on a full
// disk — is refused with the reason and left as it was.
// Thread contract: stateless; different files may be written from different threads
// (not two names of one file at once).
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
    // `genre` empty removes the field. Throws Error (FileMissing, Unreadable for a file
    // that may not be written, Unsupported, WriteFailed); the original is then intact,
    // except for a failure while copying back in place, which the message names (the
    // pending copy is kept and completes it).
    static void writeGenre(const QString &path, const QString &genre);
    // Completes an in-place write a kill interrupted (the original then holds the new
    // genre) and removes a working copy left by a killed write. Returns true when it
    // completed a write. Throws Error(WriteFailed) when completing fails.
    static bool finishInterrupted(const QString &path);
    // The working copy's name and the pending copy's name, beside the real file (links
    // followed); the pending name carries the original's inode number, so a pending copy
    // is never copied into a file that replaced the original since.
    static QString partialPathFor(const QString &path);
    static QString pendingPathFor(const QString &path);
    // Throws what writeGenre() would before touching anything: FileMissing, NotAudio,
    // Unreadable (cannot be written safely, with the reason).
    static void checkWritable(const QString &path);
    // Why the file cannot be written safely, in words starting with "read-only" or "not
    // writable"; empty when it can. Root is refused a file or folder whose owner made it
    // read-only too.
    static QString whyNotWritable(const QString &path);
};

} // namespace genrelab
