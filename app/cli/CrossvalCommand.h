#pragma once

#include "Command.h"

namespace genrelab {
class Dataset;
class FeatureCache;
class ProgressReporter;
class TrainingSession;
struct TrainingConfig;
}

namespace genrelab::cli {

// genrelab-cli crossval DATASET --folds K --out DIR [--split track|filtered] [train
// options] [--compare "OPTIONS A" "OPTIONS B"]: K runs on CrossValidationFolds, so every
// track is tested exactly once; a run folder per fold (DIR/fold-K, or DIR/a/fold-K and
// DIR/b/fold-K when comparing), then summary.json, summary.csv and a table read back
// from the folds' predictions.csv. Both compared configurations train on identical folds
// (--split and --seed are set once, outside the option strings) and the table shows
// their paired difference with a 95 % interval. Ctrl+C stops after the current batch,
// keeps the runs so far and writes no summary (status 130). With --refit each fold also
// trains a fresh model on train + validation for the epoch count validation chose, and
// that model's predictions on the (never trained on) test fold are what the fold scores.
class CrossvalCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("crossval"); }
    static QString commandSummary()
    {
        return QStringLiteral("Cross-validate a training recipe: K runs on folds disjoint by track (stratified, seeded), so "
                              "every track is tested exactly once; snippet accuracy, track accuracy and macro F1 as mean ± sd "
                              "with a per-fold table (summary.json, summary.csv).\n"
                              "--compare \"OPTIONS A\" \"OPTIONS B\" trains both configurations on identical folds and shows "
                              "the paired difference b − a with a 95 % interval (t, K−1 degrees of freedom). A run folder per "
                              "fold keeps its predictions.csv. --out must name a new or empty folder. Ctrl+C stops after the "
                              "current batch, keeps the runs so far, writes no summary and exits with status 130.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;

private:
    // Trains one fold's run on this thread; returns 0, 1 (failed) or 130 (interrupted).
    int trainFold(const TrainingConfig &config, const Dataset &dataset, const std::shared_ptr<const FeatureCache> &cache,
                  const QString &runDir, const QString &label, const ProgressReporter &stopRequest);
    // Runs the session's trainer (the fold's, or its refit's) to its end, printing epochs.
    int runTrainer(TrainingSession &session, const QString &label, int epochs, const ProgressReporter &stopRequest);
};

} // namespace genrelab::cli
