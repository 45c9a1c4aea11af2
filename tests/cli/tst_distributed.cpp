// Data-parallel training on c10d/Gloo (issue 23), as torchrun would start it: two local
// ranks of genrelab-cli with RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT set.
// - Replicas never diverge: every rank's params_sha256 line is the same after every epoch.
// - Only rank 0 writes: rank 1 is given a folder of its own, which must never appear.
// - Same global batch, same training: per-epoch train and validation losses within
//   kLossTolerance of one process (BatchNorm normalises each rank's half-batch, the one
//   expected difference; accuracies on 24 validation snippets move in steps of 4 points
//   and are not compared).
// - A rank killed with -9 ends the other within its --dist-timeout, naming the lost rank,
//   and the kept checkpoint resumes on both ranks.
// - bench train --world-size 2 measures both ways and prints their ratio.
#include "DatasetFixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <memory>

using namespace genrelab::test;

namespace {

constexpr double kLossTolerance = 0.05;
constexpr int kTimeoutSeconds = 10;

// A port nobody listens on now: the kernel's pick for a socket bound to port 0.
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        if (fd >= 0)
            ::close(fd);
        return 0;
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

struct EpochLosses
{
    double train = 0.0, valid = 0.0;
};

// metrics.csv: epoch,split,loss,accuracy,seconds.
QMap<int, EpochLosses> readLosses(const QString &path)
{
    QFile file(path);
    QMap<int, EpochLosses> losses;
    if (!file.open(QIODevice::ReadOnly))
        return losses;
    file.readLine(); // header
    while (!file.atEnd()) {
        const QStringList cells = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
        if (cells.size() < 3)
            continue;
        (cells[1] == QLatin1String("train") ? losses[cells[0].toInt()].train : losses[cells[0].toInt()].valid) = cells[2].toDouble();
    }
    return losses;
}

// epoch → hash, from the lines of one rank.
QMap<int, QString> hashes(const QString &output, int rank)
{
    QMap<int, QString> found;
    const QRegularExpression line(QStringLiteral("^rank %1 epoch (\\d+) params_sha256=([0-9a-f]{64})$").arg(rank),
                                  QRegularExpression::MultilineOption);
    for (auto match = line.globalMatch(output); match.hasNext();) {
        const auto m = match.next();
        found.insert(m.captured(1).toInt(), m.captured(2));
    }
    return found;
}

} // namespace

