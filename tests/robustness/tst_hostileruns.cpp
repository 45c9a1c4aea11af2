// Hostile models, run folders and numbers (issue 19, items 1–5 and 7), generated here:
// - a bundle whose manifest (valid checksum) lists a tensor of 2^62 elements, and a
//   .npy whose shape wraps, are refused — sizes are checked without wrapping;
// - a run folder whose config.json disagrees with best.pt (more labels than outputs,
//   hidden size 4096, reordered labels), or whose best.pt holds a NaN, an absurd value
//   or one flipped byte, is refused by predict and export with the file and the reason;
// - prediction streams an hour-long file in batches and gives what predict() gives;
// - metrics.csv with "inf" is refused, and `report` ends instead of spinning;
// - --threads 100000 is capped with a note;
// - a feature cache with one damaged byte in a track's features or in its track table is
//   never used as it is: the track (or the cache) is featurised again (item 11);
// - a training run whose loss becomes NaN stops with an error and a non-zero status.
#include "DatasetFixture.h"
#include "RunFixture.h"
#include "WavWriter.h"
#include "data/DatasetOpener.h"
#include "data/FeatureCache.h"
#include "data/FeatureCacheBuilder.h"
#include "data/FeatureCacheFormat.h"
#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "io/NpyFile.h"
#include "ml/BundleConverter.h"
#include "ml/Inference.h"
#include "ml/ModelBundle.h"
#include "ml/Predictor.h"
#include "ml/RunDirectory.h"
#include "ml/RunModel.h"
#include "ml/RunResults.h"
#include "ml/TorchRuntime.h"
#include "ml/networks/NetworkFactory.h"
#include "util/Error.h"
#include "util/WorkerThreads.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <QThread>

#include <cmath>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <sstream>

using namespace genrelab;
using namespace genrelab::test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile in(path);
    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
}

void copyFolder(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QFileInfo &file : QDir(from).entryInfoList(QDir::Files))
        QFile::copy(file.absoluteFilePath(), QDir(to).filePath(file.fileName()));
}

// The error `load` throws, or an empty message when it throws none.
template <typename F>
QString refusal(F load)
{
    try {
        load();
    } catch (const Error &error) {
        return error.message();
    }
    return {};
}

struct CliResult
{
    int status = -1;
    bool finished = false;
    QString output;
};

CliResult runCli(const QStringList &arguments, int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(GENRELAB_CLI), arguments);
    CliResult result;
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished();
    }
    result.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromUtf8(process.readAll());
    return result;
}

// best.pt as the trainer writes it (the network's archive plus its identity), from a
// seeded untrained network; `change` may alter the weights after the identity is taken
// (a damaged file) or before (a model that is bad as trained).
void writeBestModel(const QString &runDir, const QStringList &labels, bool identity = true,
                    const std::function<void(Network &)> &beforeIdentity = {})
{
    torch::manual_seed(7);
    CrnnOptions options;
    options.classes = int(labels.size());
    const std::shared_ptr<Network> net = NetworkFactory::create(options);
    if (beforeIdentity) {
        torch::NoGradGuard noGrad;
        beforeIdentity(*net);
    }
    torch::serialize::OutputArchive archive;
    net->save(archive);
    if (identity)
        addModelIdentity(archive, net, labels);
    archive.save_to(RunDirectory(runDir).bestModelPath().toStdString());
}

void editConfig(const QString &runDir, const std::function<void(QJsonObject &)> &edit)
{
    const QString path = RunDirectory(runDir).configPath();
    QJsonObject json = QJsonDocument::fromJson(readAll(path)).object();
    edit(json);
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QJsonDocument(json).toJson());
}

