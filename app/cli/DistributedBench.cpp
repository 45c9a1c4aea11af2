#include "DistributedBench.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace genrelab::cli {

namespace {

// A loopback port nobody listens on now: the kernel's pick for a socket bound to port 0.
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 29500;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 29500;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

struct Measured
{
    double samplesPerSecond = 0.0;
    QString failure; // a rank's output when it did not succeed
};

// `bench train-rank` as `worldSize` local ranks (one plain process for 1); rank 0's figure.
Measured measure(int worldSize, int threads, int batch, int steps)
{
    const int port = freePort();
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int rank = 0; rank < worldSize; ++rank) {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"})
            env.remove(QString::fromLatin1(name));
        if (worldSize > 1) {
            env.insert(QStringLiteral("RANK"), QString::number(rank));
            env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
            env.insert(QStringLiteral("WORLD_SIZE"), QString::number(worldSize));
            env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
        }
        process->setProcessEnvironment(env);
        process->start(QCoreApplication::applicationFilePath(),
                       {QStringLiteral("bench"), QStringLiteral("train-rank"), QStringLiteral("--threads"), QString::number(threads),
                        QStringLiteral("--batch"), QString::number(batch), QStringLiteral("--steps"), QString::number(steps)});
        ranks.push_back(std::move(process));
    }
    Measured measured;
    for (int rank = 0; rank < worldSize; ++rank) {
        QProcess &process = *ranks[std::size_t(rank)];
        const bool ended = process.waitForFinished(-1);
        const QString output = QString::fromUtf8(process.readAll());
        if (!ended || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            if (measured.failure.isEmpty())
                measured.failure = QStringLiteral("rank %1 of %2 failed:\n%3").arg(rank).arg(worldSize).arg(output.trimmed());
            continue;
        }
        if (rank == 0) {
            std::printf("%s", qPrintable(output));
            const auto match = QRegularExpression(QStringLiteral("train_samples_per_s=([0-9.]+)")).match(output);
            measured.samplesPerSecond = match.captured(1).toDouble();
        }
    }
    return measured;
}

} // namespace

int DistributedBench::run(int worldSize, int threads, int batch, int steps)
{
    const Measured alone = measure(1, threads, batch, steps);
    const Measured ranks = alone.failure.isEmpty() ? measure(worldSize, threads, batch, steps) : Measured{};
    const QString failure = !alone.failure.isEmpty() ? alone.failure : ranks.failure;
    if (!failure.isEmpty() || alone.samplesPerSecond <= 0.0) {
        std::fprintf(stderr, "genrelab-cli: bench train --world-size: %s\n", qPrintable(failure));
        return 1;
    }
    const double speedup = ranks.samplesPerSecond / alone.samplesPerSecond;
    std::printf("genrelab_train_scaling world_size=%d threads_per_rank=%d batch=%d one_process_samples_per_s=%.1f "
                "ranks_samples_per_s=%.1f speedup=%.2f efficiency=%.0f%%\n",
                worldSize, threads, batch, alone.samplesPerSecond, ranks.samplesPerSecond, speedup, 100.0 * speedup / worldSize);
    std::fflush(stdout);
    return 0;
}

} // namespace genrelab::cli
