#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli train DATASET --out RUN_DIR [options] | train --resume RUN_DIR:
// trains the CRNN on a worker thread and prints one line per epoch; Ctrl+C stops
// after the current batch and keeps (and evaluates) the model.
class TrainCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("train"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
