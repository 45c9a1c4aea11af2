#include "BuiltinSynth.h"

#include "DemoScore.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace genrelab {

namespace {

// Harmonic amplitudes per timbre: the first few partials decide the colour.
std::vector<float> partialsOf(int timbre)
{
    std::vector<float> amplitudes(24, 0.0f);
    for (int k = 1; k <= 24; ++k) {
        float a = 0.0f;
        switch (timbre) {
        case 0: a = 1.0f / std::pow(float(k), 1.6f); break;             // piano-ish
        case 1: a = (k == 1 || k == 2 || k == 3 || k == 4 || k == 6 || k == 8) ? 0.6f : 0.0f; break; // drawbars
        case 2: a = 1.0f / float(k) * (k % 5 == 0 ? 0.2f : 1.0f); break; // plucked string
        case 3: a = 1.0f / float(k); break;                              // saw, then distorted
        case 4: a = k <= 3 ? 1.0f / float(k * k) : 0.0f; break;          // round bass
        case 5: a = 1.0f / float(k); break;                              // bowed saw
        case 6: a = (k % 2 == 1) ? 1.0f / float(k) : 0.0f; break;        // square lead
        default: a = k <= 2 ? 1.0f / float(k) : 0.0f; break;             // soft pad/flute
        }
        amplitudes[std::size_t(k - 1)] = a;
    }
    return amplitudes;
}

} // namespace

BuiltinSynth::BuiltinSynth()
{
    for (int timbre = 0; timbre < TimbreCount; ++timbre) {
        const std::vector<float> partials = partialsOf(timbre);
        auto &table = m_tables[std::size_t(timbre)];
        float peak = 0.0f;
        for (int i = 0; i < kTableSize; ++i) {
            double v = 0.0;
            for (std::size_t k = 0; k < partials.size(); ++k)
                v += partials[k] * std::sin(2.0 * std::numbers::pi * double(k + 1) * i / kTableSize);
            table[std::size_t(i)] = float(v);
            peak = std::max(peak, std::abs(float(v)));
        }
        for (int i = 0; i < kTableSize; ++i) {
            float v = table[std::size_t(i)] / peak;
            if (timbre == Distorted)
                v = std::tanh(5.0f * v); // overdrive: squared-off, rich in harmonics
            table[std::size_t(i)] = v;
        }
        table[kTableSize] = table[0]; // for interpolation across the wrap
    }
}

BuiltinSynth::Voice BuiltinSynth::voiceFor(int program)
{
    if (program == 29 || program == 30)
        return {Distorted, 0.005f, 0.2f, 0.8f, 0.05f};
    switch (program / 8) {
    case 0: case 1: return {Piano, 0.003f, 0.6f, 0.3f, 0.2f};
    case 2: return {Organ, 0.01f, 0.1f, 0.9f, 0.05f};
    case 3: return {Pluck, 0.003f, 0.3f, 0.35f, 0.1f};
    case 4: return {Bass, 0.005f, 0.3f, 0.7f, 0.05f};
    case 5: case 6: return {Bowed, 0.08f, 0.2f, 0.85f, 0.25f};
    case 7: case 8: case 10: return {Lead, 0.02f, 0.1f, 0.8f, 0.08f};
    case 13: return {Pluck, 0.002f, 0.2f, 0.2f, 0.1f};
    default: return {Soft, 0.05f, 0.2f, 0.8f, 0.2f};
    }
}

float BuiltinSynth::noise()
{
    m_noiseState ^= m_noiseState << 13;
    m_noiseState ^= m_noiseState >> 17;
    m_noiseState ^= m_noiseState << 5;
    return float(m_noiseState) / 2147483648.0f - 1.0f;
}

