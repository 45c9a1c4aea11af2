#pragma once

#include "TrainingConfig.h"
#include "data/DataSplit.h"

#include <QString>

#include <memory>

namespace genrelab {

class Dataset;
class FeatureCache;
class Trainer;

// One training run, assembled the same way for the GUI and the CLI: configuration →
// split and training data → Trainer → run folder.
// - A new run never replaces anything: its folder must not exist or be empty.
// - The folder is made only when everything before training succeeded, and a run that
//   ends without one completed epoch (a failed start, a stop during epoch 1) is removed
//   again by discardIfUnstarted(), so nothing that looks like a run is left behind.
// - Resuming may extend the number of epochs, explicitly, recorded in config.json.
// Thread contract: construct, query and destroy on one thread; the Trainer it owns may
// be moved to another thread and run there, but must have stopped before destruction.
class TrainingSession
{
public:
    // Replica: a rank other than 0 of a data-parallel job (DistributedContext). The run
    // folder is rank 0's: a replica makes, changes and removes nothing there.
    enum class Mode { New, Resume, Replica };

    // Throws Error(InvalidArgument) when `runDir` already holds files, naming --resume.
    static void checkNewRunFolder(const QString &runDir);
    // The configuration to resume `runDir` with. `epochs` > 0 asks for that many epochs
    // in all (to extend a finished or stopped run); it must exceed the completed ones.
    // Throws Error(InvalidArgument) for a finished run without more epochs, and
    // Error(FileMissing/Corrupt) for a folder that is not a run.
    static TrainingConfig configForResume(const QString &runDir, int epochs = 0);
    // The split a run of `config` trains on: its kind and seed, or its cross-validation
    // fold (every command that re-creates a run's split asks here, so a fold run's test
    // set is its fold). Throws Error(InvalidArgument) when the folds cannot be made.
    static DataSplit splitFor(const TrainingConfig &config, const Dataset &dataset);
    // Epochs whose metrics and checkpoint are on disk.
    static int completedEpochs(const QString &runDir);

    // Throws Error when the split or the run folder cannot be made.
    TrainingSession(TrainingConfig config, const Dataset &dataset, std::shared_ptr<const FeatureCache> cache,
                    QString runDir, Mode mode);
    ~TrainingSession();
    TrainingSession(const TrainingSession &) = delete;
    TrainingSession &operator=(const TrainingSession &) = delete;

    Trainer *trainer() const { return m_trainer.get(); }
    const TrainingConfig &config() const { return m_config; }
    const DataSplit &split() const { return m_split; }
    const QString &runDir() const { return m_runDir; }
    // After the trainer ended: removes a new run that never completed an epoch.
    // Returns true when it did.
    bool discardIfUnstarted();
    // After the trainer ended: removes a new run the user chose to discard, whatever it
    // completed (a resumed run is never removed: it held earlier epochs). True when it did.
    bool discard();

    // --refit (TrainingConfig::refit), after the trainer finished: replaces trainer() by
    // one that trains a fresh network on train + validation for the epoch count validation
    // chose (the first epoch of best validation accuracy), in RunDirectory::refitWorkPath().
    // `dataset` and `cache` are the ones the session was made with. Returns that count.
    // Throws Error(InvalidArgument) for the seed split (its validation is snippets, not
    // tracks) and Error(WriteFailed).
    int beginRefit(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache);
    bool isRefitting() const { return m_refitTracks > 0; }
    // After the refit trainer finished: its model becomes best.pt, the one chosen on
    // validation selected.pt (copied first, so a kill in between leaves a whole run), and
    // config.json records the refit. The run's test figures stay those measured before.
    void finishRefit();
    // After a refit that failed or was stopped: removes its work folder; best.pt is still
    // the model chosen on validation.
    void abandonRefit();

private:
    TrainingConfig m_config;
    DataSplit m_split;
    QString m_runDir;
    Mode m_mode;
    std::unique_ptr<Trainer> m_trainer;
    int m_refitEpochs = 0;
    int m_refitTracks = 0;
};

} // namespace genrelab
