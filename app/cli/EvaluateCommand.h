#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli evaluate RUN_DIR [DATASET] [--split test|valid|all]: the run's best
// model on a split, with snippet and track accuracy and the confusion matrix.
class EvaluateCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("evaluate"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
