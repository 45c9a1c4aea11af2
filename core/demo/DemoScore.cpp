#include "DemoScore.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

DemoScore::DemoScore(double bpm, double swing, std::uint64_t seed)
    : m_bpm(bpm)
    , m_swing(swing)
    , m_random(seed)
{
}

double DemoScore::at(double beat) const
{
    // Swing delays every off-beat eighth ("and") towards the next beat.
    const double whole = std::floor(beat);
    const double fraction = beat - whole;
    const double swung = std::abs(fraction - 0.5) < 1e-9 ? 0.5 + m_swing * 0.5 : fraction;
    return (whole + swung) * beatSeconds();
}

int DemoScore::pick(std::initializer_list<int> choices)
{
    std::uniform_int_distribution<std::size_t> index(0, choices.size() - 1);
    return *(choices.begin() + std::ptrdiff_t(index(m_random)));
}

double DemoScore::uniform(double lo, double hi)
{
    return std::uniform_real_distribution<double>(lo, hi)(m_random);
}

bool DemoScore::chance(double probability)
{
    return uniform(0.0, 1.0) < probability;
}

int DemoScore::humanise(int velocity)
{
    return std::clamp(velocity + int(std::lround(uniform(-8.0, 8.0))), 1, 127);
}

double DemoScore::jitter()
{
    return uniform(-0.006, 0.006);
}

void DemoScore::drum(double beat, int key, int velocity)
{
    m_events.push_back({std::max(0.0, at(beat) + jitter()), 0.2, drumChannel, 0, key, humanise(velocity)});
}

void DemoScore::note(double beat, double beats, int channel, int program, int key, int velocity)
{
    const double start = std::max(0.0, at(beat) + jitter());
    const double end = at(beat + beats);
    m_events.push_back({start, std::max(0.03, end - start - 0.01), channel, program, std::clamp(key, 0, 127), humanise(velocity)});
}

void DemoScore::chord(double beat, double beats, int channel, int program, std::initializer_list<int> keys, int velocity)
{
    for (int key : keys)
        note(beat, beats, channel, program, key, velocity);
}

void DemoScore::chord(double beat, double beats, int channel, int program, const std::vector<int> &keys, int velocity)
{
    for (int key : keys)
        note(beat, beats, channel, program, key, velocity);
}

} // namespace genrelab
