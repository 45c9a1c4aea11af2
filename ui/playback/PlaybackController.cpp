#include "PlaybackController.h"

#include <QAudioOutput>
#include <QFileInfo>
#include <QMediaPlayer>
#include <QUrl>

#include <cmath>

namespace genrelab {

PlaybackController::PlaybackController(QObject *parent)
    : QObject(parent)
    , m_player(new QMediaPlayer(this))
    , m_output(new QAudioOutput(this))
{
    m_player->setAudioOutput(m_output);
    connect(m_player, &QMediaPlayer::positionChanged, this, &PlaybackController::onPosition);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this,
            [this](QMediaPlayer::PlaybackState state) { Q_EMIT playingChanged(state == QMediaPlayer::PlayingState); });
    // A seek issued while GStreamer still loads a file can be dropped with no position
    // update after it for onPosition() to repeat it from: repeat it once the file is ready.
    // So can the play() of a range (on a loaded machine CI saw a snippet stay stopped at
    // its start): start it again then, unless it was paused or stopped since.
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (m_pendingStart < 0.0 || (status != QMediaPlayer::LoadedMedia && status != QMediaPlayer::BufferedMedia))
            return;
        m_player->setPosition(qint64(m_pendingStart * 1000.0));
        if (m_player->playbackState() == QMediaPlayer::StoppedState)
            m_player->play();
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString &text) {
        Q_EMIT failed(tr("Cannot play %1: %2").arg(QFileInfo(m_file).fileName(),
                                                   text.isEmpty() ? tr("this platform has no decoder for it") : text));
    });
}

PlaybackController::~PlaybackController() = default;

void PlaybackController::setFile(const QString &path, const QObject *client)
{
    if (client != m_client) {
        stop();
        m_client = client;
        Q_EMIT clientChanged();
    }
    if (path == m_file)
        return;
    stop();
    m_file = path;
    m_player->setSource(QUrl::fromLocalFile(path));
}

void PlaybackController::followPosition(const QObject *client, std::function<void(double)> setPlayhead)
{
    connect(this, &PlaybackController::positionChanged, client, [this, client, setPlayhead](double seconds) {
        if (m_client == client)
            setPlayhead(seconds);
    });
    connect(this, &PlaybackController::clientChanged, client, [this, client, setPlayhead] {
        if (m_client != client)
            setPlayhead(-1.0);
    });
}

void PlaybackController::followFailures(const QObject *client, std::function<void(const QString &)> report)
{
    connect(this, &PlaybackController::failed, client, [this, client, report](const QString &message) {
        if (m_client == client)
            report(message);
    });
}

bool PlaybackController::isPlaying() const
{
    return m_player->playbackState() == QMediaPlayer::PlayingState;
}

double PlaybackController::positionSeconds() const
{
    return m_player->position() / 1000.0;
}

void PlaybackController::playTrack()
{
    m_stopAt = -1.0;
    m_pendingStart = -1.0;
    m_player->play();
}

void PlaybackController::playRange(double start, double seconds)
{
    m_stopAt = start + seconds;
    // A seek right after setFile() is dropped while GStreamer still loads the file;
    // onPosition() repeats it until the position is where it was asked to be.
    m_pendingStart = start;
    m_player->setPosition(qint64(start * 1000.0));
    m_player->play();
}

void PlaybackController::togglePlayPause()
{
    if (isPlaying())
        m_player->pause();
    else
        m_player->play();
}

void PlaybackController::stop()
{
    m_stopAt = -1.0;
    m_pendingStart = -1.0;
    m_player->stop();
}

void PlaybackController::seek(double seconds)
{
    m_player->setPosition(qint64(seconds * 1000.0));
}

void PlaybackController::onPosition(qint64 milliseconds)
{
    const double seconds = milliseconds / 1000.0;
    if (m_pendingStart >= 0.0) {
        if (std::abs(seconds - m_pendingStart) > 0.25) {
            m_player->setPosition(qint64(m_pendingStart * 1000.0));
            return; // not where we asked yet: no playhead jump, no early stop
        }
        m_pendingStart = -1.0;
    }
    if (m_stopAt >= 0.0 && seconds >= m_stopAt) {
        m_player->pause();
        m_stopAt = -1.0;
    }
    Q_EMIT positionChanged(seconds);
}

} // namespace genrelab
