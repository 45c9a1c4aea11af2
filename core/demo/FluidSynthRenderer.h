#pragma once

#include "SynthRenderer.h"

struct _fluid_hashtable_t;
struct _fluid_synth_t;

namespace genrelab {

// Renders with FluidSynth and a General MIDI soundfont (Debian: timgm6mb-soundfont).
// Thread contract: one instance per thread (render() makes a synth of its own per clip);
// instances on different threads are safe together (see synthLifetimeMutex()).
class FluidSynthRenderer : public SynthRenderer
{
public:
    // Throws Error(Unsupported) when the soundfont cannot be loaded.
    FluidSynthRenderer(const QString &soundfont, int sampleRate);
    ~FluidSynthRenderer() override;

    QString name() const override;
    std::vector<float> render(const std::vector<NoteEvent> &events, double seconds, int sampleRate) override;

private:
    _fluid_synth_t *newSynth() const;

    QString m_soundfont;
    _fluid_hashtable_t *m_settings = nullptr;
    _fluid_synth_t *m_resident = nullptr; // never renders; keeps the soundfont's samples cached
};

} // namespace genrelab
