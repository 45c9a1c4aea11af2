#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// A cross-validation folder (genrelab-cli crossval --out DIR) used as one model: its K
// fold runs, each trained on a different part of the data, predict together and their
// probabilities are averaged — usually steadier than any one of them. What predict and
// tag accept besides a run folder or a bundle (Predictor loads every member).
// Thread contract: stateless.
class ModelEnsemble
{
public:
    // The fold runs of `folder` (DIR/fold-1 … DIR/fold-K, in fold order) when it is a
    // cross-validation folder; empty when it is not one (a run folder, a bundle).
    // Throws Error(InvalidArgument) for a comparison folder (DIR/a and DIR/b hold two
    // recipes: name one), and Error(FileMissing) when a fold has no model (interrupted).
    static QStringList members(const QString &folder);
    // The models `model` stands for: its members, or `model` itself.
    static QStringList modelsOf(const QString &model);
};

} // namespace genrelab