// A bundle written byte by byte, so that its manifest can say anything behind a valid checksum.
QByteArray bundleBytes(const QJsonObject &manifest, const QByteArray &payload)
{
    const QByteArray json = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    QByteArray bytes("GLBUNDLE");
    char word[8];
    qToLittleEndian<quint32>(1, word);
    bytes.append(word, 4);
    qToLittleEndian<quint32>(quint32(json.size()), word);
    bytes.append(word, 4);
    bytes.append(json);
    qToLittleEndian<quint64>(quint64(payload.size()), word);
    bytes.append(word, 8);
    bytes.append(payload);
    bytes.append(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
    return bytes;
}

} // namespace

class TestHostileRuns : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A finished run folder (RunFixture's CSVs) with a real best.pt for its three classes.
    QString goodRun(const QString &name)
    {
        const QString dir = RunFixture::write(path(name), path(QStringLiteral("dataset")));
        writeBestModel(dir, RunFixture::labels());
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TorchRuntime::setThreads(2);
        qputenv("XDG_DATA_HOME", path(QStringLiteral("xdg-data")).toUtf8());
        qputenv("XDG_CACHE_HOME", path(QStringLiteral("xdg-cache")).toUtf8());
        qputenv("XDG_CONFIG_HOME", path(QStringLiteral("xdg-config")).toUtf8());
    }

    // Item 1: 2^24 · 2^24 · 2^14 = 2^62 floats = 2^64 bytes, which wraps to 0; with a
    // second, real tensor the sum equals the payload. Before: std::length_error (abort).
    void aBundleClaimingAWrappingTensorIsRefused()
    {
        const QJsonObject manifest{
            {QStringLiteral("format"), 1},
            {QStringLiteral("classes"), QJsonArray{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}},
            {QStringLiteral("network"), CrnnOptions{3}.toJson()},
            {QStringLiteral("contract"), ModelBundle::currentContract()},
            {QStringLiteral("tensors"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("huge")},
                                                               {QStringLiteral("shape"), QJsonArray{1 << 24, 1 << 24, 1 << 14}}},
                                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("out.bias")},
                                                               {QStringLiteral("shape"), QJsonArray{3}}}}}};
        const QString file = path(QStringLiteral("huge.genrelab"));
        WavWriter::writeBytes(file, bundleBytes(manifest, QByteArray(12, '\0')));
        const QString message = refusal([&] { ModelBundle::read(file); });
        QVERIFY2(message.contains(QStringLiteral("claims more values than the file holds")), qPrintable(message));

        const CliResult cli = runCli({QStringLiteral("predict"), file, file});
        QCOMPARE(cli.status, 1);
        QVERIFY2(cli.output.contains(QStringLiteral("huge.genrelab")) && !cli.output.contains(QStringLiteral("terminate")),
                 qPrintable(cli.output));
    }

    void aBundleWithANaNWeightIsRefused()
    {
        ModelBundle bundle = BundleConverter::untrained(RunFixture::labels());
        bundle.tensors[2].values[5] = std::nanf("");
        bundle.write(path(QStringLiteral("nan.genrelab")));
        const QString message = refusal([&] { ModelBundle::read(path(QStringLiteral("nan.genrelab"))); });
        QVERIFY2(message.contains(QStringLiteral("not a number")) && message.contains(bundle.tensors[2].name), qPrintable(message));
    }

    void anNpyWhoseShapeWrapsIsRefused()
    {
        const QString file = path(QStringLiteral("wrap.npy"));
        QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }";
        header += QByteArray(int((64 - (10 + header.size() + 1) % 64) % 64), ' ') + '\n';
        QByteArray bytes("\x93NUMPY\x01\x00", 8);
        bytes.append(char(header.size() & 0xff)).append(char(header.size() >> 8)).append(header);
        WavWriter::writeBytes(file, bytes); // no data: 2^62 × 4 bytes wraps to 0
        const QString message = refusal([&] { NpyFile::readFloat32(file); });
        QVERIFY2(message.contains(QStringLiteral("does not match the declared shape")), qPrintable(message));
    }

    void aGoodRunLoadsAndPredicts()
    {
        const QString run = goodRun(QStringLiteral("good"));
        const ModelBundle bundle = RunModel::read(run);
        QCOMPARE(bundle.classes, RunFixture::labels());
        const Predictor predictor(run, 1);
        QCOMPARE(predictor.labels(), RunFixture::labels());
        BundleConverter::fromRun(run).write(path(QStringLiteral("good.genrelab")));
        QCOMPARE(ModelBundle::read(path(QStringLiteral("good.genrelab"))).classes, RunFixture::labels());
    }

    // Item 2: each disagreement is refused by predict (Predictor) and by export, which
    // must not seal such a run into a bundle.
    void aConfigThatDisagreesWithItsWeightsIsRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("more labels than outputs") << "labels" << "best.pt was trained on blues, jazz, rock";
        QTest::newRow("more labels than outputs, a run from before the record") << "labels-old" << "needs [4";
        QTest::newRow("hidden size 4096") << "hidden" << "hidden size 4096";
        QTest::newRow("reordered labels") << "order" << "best.pt was trained on blues, jazz, rock";
        QTest::newRow("a NaN weight") << "nan" << "not a number";
        QTest::newRow("an absurd weight, no checksum") << "absurd" << "absurd value";
        QTest::newRow("one flipped byte") << "flip" << "do not match the checksum";
        QTest::newRow("best.pt is text") << "text" << "not a readable LibTorch model archive";
    }

    void aConfigThatDisagreesWithItsWeightsIsRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const QString run = RunFixture::write(path(QStringLiteral("bad-") + kind), path(QStringLiteral("dataset")));
        const QStringList labels = RunFixture::labels();
        if (kind == QLatin1String("nan")) {
            writeBestModel(run, labels, true, [](Network &net) { net.named_parameters()["out.bias"][1] = NAN; });
        } else if (kind == QLatin1String("absurd")) {
            writeBestModel(run, labels, false, [](Network &net) { net.named_parameters()["fc.weight"][0][0] = 3e30f; });
        } else if (kind == QLatin1String("flip")) {
            // A value that is easy to find in the archive's bytes, then one bit of it flipped
            // (−0.054 becomes something else entirely, as in the red team's file).
            writeBestModel(run, labels, true, [](Network &net) { net.named_parameters()["out.bias"].fill_(-0.0541f); });
            QByteArray bytes = readAll(RunDirectory(run).bestModelPath());
            const float value = -0.0541f;
            const qsizetype at = bytes.indexOf(QByteArray(reinterpret_cast<const char *>(&value), 4));
            QVERIFY(at > 0);
            bytes[at + 3] = char(bytes[at + 3] ^ 0x02);
            WavWriter::writeBytes(RunDirectory(run).bestModelPath(), bytes);
        } else if (kind == QLatin1String("text")) {
            WavWriter::writeBytes(RunDirectory(run).bestModelPath(), "not a model\n");
        } else {
            writeBestModel(run, labels, kind != QLatin1String("labels-old"));
        }
        if (kind.startsWith(QLatin1String("labels")))
            editConfig(run, [](QJsonObject &json) {
                json[QStringLiteral("labels")] = QJsonArray{QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock"), QStringLiteral("pop")};
            });
        if (kind == QLatin1String("hidden"))
            editConfig(run, [](QJsonObject &json) {
                QJsonObject network = json[QStringLiteral("network")].toObject();
                network[QStringLiteral("hidden")] = 4096;
                json[QStringLiteral("network")] = network;
            });
        if (kind == QLatin1String("order"))
            editConfig(run, [](QJsonObject &json) {
                json[QStringLiteral("labels")] = QJsonArray{QStringLiteral("jazz"), QStringLiteral("blues"), QStringLiteral("rock")};
            });

        const QString message = refusal([&] { Predictor predictor(run, 1); });
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("best.pt")) || message.contains(QStringLiteral("config.json")), qPrintable(message));
        QVERIFY(!refusal([&] { BundleConverter::fromRun(run); }).isEmpty());

        const QString bundle = path(QStringLiteral("export-") + kind + QStringLiteral(".genrelab"));
        const CliResult cli = runCli({QStringLiteral("export"), run, QStringLiteral("--bundle"), bundle});
        QCOMPARE(cli.status, 1);
        QVERIFY2(cli.output.contains(expected), qPrintable(cli.output));
        QVERIFY(!QFile::exists(bundle));
    }

    // Item 2, as a sweep (the fuzz target for run folders reads config.json and the CSVs;
    // LibTorch's headers keep best.pt out of the clang build, so its mutations are here):
    // seeded random damage to a good run — bytes flipped anywhere in best.pt (archive
    // headers included), best.pt cut short, hostile values in config.json's network and
    // labels. Each must either load and predict finite probabilities that sum to 1, or be
    // refused with a genrelab::Error naming one of the run's files; nothing else may
    // escape, and nothing may crash.
    void damagedRunsAreRefusedOrSound()
    {
        const QString good = goodRun(QStringLiteral("sweep-source"));
        const QByteArray weights = readAll(RunDirectory(good).bestModelPath());
        const QByteArray config = readAll(RunDirectory(good).configPath());
        QVERIFY(weights.size() > 1000 && !config.isEmpty());
        std::mt19937 random(19);
        const auto pick = [&](int n) { return int(random() % std::uint32_t(n)); };
        const QJsonValue hostile[] = {0, -1, 1, 3, 4096, 2147483647, 1e300, QStringLiteral("gru"), QJsonValue(), QJsonArray{1, 2}};
        const QStringList networkKeys = {QStringLiteral("hidden"), QStringLiteral("classes"), QStringLiteral("cell"), QStringLiteral("dropout"),
                                         QStringLiteral("network"), QStringLiteral("conv1"), QStringLiteral("conv2")};
        int loaded = 0, refused = 0;
        const QString run = path(QStringLiteral("sweep"));
        for (int trial = 0; trial < 300; ++trial) {
            QDir(run).removeRecursively();
            copyFolder(good, run);
            QByteArray damaged = weights;
            const int kind = trial % 4;
            if (kind == 0 || kind == 3)
                for (int flips = 1 + pick(4); flips > 0; --flips) {
                    const int at = pick(int(damaged.size()));
                    damaged[at] = char(damaged[at] ^ (1 << pick(8)));
                }
            if (kind == 1)
                damaged.truncate(pick(int(damaged.size())));
            WavWriter::writeBytes(RunDirectory(run).bestModelPath(), damaged);
            if (kind == 2 || kind == 3)
                editConfig(run, [&](QJsonObject &json) {
                    QJsonObject network = json[QStringLiteral("network")].toObject();
                    network[networkKeys[pick(int(networkKeys.size()))]] = hostile[pick(int(std::size(hostile)))];
                    json[QStringLiteral("network")] = network;
                    if (pick(3) == 0) {
                        QJsonArray labels;
                        for (int n = pick(6); n > 0; --n)
                            labels.append(pick(4) == 0 ? QStringLiteral("x,\"y\"\n%1") : QStringLiteral("c%1").arg(pick(3)));
                        json[QStringLiteral("labels")] = labels;
                    }
                });
            const QString what = QStringLiteral("trial %1 (kind %2)").arg(trial).arg(kind);
            try {
                const Predictor predictor(run, 1);
                TrackFeatures track;
                track.snippets = 1;
                track.values.assign(FeatureContract::valuesPerSnippet, -0.5f);
                const Predictor::TrackPrediction prediction = predictor.predict(track);
                QCOMPARE(prediction.meanProbabilities.size(), std::size_t(predictor.labels().size()));
                float sum = 0.0f;
                for (float p : prediction.meanProbabilities) {
                    QVERIFY2(std::isfinite(p) && p >= 0.0f, qPrintable(what));
                    sum += p;
                }
                QVERIFY2(std::abs(sum - 1.0f) < 1e-3f, qPrintable(what));
                ++loaded;
            } catch (const Error &error) {
                QVERIFY2(error.message().contains(QStringLiteral("best.pt")) || error.message().contains(QStringLiteral("config.json")),
                         qPrintable(what + u' ' + error.message()));
                ++refused;
            } catch (const std::exception &other) {
                QFAIL(qPrintable(what + QStringLiteral(": not a genrelab::Error: ") + QString::fromLocal8Bit(other.what())));
            }
        }
        qInfo("damaged runs: %d loaded soundly, %d refused", loaded, refused);
        QVERIFY(refused > 150); // most damage is caught (a flip in unused archive bytes may be harmless)
    }

    // Item 3: the streamed prediction of a file longer than one batch equals the whole-file
    // one, and the file's snippets are all counted.
    void predictionStreamsInBatchesAndAgrees()
    {
        const QString run = goodRun(QStringLiteral("stream"));
        const QString wav = path(QStringLiteral("long.wav"));
        const double seconds = double(Predictor::batchSnippets + 6) * FeatureContract::snippetSeconds() + 1.0;
        WavWriter().write(wav, WavWriter::generate(std::size_t(seconds * 22050), 1, [](std::size_t i, int) {
            return float(0.3 * std::sin(double(i) * 0.01 * (1.0 + double(i / 66150 % 7))));
        }));
        const Predictor predictor(run, 1);
        TrackFeatures streamed;
        const Predictor::TrackPrediction inBatches = predictor.predictFile(wav, streamed);
        const TrackFeatures whole = TrackFeaturizer().featurize(wav);
        const Predictor::TrackPrediction atOnce = predictor.predict(whole);
        QCOMPARE(streamed.snippets, Predictor::batchSnippets + 6);
        QVERIFY(streamed.values.empty());
        QCOMPARE(inBatches.snippetProbabilities.size(), whole.snippets);
        QCOMPARE(inBatches.label, atOnce.label);
        for (std::size_t c = 0; c < atOnce.meanProbabilities.size(); ++c)
            QVERIFY(std::fabs(inBatches.meanProbabilities[c] - atOnce.meanProbabilities[c]) < 1e-5f);
    }

    // Item 7: an "inf" (or a negative count, or a probability of 7) is a damaged file.
    void numbersReadFromARunAreChecked_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("metrics inf loss") << "metrics.csv" << "1,train,1.2" << "1,train,inf";
        QTest::newRow("metrics nan accuracy") << "metrics.csv" << "2,valid,1,0.625" << "2,valid,1,nan";
        QTest::newRow("confusion negative count") << "confusion.csv" << "blues,0" << "blues,-3";
        QTest::newRow("prediction probability 7") << "predictions.csv" << "0.80000" << "7.00000";
    }

    void numbersReadFromARunAreChecked()
    {
        QFETCH(QString, file);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const QString run = RunFixture::write(path(QStringLiteral("numbers-") + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')),
                                              path(QStringLiteral("dataset")));
        const QString csv = run + u'/' + file;
        QString text = QString::fromUtf8(readAll(csv));
        QVERIFY2(text.contains(from), qPrintable(text));
        text.replace(text.indexOf(from), from.size(), to);
        WavWriter::writeBytes(csv, text.toUtf8());
        const QString message = refusal([&] { RunResults::load(run); });
        QVERIFY2(message.contains(file) && message.contains(QStringLiteral("is not a valid")), qPrintable(message));

        // Before, `report` never ended on an inf; now it refuses within the time limit.
        const CliResult cli = runCli({QStringLiteral("report"), run, QStringLiteral("--out"), path(QStringLiteral("r.html"))}, 60000);
        QVERIFY2(cli.finished, "report did not end");
        QCOMPARE(cli.status, 1);
        QVERIFY2(cli.output.contains(file), qPrintable(cli.output));
    }

    // Item 4: capped in the core (every thread pool and LibTorch), and the CLI says so.
    void threadCountsAreCapped()
    {
        QCOMPARE(boundedThreadCount(100000), maxThreadCount());
        QVERIFY(maxThreadCount() <= std::max(4, 4 * QThread::idealThreadCount()));
        std::mutex mutex;
        std::set<std::thread::id> seen;
        runOnWorkerThreads(100000, [&](int) {
            std::lock_guard lock(mutex);
            seen.insert(std::this_thread::get_id());
        });
        QVERIFY(int(seen.size()) <= maxThreadCount());
        QCOMPARE(TorchRuntime::setThreads(100000), maxThreadCount());
        TorchRuntime::setThreads(2);

        const QString run = goodRun(QStringLiteral("threads"));
        const QString wav = path(QStringLiteral("short.wav"));
        WavWriter().write(wav, WavWriter::sine(440, 0.3, 22050, 4.0));
        const CliResult cli = runCli({QStringLiteral("predict"), run, wav, QStringLiteral("--threads"), QStringLiteral("100000")});
        QVERIFY2(cli.finished && cli.status == 0, qPrintable(cli.output));
        QVERIFY2(cli.output.contains(QStringLiteral("more than 4 per core; using %1").arg(maxThreadCount())), qPrintable(cli.output));
    }
};


