#pragma once

#include "data/Dataset.h"
#include "data/FeatureCache.h"
#include "ml/Evaluation.h"
#include "ml/RunResults.h"
#include "models/PredictionRow.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QTableView;

namespace genrelab {

class ClassMetricsModel;
class ConfusionMatrixView;
class ConfusionTableModel;
class CurveChart;
class EmbeddingMapDialog;
class MatrixPanel;
class MistakeListsPanel;
class PlaybackController;
class PredictionTableModel;
class ProbabilityTimeline;
class RunListModel;
class RunsPanel;
class SnippetInspector;
class SpectrogramView;

// The Evaluate workspace: lays out and coordinates its panels — the runs of the open
// dataset (RunsPanel), the opened run's confusion matrix and per-class metrics
// (MatrixPanel), the predictions of a cell and the most confidently wrong and least
// confident ones (MistakeListsPanel), and the selected prediction's snippet
// (SnippetInspector) — and the toolbar: which part (test or validation), snippets or
// tracks by vote, counts or %, and the exports (matrix PNG/CSV, model, report).
// Whatever a panel shows belongs to the open run: opening another run or dataset
// clears what came from the previous one.
// Thread contract: GUI thread.
class EvaluateWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit EvaluateWorkspace(PlaybackController *player, QWidget *parent = nullptr);
    ~EvaluateWorkspace() override;

    // Another dataset: closes a run of the previous one and lists this one's runs.
    void setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache);
    void setRunsFolder(const QString &folder);
    // Loads every prediction of the run and shows it; false (and status()) when it cannot.
    bool openRun(const QString &runDir);
    void closeRun();
    const RunResults *currentRun() const { return m_run ? &*m_run : nullptr; }
    void setPart(SplitPart part);
    void setLevel(Evaluation::Level level);

    RunListModel *runs() const { return m_runs; }
    QTableView *runView() const;
    ConfusionTableModel *confusion() const { return m_confusion; }
    ConfusionMatrixView *matrixView() const;
    MatrixPanel *matrixPanel() const { return m_matrixPanel; }
    QString runTitle() const;
    ClassMetricsModel *classMetrics() const { return m_classMetrics; }
    PredictionTableModel *cellPredictions() const;
    PredictionTableModel *confidentlyWrong() const;
    PredictionTableModel *leastConfident() const;
    QTableView *cellView() const;
    MistakeListsPanel *lists() const { return m_lists; }
    SnippetInspector *inspector() const { return m_inspector; }
    ProbabilityTimeline *timeline() const;
    SpectrogramView *spectrogram() const;
    PlaybackController *player() const { return m_player; }
    CurveChart *comparisonChart() const;

    bool exportMatrixPng(const QString &path);
    bool exportMatrixCsv(const QString &path);
    // By extension: .pt for PyTorch, .safetensors, anything else a .genrelab bundle.
    bool exportModel(const QString &path);
    bool writeReport(const QString &path); // .html or .pdf
    // Opens (or raises) the embedding map of the open run on the open dataset and
    // computes it; null when no run is open.
    EmbeddingMapDialog *showEmbeddingMap();
    // Shows the open run's prediction for snippet `snippet` of the track at `path` in the
    // snippet view; false when the run holds no such validation or test prediction.
    bool inspectSnippet(const QString &path, int snippet);

public Q_SLOTS:
    void refreshRuns();
    void chooseRunToOpen();
    void showCell(int trueLabel, int predicted);
    // 1…N: the validation matrix after that epoch; 0: the run's model again.
    void replayEpoch(int epoch);
    void playSelectedSnippet();

Q_SIGNALS:
    void showTrackRequested(const QString &path);
    void status(const QString &message);

private:
    QWidget *createToolbar();
    void showEvaluation();
    std::vector<PredictionRow> currentRows() const;
    QString trackName(int track) const;
    void chooseExportPath(bool png);
    void chooseModelExport();
    void chooseReport();
    bool runWithWaitCursor(const std::function<void()> &work);
    QString askSavePath(const QString &title, const QString &suffix, const QString &filters);

    Dataset m_dataset;
    std::shared_ptr<const FeatureCache> m_cache;
    std::optional<RunResults> m_run;
    SplitPart m_part = SplitPart::Test;
    Evaluation::Level m_level = Evaluation::Level::Snippets;

    PlaybackController *m_player;
    RunListModel *m_runs;
    ConfusionTableModel *m_confusion;
    ClassMetricsModel *m_classMetrics;
    QLabel *m_runTitle = nullptr;
    QComboBox *m_partBox = nullptr;
    QComboBox *m_levelBox = nullptr;
    QComboBox *m_showBox = nullptr;
    RunsPanel *m_runsPanel = nullptr;
    MatrixPanel *m_matrixPanel = nullptr;
    MistakeListsPanel *m_lists = nullptr;
    SnippetInspector *m_inspector = nullptr;
    EmbeddingMapDialog *m_map = nullptr; // created on first use
    bool m_replaying = false;            // the matrix shows an epoch of the replay
};

} // namespace genrelab
