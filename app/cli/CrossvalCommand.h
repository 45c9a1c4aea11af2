#pragma once

#include "Command.h"

namespace genrelab {
class Dataset;
class FeatureCache;
class ProgressReporter;
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
// keeps the runs so far and writes no summary (status 130).
class CrossvalCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("crossval"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;

private:
    // Trains one fold's run on this thread; returns 0, 1 (failed) or 130 (interrupted).
    int trainFold(const TrainingConfig &config, const Dataset &dataset, const std::shared_ptr<const FeatureCache> &cache,
                  const QString &runDir, const QString &label, const ProgressReporter &stopRequest);
};

} // namespace genrelab::cli