// Item 11 and item 5 work on a real cache of a small generated dataset.
namespace {

std::vector<std::vector<float>> featuresOf(const FeatureCache &cache)
{
    std::vector<std::vector<float>> all;
    for (int t = 0; t < cache.trackCount(); ++t)
        all.emplace_back(cache.trackFeatures(t).begin(), cache.trackFeatures(t).end());
    return all;
}

// Rewrites a cache's payload with `change` applied to every track's features and the
// checksums made to fit again: a cache that is intact by every check, holding what a
// faulty featuriser (or a forger) put there.
void rewriteFeatures(const QString &path, const std::function<void(std::vector<float> &)> &change)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    FeatureCacheFormat::Header header;
    QVERIFY(FeatureCacheFormat::decodeHeader(file.read(64), header));
    file.seek(qint64(header.tableOffset));
    std::vector<CachedTrack> tracks;
    QVERIFY(FeatureCacheFormat::decodeTable(file.read(qint64(header.tableBytes)), header.trackCount, tracks));
    for (CachedTrack &track : tracks) {
        std::vector<float> values(track.snippetCount * FeatureContract::valuesPerSnippet);
        const qint64 at = qint64(header.dataOffset + track.firstSnippet * FeatureContract::valuesPerSnippet * sizeof(float));
        file.seek(at);
        file.read(reinterpret_cast<char *>(values.data()), qint64(values.size() * sizeof(float)));
        change(values);
        file.seek(at);
        file.write(reinterpret_cast<const char *>(values.data()), qint64(values.size() * sizeof(float)));
        track.checksum = FeatureCacheFormat::checksum(values);
    }
    const QByteArray table = FeatureCacheFormat::encodeTable(tracks);
    QCOMPARE(quint64(table.size()), header.tableBytes);
    file.seek(qint64(header.tableOffset));
    file.write(table);
}