void BuiltinSynth::addTone(std::vector<float> &out, const NoteEvent &e, int sampleRate)
{
    const Voice voice = voiceFor(e.program);
    const auto &table = m_tables[std::size_t(voice.timbre)];
    const double hz = 440.0 * std::pow(2.0, (e.key - 69) / 12.0);
    const double step = hz * kTableSize / sampleRate;
    const float gain = 0.12f * float(e.velocity) / 127.0f;
    const auto begin = std::size_t(e.start * sampleRate);
    const auto held = std::size_t(e.duration * sampleRate);
    const auto length = held + std::size_t(voice.release * sampleRate);
    double phase = 0.0;
    for (std::size_t n = 0; n < length && begin + n < out.size(); ++n) {
        const float t = float(n) / float(sampleRate);
        float envelope = t < voice.attack ? t / voice.attack
                                          : voice.sustain + (1.0f - voice.sustain) * std::exp(-(t - voice.attack) / voice.decay);
        if (n >= held)
            envelope *= std::max(0.0f, 1.0f - float(n - held) / (voice.release * float(sampleRate)));
        const auto index = std::size_t(phase);
        const float fraction = float(phase - double(index));
        const float sample = table[index] + fraction * (table[index + 1] - table[index]);
        out[begin + n] += gain * envelope * sample;
        phase += step;
        if (phase >= kTableSize)
            phase -= kTableSize;
    }
}

void BuiltinSynth::addDrum(std::vector<float> &out, const NoteEvent &e, int sampleRate)
{
    const float gain = 0.25f * float(e.velocity) / 127.0f;
    const auto begin = std::size_t(e.start * sampleRate);
    float decay = 0.15f, tone = 0.0f, toneHz = 0.0f, noiseLevel = 1.0f;
    bool highPass = false, sweep = false;
    switch (e.key) {
    case DemoScore::Kick: decay = 0.25f; tone = 1.0f; toneHz = 55.0f; noiseLevel = 0.05f; sweep = true; break;
    case DemoScore::Snare: case DemoScore::Clap: decay = 0.14f; tone = 0.4f; toneHz = 190.0f; break;
    case DemoScore::SideStick: decay = 0.05f; tone = 0.5f; toneHz = 420.0f; noiseLevel = 0.6f; break;
    case DemoScore::LowTom: decay = 0.3f; tone = 1.0f; toneHz = 110.0f; noiseLevel = 0.1f; sweep = true; break;
    case DemoScore::ClosedHat: case DemoScore::PedalHat: decay = 0.04f; highPass = true; noiseLevel = 0.5f; break;
    case DemoScore::OpenHat: case DemoScore::Tambourine: decay = 0.25f; highPass = true; noiseLevel = 0.45f; break;
    case DemoScore::Ride: case DemoScore::RideBell: decay = 0.6f; highPass = true; tone = 0.15f; toneHz = 3200.0f; noiseLevel = 0.25f; break;
    case DemoScore::Crash: decay = 1.2f; highPass = true; noiseLevel = 0.5f; break;
    default: break;
    }
    const auto length = std::size_t(decay * 5.0f * float(sampleRate));
    float previous = 0.0f;
    double phase = 0.0;
    for (std::size_t n = 0; n < length && begin + n < out.size(); ++n) {
        const float t = float(n) / float(sampleRate);
        const float envelope = std::exp(-t / decay);
        float noisy = noise();
        if (highPass) { // first difference: keeps the hiss, drops the body
            const float raw = noisy;
            noisy = raw - previous;
            previous = raw;
        }
        const double hz = sweep ? toneHz * (1.0 + 2.0 * std::exp(-t / 0.03)) : toneHz;
        phase += 2.0 * std::numbers::pi * hz / sampleRate;
        out[begin + n] += gain * envelope * (noiseLevel * noisy + tone * float(std::sin(phase)));
    }
}

std::vector<float> BuiltinSynth::render(const std::vector<NoteEvent> &events, double seconds, int sampleRate)
{
    std::vector<float> out(std::size_t(std::llround(seconds * sampleRate)), 0.0f);
    for (const NoteEvent &e : events) {
        if (e.channel == DemoScore::drumChannel)
            addDrum(out, e, sampleRate);
        else
            addTone(out, e, sampleRate);
    }
    return out;
}

} // namespace genrelab