class TestDistributed : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_dataset;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // One rank of a two-rank job (rank < 0: a plain single process, no job variables).
    std::unique_ptr<QProcess> start(int rank, int port, const QStringList &arguments) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"})
            env.remove(QString::fromLatin1(name));
        if (rank >= 0) {
            env.insert(QStringLiteral("RANK"), QString::number(rank));
            env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
            env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
            env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
        }
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(GENRELAB_CLI), QStringList{QStringLiteral("train")} + arguments);
        return process;
    }

    QStringList trainArguments(const QString &out, int epochs) const
    {
        return {m_dataset, QStringLiteral("--out"), out, QStringLiteral("--epochs"), QString::number(epochs),
                QStringLiteral("--batch"), QStringLiteral("16"), QStringLiteral("--threads"), QStringLiteral("1"),
                QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--dist-timeout"), QString::number(kTimeoutSeconds)};
    }

    static QString finish(QProcess &process, int *code)
    {
        const bool done = process.waitForFinished(90000);
        const QString output = QString::fromUtf8(process.readAll());
        *code = done && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        return output;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataset = path(QStringLiteral("tones"));
        DatasetFixture::writeLabelled(m_dataset, {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 16, 6.5);
        // Featurised once, before any rank starts: ranks reuse the cache.
        QProcess featurize;
        featurize.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("featurize"), m_dataset, QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY(featurize.waitForFinished(60000));
        QCOMPARE(featurize.exitCode(), 0);
    }

    void replicasAgreeAndMatchOneProcess()
    {
        const int port = freePort();
        QVERIFY(port > 0);
        const QString run = path(QStringLiteral("run")), notWritten = path(QStringLiteral("rank1-never-writes"));
        auto rank0 = start(0, port, trainArguments(run, 2));
        auto rank1 = start(1, port, trainArguments(notWritten, 2));
        int code0 = 0, code1 = 0, codeSingle = 0;
        const QString out0 = finish(*rank0, &code0), out1 = finish(*rank1, &code1);
        // After the job: a plain process opening the dataset while the ranks hold its
        // cache is refused ("in use by process N"), as it should be; only ranks wait.
        auto single = start(-1, 0, trainArguments(path(QStringLiteral("single")), 2));
        const QString outSingle = finish(*single, &codeSingle);
        QVERIFY2(code0 == 0, qPrintable(out0));
        QVERIFY2(code1 == 0, qPrintable(out1));
        QVERIFY2(codeSingle == 0, qPrintable(outSingle));

        const auto hashes0 = hashes(out0, 0), hashes1 = hashes(out1, 1);
        QCOMPARE(hashes0.keys(), (QList<int>{1, 2}));
        QCOMPARE(hashes1, hashes0);
        QVERIFY(hashes0[1] != hashes0[2]); // the hash follows the weights
        QVERIFY(!outSingle.contains(QStringLiteral("params_sha256")));

        QVERIFY(QFile::exists(QDir(run).filePath(QStringLiteral("checkpoint.pt"))));
        QVERIFY(QFile::exists(QDir(run).filePath(QStringLiteral("best.pt"))));
        QVERIFY2(!QFileInfo::exists(notWritten), "rank 1 wrote a run folder");
        QFile config(QDir(run).filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QJsonObject distributed = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("distributed")).toObject();
        QCOMPARE(distributed.value(QStringLiteral("world_size")).toInt(), 2);
        QCOMPARE(distributed.value(QStringLiteral("backend")).toString(), QStringLiteral("gloo"));

        const auto parallel = readLosses(QDir(run).filePath(QStringLiteral("metrics.csv")));
        const auto alone = readLosses(path(QStringLiteral("single/metrics.csv")));
        QCOMPARE(parallel.keys(), (QList<int>{1, 2}));
        QCOMPARE(alone.keys(), parallel.keys());
        for (int epoch : parallel.keys()) {
            const QString at = QStringLiteral("epoch %1: 2 ranks train %2 valid %3, one process train %4 valid %5")
                                   .arg(epoch).arg(parallel[epoch].train).arg(parallel[epoch].valid).arg(alone[epoch].train).arg(alone[epoch].valid);
            qInfo("%s", qPrintable(at));
            QVERIFY2(std::abs(parallel[epoch].train - alone[epoch].train) <= kLossTolerance, qPrintable(at));
            QVERIFY2(std::abs(parallel[epoch].valid - alone[epoch].valid) <= kLossTolerance, qPrintable(at));
        }
    }

    // Item 4: two ranks on a dataset nobody featurised yet, sharing its cache: one builds
    // it while the other waits for the lock, both train on the same features (identical
    // hashes), and the cache left behind is whole (featurize then reuses every track).
    void ranksShareACacheNobodyBuiltYet()
    {
        const QString fresh = path(QStringLiteral("unbuilt"));
        DatasetFixture::writeLabelled(fresh, {QStringLiteral("low"), QStringLiteral("high")}, 8, 6.5);
        const int port = freePort();
        QVERIFY(port > 0);
        QStringList arguments = trainArguments(path(QStringLiteral("unbuilt-run")), 1);
        arguments[0] = fresh;
        QStringList rank1Arguments = arguments;
        rank1Arguments[2] = path(QStringLiteral("unbuilt-rank1"));
        auto rank0 = start(0, port, arguments);
        auto rank1 = start(1, port, rank1Arguments);
        int code0 = 0, code1 = 0;
        const QString out0 = finish(*rank0, &code0), out1 = finish(*rank1, &code1);
        QVERIFY2(code0 == 0, qPrintable(out0));
        QVERIFY2(code1 == 0, qPrintable(out1));
        QCOMPARE(hashes(out1, 1), hashes(out0, 0));
        QCOMPARE(hashes(out0, 0).size(), 1);

        QProcess featurize;
        featurize.setProcessChannelMode(QProcess::MergedChannels);
        featurize.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("featurize"), fresh, QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY(featurize.waitForFinished(60000));
        const QString report = QString::fromUtf8(featurize.readAll());
        QCOMPARE(featurize.exitCode(), 0);
        QVERIFY2(report.contains(QStringLiteral("(0 featurised, 16 from cache)")), qPrintable(report));
    }

    void killedRankEndsTheOtherAndTheRunResumes()
    {
        const int port = freePort();
        QVERIFY(port > 0);
        const QString run = path(QStringLiteral("killed"));
        auto rank0 = start(0, port, trainArguments(run, 500));
        auto rank1 = start(1, port, trainArguments(run, 500));
        QString seen1;
        QTRY_VERIFY2_WITH_TIMEOUT((seen1 += QString::fromUtf8(rank1->readAll())).contains(QStringLiteral("rank 1 epoch 1 params_sha256=")),
                                  qPrintable(seen1 + QString::fromUtf8(rank0->readAll())), 60000);
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(rank1->processId()), SIGKILL);
        QVERIFY(rank0->waitForFinished((kTimeoutSeconds + 10) * 1000));
        const double seconds = clock.elapsed() / 1000.0;
        const QString out0 = QString::fromUtf8(rank0->readAll());
        qInfo("rank 0 ended %.1f s after rank 1 was killed", seconds);
        QVERIFY2(rank0->exitStatus() == QProcess::NormalExit && rank0->exitCode() == 1, qPrintable(out0));
        QVERIFY2(out0.contains(QStringLiteral("lost rank 1 of 2")), qPrintable(out0));
        QVERIFY2(seconds <= kTimeoutSeconds + 5, qPrintable(out0));
        rank1->waitForFinished();

        // Both ranks continue from rank 0's last checkpoint, one epoch more, still in step.
        const int done = readLosses(QDir(run).filePath(QStringLiteral("metrics.csv"))).lastKey();
        const QStringList resume{QStringLiteral("--resume"), run, QStringLiteral("--epochs"), QString::number(done + 1),
                                 QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--dist-timeout"), QString::number(kTimeoutSeconds)};
        const int again = freePort();
        auto resumed0 = start(0, again, resume);
        auto resumed1 = start(1, again, resume);
        int code0 = 0, code1 = 0;
        const QString outResumed0 = finish(*resumed0, &code0), outResumed1 = finish(*resumed1, &code1);
        QVERIFY2(code0 == 0, qPrintable(outResumed0));
        QVERIFY2(code1 == 0, qPrintable(outResumed1));
        QCOMPARE(hashes(outResumed0, 0).keys(), QList<int>{done + 1});
        QCOMPARE(hashes(outResumed1, 1), hashes(outResumed0, 0));
        QCOMPARE(readLosses(QDir(run).filePath(QStringLiteral("metrics.csv"))).lastKey(), done + 1);
    }

    // bench train --world-size 2: one process, then 2 ranks, then their ratio.
    void benchComparesRanksWithOneProcess()
    {
        QProcess bench;
        bench.setProcessChannelMode(QProcess::MergedChannels);
        bench.start(QStringLiteral(GENRELAB_CLI), {QStringLiteral("bench"), QStringLiteral("train"), QStringLiteral("--world-size"),
                                                   QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("1"),
                                                   QStringLiteral("--batch"), QStringLiteral("8"), QStringLiteral("--steps"), QStringLiteral("2")});
        QVERIFY(bench.waitForFinished(120000));
        const QString out = QString::fromUtf8(bench.readAll());
        QVERIFY2(bench.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("rank=0 world_size=1 threads=1 batch=8")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("rank=0 world_size=2 threads=1 batch=8")), qPrintable(out));
        const auto match = QRegularExpression(QStringLiteral("genrelab_train_scaling world_size=2 threads_per_rank=1 batch=8 "
                                                             "one_process_samples_per_s=([0-9.]+) ranks_samples_per_s=([0-9.]+) speedup=([0-9.]+)"))
                               .match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out));
        QVERIFY(match.captured(1).toDouble() > 0 && match.captured(2).toDouble() > 0);
        // the ratio of the two figures as printed (each rounded to 0.1 sample/s)
        QVERIFY(std::abs(match.captured(3).toDouble() - match.captured(2).toDouble() / match.captured(1).toDouble()) <= 0.02);
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "tst_distributed.moc"
