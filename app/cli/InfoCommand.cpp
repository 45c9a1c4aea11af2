#include "InfoCommand.h"

#include "audio/AudioDecoder.h"
#include "audio/SnippetLayout.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

namespace genrelab::cli {

QString InfoCommand::summary() const
{
    return QStringLiteral("Decode each FILE and print its format, sample rate, channels, duration and snippet count.");
}

int InfoCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE..."), QStringLiteral("Audio files."));
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("usage: genrelab-cli info FILE..."), 2);
    int failures = 0;
    for (const QString &path : parser.positionalArguments()) {
        try {
            const DecodedAudio audio = AudioDecoder::decode(path);
            const double seconds = double(audio.samples.size()) / FeatureContract::sampleRate;
            print(QStringLiteral("%1: %2/%3 %4 Hz %5 ch, %6 s decoded, %7 snippet(s)")
                      .arg(path, audio.info.container, audio.info.codec)
                      .arg(audio.info.sourceSampleRate).arg(audio.info.sourceChannels)
                      .arg(seconds, 0, 'f', 3).arg(SnippetLayout::count(audio.samples.size())));
            for (const QString &warning : audio.warnings)
                print(QStringLiteral("  warning: ") + warning);
        } catch (const Error &error) {
            fail(error.message());
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}

} // namespace genrelab::cli
