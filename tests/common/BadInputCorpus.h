#pragma once

#include <QString>
#include <QStringList>

namespace genrelab::test {

// The bad-input corpus of issue #10, generated on the spot under one folder so that the
// core, CLI and GUI tests all read the same files:
//   good/       odd but readable: silence, DC, clipping, NaN/Inf floats, 8 kHz, 192 kHz,
//               6 channels, a WAV named .mp3, a header claiming 27 hours, unicode and
//               spaces in the name, an MP3 behind 200 000 ID3 frames
//   bad/        must fail with a clear message: empty, text with audio extensions,
//               WAVs cut inside the header, absurd headers (0/255 channels, 1 Hz, 10 MHz),
//               too short for one snippet, a playlist and a concat list named like
//               audio that point at the named pipe
//   truncated/  WAV, AU, MP3 and FLAC cut at many offsets: each either decodes (what is
//               left of it) or fails clearly, depending on where the cut falls
//   strange/    not regular files: a named pipe and a dangling link (a folder scan lists
//               them and each must fail in words, not block), a folder called .wav, and a
//               symlink loop back to the corpus (scans must not follow it forever)
// Not as root (who reads whatever the permissions say), bad/ also holds a file nobody
// may read.
// MP3, FLAC and AU need the ffmpeg command (it is in install-deps.sh); without it
// those formats are left out and formatsLeftOut() says so.
class BadInputCorpus
{
public:
    explicit BadInputCorpus(const QString &root);

    QString root() const { return m_root; }
    const QStringList &good() const { return m_good; }
    const QStringList &bad() const { return m_bad; }
    const QStringList &truncated() const { return m_truncated; }
    const QStringList &strange() const { return m_strange; }
    // Every entry a folder scan lists: good, bad, truncated, and the strange ones that
    // are not folders.
    QStringList scanned() const;
    QString formatsLeftOut() const { return m_leftOut; }

private:
    QString add(QStringList &list, const QString &folder, const QString &name);
    void writeGood();
    void writeBad();
    void writeTruncated();
    void writeStrange();
    QString encodeWithFfmpeg(const QString &wav, const QString &extension);

    QString m_root;
    QStringList m_good, m_bad, m_truncated, m_strange;
    QString m_leftOut;
};

} // namespace genrelab::test
