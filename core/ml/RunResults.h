#pragma once

#include "EpochMetrics.h"
#include "Evaluation.h"
#include "TrainingConfig.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

// A finished (or interrupted) run read back from its folder: configuration, labels,
// epochs and every validation and test prediction, with the tracks' paths so that a
// confused snippet can be found, shown and played again. What the Evaluate workspace,
// the reports and the bundles read; the trainer writes it through RunDirectory.
// Thread contract: a value type; load() blocks on disk, call it off the GUI thread for
// many runs.
class RunResults
{
public:
    // Summary: configuration, labels, epochs, test accuracy (for run lists, cheap).
    // Everything: also every prediction (a GTZAN run holds ~10 000 rows).
    enum class Contents { Summary, Everything };
    // Whose predictions Everything reads: the model chosen on validation (predictions.csv,
    // always the run's figures), or, for a refit run, the refit model's on the test part
    // (refit-predictions.csv; what cross-validation with --refit scores).
    enum class Scored { ChosenModel, RefitModel };
    // Throws Error (FileMissing, Corrupt) when the folder is not a readable run (or has
    // no refit predictions when they are asked for).
    static RunResults load(const QString &runDir, Contents contents = Contents::Everything, Scored scored = Scored::ChosenModel);

    const QString &path() const { return m_path; }
    QString name() const;
    QDateTime created() const { return m_created; }
    const TrainingConfig &config() const { return m_config; }
    const QStringList &labels() const { return m_labels; }
    const QString &splitSummary() const { return m_splitSummary; }
    // How many processes trained the run and over which c10d backend ("gloo"); 1 and
    // empty for a run trained by one process.
    int worldSize() const { return m_worldSize; }
    const QString &backend() const { return m_backend; }
    // "data-parallel: 2 ranks over gloo" for such a run; empty for one process.
    QString parallelSummary() const;
    const std::vector<EpochMetrics> &metrics() const { return m_metrics; }
    // The validation matrix after each epoch (empty for runs made before it was kept,
    // and for data-parallel runs).
    const std::vector<EpochConfusion> &epochConfusions() const { return m_epochConfusions; }
    bool hasModel() const { return m_hasModel; }

    bool hasPredictions() const { return !m_predictions.empty(); }
    // Predictions of one part (Valid or Test), in file order. SnippetPrediction::track
    // indexes trackName()/trackPath().
    std::vector<SnippetPrediction> predictions(SplitPart part) const;
    Evaluation evaluation(SplitPart part) const;
    int trackCount() const { return int(m_trackNames.size()); }
    QString trackName(int track) const { return m_trackNames.value(track); } // relative to the dataset
    QString trackPath(int track) const;                                       // absolute

    // Best validation accuracy over the epochs (0 without epochs).
    double bestValidAccuracy() const;
    // Snippet accuracy on the test part from confusion.csv; −1 before the run finished.
    double testAccuracy() const { return m_testAccuracy; }

private:
    void readPredictions(const QString &path);
    void readTestAccuracy();

    QString m_path;
    QDateTime m_created;
    TrainingConfig m_config;
    QStringList m_labels;
    QString m_splitSummary;
    int m_worldSize = 1;
    QString m_backend;
    std::vector<EpochMetrics> m_metrics;
    std::vector<EpochConfusion> m_epochConfusions;
    bool m_hasModel = false;
    double m_testAccuracy = -1.0;
    std::vector<SnippetPrediction> m_predictions;
    std::vector<SplitPart> m_parts;
    QStringList m_trackNames;
};

} // namespace genrelab
