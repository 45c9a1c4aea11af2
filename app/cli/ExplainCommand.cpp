#include "ExplainCommand.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"
#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "io/NpyFile.h"
#include "ml/Saliency.h"
#include "util/ConsoleProgress.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <array>
#include <limits>

namespace genrelab::cli {

int ExplainCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("A run folder written by genrelab-cli train, or a .genrelab bundle."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio file (any format FFmpeg reads)."));
    parser.addOptions({{{QStringLiteral("k"), QStringLiteral("snippet")}, QStringLiteral("0-based snippet index (3 s each, from the start; default 0)."), QStringLiteral("K")},
                       {{QStringLiteral("o"), QStringLiteral("out")}, QStringLiteral("Output .npy file."), QStringLiteral("MAP.npy")},
                       {QStringLiteral("method"), QStringLiteral("occlusion (default), integrated-gradients or gradcam."), QStringLiteral("METHOD")},
                       {QStringLiteral("class"), QStringLiteral("The class to explain (default: the predicted one)."), QStringLiteral("NAME")},
                       {QStringLiteral("steps"), QStringLiteral("Integrated gradients' steps (default 32)."), QStringLiteral("N")},
                       {QStringLiteral("block"), QStringLiteral("Grad-CAM's convolution block, from 1 (default: the last)."), QStringLiteral("N")},
                       {QStringLiteral("threads"), QStringLiteral("Threads (default: all cores)."), QStringLiteral("N")}});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    if (words.size() != 2 || !parser.isSet(QStringLiteral("out")))
        return fail(QStringLiteral("usage: genrelab-cli explain MODEL FILE --snippet K --out MAP.npy "
                                   "[--method occlusion|integrated-gradients|gradcam] [--class NAME]"), 2);
    const OptionValues values(parser);
    const int k = values.integer(QStringLiteral("snippet"), 0, std::numeric_limits<int>::max(), 0);
    Saliency::Options options;
    options.method = *Saliency::methodFromName(values.choice(QStringLiteral("method"), Saliency::methodNames(), Saliency::methodNames().first()));
    options.steps = values.integer(QStringLiteral("steps"), 1, 1024, options.steps);
    options.block = values.integer(QStringLiteral("block"), 1, 64, options.block);
    const int threads = threadsOption(parser);
    const QString out = parser.value(QStringLiteral("out"));
    for (const QString &input : words)
        if (RegularFile::sameFile(input, out))
            return fail(out + QStringLiteral(": is an input of this command, which --out must not overwrite (name another .npy file)"), 2);
    try {
        RegularFile::requireForWriting(out); // before any work: /dev/full, a pipe or a folder is refused
        const Saliency saliency(words[0], threads);
        if (parser.isSet(QStringLiteral("class"))) {
            options.classIndex = int(saliency.labels().indexOf(parser.value(QStringLiteral("class"))));
            if (options.classIndex < 0)
                return fail(QStringLiteral("--class \"%1\" is not a class of %2; it has: %3")
                                .arg(parser.value(QStringLiteral("class")), words[0], saliency.labels().join(QStringLiteral(", "))), 2);
        }
        if (options.method == Saliency::Method::GradCam && options.block > saliency.convolutionBlocks())
            return fail(QStringLiteral("--block %1: the model has %2 convolution block(s)").arg(options.block).arg(saliency.convolutionBlocks()), 2);
        ConsoleProgress stopRequest;
        CancelOnInterrupt interrupt(stopRequest);
        TrackFeaturizer featurizer;
        const std::vector<float> snippet = featurizer.featurizeSnippet(words[1], std::size_t(k));
        if (stopRequest.isCancelled())
            return interrupted(QStringLiteral("before the map; nothing was written"));
        const Saliency::Map map = saliency.explain(snippet, options, &stopRequest);
        const std::array<std::size_t, 2> shape = {FeatureContract::frames, FeatureContract::nMels};
        NpyFile::writeFloat32(out, shape, map.values);
        print(QStringLiteral("%1: %2 map of snippet %3 for %4 (probability %5 %)")
                  .arg(out, Saliency::methodName(options.method)).arg(k)
                  .arg(saliency.labels()[map.classIndex]).arg(100.0 * map.probability, 0, 'f', 1));
    } catch (const Error &error) {
        if (error.kind() == Error::Kind::Cancelled)
            return interrupted(QStringLiteral("while computing the map; nothing was written"));
        return fail(error.message());
    }
    return 0;
}

} // namespace genrelab::cli
