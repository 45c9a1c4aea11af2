#include "DemoComposer.h"

#include "DemoScore.h"

#include <QHash>

#include <cmath>

namespace genrelab {

namespace {

using D = DemoScore;

// General MIDI programs (0-based) the caricatures use.
enum Program { Piano = 0, ElectricPiano = 4, Organ = 16, RockOrgan = 18, Harmonica = 22, NylonGuitar = 24,
               SteelGuitar = 25, CleanGuitar = 27, OverdriveGuitar = 29, DistortionGuitar = 30, AcousticBass = 32,
               FingerBass = 33, PickedBass = 34, SynthBass = 38, Violin = 40, Cello = 42, Strings = 48,
               SlowStrings = 49, Trumpet = 56, TenorSax = 66, Flute = 73, SquareLead = 80, SawLead = 81, Pad = 88,
               Banjo = 105, Fiddle = 110 };

std::vector<int> triad(int root, bool minor) { return {root, root + (minor ? 3 : 4), root + 7}; }
std::vector<int> seventh(int root, bool minor, bool majorSeventh = false)
{
    return {root, root + (minor ? 3 : 4), root + 7, root + (majorSeventh ? 11 : 10)};
}

// Degrees (semitones above the key) of a bar's chord in a progression.
int degree(const std::vector<int> &progression, int bar) { return progression[std::size_t(bar) % progression.size()]; }

} // namespace

const QStringList &DemoComposer::genres()
{
    static const QStringList list = {
        QStringLiteral("blues"), QStringLiteral("classical"), QStringLiteral("country"), QStringLiteral("disco"),
        QStringLiteral("hiphop"), QStringLiteral("jazz"), QStringLiteral("metal"), QStringLiteral("pop"),
        QStringLiteral("reggae"), QStringLiteral("rock"),
    };
    return list;
}

std::vector<NoteEvent> DemoComposer::compose(const QString &genre, double seconds, std::uint64_t seed)
{
    struct Style
    {
        double minBpm, maxBpm, swing;
        void (*write)(DemoScore &, int);
    };
    static const QHash<QString, Style> styles = {
        {QStringLiteral("blues"), {78, 100, 1.0 / 3, &DemoComposer::blues}},
        {QStringLiteral("classical"), {56, 84, 0.0, &DemoComposer::classical}},
        {QStringLiteral("country"), {100, 124, 0.0, &DemoComposer::country}},
        {QStringLiteral("disco"), {114, 126, 0.0, &DemoComposer::disco}},
        {QStringLiteral("hiphop"), {84, 96, 0.15, &DemoComposer::hiphop}},
        {QStringLiteral("jazz"), {120, 176, 1.0 / 3, &DemoComposer::jazz}},
        {QStringLiteral("metal"), {160, 200, 0.0, &DemoComposer::metal}},
        {QStringLiteral("pop"), {100, 124, 0.0, &DemoComposer::pop}},
        {QStringLiteral("reggae"), {68, 84, 0.1, &DemoComposer::reggae}},
        {QStringLiteral("rock"), {112, 140, 0.0, &DemoComposer::rock}},
    };
    const auto style = styles.find(genre);
    if (style == styles.end())
        return {};
    std::mt19937_64 tempoRandom(seed ^ 0x9e3779b97f4a7c15ull);
    const double bpm = std::uniform_real_distribution<double>(style->minBpm, style->maxBpm)(tempoRandom);
    DemoScore score(bpm, style->swing, seed);
    const int bars = int(std::ceil(seconds / (4.0 * score.beatSeconds()))) + 1;
    style->write(score, bars);
    std::vector<NoteEvent> events;
    for (const NoteEvent &event : score.events()) {
        if (event.start < seconds)
            events.push_back(event);
    }
    return events;
}

void DemoComposer::blues(DemoScore &s, int bars)
{
    const int key = s.pick({40, 45, 43, 47}); // E, A, G, B
    const std::vector<int> twelveBar = {0, 5, 0, 0, 5, 5, 0, 0, 7, 5, 0, 7};
    const int start = s.pick({0, 4, 8});
    const int guitar = s.pick({OverdriveGuitar, CleanGuitar});
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(twelveBar, bar + start);
        const double b = bar * 4.0;
        for (int beat = 0; beat < 4; ++beat) {
            s.drum(b + beat, beat % 2 == 0 ? D::Kick : D::Snare, beat % 2 == 0 ? 90 : 80);
            s.drum(b + beat, D::ClosedHat, 60);
            s.drum(b + beat + 0.5, D::ClosedHat, 45);
            // Boogie shuffle: root+5th then root+6th, on swung eighths.
            const int top = root + 12 + (beat % 2 == 0 ? 7 : 9);
            s.chord(b + beat, 0.5, 1, guitar, {root + 12, top}, 85);
            s.chord(b + beat + 0.5, 0.5, 1, guitar, {root + 12, top}, 70);
            const int walk[] = {0, 4, 7, 9};
            s.note(b + beat, 1.0, 2, FingerBass, root - 12 + walk[beat], 95);
        }
        if (s.chance(0.35)) {
            const int scale[] = {0, 3, 5, 6, 7, 10, 12};
            for (int n = 0; n < 3; ++n)
                s.note(b + 1 + n, 0.9, 3, Harmonica, root + 24 + scale[s.random()() % 7], 90);
        }
    }
}

