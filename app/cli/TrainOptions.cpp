#include "TrainOptions.h"

#include "OptionValues.h"
#include "ml/NetworkNames.h"
#include "ml/TrainingPresets.h"
#include "library/GenreVocabulary.h"

namespace genrelab::cli {

void TrainOptions::addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("preset"), QStringLiteral("study: %1. recommended: %2. Options given with a preset still apply.")
                                       .arg(TrainingPresets::description(QStringLiteral("study")),
                                            TrainingPresets::description(QStringLiteral("recommended"))),
         QStringLiteral("NAME")},
        {QStringLiteral("split"), QStringLiteral("track (default), artist (every artist on one side), filtered (GTZAN), "
                                                 "official (FMA's) or seed (leaks!)."), QStringLiteral("KIND")},
        {QStringLiteral("labels"), QStringLiteral("Where labels come from: folders, tags or fma (default: detected)."),
         QStringLiteral("SOURCE")},
        {QStringLiteral("min-tracks"), QStringLiteral("Tags and FMA: classes with fewer tracks are left out (default 5)."),
         QStringLiteral("N")},
        {QStringLiteral("skip-multi-genre"), QStringLiteral("Tags: tracks tagged with several genres stay unlabelled.")},
        {QStringLiteral("map"), QStringLiteral("Tags and FMA: genre words, lines \"class=Word\"; spellings of a class take "
                                               "its Word (rap=Hip-Hop merges Rap into Hip-Hop)."), QStringLiteral("FILE")},
        OptionValues::windowsOption(),
        {QStringLiteral("epochs"), QStringLiteral("Epochs in all (default 25); with --resume, extends the run."), QStringLiteral("N")},
        {QStringLiteral("batch"), QStringLiteral("Batch size, 1–4096 (default 64)."), QStringLiteral("B")},
        {QStringLiteral("lr"), QStringLiteral("Adam learning rate (default 0.001)."), QStringLiteral("X")},
        {QStringLiteral("weight-decay"), QStringLiteral("Adam weight decay, 0–1 (default 0)."), QStringLiteral("X")},
        {QStringLiteral("early-stopping"), QStringLiteral("Stop after N epochs without a better validation accuracy, the measure that picks the kept model (0: off)."), QStringLiteral("N")},
        {QStringLiteral("dropout"), QStringLiteral("Dropout before the dense layers, 0–0.95 (default 0)."), QStringLiteral("X")},
        {QStringLiteral("augment"), QStringLiteral("Time shift and SpecAugment-style masks on training snippets.")},
        {QStringLiteral("mixup"), QStringLiteral("Blend each batch with itself shifted by one, and the targets alike, by "
                                                 "λ ~ Beta(α, α); α 0–10 (default 0: off; 0.2–0.4 is usual)."), QStringLiteral("ALPHA")},
        {QStringLiteral("cell"), QStringLiteral("Recurrent cell: gru (default) or lstm."), QStringLiteral("CELL")},
        {QStringLiteral("network"), QStringLiteral("Architecture: %1 (default crnn, the study's).").arg(NetworkNames::all().join(QStringLiteral(", "))),
         QStringLiteral("NAME")},
        {QStringLiteral("refit"), QStringLiteral("Then train a fresh model on train + validation for the epoch count validation "
                                                 "chose; it becomes the run's model (best.pt; the chosen one stays as "
                                                 "selected.pt). train: the test figure stays the one measured before; crossval: "
                                                 "each fold is scored with its refit model (its test fold never trained on).")},
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("S")},
        {QStringLiteral("threads"), QStringLiteral("LibTorch threads (default: all cores)."), QStringLiteral("N")},
        {QStringLiteral("device"), QStringLiteral("cpu (default) or cuda, where LibTorch has CUDA."), QStringLiteral("DEVICE")},
    });
}

TrainingConfig TrainOptions::apply(TrainingConfig config, const QCommandLineParser &parser)
{
    return applyOptions(applyPreset(std::move(config), parser), parser);
}

TrainingConfig TrainOptions::applyPreset(TrainingConfig config, const QCommandLineParser &parser)
{
    const QString preset = OptionValues(parser).choice(QStringLiteral("preset"), TrainingPresets::names(), QString());
    return preset.isEmpty() ? config : TrainingPresets::apply(preset, std::move(config));
}

