#include "MelCommand.h"

#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "io/NpyFile.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <array>

namespace genrelab::cli {

QString MelCommand::commandSummary()
{
    return QStringLiteral("Write the network's input for one 3-s snippet of FILE (contract v%1) as a float32 "
                          "[130, 100] NumPy .npy array.")
        .arg(FeatureContract::version);
}

int MelCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio file (any format FFmpeg reads)."));
    const QCommandLineOption snippet({QStringLiteral("k"), QStringLiteral("snippet")},
                                     QStringLiteral("0-based snippet index (3 s each, from the start)."),
                                     QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption out({QStringLiteral("o"), QStringLiteral("out")}, QStringLiteral("Output .npy file."),
                                 QStringLiteral("OUT.npy"));
    parser.addOptions({snippet, out});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out))
        return fail(QStringLiteral("usage: genrelab-cli mel FILE --snippet K --out OUT.npy"), 2);
    bool ok = false;
    const int k = parser.value(snippet).toInt(&ok);
    if (!ok || k < 0)
        return fail(QStringLiteral("--snippet must be a whole number ≥ 0, not \"%1\"").arg(parser.value(snippet)), 2);

    const QString input = parser.positionalArguments().first();
    if (RegularFile::sameFile(input, parser.value(out)))
        return fail(parser.value(out) + QStringLiteral(": is the input file itself, which --out must not overwrite "
                                                       "(name another .npy file)"), 2);
    try {
        RegularFile::requireForWriting(parser.value(out)); // before any work: /dev/full, a pipe or a folder is refused
        TrackFeaturizer featurizer;
        const std::vector<float> values = featurizer.featurizeSnippet(input, std::size_t(k));
        const std::array<std::size_t, 2> shape = {FeatureContract::frames, FeatureContract::nMels};
        NpyFile::writeFloat32(parser.value(out), shape, values);
    } catch (const Error &error) {
        return fail(error.message());
    }
    return 0;
}

} // namespace genrelab::cli
