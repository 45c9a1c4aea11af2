#pragma once

#include "charts/EmaSmoother.h"
#include "data/Dataset.h"
#include "data/FeatureCache.h"
#include "ml/EpochMetrics.h"
#include "ml/TrainingConfig.h"

#include <QList>
#include <QPointF>

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QThread;

namespace genrelab {

class CurveChart;
class EpochTableModel;
class ExperimentQueueModel;
class ExperimentQueuePanel;
class Trainer;
class TrainSettingsForm;
class TrainingSession;

// The Train workspace: run settings (TrainSettingsForm, remembered),
// Start / Pause / Stop (keep the model) / Cancel, live curves (batch loss raw and
// smoothed by a debiased moving average whose weight a slider sets, epoch losses; train
// and validation accuracy), the epoch table with the train–validation gap, and elapsed
// time with ETA. The settings are locked while a run is going (they would be ignored);
// Cancel and closing the window ask: stop and keep the model, discard the run, or go on.
// A new dataset clears the previous one's curves. The Trainer runs on its own QThread;
// its signals arrive queued, so the window never waits on training.
// With "refit" on, a run that ends by itself (all epochs, or early stopping) goes on
// through the same TrainingSession: a fresh model on train + validation for the epoch
// count validation chose (beginRefit → the new trainer on the thread → finishRefit;
// abandonRefit when it is stopped or fails); runFinished comes after it.
// The experiment queue trains its configurations one after another on the open
// dataset, each an ordinary run; a failed one is reported and the next one starts.
// Thread contract: GUI thread.
class TrainWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit TrainWorkspace(QWidget *parent = nullptr);
    ~TrainWorkspace() override;

    void setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache);
    // Where runs are written: <app data>/runs/<dataset>-<date>-<time>.
    static QString runsFolder();
    bool isTraining() const { return m_trainer != nullptr; }
    CurveChart *lossChart() const { return m_lossChart; }
    CurveChart *accuracyChart() const { return m_accuracyChart; }
    EpochTableModel *epochs() const { return m_epochs; }
    QSpinBox *epochsBox() const;
    TrainSettingsForm *settingsForm() const { return m_form; }
    ExperimentQueueModel *queue() const { return m_queue; }
    ExperimentQueuePanel *queuePanel() const { return m_queuePanel; }
    bool isRunningQueue() const { return m_queueRunning; }
    const Dataset &dataset() const { return m_dataset; }
    QSlider *smoothingSlider() const { return m_smoothing; }
    // The settings a run is made from (locked while training).
    QList<QWidget *> settingsWidgets() const;

    // What to do with a run the user wants to end (Cancel, closing the window).
    enum class EndChoice { StopAndKeep, Discard, GoOn };
    // Asks (buttons named "stopAndKeep", "discard", "goOn"; Escape goes on).
    EndChoice askHowToEnd(const QString &why);
    // For the window's close: true when nothing is training or the user discards the run;
    // false when training goes on, or stops and keeps the model, after which
    // closeWhenEnded is emitted once the model is saved.
    bool confirmClose();

public Q_SLOTS:
    void start();
    void addToQueue();
    void runQueue();
    void stopQueue();
    void togglePause();
    void stop();
    void cancel();

Q_SIGNALS:
    void runFinished(const QString &runDir);
    void status(const QString &message);
    void closeWhenEnded();

private:
    QWidget *createSettings();
    QWidget *createTabs(QWidget *epochTable);
    // Trains `config` on the open dataset; false (and status()) when it cannot start.
    bool startRun(TrainingConfig config);
    void launchTrainer();
    void stopThread();
    void onBatch(int epoch, int batch, int batches, double loss);
    void onEpoch(const EpochMetrics &metrics);
    void onFinished(const QString &runDir, bool stoppedEarly);
    void onFailed(const QString &reason);
    bool beginRefit();
    void endRefit(const QString &runDir, bool stopped);
    void onEnded(const QString &message);
    void startNextQueued();
    void updateButtons();
    void resmooth();
    QWidget *createSmoothing();

    Dataset m_dataset;
    std::shared_ptr<const FeatureCache> m_cache;
    // What the running run trains on: the open dataset may change while it trains.
    Dataset m_runDataset;
    std::shared_ptr<const FeatureCache> m_runCache;
    TrainSettingsForm *m_form = nullptr;
    ExperimentQueueModel *m_queue = nullptr;
    ExperimentQueuePanel *m_queuePanel = nullptr;
    QSlider *m_smoothing = nullptr;
    QPushButton *m_startButton, *m_pauseButton, *m_stopButton, *m_cancelButton;
    QLabel *m_progress;
    CurveChart *m_lossChart;
    CurveChart *m_accuracyChart;
    EpochTableModel *m_epochs;
    int m_rawLoss = 0, m_smoothLoss = 0, m_trainLoss = 0, m_validLoss = 0, m_trainAcc = 0, m_validAcc = 0;
    EmaSmoother m_smoother;
    std::vector<QPointF> m_rawBatches; // to smooth again when the slider moves
    QString m_datasetRoot;               // whose curves the charts show
    bool m_discardOnEnd = false;
    bool m_closeOnEnd = false;
    bool m_userStopped = false;  // Stop (or stop and keep) was asked: no refit follows
    int m_refitEpochs = 0;
    int m_refitTracks = 0;
    bool m_queueRunning = false;
    int m_queueStarted = 0;      // runs the running queue has started, for "Queue 2/3"
    int m_queueTotal = 0;
    std::unique_ptr<TrainingSession> m_session; // owns m_trainer
    Trainer *m_trainer = nullptr;
    QThread *m_thread = nullptr;
};

} // namespace genrelab
