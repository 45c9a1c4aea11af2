#pragma once

#include "ml/DistributedContext.h"
#include "util/Error.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QObject>
#include <QThread>

#include <memory>

namespace genrelab {
class Trainer;
}

namespace genrelab::cli {

// What `train` does as one rank of a data-parallel job (issue 23), kept out of
// TrainCommand: the environment torchrun, srun or a hand-made launch sets (RANK,
// LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT), --dist-timeout, joining the Gloo
// process group once the dataset is open, and the per-epoch `params_sha256=` line of
// every rank. With WORLD_SIZE unset or 1 it does nothing: a plain run.
// Thread contract: the command's thread.
class DistributedTraining
{
public:
    static QCommandLineOption timeoutOption();

    // Throws OptionError (exit 2) for a bad --dist-timeout or a malformed variable.
    explicit DistributedTraining(const QCommandLineParser &parser);
    // Throws OptionError when the global batch does not split evenly over the ranks.
    void checkBatch(int batch) const;

    bool enabled() const { return m_environment.distributed(); }
    // Rank 0, or a plain run: the one that owns and writes the run folder.
    bool writesRun() const { return m_environment.rank == 0; }
    // Ranks on one node share the dataset's feature cache, whose builder admits one
    // process at a time (FileLock) even just to reuse it: a rank that finds it busy tries
    // `open` again until --dist-timeout. A plain run calls it once.
    template<class Open>
    auto openSharingCache(Open open) const -> decltype(open())
    {
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            try {
                return open();
            } catch (const Error &error) {
                if (!enabled() || !isCacheBusy(error) || waited.elapsed() > m_timeout.count())
                    throw;
            }
            QThread::msleep(250);
        }
    }
    // Waits for every rank (Error after the timeout). A plain run: nothing.
    void join();
    // Hands the process group to the trainer, records world size and backend in rank 0's
    // config.json, and prints this rank's parameter hash after every epoch.
    void attach(Trainer &trainer, const QString &configPath);

private:
    static bool isCacheBusy(const Error &error);
    DistributedContext::Environment m_environment;
    std::chrono::milliseconds m_timeout{60000};
    std::shared_ptr<DistributedContext> m_context;
    QObject m_printer; // lives on the command's thread: hash lines print there, in order
};

} // namespace genrelab::cli
