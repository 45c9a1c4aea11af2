#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli evaluate RUN_DIR [DATASET] [--split test|valid|all]: the run's best
// model on a split, with snippet and track accuracy and the confusion matrix.
class EvaluateCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("evaluate"); }
    static QString commandSummary()
    {
        return QStringLiteral("Score a run's best model on a dataset split: snippet and track accuracy, confusion matrix, "
                              "per-class precision/recall/F1; --json for scripts.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