void flipByte(const QString &path, qint64 at)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.seek(at);
    char byte = 0;
    QVERIFY(file.getChar(&byte));
    file.seek(at);
    QVERIFY(file.putChar(char(byte ^ 0x10)));
}

} // namespace

class TestDamagedFeatures : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_root;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("xdg-data")).toUtf8());
        qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("xdg-cache")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("xdg-config")).toUtf8());
        m_root = m_dir.filePath(QStringLiteral("dataset"));
        DatasetFixture::writeLabelled(m_root, {QStringLiteral("low"), QStringLiteral("high")}, 3, 7.0);
    }

    // One flipped bit in a track's features (the red team used 12 of 33 such caches):
    // open() cannot see it (the data is mapped, not read), the builder's check does.
    void aDamagedTrackIsFeaturisedAgain()
    {
        const QString cache = m_dir.filePath(QStringLiteral("payload.glfc"));
        const auto opened = DatasetOpener::open(m_root, 2, nullptr, cache);
        const auto before = featuresOf(*opened.cache);
        const CachedTrack &victim = opened.cache->track(3);
        QVERIFY(victim.snippetCount > 0);
        flipByte(cache, qint64(FeatureCacheFormat::headerBytes + (victim.firstSnippet + 1) * FeatureContract::valuesPerSnippet * 4 + 1001));

        QVERIFY(!FeatureCache::open(cache).verifyTrack(3));
        QVERIFY(FeatureCache::open(cache).verifyTrack(2));
        const auto rebuilt = FeatureCacheBuilder::build(opened.dataset, cache, 2);
        QCOMPARE(rebuilt.repaired, 1);
        QCOMPARE(rebuilt.computed, 1);
        QCOMPARE(rebuilt.reused, opened.cache->trackCount() - 1);
        QVERIFY2(rebuilt.summary().contains(QStringLiteral("1 damaged in the cache")), qPrintable(rebuilt.summary()));
        const FeatureCache again = FeatureCache::open(cache);
        for (int t = 0; t < again.trackCount(); ++t) {
            QVERIFY(again.verifyTrack(t));
            const int was = opened.cache->findTrack(again.track(t).path);
            QVERIFY(std::equal(again.trackFeatures(t).begin(), again.trackFeatures(t).end(), before[std::size_t(was)].begin()));
        }
    }

    void aDamagedTrackTableRebuildsTheCache()
    {
        const QString cache = m_dir.filePath(QStringLiteral("table.glfc"));
        const auto opened = DatasetOpener::open(m_root, 2, nullptr, cache);
        const qint64 size = QFileInfo(cache).size();
        flipByte(cache, size - 40); // inside the last entry, not in the table's own checksum
        QString message;
        try {
            FeatureCache::open(cache);
        } catch (const Error &error) {
            message = error.message();
        }
        QVERIFY2(message.contains(QStringLiteral("track table is damaged")), qPrintable(message));
        const auto rebuilt = FeatureCacheBuilder::build(opened.dataset, cache, 2);
        QVERIFY(!rebuilt.oldCacheProblem.isEmpty());
        QCOMPARE(rebuilt.computed, opened.cache->trackCount());
    }

    // Item 5: features that are NaN behind valid checksums make the loss NaN: training
    // stops with the reason and status 1, and leaves no run that looks trained.
    void aNaNLossStopsTrainingWithAnError()
    {
        const QString cachePath = FeatureCache::defaultPathFor(m_root);
        DatasetOpener::open(m_root, 2, nullptr);
        rewriteFeatures(cachePath, [](std::vector<float> &values) {
            for (std::size_t i = 0; i < values.size(); i += 997)
                values[i] = std::nanf("");
        });
        QVERIFY(FeatureCache::open(cachePath).verifyTrack(0));
        const QString run = m_dir.filePath(QStringLiteral("nan-run"));
        const CliResult cli = runCli({QStringLiteral("train"), m_root, QStringLiteral("--out"), run, QStringLiteral("--epochs"),
                                      QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--batch"),
                                      QStringLiteral("4")});
        QCOMPARE(cli.status, 1);
        QVERIFY2(cli.output.contains(QStringLiteral("training diverged: the training loss became nan in epoch 1")), qPrintable(cli.output));
        QVERIFY(!QFile::exists(RunDirectory(run).bestModelPath()));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        TestHostileRuns runs;
        status |= QTest::qExec(&runs, argc, argv);
    }
    {
        TestDamagedFeatures features;
        status |= QTest::qExec(&features, argc, argv);
    }
    return status;
}
#include "tst_hostileruns.moc"
