#pragma once

#include "EpochMetrics.h"
#include "TrainingConfig.h"
#include "TrainingData.h"

#include <QObject>

#include <memory>

namespace genrelab {

class DistributedContext;

// Trains the CRNN of a TrainingConfig on a dataset's cached features and writes a run
// directory. A worker object (Qt's pattern): move it to a QThread and invoke run(), or
// call run() directly (the CLI). The GUI and the CLI are two listeners of the same
// signals: per-batch loss (throttled to ≤ 20 a second), per-epoch metrics with ETA,
// the final evaluation, finished or failed with a reason.
// Each epoch ends with an atomic checkpoint (model, optimizer, epoch, RNG state), so
// a run killed at any moment resumes from its last complete epoch (resume = true).
// Seeded: the same seed, data and one thread give identical metrics.
// Thread contract: run() on one thread; pause(), resume(), requestStop() (finish
// after the current batch, keep and evaluate the model) and requestCancel() (stop,
// no evaluation) from any thread.
class Trainer : public QObject
{
    Q_OBJECT
public:
    Trainer(TrainingConfig config, std::shared_ptr<const TrainingData> data, QString runDir, bool resume = false,
            QObject *parent = nullptr);
    ~Trainer() override;

    void pause();
    void resume();
    void requestStop();
    void requestCancel();
    bool isPaused() const;
    // Before run(): train as one rank of a data-parallel job (DataParallel: sharded
    // epochs, averaged gradients, reduced metrics); only rank 0 writes the run folder.
    void setDistributed(std::shared_ptr<DistributedContext> context);

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void started(int firstEpoch, int epochs, int trainSnippets, int validSnippets, int testSnippets);
    void batchTrained(int epoch, int batch, int batches, double loss);
    void epochFinished(const genrelab::EpochMetrics &metrics);
    void evaluated(const QString &summary);
    void finished(const QString &runDir, bool stoppedEarly);
    void failed(const QString &reason);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
