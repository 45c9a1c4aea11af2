#pragma once

#include "CrnnOptions.h"
#include "data/DataSplit.h"
#include "data/DatasetOptions.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace genrelab {

// Everything that defines a training run; saved as the run directory's config.json so
// a run can be resumed or reproduced. Defaults are the study's seed recipe.
// Thread contract: a value type.
struct TrainingConfig
{
    QString datasetRoot;
    // Where the dataset's labels come from (folders, genre tags, FMA) and what counts as a
    // class: a run reopens its dataset the same way (evaluate, resume, crossval).
    DatasetOptions labels;
    DataSplit::Kind split = DataSplit::Kind::Track;
    std::uint64_t seed = 1;
    int epochs = 25;
    int batch = 64;
    double learningRate = 1e-3;
    double weightDecay = 0.0;     // optional, off by default
    int earlyStopping = 0;        // patience in epochs on validation accuracy (EarlyStopping); 0 = off
    bool augment = false;         // time shift + SpecAugment-style masks; off by default
    // mixup (Zhang et al., 2018): each batch is blended with itself shifted by one, by a
    // weight λ ~ Beta(α, α), and so are the targets; α = 0: off (the study's recipe).
    double mixup = 0.0;
    int threads = 0;              // LibTorch intra-op threads; 0 = all cores
    QString device = QStringLiteral("cpu"); // "cpu" or "cuda" (when the linked LibTorch has CUDA)
    CrnnOptions network;
    // Cross-validation (genrelab-cli crossval): with folds ≥ 2 the run trains on fold
    // `fold` (1-based) of CrossValidationFolds(dataset, split, seed, folds) as its test
    // set; 0 = an ordinary split.
    int folds = 0;
    int fold = 0;
    // --refit: once training has chosen its epoch (best validation accuracy), train again
    // from scratch on train + validation for that many epochs; that model becomes best.pt
    // (what export, predict and tag use), the one chosen on validation stays as selected.pt
    // and every test figure of the run is still its own. refitEpochs and refitTracks are 0
    // until the refit is done, then what it trained for and on.
    bool refit = false;
    int refitEpochs = 0;
    int refitTracks = 0;

    QJsonObject toJson() const;
    // Throws Error(InvalidArgument) on out-of-range values or a malformed file.
    static TrainingConfig fromJson(const QJsonObject &json);
    void validate() const;
};

} // namespace genrelab
