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
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace genrelab {

class ClassMetricsModel;
class ConfusionMatrixView;
class ConfusionTableModel;
class CurveChart;
class JobRunner;
class PlaybackController;
class PredictionTableModel;
class ProbabilityTimeline;
class RunListModel;
class SpectrogramView;

// The Evaluate workspace: the runs of the open dataset (select several to overlay their
// curves), and for the opened run the confusion matrix as a heat map (validation or
// test, snippets or tracks by vote, counts / % / both), per-class precision, recall and
// F1, and three lists — the snippets of the clicked cell, the most confidently wrong
// and the least confident predictions. Selecting a prediction shows its track's
// mel-spectrogram and probability timeline and plays the snippet; "Show in Explore"
// jumps to the track in the browser.
// Thread contract: GUI thread.
class EvaluateWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit EvaluateWorkspace(QWidget *parent = nullptr);
    ~EvaluateWorkspace() override;

    void setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache);
    void setRunsFolder(const QString &folder);
    // Loads every prediction of the run and shows it; false (and status()) when it cannot.
    bool openRun(const QString &runDir);
    const RunResults *currentRun() const { return m_run ? &*m_run : nullptr; }
    void setPart(SplitPart part);
    void setLevel(Evaluation::Level level);

    RunListModel *runs() const { return m_runs; }
    QTableView *runView() const { return m_runView; }
    ConfusionTableModel *confusion() const { return m_confusion; }
    ConfusionMatrixView *matrixView() const { return m_matrixView; }
    ClassMetricsModel *classMetrics() const { return m_classMetrics; }
    PredictionTableModel *cellPredictions() const { return m_cell; }
    PredictionTableModel *confidentlyWrong() const { return m_wrong; }
    PredictionTableModel *leastConfident() const { return m_unsure; }
    QTableView *cellView() const { return m_cellView; }
    ProbabilityTimeline *timeline() const { return m_timeline; }
    SpectrogramView *spectrogram() const { return m_spectrogram; }
    PlaybackController *player() const { return m_player; }
    CurveChart *comparisonChart() const { return m_comparison; }

    bool exportMatrixPng(const QString &path);
    bool exportMatrixCsv(const QString &path);
    // By extension: .pt for PyTorch, anything else a .genrelab bundle.
    bool exportModel(const QString &path);
    bool writeReport(const QString &path); // .html or .pdf

public Q_SLOTS:
    void refreshRuns();
    void showCell(int trueLabel, int predicted);
    void playSelectedSnippet();

Q_SIGNALS:
    void showTrackRequested(const QString &path);
    void status(const QString &message);

private:
    QWidget *createToolbar();
    QWidget *createRunsPanel();
    QWidget *createMatrixPanel();
    QWidget *createListsPanel();
    QWidget *createInspector();
    QTableView *createPredictionView(PredictionTableModel *model, const QString &name);
    void showEvaluation();
    void selectMostConfusedCell();
    void compareSelectedRuns();
    void selectRunRow(int row);
    void showPrediction(const PredictionRow &row);
    void showTrackFeatures(const QString &path, int selectedSnippet);
    std::vector<PredictionRow> currentRows() const;
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
    std::optional<PredictionRow> m_shown;

    RunListModel *m_runs;
    QTableView *m_runView = nullptr;
    CurveChart *m_comparison = nullptr;
    QLabel *m_runTitle = nullptr;
    QLabel *m_summary = nullptr;
    QComboBox *m_partBox = nullptr;
    QComboBox *m_levelBox = nullptr;
    QComboBox *m_showBox = nullptr;
    ConfusionTableModel *m_confusion;
    ConfusionMatrixView *m_matrixView = nullptr;
    ClassMetricsModel *m_classMetrics;
    PredictionTableModel *m_cell, *m_wrong, *m_unsure;
    QTabWidget *m_lists = nullptr;
    QTableView *m_cellView = nullptr;
    QLabel *m_cellTitle = nullptr;
    QLabel *m_predictionTitle = nullptr;
    SpectrogramView *m_spectrogram = nullptr;
    ProbabilityTimeline *m_timeline = nullptr;
    PlaybackController *m_player;
    JobRunner *m_featureJobs; // decodes a track the cache lacks, off the GUI thread; the latest wins
};

} // namespace genrelab
