#include "DistributedContext.h"

#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace genrelab {

namespace {

constexpr auto kHeartbeatInterval = std::chrono::milliseconds(300);
// Long enough for a live rank, even a busy one, to beat several times.
constexpr auto kHeartbeatWatch = std::chrono::milliseconds(2000);

QString heartbeatKey(int rank) { return QStringLiteral("genrelab/heartbeat/%1").arg(rank); }

int variable(const char *name, int fallback, int minimum, int maximum)
{
    const QByteArray text = qgetenv(name);
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        throw Error(Error::Kind::InvalidArgument, QString::fromLatin1(name),
                    QStringLiteral("'%1' is not a whole number from %2 to %3").arg(QString::fromLocal8Bit(text)).arg(minimum).arg(maximum),
                    QStringLiteral("torchrun and srun set it; by hand, set RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT for every rank"));
    return value;
}

c10::intrusive_ptr<c10d::TCPStore> connectStore(const DistributedContext::Environment &env, bool server, bool countsAsWorker,
                                                std::chrono::milliseconds timeout)
{
    c10d::TCPStoreOptions options;
    options.port = std::uint16_t(env.masterPort);
    options.isServer = server;
    if (countsAsWorker)
        options.numWorkers = std::size_t(env.worldSize);
    options.waitWorkers = countsAsWorker;
    options.timeout = timeout;
    return c10::make_intrusive<c10d::TCPStore>(env.masterAddress.toStdString(), options);
}

QString firstLine(const char *what) { return QString::fromLocal8Bit(what).section(QLatin1Char('\n'), 0, 0).trimmed(); }

} // namespace

struct DistributedContext::Private
{
    Environment env;
    std::chrono::milliseconds timeout{60000};
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

    std::thread heartbeat;
    std::mutex heartbeatMutex;
    std::condition_variable heartbeatStop;
    bool stopping = false;

    mutable std::mutex hashMutex;
    QMap<int, QString> hashes;

    void startHeartbeat()
    {
        // A client of its own: the store's connection is not shared between threads.
        auto beatStore = connectStore(env, false, false, timeout);
        heartbeat = std::thread([this, beatStore] {
            const std::string key = heartbeatKey(env.rank).toStdString();
            std::unique_lock lock(heartbeatMutex);
            while (!stopping) {
                try {
                    beatStore->add(key, 1);
                } catch (const std::exception &) {
                    return; // the store is gone (rank 0 ended): nobody is listening any more
                }
                heartbeatStop.wait_for(lock, kHeartbeatInterval, [this] { return stopping; });
            }
        });
    }

    void stopHeartbeat()
    {
        {
            std::lock_guard lock(heartbeatMutex);
            stopping = true;
        }
        heartbeatStop.notify_all();
        if (heartbeat.joinable())
            heartbeat.join();
    }

    // The ranks whose heartbeat stopped; {0} when the store (rank 0's) cannot be reached.
    QList<int> lostRanks() const
    {
        try {
            auto probe = connectStore(env, false, false, std::chrono::milliseconds(5000));
            const auto counts = [&] {
                std::vector<std::int64_t> values;
                for (int r = 0; r < env.worldSize; ++r)
                    values.push_back(probe->add(heartbeatKey(r).toStdString(), 0));
                return values;
            };
            const auto before = counts();
            std::this_thread::sleep_for(kHeartbeatWatch);
            const auto after = counts();
            QList<int> lost;
            for (int r = 0; r < env.worldSize; ++r)
                if (r != env.rank && after[std::size_t(r)] == before[std::size_t(r)])
                    lost << r;
            return lost;
        } catch (const std::exception &) {
            return env.rank == 0 ? QList<int>{} : QList<int>{0};
        }
    }

    // What a failed collective means to the user: who was lost, what is kept, what to do.
    [[noreturn]] void failed(const char *operation, const std::exception &error) const
    {
        const QList<int> lost = lostRanks();
        QStringList names;
        for (int r : lost)
            names << QString::number(r);
        const QString who = lost.isEmpty()
            ? QStringLiteral("no rank was seen to die (a rank may be stuck, or the network lost)")
            : QStringLiteral("lost rank %1 of %2%3").arg(names.join(QStringLiteral(", "))).arg(env.worldSize)
                  .arg(lost == QList<int>{0} && env.rank != 0 ? QStringLiteral(" (the rendezvous host)") : QString());
        throw Error(Error::Kind::Unreadable, QStringLiteral("rank %1").arg(env.rank),
                    QStringLiteral("distributed training stopped: %1; %2 failed (timeout %3 s): %4")
                        .arg(who, QString::fromLatin1(operation)).arg(timeout.count() / 1000.0).arg(firstLine(error.what())),
                    QStringLiteral("rank 0's last checkpoint is kept; relaunch every rank with --resume RUN_DIR"));
    }

    void run(const char *operation, c10::intrusive_ptr<c10d::Work> work) const
    {
        try {
            work->wait(timeout);
        } catch (const std::exception &error) {
            failed(operation, error);
        }
    }

    void allReduce(at::Tensor tensor) const
    {
        std::vector<at::Tensor> tensors{std::move(tensor)};
        try {
            run("an all-reduce", group->allreduce(tensors));
        } catch (const Error &) {
            throw;
        } catch (const std::exception &error) { // thrown while enqueueing, before any wait
            failed("an all-reduce", error);
        }
    }

