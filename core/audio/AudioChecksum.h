#pragma once

#include <QByteArray>
#include <QString>

namespace genrelab {

// Fingerprints of a file's audio, blind to its tags: the SHA-256 of the compressed
// audio packets as the demuxer delivers them (the encoded frames, byte for byte), and
// of the decoded 22 050 Hz mono samples. Tag writing must leave both unchanged.
// Thread contract: stateless; blocks.
class AudioChecksum
{
public:
    // Throws Error when the file cannot be demuxed.
    static QByteArray ofPackets(const QString &path);
    static QByteArray ofSamples(const QString &path);
};

} // namespace genrelab
