#pragma once

#include <QStringList>

namespace genrelab {

// Finds audio files under a folder, recursively, by extension (the formats the
// decoder reads). Follows symbolic links to folders elsewhere, but visits each real
// folder once and never one that leads back into the scan: a link loop can neither
// make it spin nor list a file twice. Results are sorted for determinism. What cannot
// be read is listed all the same, for the decoder to say why: a folder the user may
// not open, and names that are not UTF-8 (spelt with U+FFFD).
// Thread contract: stateless; call from any thread.
class AudioFileScanner
{
public:
    static QStringList scan(const QString &folder);
    static bool hasAudioExtension(const QString &path);
    static const QStringList &extensions();
};

} // namespace genrelab
