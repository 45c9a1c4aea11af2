#pragma once

#include "Command.h"

#include <memory>

namespace genrelab {
class Dataset;
class FeatureCache;
class ProgressReporter;
class TrainingSession;
}

namespace genrelab::cli {

// genrelab-cli train DATASET --out RUN_DIR [options] | train --resume RUN_DIR:
// trains the CRNN on a worker thread, with a progress line within each epoch and one
// line per epoch; Ctrl+C stops after the current batch, keeps (and evaluates) the
// model, says how to continue and exits with status 130.
class TrainCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("train"); }
    static QString commandSummary()
    {
        return QStringLiteral("Train the CRNN on a dataset and write a run folder (config, metrics, checkpoints, "
                              "confusion, predictions); --resume continues a stopped or killed run.\n"
                              "An existing run is never overwritten: --out must name a new or empty folder "
                              "(--force moves an earlier run aside). With --resume, --epochs N extends a run to N "
                              "epochs in all and --threads may change; other options must match the run. Ctrl+C "
                              "stops after the current batch, keeps the completed epochs and exits with status 130.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;

private:
    // Runs the session's trainer on a worker thread until it ends; `stopRequest` is
    // cancelled by Ctrl+C.
    int train(TrainingSession &session, const ProgressReporter &stopRequest);
    // --refit after train() succeeded: the session's refit trainer, run the same way.
    int refit(TrainingSession &session, const Dataset &dataset, std::shared_ptr<const FeatureCache> cache,
              const ProgressReporter &stopRequest);
};

} // namespace genrelab::cli
