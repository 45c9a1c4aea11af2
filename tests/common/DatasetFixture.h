#pragma once

#include <QString>
#include <QStringList>

namespace genrelab::test {

// Writes small labelled datasets of real (synthetic) audio into a folder for tests:
// each label gets tones of its own pitch, so the files differ and decode quickly.
class DatasetFixture
{
public:
    // root/<label>/<label>.0000N.wav, `perLabel` files of `seconds` each.
    static QStringList writeLabelled(const QString &root, const QStringList &labels, int perLabel, double seconds);
    // A file of text bytes with an audio extension (a track that fails to decode).
    static void writeGarbage(const QString &path);
    // A Sun .au file (16-bit, 22 050 Hz, mono tone) whose header promises
    // `claimedSeconds` but which holds only `actualSeconds`: a download cut short.
    static void writeTruncatedAu(const QString &path, double claimedSeconds, double actualSeconds);
};

} // namespace genrelab::test