void DemoComposer::classical(DemoScore &s, int bars)
{
    const int key = s.pick({48, 50, 53, 55}); // C, D, F, G
    const bool minor = s.chance(0.5);
    const std::vector<int> progression = minor ? std::vector<int>{0, 5, 7, 0, 8, 5, 7, 0} : std::vector<int>{0, 5, 7, 0, 9, 5, 7, 0};
    const int ensemble = s.pick({Strings, SlowStrings});
    const int melodyVoice = s.pick({Violin, Flute});
    const int scale[] = {0, 2, minor ? 3 : 4, 5, 7, minor ? 8 : 9, minor ? 10 : 11};
    int melody = 3;
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(progression, bar);
        const bool chordMinor = minor ? (degree(progression, bar) == 0 || degree(progression, bar) == 5)
                                      : degree(progression, bar) == 9;
        const double b = bar * 4.0;
        const int swell = 55 + int(25 * std::sin(bar * 0.9));
        s.chord(b, 4.0, 0, ensemble, triad(root, chordMinor), swell);
        s.note(b, 2.0, 1, Cello, root - 12, swell + 5);
        s.note(b + 2, 2.0, 1, Cello, root - 5, swell);
        // A stepwise melody in halves and quarters: chorale-like, no percussion at all.
        for (double t = 0; t < 4.0;) {
            const double length = s.chance(0.5) ? 1.0 : 2.0;
            melody = std::clamp(melody + s.pick({-1, 1, 1, -2, 2, 0}), 0, 6);
            s.note(b + t, length, 2, melodyVoice, key + 12 + scale[melody], swell + 15);
            t += length;
        }
    }
}

void DemoComposer::country(DemoScore &s, int bars)
{
    const int key = s.pick({43, 45, 40, 50}); // G, A, E, D
    const std::vector<int> progression = {0, 0, 5, 7, 0, 5, 7, 0};
    const int strum = s.pick({SteelGuitar, NylonGuitar, Banjo});
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(progression, bar);
        const double b = bar * 4.0;
        for (int eighth = 0; eighth < 8; ++eighth) {
            const double t = b + eighth * 0.5;
            // Train beat: brushed snare on every eighth, accents on 2 and 4.
            s.drum(t, D::Snare, eighth % 4 == 2 ? 70 : 35);
            if (eighth % 4 == 0)
                s.drum(t, D::Kick, 85);
            s.chord(t, 0.45, 1, strum, triad(root + 12, false), eighth % 2 == 0 ? 80 : 60);
        }
        for (int beat = 0; beat < 4; ++beat) // root–fifth bass
            s.note(b + beat, 0.9, 2, AcousticBass, root - 12 + (beat % 2 ? 7 : 0), 95);
        if (s.chance(0.6)) {
            const int majorPentatonic[] = {0, 2, 4, 7, 9, 12};
            for (int n = 0; n < 4; ++n)
                s.note(b + n, 1.0, 3, Fiddle, root + 24 + majorPentatonic[s.random()() % 6], 85);
        }
    }
}

void DemoComposer::disco(DemoScore &s, int bars)
{
    const int key = s.pick({45, 43, 41, 48}); // A, G, F, C (minor)
    const std::vector<int> progression = {0, 0, 5, 5, 3, 3, 5, 7};
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(progression, bar);
        const double b = bar * 4.0;
        for (int beat = 0; beat < 4; ++beat) {
            s.drum(b + beat, D::Kick, 110); // four on the floor
            s.drum(b + beat + 0.5, D::OpenHat, 75);
            if (beat % 2 == 1)
                s.drum(b + beat, s.chance(0.5) ? D::Clap : D::Snare, 95);
            // Octave bass on eighths.
            s.note(b + beat, 0.45, 1, FingerBass, root - 12, 100);
            s.note(b + beat + 0.5, 0.45, 1, FingerBass, root, 90);
        }
        s.chord(b + 0.5, 0.4, 2, Strings, seventh(root + 12, true), 75);
        s.chord(b + 2.5, 1.2, 2, Strings, seventh(root + 12, true), 70);
        if (s.chance(0.5))
            s.chord(b + 1.5, 0.25, 3, CleanGuitar, triad(root + 24, true), 65);
    }
}

