#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>
#include <cstddef>
#include <memory>

namespace genrelab {

// This process's membership of a data-parallel training job on PyTorch's own engine:
// a c10d TCPStore for the rendezvous and a Gloo process group for the collectives —
// what torchrun, Slurm's srun or a hand-made launch set up with the usual variables
// (RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT).
//
// Faults never hang: every collective carries the timeout given to join(), and a failed
// one is turned into an Error that names the lost rank. Each rank beats a heartbeat
// counter in the store from a thread of its own, so when a collective fails the ranks
// whose counters stopped are the lost ones (when the store itself is gone, rank 0, which
// hosts it, is). Plain types only here: the LibTorch side is DataParallel.
// Thread contract: collectives from one thread (the trainer's); rank(), worldSize()
// and the recorded hashes from any thread.
class DistributedContext
{
public:
    struct Environment
    {
        int rank = 0;
        int localRank = 0;
        int worldSize = 1;
        QString masterAddress = QStringLiteral("127.0.0.1");
        int masterPort = 29500;

        // From this process's environment. Throws Error(InvalidArgument) naming the
        // variable when one is malformed or they disagree (RANK ≥ WORLD_SIZE).
        static Environment fromProcess();
        bool distributed() const { return worldSize > 1; }
    };

    // Rendezvous at MASTER_ADDR:MASTER_PORT (rank 0 hosts the store) and builds the
    // Gloo group. Throws Error when the others do not arrive within `timeout`.
    static std::shared_ptr<DistributedContext> join(const Environment &environment, std::chrono::milliseconds timeout);
    ~DistributedContext();
    DistributedContext(const DistributedContext &) = delete;
    DistributedContext &operator=(const DistributedContext &) = delete;

    int rank() const;
    int worldSize() const;
    bool isMain() const { return rank() == 0; }
    static QString backend() { return QStringLiteral("gloo"); }
    std::chrono::milliseconds timeout() const;

    // In-place sums across all ranks (one all-reduce each).
    void allReduceSum(float *values, std::size_t count);
    void allReduceSum(double *values, std::size_t count);
    // Rank 0's bytes on every rank (its size first, then the bytes).
    void broadcastFromMain(QByteArray &bytes);
    // After the last collective of a job: every rank waits for the others and stops its
    // heartbeat, so rank 0 (the store's host) never leaves while a peer still uses it.
    void finish();

    // Adds {"distributed": {"world_size", "backend"}} to a run's config.json (rank 0,
    // after the run folder is made or resumed), so the run says how it was trained.
    void recordIn(const QString &configPath) const;

    // What DataParallel recorded after an epoch, for the command to print.
    void recordParamsSha256(int epoch, const QString &hex);
    QString paramsSha256(int epoch) const;

private:
    DistributedContext();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
