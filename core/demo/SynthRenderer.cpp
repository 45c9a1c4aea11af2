#include "SynthRenderer.h"

#include "BuiltinSynth.h"
#include "FluidSynthRenderer.h"
#include "util/Error.h"

#include <QFileInfo>

namespace genrelab {

QString SynthRenderer::findSoundfont()
{
    const QString fromEnvironment = qEnvironmentVariable("GENRELAB_SOUNDFONT");
    const QStringList candidates = {
        fromEnvironment,
        QStringLiteral("/usr/share/sounds/sf2/TimGM6mb.sf2"),
        QStringLiteral("/usr/share/sounds/sf2/default-GM.sf2"),
        QStringLiteral("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
    };
    for (const QString &candidate : candidates) {
        if (!candidate.isEmpty() && QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

std::unique_ptr<SynthRenderer> SynthRenderer::best(int sampleRate)
{
    const QString soundfont = findSoundfont();
    if (!soundfont.isEmpty() && qEnvironmentVariable("GENRELAB_SOUNDFONT") != QLatin1String("none")) {
        try {
            return std::make_unique<FluidSynthRenderer>(soundfont, sampleRate);
        } catch (const Error &) {
            // fall through to the built-in synthesiser
        }
    }
    return std::make_unique<BuiltinSynth>();
}

} // namespace genrelab