    void broadcast(at::Tensor tensor) const
    {
        std::vector<at::Tensor> tensors{std::move(tensor)};
        try {
            run("a broadcast", group->broadcast(tensors));
        } catch (const Error &) {
            throw;
        } catch (const std::exception &error) {
            failed("a broadcast", error);
        }
    }
};

DistributedContext::Environment DistributedContext::Environment::fromProcess()
{
    Environment env;
    env.worldSize = variable("WORLD_SIZE", 1, 1, 65536);
    env.rank = variable("RANK", 0, 0, 65535);
    env.localRank = variable("LOCAL_RANK", env.rank, 0, 65535);
    env.masterPort = variable("MASTER_PORT", env.masterPort, 1, 65535);
    if (const QByteArray address = qgetenv("MASTER_ADDR"); !address.isEmpty())
        env.masterAddress = QString::fromLocal8Bit(address);
    if (env.rank >= env.worldSize)
        throw Error(Error::Kind::InvalidArgument, QStringLiteral("RANK"),
                    QStringLiteral("%1 is not below WORLD_SIZE %2").arg(env.rank).arg(env.worldSize));
    return env;
}

DistributedContext::DistributedContext() : d(std::make_unique<Private>()) {}

DistributedContext::~DistributedContext()
{
    d->stopHeartbeat();
    d->group.reset();
    d->store.reset();
}

std::shared_ptr<DistributedContext> DistributedContext::join(const Environment &environment, std::chrono::milliseconds timeout)
{
    std::shared_ptr<DistributedContext> context(new DistributedContext);
    Private &p = *context->d;
    p.env = environment;
    p.timeout = timeout;
    const QString where = QStringLiteral("%1:%2").arg(environment.masterAddress).arg(environment.masterPort);
    try {
        // Under torchrun the agent already hosts the store at MASTER_ADDR:MASTER_PORT and
        // every rank is its client, under a prefix per restart (as torch.distributed does).
        if (qgetenv("TORCHELASTIC_USE_AGENT_STORE") == "True") {
            const std::string attempt = qEnvironmentVariable("TORCHELASTIC_RESTART_COUNT", QStringLiteral("0")).toStdString();
            p.store = c10::make_intrusive<c10d::PrefixStore>("/worker/attempt_" + attempt, connectStore(environment, false, false, timeout));
        } else {
            p.store = connectStore(environment, environment.rank == 0, true, timeout);
        }
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        const QByteArray interface = qgetenv("GLOO_SOCKET_IFNAME");
        options->devices.push_back(interface.isEmpty() ? c10d::ProcessGroupGloo::createDefaultDevice()
                                                       : c10d::ProcessGroupGloo::createDeviceForInterface(interface.toStdString()));
        options->threads = 1; // one collective at a time: the trainer waits for each
        p.group = c10::make_intrusive<c10d::ProcessGroupGloo>(p.store, environment.rank, environment.worldSize, options);
        p.startHeartbeat();
    } catch (const std::exception &error) {
        throw Error(Error::Kind::Unreadable, where,
                    QStringLiteral("rank %1 of %2 could not join the process group within %3 s: %4")
                        .arg(environment.rank).arg(environment.worldSize).arg(timeout.count() / 1000.0).arg(firstLine(error.what())),
                    QStringLiteral("start every rank with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE, rank 0 among them"));
    }
    return context;
}

int DistributedContext::rank() const { return d->env.rank; }
int DistributedContext::worldSize() const { return d->env.worldSize; }
std::chrono::milliseconds DistributedContext::timeout() const { return d->timeout; }

void DistributedContext::allReduceSum(float *values, std::size_t count)
{
    d->allReduce(at::from_blob(values, {std::int64_t(count)}, at::kFloat));
}

void DistributedContext::allReduceSum(double *values, std::size_t count)
{
    d->allReduce(at::from_blob(values, {std::int64_t(count)}, at::kDouble));
}

void DistributedContext::broadcastFromMain(QByteArray &bytes)
{
    auto size = at::full({1}, std::int64_t(bytes.size()), at::kLong);
    d->broadcast(size);
    bytes.resize(qsizetype(size.item<std::int64_t>()));
    if (!bytes.isEmpty())
        d->broadcast(at::from_blob(bytes.data(), {std::int64_t(bytes.size())}, at::kByte));
}

void DistributedContext::finish()
{
    float arrived = 1.0f;
    allReduceSum(&arrived, 1); // everyone is past their last collective
    d->stopHeartbeat();
    allReduceSum(&arrived, 1); // and no heartbeat talks to the store any more
}

void DistributedContext::recordIn(const QString &configPath) const
{
    QFile file(configPath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, configPath, file.errorString());
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    file.close();
    if (!document.isObject())
        throw Error(Error::Kind::Corrupt, configPath, QStringLiteral("is not a JSON object; world size and backend not recorded"));
    QJsonObject config = document.object();
    config.insert(QStringLiteral("distributed"),
                  QJsonObject{{QStringLiteral("world_size"), worldSize()}, {QStringLiteral("backend"), backend()}});
    CheckedSaveFile::save(configPath, QJsonDocument(config).toJson());
}

void DistributedContext::recordParamsSha256(int epoch, const QString &hex)
{
    std::lock_guard lock(d->hashMutex);
    d->hashes.insert(epoch, hex);
}

QString DistributedContext::paramsSha256(int epoch) const
{
    std::lock_guard lock(d->hashMutex);
    return d->hashes.value(epoch);
}

} // namespace genrelab
