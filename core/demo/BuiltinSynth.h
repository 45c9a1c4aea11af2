#pragma once

#include "SynthRenderer.h"

#include <array>
#include <cstdint>

namespace genrelab {

// A small synthesiser with no dependencies, used where no soundfont is installed: one
// wavetable per General MIDI instrument family (piano, organ, guitar, distorted guitar,
// bass, strings, leads, ...) with envelopes, and synthetic drums (pitch-swept kick,
// noise snare, high-passed hats and cymbals). Cruder than a soundfont, but every genre
// keeps its rhythm, tempo, register and timbre contrasts.
// Thread contract: one instance per thread.
class BuiltinSynth : public SynthRenderer
{
public:
    BuiltinSynth();
    QString name() const override { return QStringLiteral("built-in synthesiser"); }
    std::vector<float> render(const std::vector<NoteEvent> &events, double seconds, int sampleRate) override;

private:
    static constexpr int kTableSize = 2048;
    enum Timbre { Piano, Organ, Pluck, Distorted, Bass, Bowed, Lead, Soft, TimbreCount };

    struct Voice
    {
        Timbre timbre;
        float attack, decay, sustain, release; // seconds, seconds, level, seconds
    };

    static Voice voiceFor(int program);
    void addTone(std::vector<float> &out, const NoteEvent &e, int sampleRate);
    void addDrum(std::vector<float> &out, const NoteEvent &e, int sampleRate);
    float noise();

    std::array<std::array<float, kTableSize + 1>, TimbreCount> m_tables{};
    std::uint32_t m_noiseState = 0x12345678u;
};

} // namespace genrelab