void DemoComposer::hiphop(DemoScore &s, int bars)
{
    const int key = s.pick({38, 41, 43, 36});
    const std::vector<int> progression = {0, 0, 8, 7};
    const int keys = s.pick({ElectricPiano, Piano});
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(progression, bar);
        const double b = bar * 4.0;
        // Boom-bap: kick on 1, the "and" of 2 and (often) 3.5; snare on 2 and 4.
        s.drum(b, D::Kick, 115);
        s.drum(b + 1.75, D::Kick, 90);
        if (s.chance(0.6))
            s.drum(b + 2.5, D::Kick, 100);
        s.drum(b + 1, D::Snare, 110);
        s.drum(b + 3, D::Snare, 110);
        for (int sixteenth = 0; sixteenth < 16; ++sixteenth)
            s.drum(b + sixteenth * 0.25, D::ClosedHat, sixteenth % 2 == 0 ? 65 : 35);
        s.note(b, 1.5, 1, SynthBass, root - 12, 110);
        s.note(b + 2.5, 1.0, 1, SynthBass, root - 12, 95);
        s.chord(b + 0.5, 1.0, 2, keys, seventh(root + 12, true), 55);
        if (s.chance(0.5))
            s.chord(b + 2.75, 0.75, 2, keys, seventh(root + 12, true), 50);
    }
}

void DemoComposer::jazz(DemoScore &s, int bars)
{
    const int key = s.pick({41, 46, 43, 39}); // F, Bb, G, Eb
    const std::vector<int> iiVI = {2, 7, 0, 0, 9, 2, 7, 0};
    const int horn = s.pick({TenorSax, Trumpet, Piano});
    for (int bar = 0; bar < bars; ++bar) {
        const int degreeNow = degree(iiVI, bar);
        const int root = key + degreeNow;
        const bool minor = degreeNow == 2 || degreeNow == 9;
        const double b = bar * 4.0;
        // Spang-a-lang ride, pedal hi-hat on 2 and 4, feathered kick; no backbeat snare.
        for (int beat = 0; beat < 4; ++beat) {
            s.drum(b + beat, D::Ride, 85);
            if (beat % 2 == 1) {
                s.drum(b + beat + 0.5, D::Ride, 65);
                s.drum(b + beat, D::PedalHat, 70);
            }
            s.drum(b + beat, D::Kick, 30);
        }
        // Walking bass: chord tones with a chromatic approach to the next root.
        const int nextRoot = key + degree(iiVI, bar + 1);
        const int walk[] = {0, minor ? 3 : 4, 7};
        for (int beat = 0; beat < 3; ++beat)
            s.note(b + beat, 1.0, 1, AcousticBass, root - 12 + walk[beat], 95);
        s.note(b + 3, 1.0, 1, AcousticBass, nextRoot - 12 + (s.chance(0.5) ? 1 : -1), 90);
        // Comping on syncopated off-beats.
        s.chord(b + s.pick({0, 1}) + 0.5, 0.5, 2, Piano, seventh(root + 12, minor, !minor && degreeNow == 0), 60);
        if (s.chance(0.5))
            s.chord(b + 2.5, 0.5, 2, Piano, seventh(root + 12, minor), 55);
        if (s.chance(0.5)) {
            const int bebop[] = {0, 2, 4, 5, 7, 9, 10, 11};
            for (int n = 0; n < 4; ++n)
                s.note(b + n * 0.5 + 2, 0.5, 3, horn, root + 12 + bebop[s.random()() % 8], 85);
        }
    }
}

void DemoComposer::metal(DemoScore &s, int bars)
{
    const int key = s.pick({40, 38, 35}); // E, D, B (low tunings)
    const std::vector<int> riff = {0, 0, 1, 0, 0, 3, 5, 1}; // phrygian flavour
    const bool blast = s.chance(0.3);
    for (int bar = 0; bar < bars; ++bar) {
        const double b = bar * 4.0;
        if (bar % 2 == 0)
            s.drum(b, D::Crash, 110);
        for (int sixteenth = 0; sixteenth < 16; ++sixteenth) {
            const double t = b + sixteenth * 0.25;
            s.drum(t, D::Kick, 105); // double kick on sixteenths
            if (blast ? sixteenth % 2 == 1 : sixteenth % 8 == 4)
                s.drum(t, D::Snare, 115);
            const int root = key + riff[std::size_t(sixteenth / 2) % riff.size()];
            // Palm-muted power-chord chugs.
            s.chord(t, 0.22, 1, DistortionGuitar, {root, root + 7}, sixteenth % 4 == 0 ? 120 : 95);
            if (sixteenth % 2 == 0)
                s.note(t, 0.45, 2, PickedBass, root - 12, 100);
        }
    }
}

