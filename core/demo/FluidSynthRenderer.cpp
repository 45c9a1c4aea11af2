#include "FluidSynthRenderer.h"

#include "util/Error.h"

#include <QFile>
#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

namespace genrelab {

namespace {

void silenceFluidSynthLogging()
{
    static std::once_flag once;
    std::call_once(once, [] {
        for (int level = 0; level < LAST_LOG_LEVEL; ++level)
            fluid_set_log_function(level, nullptr, nullptr);
    });
}

// FluidSynth is not safe to drive from several threads at once outside one synth's own
// rendering: new_fluid_synth() and delete_fluid_synth() set up and tear down process-wide
// state (libinstpatch, GLib types), and fluid_synth_sfload() goes through the shared
// sample cache and its file parser. With only creation and deletion locked, a CI run
// crashed in sfload ("free(): invalid pointer") while another thread rendered, and
// tst_demodataset's many-threads test saw a clip come out different. So every call that
// makes, loads or frees a synth takes this one lock; rendering (note events and
// fluid_synth_write_float on a synth of one's own) stays parallel. Samples are loaded
// whole rather than on first use, so a note-on never reaches the shared cache either.
std::mutex &synthLifetimeMutex()
{
    static std::mutex mutex;
    return mutex;
}

void deleteSynth(fluid_synth_t *synth)
{
    std::lock_guard lock(synthLifetimeMutex());
    delete_fluid_synth(synth);
}

struct Change
{
    double time;
    bool on;
    const NoteEvent *event;
};

} // namespace

FluidSynthRenderer::FluidSynthRenderer(const QString &soundfont, int sampleRate)
    : m_soundfont(soundfont)
{
    silenceFluidSynthLogging();
    m_settings = new_fluid_settings();
    fluid_settings_setnum(m_settings, "synth.sample-rate", sampleRate);
    // Chorus and reverb only add tails we do not need. Samples load with the soundfont
    // (not on first use, which would reach the shared sample cache while rendering);
    // m_resident keeps them cached, so each later synth only parses the preset tables.
    fluid_settings_setint(m_settings, "synth.chorus.active", 0);
    fluid_settings_setint(m_settings, "synth.reverb.active", 0);
    fluid_settings_setint(m_settings, "synth.threadsafe-api", 0);
    fluid_settings_setint(m_settings, "synth.dynamic-sample-loading", 0);
    fluid_settings_setint(m_settings, "synth.lock-memory", 0);
    fluid_settings_setnum(m_settings, "synth.gain", 0.5);
    m_resident = newSynth();
    if (!m_resident) {
        delete_fluid_settings(m_settings);
        throw Error(Error::Kind::Unsupported, soundfont, QStringLiteral("FluidSynth cannot load this soundfont"));
    }
}

FluidSynthRenderer::~FluidSynthRenderer()
{
    deleteSynth(m_resident);
    delete_fluid_settings(m_settings);
}

QString FluidSynthRenderer::name() const
{
    return QStringLiteral("FluidSynth (%1)").arg(m_soundfont.section(QLatin1Char('/'), -1));
}

_fluid_synth_t *FluidSynthRenderer::newSynth() const
{
    std::lock_guard lock(synthLifetimeMutex());
    fluid_synth_t *synth = new_fluid_synth(m_settings);
    if (synth && fluid_synth_sfload(synth, QFile::encodeName(m_soundfont).constData(), 1) == FLUID_FAILED) {
        delete_fluid_synth(synth);
        return nullptr;
    }
    return synth;
}

std::vector<float> FluidSynthRenderer::render(const std::vector<NoteEvent> &events, double seconds, int sampleRate)
{
    // A fresh synth per clip (a few ms: the samples stay cached): FluidSynth keeps
    // state across a reset (event timing within its 64-sample blocks, voice order), so
    // reusing one would make a clip depend on the clips rendered before it, and the
    // dataset on the thread count. With a fresh one, a seed gives the same files anywhere.
    std::unique_ptr<fluid_synth_t, void (*)(fluid_synth_t *)> synth(newSynth(), &deleteSynth);
    if (!synth)
        throw Error(Error::Kind::Unsupported, m_soundfont, QStringLiteral("FluidSynth cannot load this soundfont"));
    fluid_synth_t *fluid = synth.get();
    std::vector<Change> changes;
    changes.reserve(events.size() * 2);
    for (const NoteEvent &e : events) {
        changes.push_back({e.start, true, &e});
        changes.push_back({e.start + e.duration, false, &e});
    }
    std::stable_sort(changes.begin(), changes.end(), [](const Change &a, const Change &b) {
        return a.time < b.time || (a.time == b.time && !a.on && b.on); // note-offs first
    });

    const auto total = std::size_t(std::llround(seconds * sampleRate));
    std::vector<float> left(total), right(total), mono(total);
    std::size_t rendered = 0;
    int programs[16];
    std::fill(std::begin(programs), std::end(programs), -1);
    const auto renderUntil = [&](std::size_t end) {
        end = std::min(end, total);
        if (end > rendered) {
            fluid_synth_write_float(fluid, int(end - rendered), left.data() + rendered, 0, 1, right.data() + rendered, 0, 1);
            rendered = end;
        }
    };
    for (const Change &change : changes) {
        renderUntil(std::size_t(std::llround(change.time * sampleRate)));
        if (rendered >= total)
            break;
        const NoteEvent &e = *change.event;
        if (!change.on) {
            fluid_synth_noteoff(fluid, e.channel, e.key);
            continue;
        }
        if (e.channel != 9 && programs[e.channel] != e.program) {
            fluid_synth_program_change(fluid, e.channel, e.program);
            programs[e.channel] = e.program;
        }
        fluid_synth_noteon(fluid, e.channel, e.key, e.velocity);
    }
    renderUntil(total);
    for (std::size_t i = 0; i < total; ++i)
        mono[i] = 0.5f * (left[i] + right[i]);
    return mono;
}

} // namespace genrelab
