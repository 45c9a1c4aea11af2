#pragma once

#include "NoteEvent.h"

#include <QString>

#include <memory>
#include <vector>

namespace genrelab {

// Turns a demo score into mono audio at a given sample rate.
// Implementations: FluidSynthRenderer (General MIDI soundfont, sounds like music) and
// BuiltinSynth (no dependencies, where no soundfont is installed).
// Thread contract: one instance per thread.
class SynthRenderer
{
public:
    virtual ~SynthRenderer() = default;
    virtual QString name() const = 0;
    virtual std::vector<float> render(const std::vector<NoteEvent> &events, double seconds, int sampleRate) = 0;

    // The best renderer available here: FluidSynth with the first soundfont found
    // ($GENRELAB_SOUNDFONT, then Debian's TimGM6mb / default-GM), else the built-in one.
    static std::unique_ptr<SynthRenderer> best(int sampleRate);
    static QString findSoundfont();
};

} // namespace genrelab