TrainingConfig TrainOptions::applyOptions(TrainingConfig config, const QCommandLineParser &parser)
{
    const OptionValues options(parser);
    config.split = *DataSplit::parseKind(options.choice(QStringLiteral("split"),
                                                        {QStringLiteral("track"), QStringLiteral("artist"), QStringLiteral("filtered"),
                                                         QStringLiteral("official"), QStringLiteral("seed")},
                                                        DataSplit::kindName(config.split)));
    config.labels.labels = *DatasetOptions::parseLabels(
        options.choice(QStringLiteral("labels"), DatasetOptions::labelsNames(), DatasetOptions::labelsName(config.labels.labels)));
    config.labels.minimumTracks = options.integer(QStringLiteral("min-tracks"), 1, 1000000, config.labels.minimumTracks);
    if (parser.isSet(QStringLiteral("skip-multi-genre")))
        config.labels.skipMultiGenre = true;
    if (parser.isSet(QStringLiteral("map"))) // throws Error(InvalidArgument) naming a bad line
        config.labels.genreWords = DatasetOptions::keyedWords(GenreVocabulary::load(parser.value(QStringLiteral("map"))).entries());
    if (const auto windows = options.windows())
        config.labels.windows = windows;
    config.epochs = options.integer(QStringLiteral("epochs"), 1, 10000, config.epochs);
    config.batch = options.integer(QStringLiteral("batch"), 1, 4096, config.batch);
    config.learningRate = options.number(QStringLiteral("lr"), 1e-9, 9.99, config.learningRate);
    config.weightDecay = options.number(QStringLiteral("weight-decay"), 0.0, 1.0, config.weightDecay);
    config.earlyStopping = options.integer(QStringLiteral("early-stopping"), 0, 10000, config.earlyStopping);
    config.seed = options.seed(QStringLiteral("seed"), config.seed);
    config.network.dropout = options.number(QStringLiteral("dropout"), 0.0, 0.95, config.network.dropout);
    if (parser.isSet(QStringLiteral("augment")))
        config.augment = true;
    config.mixup = options.number(QStringLiteral("mixup"), 0.0, 10.0, config.mixup);
    config.device = options.choice(QStringLiteral("device"), {QStringLiteral("cpu"), QStringLiteral("cuda")}, config.device);
    const QString cell = options.choice(QStringLiteral("cell"), {QStringLiteral("gru"), QStringLiteral("lstm")},
                                        config.network.cell == CrnnOptions::Cell::Lstm ? QStringLiteral("lstm") : QStringLiteral("gru"));
    config.network.cell = cell == QLatin1String("lstm") ? CrnnOptions::Cell::Lstm : CrnnOptions::Cell::Gru;
    config.network.architecture = options.choice(QStringLiteral("network"), NetworkNames::all(), config.network.architecture);
    if (parser.isSet(QStringLiteral("refit")))
        config.refit = true;
    if (config.refit && config.split == DataSplit::Kind::Seed)
        throw OptionError(QStringLiteral("--refit%1 needs a split by track: the seed split's validation snippets come from the test tracks")
                              .arg(parser.isSet(QStringLiteral("refit")) ? QString()
                                                                   : QStringLiteral(" (part of --preset %1)").arg(parser.value(QStringLiteral("preset")))));
    config.threads = options.threads();
    config.validate();
    return config;
}

const QStringList &TrainOptions::runDefining()
{
    static const QStringList options = {QStringLiteral("split"),   QStringLiteral("batch"),         QStringLiteral("lr"),
                                        QStringLiteral("weight-decay"), QStringLiteral("early-stopping"), QStringLiteral("dropout"),
                                        QStringLiteral("augment"), QStringLiteral("cell"),          QStringLiteral("seed"),
                                        QStringLiteral("network"),
                                        QStringLiteral("device"),  QStringLiteral("labels"),        QStringLiteral("min-tracks"),
                                        QStringLiteral("skip-multi-genre"), QStringLiteral("map"), QStringLiteral("preset"),
                                        QStringLiteral("mixup"), QStringLiteral("windows")};
    return options;
}

QStringList TrainOptions::conflicting(const TrainingConfig &run, const TrainingConfig &asked, const QCommandLineParser &parser)
{
    const auto differs = [&](const QString &option) {
        if (option == QLatin1String("split")) return asked.split != run.split;
        if (option == QLatin1String("batch")) return asked.batch != run.batch;
        if (option == QLatin1String("lr")) return asked.learningRate != run.learningRate;
        if (option == QLatin1String("weight-decay")) return asked.weightDecay != run.weightDecay;
        if (option == QLatin1String("early-stopping")) return asked.earlyStopping != run.earlyStopping;
        if (option == QLatin1String("dropout")) return asked.network.dropout != run.network.dropout;
        if (option == QLatin1String("augment")) return asked.augment != run.augment;
        if (option == QLatin1String("cell")) return asked.network.cell != run.network.cell;
        if (option == QLatin1String("network")) return asked.network.architecture != run.network.architecture;
        if (option == QLatin1String("seed")) return asked.seed != run.seed;
        if (option == QLatin1String("labels")) return asked.labels.labels != run.labels.labels;
        if (option == QLatin1String("min-tracks")) return asked.labels.minimumTracks != run.labels.minimumTracks;
        if (option == QLatin1String("skip-multi-genre")) return asked.labels.skipMultiGenre != run.labels.skipMultiGenre;
        if (option == QLatin1String("map")) return asked.labels.genreWords != run.labels.genreWords;
        if (option == QLatin1String("mixup")) return asked.mixup != run.mixup;
        if (option == QLatin1String("windows")) return asked.labels.windows != run.labels.windows;
        if (option == QLatin1String("preset")) // the recipe it sets
            return asked.split != run.split || asked.batch != run.batch || asked.learningRate != run.learningRate
                   || asked.weightDecay != run.weightDecay || asked.earlyStopping != run.earlyStopping || asked.augment != run.augment
                   || asked.mixup != run.mixup || asked.refit != run.refit
                   || asked.seed != run.seed || asked.network.toJson() != run.network.toJson();
        return asked.device != run.device;
    };
    QStringList conflicts;
    for (const QString &option : runDefining())
        if (parser.isSet(option) && differs(option))
            conflicts << QStringLiteral("--") + option;
    return conflicts;
}

} // namespace genrelab::cli
