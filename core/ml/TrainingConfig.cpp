#include "TrainingConfig.h"

#include "util/Error.h"

namespace genrelab {

QJsonObject TrainingConfig::toJson() const
{
    QJsonObject json{{QStringLiteral("dataset"), datasetRoot},
            {QStringLiteral("split"), DataSplit::kindName(split)},
            // A number, exact up to 2^63 − 1 (Qt and Python read whole numbers exactly); a
            // larger seed stays a string, as every seed was before issue 18.
            {QStringLiteral("seed"), seed <= std::uint64_t(INT64_MAX) ? QJsonValue(qint64(seed)) : QJsonValue(QString::number(seed))},
            {QStringLiteral("epochs"), epochs},
            {QStringLiteral("batch"), batch},
            {QStringLiteral("learning_rate"), learningRate},
            {QStringLiteral("weight_decay"), weightDecay},
            {QStringLiteral("early_stopping"), earlyStopping},
            {QStringLiteral("augment"), augment},
            {QStringLiteral("threads"), threads},
            {QStringLiteral("device"), device},
            {QStringLiteral("network"), network.toJson()}};
    // Only when not the default, so that other config.json files stay as they were.
    if (labels.labels != DatasetOptions::Labels::Auto || labels.minimumTracks != DatasetOptions().minimumTracks
        || labels.skipMultiGenre || !labels.genreWords.isEmpty() || labels.windows) {
        QJsonObject words;
        for (auto it = labels.genreWords.cbegin(); it != labels.genreWords.cend(); ++it)
            words.insert(it.key(), it.value());
        QJsonObject datasetLabels{{QStringLiteral("source"), DatasetOptions::labelsName(labels.labels)},
                                  {QStringLiteral("min_tracks"), labels.minimumTracks},
                                  {QStringLiteral("skip_multi_genre"), labels.skipMultiGenre},
                                  {QStringLiteral("genre_words"), words}};
        if (labels.windows) // --windows: absent, the layout's default
            datasetLabels.insert(QStringLiteral("windows"), labels.windows->name());
        json.insert(QStringLiteral("dataset_labels"), datasetLabels);
    }
    if (mixup > 0.0) // only when on, so that other config.json files stay as they were
        json.insert(QStringLiteral("mixup"), mixup);
    if (refit)
        json.insert(QStringLiteral("refit"), QJsonObject{{QStringLiteral("requested"), true},
                                                         {QStringLiteral("epochs"), refitEpochs},
                                                         {QStringLiteral("train_tracks"), refitTracks}});
    if (folds > 0) // only in cross-validation runs, so other config.json files stay as they were
        json.insert(QStringLiteral("crossval"), QJsonObject{{QStringLiteral("folds"), folds}, {QStringLiteral("fold"), fold}});
    return json;
}

TrainingConfig TrainingConfig::fromJson(const QJsonObject &json)
{
    TrainingConfig config;
    config.datasetRoot = json.value(QStringLiteral("dataset")).toString();
    const auto split = DataSplit::parseKind(json.value(QStringLiteral("split")).toString(QStringLiteral("track")));
    if (!split)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("unknown split in the run's config"));
    config.split = *split;
    // Runs before issue 18 stored the seed as a string.
    const QJsonValue seed = json.value(QStringLiteral("seed"));
    config.seed = seed.isString() ? seed.toString().toULongLong() : std::uint64_t(seed.toInteger(1));
    config.epochs = json.value(QStringLiteral("epochs")).toInt(config.epochs);
    config.batch = json.value(QStringLiteral("batch")).toInt(config.batch);
    config.learningRate = json.value(QStringLiteral("learning_rate")).toDouble(config.learningRate);
    config.weightDecay = json.value(QStringLiteral("weight_decay")).toDouble(config.weightDecay);
    config.earlyStopping = json.value(QStringLiteral("early_stopping")).toInt(config.earlyStopping);
    config.augment = json.value(QStringLiteral("augment")).toBool(config.augment);
    config.mixup = json.value(QStringLiteral("mixup")).toDouble(0.0);
    config.threads = json.value(QStringLiteral("threads")).toInt(config.threads);
    config.device = json.value(QStringLiteral("device")).toString(config.device);
    config.network = CrnnOptions::fromJson(json.value(QStringLiteral("network")).toObject());
    const QJsonObject labels = json.value(QStringLiteral("dataset_labels")).toObject(); // "labels" holds the class names
    const auto source = DatasetOptions::parseLabels(labels.value(QStringLiteral("source")).toString(QStringLiteral("auto")));
    if (!source)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("unknown label source in the run's config"));
    config.labels.labels = *source;
    config.labels.minimumTracks = labels.value(QStringLiteral("min_tracks")).toInt(config.labels.minimumTracks);
    config.labels.skipMultiGenre = labels.value(QStringLiteral("skip_multi_genre")).toBool(false);
    const QJsonObject words = labels.value(QStringLiteral("genre_words")).toObject();
    for (auto it = words.constBegin(); it != words.constEnd(); ++it)
        config.labels.genreWords.insert(it.key(), it.value().toString());
    if (labels.contains(QStringLiteral("windows"))) {
        config.labels.windows = WindowPolicy::parse(labels.value(QStringLiteral("windows")).toString());
        if (!config.labels.windows)
            throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("unknown window count in the run's config"));
    }
    const QJsonObject refit = json.value(QStringLiteral("refit")).toObject();
    config.refit = refit.value(QStringLiteral("requested")).toBool(false);
    config.refitEpochs = refit.value(QStringLiteral("epochs")).toInt(0);
    config.refitTracks = refit.value(QStringLiteral("train_tracks")).toInt(0);
    const QJsonObject crossval = json.value(QStringLiteral("crossval")).toObject();
    config.folds = crossval.value(QStringLiteral("folds")).toInt(0);
    config.fold = crossval.value(QStringLiteral("fold")).toInt(0);
    config.validate();
    return config;
}

void TrainingConfig::validate() const
{
    const auto bad = [](const QString &what) { throw Error(Error::Kind::InvalidArgument, {}, what); };
    if (epochs < 1 || epochs > 10000)
        bad(QStringLiteral("epochs must be between 1 and 10 000"));
    if (batch < 1 || batch > 4096)
        bad(QStringLiteral("batch must be between 1 and 4096"));
    if (!(learningRate > 0.0 && learningRate < 10.0))
        bad(QStringLiteral("learning rate must be in (0, 10)"));
    if (device != QLatin1String("cpu") && device != QLatin1String("cuda"))
        bad(QStringLiteral("device must be cpu or cuda"));
    if (!(mixup >= 0.0 && mixup <= 10.0))
        bad(QStringLiteral("mixup's α must be between 0 (off) and 10"));
    if (weightDecay < 0.0 || earlyStopping < 0)
        bad(QStringLiteral("weight decay and early-stopping patience cannot be negative"));
    if (folds != 0 && (folds < 2 || folds > 100 || fold < 1 || fold > folds))
        bad(QStringLiteral("a cross-validation run needs 2 to 100 folds and a fold between 1 and their number"));
}

} // namespace genrelab
