#include "InfoCommand.h"

#include "audio/AudioDecoder.h"
#include "audio/SnippetLayout.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace genrelab::cli {

namespace {

// Schema "info/1" (man page, JSON OUTPUT): the same keys for every file; on failure the
// figures are null and "error" says why.
QJsonObject describe(const QString &path, const DecodedAudio *audio, const QString &error)
{
    QJsonArray warnings;
    if (audio)
        for (const QString &warning : audio->warnings)
            warnings.append(warning);
    const auto either = [audio](const auto &value) { return audio ? QJsonValue(value) : QJsonValue(QJsonValue::Null); };
    return {{QStringLiteral("schema"), QStringLiteral("info/1")},
            {QStringLiteral("file"), path},
            {QStringLiteral("container"), either(audio ? audio->info.container : QString())},
            {QStringLiteral("codec"), either(audio ? audio->info.codec : QString())},
            {QStringLiteral("sample_rate"), either(audio ? audio->info.sourceSampleRate : 0)},
            {QStringLiteral("channels"), either(audio ? audio->info.sourceChannels : 0)},
            {QStringLiteral("seconds"), either(audio ? double(audio->samples.size()) / FeatureContract::sampleRate : 0.0)},
            {QStringLiteral("snippets"), either(audio ? qint64(SnippetLayout::count(audio->samples.size())) : qint64(0))},
            {QStringLiteral("warnings"), warnings},
            {QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error)}};
}

} // namespace

QString InfoCommand::commandSummary()
{
    return QStringLiteral("Decode each FILE and print its format, sample rate, channels, duration and snippet count; "
                          "--json for scripts.");
}

int InfoCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE..."), QStringLiteral("Audio files."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per file, one per line (schema info/1).")});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("usage: genrelab-cli info FILE... [--json]"), 2);
    const bool json = parser.isSet(QStringLiteral("json"));
    int failures = 0;
    for (const QString &path : parser.positionalArguments()) {
        try {
            const DecodedAudio audio = AudioDecoder::decode(path);
            if (json) {
                print(QString::fromUtf8(QJsonDocument(describe(path, &audio, {})).toJson(QJsonDocument::Compact)));
                continue;
            }
            const double seconds = double(audio.samples.size()) / FeatureContract::sampleRate;
            print(QStringLiteral("%1: %2/%3 %4 Hz %5 ch, %6 s decoded, %7 snippet(s)")
                      .arg(path, audio.info.container, audio.info.codec)
                      .arg(audio.info.sourceSampleRate).arg(audio.info.sourceChannels)
                      .arg(seconds, 0, 'f', 3).arg(SnippetLayout::count(audio.samples.size())));
            for (const QString &warning : audio.warnings)
                print(QStringLiteral("  warning: ") + warning);
        } catch (const Error &error) {
            if (json)
                print(QString::fromUtf8(QJsonDocument(describe(path, nullptr, error.cause())).toJson(QJsonDocument::Compact)));
            else
                fail(error.message());
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}

} // namespace genrelab::cli
