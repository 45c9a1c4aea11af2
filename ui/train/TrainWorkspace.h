#pragma once

#include "data/Dataset.h"
#include "data/FeatureCache.h"
#include "ml/EpochMetrics.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QThread;

namespace genrelab {

class CurveChart;
class EpochTableModel;
class Trainer;
class TrainingSession;

// The Train workspace: run settings (split with the seed split's leakage warning,
// epochs, batch, learning rate, cell, augmentation, seed, threads — remembered),
// Start / Pause / Stop (keep the model) / Cancel, live curves (batch loss raw and
// smoothed, epoch losses; train and validation accuracy), the epoch table with the
// train–validation gap, and elapsed time with ETA. The Trainer runs on its own QThread;
// its signals arrive queued, so the window never waits on training.
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
    QSpinBox *epochsBox() const { return m_epochsBox; }

public Q_SLOTS:
    void start();
    void togglePause();
    void stop();
    void cancel();

Q_SIGNALS:
    void runFinished(const QString &runDir);
    void status(const QString &message);

private:
    QWidget *createSettings();
    void onBatch(int epoch, int batch, int batches, double loss);
    void onEpoch(const EpochMetrics &metrics);
    void onEnded(const QString &message);
    void updateButtons();
    void saveSettings() const;

    Dataset m_dataset;
    std::shared_ptr<const FeatureCache> m_cache;
    QComboBox *m_split;
    QSpinBox *m_epochsBox;
    QSpinBox *m_batch;
    QDoubleSpinBox *m_learningRate;
    QComboBox *m_cell;
    QCheckBox *m_augment;
    QSpinBox *m_seed;
    QSpinBox *m_threads;
    QLabel *m_leakWarning;
    QPushButton *m_startButton, *m_pauseButton, *m_stopButton, *m_cancelButton;
    QLabel *m_progress;
    CurveChart *m_lossChart;
    CurveChart *m_accuracyChart;
    EpochTableModel *m_epochs;
    int m_rawLoss = 0, m_smoothLoss = 0, m_trainLoss = 0, m_validLoss = 0, m_trainAcc = 0, m_validAcc = 0;
    double m_smoothed = -1.0;
    std::unique_ptr<TrainingSession> m_session; // owns m_trainer
    Trainer *m_trainer = nullptr;
    QThread *m_thread = nullptr;
};

} // namespace genrelab
