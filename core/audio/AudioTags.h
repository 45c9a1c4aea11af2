#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// What a music file's tags say, read through TagLib without touching the audio: artist,
// album artist, title and genre (ID3v2 TCON in MP3 and WAV, the Vorbis comment GENRE in
// FLAC, Ogg and Opus, ©gen in MP4/M4A, the format's genre field elsewhere). The one
// place tags are read: datasets labelled by tags (core/data) and the library's tag
// writer (core/library's TagFile) both use it. Values are given as TagLib decodes them
// (trimmed); judging them (absurd lengths, control characters) is the caller's business.
// Thread contract: stateless; different files may be read from different threads.
struct AudioTags
{
    QString artist;
    QString albumArtist;
    QString title;
    QString genre;       // the genre field as one text, as TagLib joins several values
    QStringList genres;  // each genre value on its own, in the file's order
    // A genre field is there but TagLib decoded no text from it: empty, or bytes that are
    // not valid in the field's declared encoding (invalid UTF-8), which TagLib drops.
    bool unreadableGenre = false;

    // Throws Error (FileMissing, Unreadable, Unsupported when TagLib cannot parse it).
    static AudioTags read(const QString &path);
};

} // namespace genrelab
