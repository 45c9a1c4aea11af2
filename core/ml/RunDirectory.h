#pragma once

#include "EpochMetrics.h"
#include "Evaluation.h"
#include "TrainingConfig.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

struct TrainingItem;

// A training run on disk (DESIGN.md "Files on disk"): config.json (the configuration,
// the class names, the split), metrics.csv (epoch, split, loss, accuracy, seconds),
// confusion.csv and predictions.csv after evaluation, checkpoint.pt (last complete
// epoch) and best.pt (best validation accuracy). Every file is replaced atomically
// (CheckedSaveFile), so a kill at any moment leaves the previous complete version.
// Thread contract: not shared; one writer (the trainer) at a time.
class RunDirectory
{
public:
    explicit RunDirectory(QString path);

    // "<prefix><date>-<time>", with "-2", "-3"… added while that name is taken: two runs
    // started within one second (a fast machine, a script) must not meet in one folder.
    static QString freshTimestampedPath(const QString &prefix);

    const QString &path() const { return m_path; }
    // The only place the names of a run's files are spelled.
    QString configPath() const;
    QString metricsPath() const;
    QString confusionPath() const;
    QString epochConfusionsPath() const; // the validation matrix after each epoch
    QString predictionsPath() const;
    QString checkpointPath() const;
    QString bestModelPath() const;
    // After --refit: the model chosen on validation (best.pt is then the refit one), and
    // the folder the refit trains in before its model replaces best.pt.
    QString selectedModelPath() const;
    QString refitWorkPath() const;
    // The refit model's predictions on the test part (its test tracks were never trained
    // on): what cross-validation scores a refit fold by.
    QString refitPredictionsPath() const;
    QString namePath() const; // the name the user gave the run (one line), when renamed
    bool hasCheckpoint() const;
    // The name the user gave the run (name.txt's first line), or empty.
    QString givenName() const;

    // True when the folder exists and holds anything: a new run must not go there,
    // because writing it would replace an earlier run's files (or the user's).
    bool isOccupied() const;
    // Renames an occupied folder to "<path>.previous-<date>-<time>" (never deletes);
    // returns the new name. Throws Error(WriteFailed).
    QString moveAside() const;
    // Creates the folder and writes config.json. Throws Error(WriteFailed).
    void create(const TrainingConfig &config, const QStringList &labels, const QString &splitSummary) const;
    // Rewrites config.json with `config` (labels and split kept) and records why in its
    // "changes" list, e.g. "epochs 25 -> 40 (train --resume --epochs 40)".
    void updateConfig(const TrainingConfig &config, const QString &change) const;
    // Removes what create() and an unfinished first epoch wrote (config.json, partial
    // files, best.pt, metrics.csv), then the folder if it is empty; never other files.
    void removeUnstarted() const;
    // Removes every file a run writes (those named above and partial files), then the
    // folder if it is empty; never other files. For a run the user chose to discard.
    void removeRun() const;
    // Throws Error (FileMissing, Corrupt, InvalidArgument).
    TrainingConfig readConfig() const;
    QStringList readLabels() const;

    std::vector<EpochMetrics> readMetrics() const;
    // confusion-epochs.csv: epoch,true,predicted,count (non-zero cells, class names).
    // Reading skips what does not fit `labels` (a run from before the file: none).
    std::vector<EpochConfusion> readEpochConfusions(const QStringList &labels) const;
    void writeEpochConfusions(const std::vector<EpochConfusion> &confusions, const QStringList &labels) const;
    void writeMetrics(const std::vector<EpochMetrics> &metrics) const;
    void writeEvaluation(const Evaluation &evaluation, const QStringList &labels) const;
    void writePredictions(const std::vector<SnippetPrediction> &predictions, const std::vector<QString> &splitOfEach,
                          const QStringList &trackNames, const QStringList &labels) const;

private:
    QString file(const char *name) const;
    QString m_path;
};

} // namespace genrelab
