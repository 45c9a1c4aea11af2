#include "TrainingPresets.h"

#include "util/Error.h"

namespace genrelab {

namespace {

const QString kStudy = QStringLiteral("study");
const QString kRecommended = QStringLiteral("recommended");

// TrainingConfig's defaults are the study's values; only the split differs. The epoch
// count stays the caller's (25 for a new run, a resumed run's own).
TrainingConfig studyRecipe(TrainingConfig config)
{
    const TrainingConfig study;
    config.split = DataSplit::Kind::Seed;
    config.batch = study.batch;
    config.learningRate = study.learningRate;
    config.weightDecay = study.weightDecay;
    config.earlyStopping = study.earlyStopping;
    config.augment = study.augment;
    config.mixup = study.mixup;
    config.seed = study.seed;
    config.refit = false;
    const int classes = config.network.classes; // the dataset's, not the recipe's
    config.network = study.network;
    config.network.classes = classes;
    return config;
}

// Each change against the study's recipe was measured on identical folds (README,
// "Presets"): mixup 0.3 and dropout 0.3 over 40 epochs, then the refit, which puts the
// validation tracks to use once they have chosen the epoch count.
TrainingConfig recommendedRecipe(TrainingConfig config)
{
    const int epochs = config.epochs;
    config = studyRecipe(std::move(config));
    config.split = DataSplit::Kind::Track;
    config.epochs = epochs == TrainingConfig{}.epochs ? 40 : epochs;
    config.mixup = 0.3;
    config.network.dropout = 0.3;
    config.refit = true;
    return config;
}

} // namespace

QStringList TrainingPresets::names()
{
    return {kStudy, kRecommended};
}

TrainingConfig TrainingPresets::apply(const QString &name, TrainingConfig config)
{
    if (name == kStudy)
        return studyRecipe(std::move(config));
    if (name == kRecommended)
        return recommendedRecipe(std::move(config));
    throw Error(Error::Kind::InvalidArgument, {},
                QStringLiteral("no preset \"%1\"; there are %2").arg(name, names().join(QStringLiteral(" and "))));
}

QString TrainingPresets::description(const QString &name)
{
    if (name == kStudy)
        return QStringLiteral("the published study's recipe: its seed split of shuffled snippets (leaks!), the GRU CRNN, "
                              "Adam 0.001, batch 64, 25 epochs, seed 1, nothing else");
    if (name == kRecommended)
        return QStringLiteral("what 5-fold cross-validation by track found best (README): split by track, 40 epochs, "
                              "mixup 0.3, dropout 0.3, then a refit on train + validation");
    return {};
}

} // namespace genrelab
