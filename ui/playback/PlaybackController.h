#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QAudioOutput;
class QMediaPlayer;

namespace genrelab {

// Plays a whole track or one 3-s snippet through Qt Multimedia (GStreamer here) and
// reports the position for playheads. A file the platform cannot play is reported in
// words through failed(); analysis never depends on playback (it decodes with FFmpeg).
// The main window owns the one player and hands it to every workspace: a workspace names
// itself as the client when it sets a file, and hears positions and failures only while
// the file is its own, so two workspaces never play at once or move each other's playheads.
// Thread contract: GUI thread.
class PlaybackController : public QObject
{
    Q_OBJECT
public:
    explicit PlaybackController(QObject *parent = nullptr);
    ~PlaybackController() override;

    // Loads `path` for `client` (stopping whatever another client was playing).
    void setFile(const QString &path, const QObject *client);
    const QString &file() const { return m_file; }
    const QObject *client() const { return m_client; }
    // Calls setPlayhead(seconds) as the position moves while `client` holds the player,
    // and setPlayhead(-1) when another client takes it; ends with `client`'s life.
    void followPosition(const QObject *client, std::function<void(double)> setPlayhead);
    // Calls report(message) when a file of `client` cannot be played.
    void followFailures(const QObject *client, std::function<void(const QString &)> report);
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
    void clientChanged();

private:
    void onPosition(qint64 milliseconds);

    QMediaPlayer *m_player;
    QAudioOutput *m_output;
    QString m_file;
    QPointer<const QObject> m_client;
    double m_stopAt = -1.0;       // seconds; end of the range being played
    double m_pendingStart = -1.0; // seconds; a range start the player has not reached yet
};

} // namespace genrelab
