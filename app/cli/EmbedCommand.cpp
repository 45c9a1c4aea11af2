#include "EmbedCommand.h"

#include "CancelOnInterrupt.h"
#include "data/DatasetJson.h"
#include "data/DatasetOpener.h"
#include "ml/EmbeddingMap.h"
#include "ml/RunDirectory.h"
#include "ml/TrainingSession.h"
#include "util/CheckedSaveFile.h"
#include "util/ConsoleProgress.h"
#include "util/Csv.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QFileInfo>

namespace genrelab::cli {

namespace {

QByteArray pointsCsv(const EmbeddingMap::Result &map, const Dataset &dataset)
{
    QString text = csv::record({QStringLiteral("track"), QStringLiteral("snippet"), QStringLiteral("split"), QStringLiteral("true"),
                                QStringLiteral("predicted"), QStringLiteral("x"), QStringLiteral("y")});
    for (const EmbeddingMap::Point &p : map.points)
        text += csv::record({dataset.tracks()[std::size_t(p.track)].relativePath, QString::number(p.snippet),
                             DatasetJson::partName(p.part), map.labels.value(p.trueLabel), map.labels.value(p.predicted),
                             QString::number(p.x, 'g', 7), QString::number(p.y, 'g', 7)});
    return text.toUtf8();
}

} // namespace

int EmbedCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("A run folder written by genrelab-cli train, or a .genrelab bundle."));
    parser.addPositionalArgument(QStringLiteral("DATASET"), QStringLiteral("Dataset with the model's classes (default: a run's own)."),
                                 QStringLiteral("[DATASET]"));
    parser.addOptions({{{QStringLiteral("o"), QStringLiteral("out")}, QStringLiteral("Output CSV file."), QStringLiteral("points.csv")},
                       {QStringLiteral("tsne"), QStringLiteral("t-SNE instead of PCA (keeps neighbours; O(n²): up to 10 000 snippets).")},
                       {QStringLiteral("all"), QStringLiteral("Every labelled snippet, not only validation and test.")},
                       {QStringLiteral("threads"), QStringLiteral("Threads (default: all cores)."), QStringLiteral("N")}});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    const bool isRun = !words.isEmpty() && QFileInfo(words.first()).isDir();
    if (words.isEmpty() || words.size() > 2 || (!isRun && words.size() != 2) || !parser.isSet(QStringLiteral("out")))
        return fail(QStringLiteral("usage: genrelab-cli embed MODEL DATASET --out points.csv [--tsne] [--all] "
                                   "(DATASET may be left out when MODEL is a run folder)"), 2);
    const QString out = parser.value(QStringLiteral("out"));
    const int threads = threadsOption(parser);
    try {
        RegularFile::requireForWriting(out);
        // A run's own split says which snippets it never trained on; a bundle's data is
        // split the default way.
        const TrainingConfig config = isRun ? RunDirectory(words.first()).readConfig() : TrainingConfig{};
        ConsoleProgress progress;
        CancelOnInterrupt interrupt(progress);
        const auto opened = DatasetOpener::open(words.value(1, config.datasetRoot), threads, &progress);
        progress.finish({});
        if (opened.cancelled)
            return interrupted(QStringLiteral("while computing features; the tracks finished are cached"));
        const bool all = parser.isSet(QStringLiteral("all"));
        const DataSplit split = all ? DataSplit::everythingIn(opened.dataset, SplitPart::Test)
                                    : TrainingSession::splitFor(config, opened.dataset);
        const TrainingData data(opened.dataset, opened.cache, split);
        const std::vector<SplitPart> parts = all ? std::vector{SplitPart::Test} : std::vector{SplitPart::Valid, SplitPart::Test};
        const auto projection = parser.isSet(QStringLiteral("tsne")) ? EmbeddingMap::Projection::Tsne : EmbeddingMap::Projection::Pca;
        const EmbeddingMap::Result map = EmbeddingMap::compute(words.first(), data, parts, projection, threads, &progress);
        progress.finish({});
        CheckedSaveFile::save(out, pointsCsv(map, opened.dataset));
        QString line = QStringLiteral("%1: %2 snippets, %3-D vectors by %4").arg(out).arg(map.points.size()).arg(map.dimensions)
                           .arg(projection == EmbeddingMap::Projection::Tsne ? QStringLiteral("t-SNE") : QStringLiteral("PCA"));
        if (projection == EmbeddingMap::Projection::Pca)
            line += QStringLiteral(" (the two axes hold %1 % of the variance)").arg(100.0 * map.explainedVariance, 0, 'f', 1);
        print(line);
        return 0;
    } catch (const Error &error) {
        if (error.kind() == Error::Kind::Cancelled)
            return interrupted(QStringLiteral("while embedding; nothing was written"));
        return fail(error.message());
    }
}

} // namespace genrelab::cli