void DemoComposer::pop(DemoScore &s, int bars)
{
    const int key = s.pick({48, 50, 52, 55}); // C, D, E, G
    const std::vector<int> axis = {0, 7, 9, 5}; // I–V–vi–IV
    const int chords = s.pick({Piano, ElectricPiano, Pad});
    const int lead = s.pick({SquareLead, SawLead, Flute});
    const int motif[] = {4, 2, 0, 2, 4, 4, 7, 4};
    for (int bar = 0; bar < bars; ++bar) {
        const int degreeNow = degree(axis, bar);
        const int root = key + degreeNow;
        const double b = bar * 4.0;
        s.drum(b, D::Kick, 105);
        s.drum(b + 2, D::Kick, 100);
        if (s.chance(0.5))
            s.drum(b + 2.5, D::Kick, 85);
        s.drum(b + 1, D::Clap, 100);
        s.drum(b + 3, D::Clap, 100);
        for (int eighth = 0; eighth < 8; ++eighth)
            s.drum(b + eighth * 0.5, D::ClosedHat, 55);
        s.chord(b, 4.0, 1, chords, triad(root + 12, degreeNow == 9), 65);
        for (int eighth = 0; eighth < 8; ++eighth)
            s.note(b + eighth * 0.5, 0.45, 2, FingerBass, root - 12, 90);
        // A catchy two-bar motif over every chord.
        for (int n = 0; n < 4; ++n)
            s.note(b + n, 0.9, 3, lead, key + 24 + motif[(bar % 2) * 4 + n], 85);
    }
}

void DemoComposer::reggae(DemoScore &s, int bars)
{
    const int key = s.pick({43, 45, 47, 41});
    const bool minor = s.chance(0.5);
    const std::vector<int> progression = {0, 0, 5, 5};
    const int skank = s.pick({CleanGuitar, Organ});
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(progression, bar);
        const double b = bar * 4.0;
        // One drop: kick and rim-shot together on beat 3 only; nothing on beat 1.
        s.drum(b + 2, D::Kick, 105);
        s.drum(b + 2, D::SideStick, 95);
        for (int eighth = 0; eighth < 8; ++eighth)
            s.drum(b + eighth * 0.5, D::ClosedHat, eighth % 2 ? 50 : 35);
        // The skank: short chords on the off-beats.
        for (int beat = 0; beat < 4; ++beat)
            s.chord(b + beat + 0.5, 0.25, 1, skank, triad(root + 12, minor), 80);
        if (skank == Organ) // the organ "bubble"
            for (int beat = 0; beat < 4; ++beat)
                s.chord(b + beat + 0.75, 0.2, 3, Organ, triad(root, minor), 45);
        // A heavy, melodic bass that leaves beat 1 empty.
        s.note(b + 0.5, 0.5, 2, FingerBass, root - 12, 110);
        s.note(b + 1.0, 1.0, 2, FingerBass, root - 12 + (minor ? 3 : 4), 100);
        s.note(b + 2.5, 0.5, 2, FingerBass, root - 12 + 7, 105);
        s.note(b + 3.0, 1.0, 2, FingerBass, root - 12 + s.pick({5, 7, 10}), 95);
    }
}

void DemoComposer::rock(DemoScore &s, int bars)
{
    const int key = s.pick({40, 45, 43, 38});
    const std::vector<int> progression = s.chance(0.5) ? std::vector<int>{0, 10, 5, 0} : std::vector<int>{0, 5, 7, 5};
    const int guitar = s.pick({OverdriveGuitar, DistortionGuitar});
    for (int bar = 0; bar < bars; ++bar) {
        const int root = key + degree(progression, bar);
        const double b = bar * 4.0;
        if (bar % 4 == 0)
            s.drum(b, D::Crash, 105);
        s.drum(b, D::Kick, 110);
        s.drum(b + 2, D::Kick, 105);
        s.drum(b + 2.5, D::Kick, 90);
        s.drum(b + 1, D::Snare, 110);
        s.drum(b + 3, D::Snare, 110);
        for (int eighth = 0; eighth < 8; ++eighth) {
            s.drum(b + eighth * 0.5, D::ClosedHat, 60);
            s.chord(b + eighth * 0.5, 0.45, 1, guitar, {root, root + 7, root + 12}, eighth % 2 ? 85 : 100);
            s.note(b + eighth * 0.5, 0.45, 2, PickedBass, root - 12, 95);
        }
        if (s.chance(0.25))
            s.chord(b, 4.0, 3, RockOrgan, triad(root + 12, false), 50);
    }
}

} // namespace genrelab
