#pragma once

#include <QObject>
#include <QString>

class QAudioOutput;
class QMediaPlayer;

namespace genrelab {

// Plays a whole track or one 3-s snippet through Qt Multimedia (GStreamer here) and
// reports the position for playheads. A file the platform cannot play is reported in
// words through failed(); analysis never depends on playback (it decodes with FFmpeg).
// Thread contract: GUI thread.
class PlaybackController : public QObject
{
    Q_OBJECT
public:
    explicit PlaybackController(QObject *parent = nullptr);
    ~PlaybackController() override;

    void setFile(const QString &path);
    const QString &file() const { return m_file; }
    bool isPlaying() const;
    double positionSeconds() const;

public Q_SLOTS:
    void playTrack();
    // Plays [start, start + seconds) and stops there.
    void playRange(double start, double seconds);
    void togglePlayPause();
    void stop();
    void seek(double seconds);

Q_SIGNALS:
    void positionChanged(double seconds);
    void playingChanged(bool playing);
    void failed(const QString &message);

private:
    void onPosition(qint64 milliseconds);

    QMediaPlayer *m_player;
    QAudioOutput *m_output;
    QString m_file;
    double m_stopAt = -1.0;       // seconds; end of the range being played
    double m_pendingStart = -1.0; // seconds; a range start the player has not reached yet
};

} // namespace genrelab
