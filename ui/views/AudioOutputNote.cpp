#include "AudioOutputNote.h"

#include <QAudioDevice>
#include <QMediaDevices>

namespace genrelab {

AudioOutputNote::AudioOutputNote(QWidget *parent, Length length)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("audioOutputNote"));
    const QString sentence = tr("No audio output device: playback is silent here (the playhead still moves).");
    if (length == Length::Short) {
        setText(tr("No audio output device"));
        setToolTip(sentence);
    } else {
        setText(sentence);
        setWordWrap(true);
    }
    setStyleSheet(QStringLiteral("color: #b03a2e"));
    auto *devices = new QMediaDevices(this);
    connect(devices, &QMediaDevices::audioOutputsChanged, this, [this] { setHasOutput(hasAudioOutput()); });
    setHasOutput(hasAudioOutput());
}

bool AudioOutputNote::hasAudioOutput()
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

void AudioOutputNote::setHasOutput(bool has)
{
    setVisible(!has);
}

} // namespace genrelab
