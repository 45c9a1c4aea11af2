#pragma once

#include <QLabel>

namespace genrelab {

// Where playback is offered: says, once and in place, that there is no audio output
// device (QMediaDevices::audioOutputs() is empty), so Play that stays silent is not a
// mystery. Hidden when there is one; follows devices plugged in or removed.
// Thread contract: GUI thread.
class AudioOutputNote : public QLabel
{
    Q_OBJECT
public:
    enum class Length { Sentence, Short }; // Short: for a row of buttons; the sentence is its tooltip
    explicit AudioOutputNote(QWidget *parent = nullptr, Length length = Length::Sentence);
    static bool hasAudioOutput();
    // For tests, and what the device watch calls.
    void setHasOutput(bool has);
};

} // namespace genrelab
