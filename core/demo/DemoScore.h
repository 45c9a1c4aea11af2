#pragma once

#include "NoteEvent.h"

#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace genrelab {

// A score being written for one demo clip: a tempo grid (beats, optional swing), a
// seeded random source for humanising timing and velocity, and helpers for drums,
// notes and chords. DemoComposer writes the genres with it.
// Thread contract: a value type used by one thread.
class DemoScore
{
public:
    static constexpr int drumChannel = 9;
    // GM drum keys used by the caricatures.
    enum Drum { Kick = 36, SideStick = 37, Snare = 38, Clap = 39, LowTom = 45, ClosedHat = 42, PedalHat = 44,
                OpenHat = 46, Crash = 49, Ride = 51, RideBell = 53, Tambourine = 54 };

    DemoScore(double bpm, double swing, std::uint64_t seed);

    double bpm() const { return m_bpm; }
    double beatSeconds() const { return 60.0 / m_bpm; }
    // Time of a position given in beats, with swing applied to off-beat eighths.
    double at(double beat) const;
    std::mt19937_64 &random() { return m_random; }
    int pick(std::initializer_list<int> choices);
    double uniform(double lo, double hi);
    bool chance(double probability);

    void drum(double beat, int key, int velocity);
    void note(double beat, double beats, int channel, int program, int key, int velocity);
    void chord(double beat, double beats, int channel, int program, std::initializer_list<int> keys, int velocity);
    void chord(double beat, double beats, int channel, int program, const std::vector<int> &keys, int velocity);

    const std::vector<NoteEvent> &events() const { return m_events; }

private:
    int humanise(int velocity);
    double jitter();

    double m_bpm;
    double m_swing; // 0 = straight, 1/3 = triplet shuffle
    std::mt19937_64 m_random;
    std::vector<NoteEvent> m_events;
};

} // namespace genrelab
