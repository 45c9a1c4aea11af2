// The training engine on a small dataset of real (synthetic) audio: the loss falls,
// the run folder is complete, runs are deterministic, stop keeps the model, options
// work, and a run killed with SIGKILL resumes with every epoch recorded exactly once.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "data/DatasetOpener.h"
#include "data/TrackFeaturizer.h"
#include "ml/ModelBundle.h"
#include "io/NpyFile.h"
#include "ml/Predictor.h"
#include "ml/RunDirectory.h"
#include "ml/Trainer.h"
#include "ml/TrainingData.h"
#include "ml/TrainingPresets.h"
#include "ml/TrainingSession.h"
#include "ml/RunResults.h"
#include "models/RunListModel.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <csignal>

using namespace genrelab;
using namespace genrelab::test;

class TestTrainer : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_dataset;
    DatasetOpener::Opened m_opened;

    std::shared_ptr<const TrainingData> data(DataSplit::Kind kind = DataSplit::Kind::Track)
    {
        return std::make_shared<const TrainingData>(m_opened.dataset, m_opened.cache, DataSplit::make(kind, m_opened.dataset, 1));
    }

    TrainingConfig config(int epochs)
    {
        TrainingConfig c;
        c.datasetRoot = m_dataset;
        c.epochs = epochs;
        c.batch = 16;
        c.threads = 1;
        return c;
    }

    std::vector<EpochMetrics> train(const TrainingConfig &c, const QString &runName, bool *stoppedEarly = nullptr,
                                    std::function<void(Trainer &)> onFirstEpoch = {})
    {
        const QString runDir = m_dir.filePath(runName);
        auto d = data(c.split);
        RunDirectory(runDir).create(c, m_opened.dataset.labels(), {});
        Trainer trainer(c, d, runDir);
        std::vector<EpochMetrics> metrics;
        QString failure;
        connect(&trainer, &Trainer::epochFinished, this, [&](const EpochMetrics &m) {
            metrics.push_back(m);
            if (metrics.size() == 1 && onFirstEpoch)
                onFirstEpoch(trainer);
        });
        connect(&trainer, &Trainer::failed, this, [&](const QString &reason) { failure = reason; });
        connect(&trainer, &Trainer::finished, this, [&](const QString &, bool early) {
            if (stoppedEarly)
                *stoppedEarly = early;
        });
        trainer.run(); // directly, as the CLI's worker thread does
        if (!failure.isEmpty())
            qWarning("training failed: %s", qPrintable(failure));
        return metrics;
    }

    QString cli() const { return QStringLiteral(GENRELAB_CLI); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_dataset = m_dir.filePath(QStringLiteral("tones"));
        DatasetFixture::writeLabelled(m_dataset, {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 10, 6.2);
        m_opened = DatasetOpener::open(m_dataset, 2, nullptr, m_dir.filePath(QStringLiteral("tones.glfc")));
        QCOMPARE(m_opened.dataset.snippetCount(), 60);
    }

    void lossFallsAndTheRunFolderIsComplete()
    {
        const auto metrics = train(config(4), QStringLiteral("run-a"));
        QCOMPARE(metrics.size(), std::size_t(4));
        QVERIFY2(metrics.back().trainLoss < 0.7 * metrics.front().trainLoss,
                 qPrintable(QStringLiteral("%1 → %2").arg(metrics.front().trainLoss).arg(metrics.back().trainLoss)));
        const RunDirectory run(m_dir.filePath(QStringLiteral("run-a")));
        for (const char *file : {"config.json", "metrics.csv", "confusion.csv", "predictions.csv", "checkpoint.pt", "best.pt"})
            QVERIFY2(QFile::exists(QDir(run.path()).filePath(QString::fromLatin1(file))), file);
        QCOMPARE(run.readMetrics().size(), std::size_t(4));
        QCOMPARE(run.readLabels(), m_opened.dataset.labels());
        QCOMPARE(run.readConfig().epochs, 4);
    }

    // Uses run-a from the test above.
    void predictAndEvaluateFromTheCommandLine()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("run-a"));
        const QString high = m_dataset + QStringLiteral("/high/high.00001.wav");
        const QString missing = m_dataset + QStringLiteral("/nope.wav");
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("predict"), runDir, missing, high, QStringLiteral("--json")}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("\"error\":\"file not found\"")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("\"genre\":\"high\"")), qPrintable(log)); // the rest goes on, and is right
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("evaluate"), runDir, QStringLiteral("--split"), QStringLiteral("all")}, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("snippet accuracy")) && log.contains(QStringLiteral("(60 snippets)")), qPrintable(log));
        // A cut file is answered from what it holds, with a warning that names it.
        const QString cut = m_dir.filePath(QStringLiteral("cut.au"));
        DatasetFixture::writeTruncatedAu(cut, 30.0, 7.0);
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("predict"), runDir, cut}, &log), 0);
        QVERIFY2(log.contains(QStringLiteral("warning: ") + cut + QStringLiteral(": the audio ends at 7.00 s although the header says 30.00 s")),
                 qPrintable(log));
        QVERIFY2(log.contains(cut + QStringLiteral(": ")) && log.contains(QStringLiteral("top 3")), qPrintable(log));
    }

    // The PyTorch export loads into ../shared/bench/peer_train.py's CRNN module and gives
    // the C++ model's probabilities on the same input to 1e-4.
    void pytorchExportMatchesInPython()
    {
        const QString peer = SharedData::benchScript(QStringLiteral("peer_train.py"));
        QString probe;
        if (peer.isEmpty() || SharedData::runProgram(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch, numpy")}, &probe) != 0)
            QSKIP("needs ../shared/bench/peer_train.py and /usr/bin/python3 with torch and numpy");
        const QString runDir = m_dir.filePath(QStringLiteral("run-a"));
        const QString pt = m_dir.filePath(QStringLiteral("model.pt"));
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("export"), runDir, QStringLiteral("--pytorch"), pt}, &log), 0);

        TrackFeaturizer featurizer;
        const TrackFeatures features = featurizer.featurize(m_dataset + QStringLiteral("/mid/mid.00002.wav"));
        const std::array<std::size_t, 3> shape = {features.snippets, 130, 100};
        const QString npy = m_dir.filePath(QStringLiteral("input.npy"));
        NpyFile::writeFloat32(npy, shape, features.values);
        const Predictor predictor(runDir, 1);
        const auto ours = predictor.predict(features);

        const QString script = QStringLiteral(
            "import sys, numpy as np, torch\n"
            "exec(open(sys.argv[1]).read().split('ap = argparse')[0])\n"
            "ckpt = torch.load(sys.argv[2])\n"
            "m = CRNN(classes=len(ckpt['classes'])); m.load_state_dict(ckpt['state_dict']); m.eval()\n"
            "x = torch.from_numpy(np.load(sys.argv[3])).reshape(-1, 1, 130, 100)\n"
            "with torch.no_grad(): p = torch.softmax(m(x), 1)\n"
            "print(','.join(ckpt['classes']), ckpt['contract']['n_mels'])\n"
            "print(' '.join('%.8f' % v for v in p.flatten().tolist()))\n");
        QCOMPARE(SharedData::runProgram(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, peer, pt, npy}, &log), 0);
        const QStringList lines = log.trimmed().split(u'\n');
        QCOMPARE(lines.value(lines.size() - 2), QStringLiteral("high,low,mid 100"));
        const QStringList theirs = lines.last().split(u' ');
        QCOMPARE(theirs.size(), qsizetype(features.snippets * 3));
        double worst = 0.0;
        for (std::size_t s = 0; s < features.snippets; ++s)
            for (int c = 0; c < 3; ++c)
                worst = std::max(worst, std::abs(theirs[qsizetype(s * 3 + std::size_t(c))].toDouble() - ours.snippetProbabilities[s][std::size_t(c)]));
        qInfo("max |C++ − Python| over %zu probabilities: %.2e", features.snippets * 3, worst);
        QVERIFY(worst < 1e-4);
    }

    // Uses run-a. A bundle predicts exactly what its run predicts, carries what a reader
    // needs to trust it, and one whose weights do not fit its network is refused.
    void bundleCarriesTheModelAndItsStory()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("run-a"));
        const QString bundlePath = m_dir.filePath(QStringLiteral("run-a.genrelab"));
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("export"), runDir, QStringLiteral("--bundle"), bundlePath}, &log), 0);
        const ModelBundle bundle = ModelBundle::read(bundlePath);
        QCOMPARE(bundle.classes, m_opened.dataset.labels());
        QCOMPARE(bundle.metadata.value(QStringLiteral("split")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("track"));
        QCOMPARE(bundle.metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("epochs")).toInt(), 4);
        QVERIFY(bundle.metadata.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("test_snippet_accuracy")));
        QVERIFY(!bundle.metadata.value(QStringLiteral("versions")).toObject().value(QStringLiteral("libtorch")).toString().isEmpty());

        const TrackFeatures features = TrackFeaturizer().featurize(m_dataset + QStringLiteral("/low/low.00003.wav"));
        const auto fromRun = Predictor(runDir, 1).predict(features);
        const auto fromBundle = Predictor(bundlePath, 1).predict(features);
        QCOMPARE(fromBundle.snippetProbabilities, fromRun.snippetProbabilities); // bit for bit

        ModelBundle misfit = bundle;
        misfit.network.hidden = 32; // the stored GRU weights are for 64
        misfit.write(m_dir.filePath(QStringLiteral("misfit.genrelab")));
        try {
            Predictor predictor(m_dir.filePath(QStringLiteral("misfit.genrelab")), 1);
            QFAIL("a bundle whose weights do not fit was loaded");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::Corrupt);
            QVERIFY2(error.message().contains(QStringLiteral("wrong shape")), qPrintable(error.message()));
        }
        QFile garbage(m_dir.filePath(QStringLiteral("garbage.genrelab")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(5000, 'x'));
        garbage.close();
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("predict"), garbage.fileName(), m_dataset + QStringLiteral("/low/low.00003.wav")}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("not a GenreLab model bundle")), qPrintable(log));
    }

    void sameSeedSameMetrics()
    {
        const auto a = train(config(2), QStringLiteral("det-a"));
        const auto b = train(config(2), QStringLiteral("det-b"));
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].trainLoss, b[i].trainLoss);
            QCOMPARE(a[i].validAccuracy, b[i].validAccuracy);
        }
    }

    void stopKeepsAndEvaluatesTheModel()
    {
        bool stoppedEarly = false;
        const auto metrics = train(config(10), QStringLiteral("stop"), &stoppedEarly, [](Trainer &t) { t.requestStop(); });
        QVERIFY(stoppedEarly);
        QVERIFY(metrics.size() < 10);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("stop/best.pt"))));
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("stop/confusion.csv"))));
    }

    void earlyStoppingWeightDecayAndAugmentation()
    {
        TrainingConfig c = config(30);
        c.earlyStopping = 1;
        c.weightDecay = 1e-4;
        c.augment = true;
        bool stoppedEarly = false;
        const auto metrics = train(c, QStringLiteral("options"), &stoppedEarly);
        QVERIFY2(metrics.size() < 30 && stoppedEarly, "patience 1 stops long before 30 epochs");
        // Augmentation changes the gathered snippet, deterministically per seed.
        const auto d = data();
        std::vector<float> plain(13000), augmentedA(13000), augmentedB(13000);
        const int first[] = {0};
        d->gather(SplitPart::Train, first, plain.data());
        d->gather(SplitPart::Train, first, augmentedA.data(), 42);
        d->gather(SplitPart::Train, first, augmentedB.data(), 42);
        QVERIFY(plain != augmentedA);
        QCOMPARE(augmentedA, augmentedB);
    }

    // mixup (issue 22, item 4): recorded in config.json, reproducible for a seed, a
    // different training from the plain one, and a finite loss that falls.
    void mixupTrainsReproduciblyAndIsRecorded()
    {
        TrainingConfig c = config(4);
        c.mixup = 0.4;
        const auto mixedA = train(c, QStringLiteral("mixup-a"));
        const auto mixedB = train(c, QStringLiteral("mixup-b"));
        c.mixup = 0.0;
        const auto plain = train(c, QStringLiteral("mixup-off"));
        QCOMPARE(mixedA.size(), std::size_t(4));
        QCOMPARE(mixedB.size(), mixedA.size());
        for (std::size_t e = 0; e < mixedA.size(); ++e) {
            QCOMPARE(mixedA[e].trainLoss, mixedB[e].trainLoss);
            QVERIFY(std::isfinite(mixedA[e].trainLoss) && std::isfinite(mixedA[e].validLoss));
        }
        QVERIFY(mixedA.front().trainLoss != plain.front().trainLoss);
        QVERIFY2(mixedA.back().validLoss < mixedA.front().validLoss,
                 qPrintable(QStringLiteral("%1 → %2").arg(mixedA.front().validLoss).arg(mixedA.back().validLoss)));
        QCOMPARE(RunDirectory(m_dir.filePath(QStringLiteral("mixup-a"))).readConfig().mixup, 0.4);
        QCOMPARE(RunDirectory(m_dir.filePath(QStringLiteral("mixup-off"))).readConfig().mixup, 0.0);
        c.mixup = 11.0;
        QVERIFY_THROWS_EXCEPTION(Error, c.validate());
    }

    void seedSplitTrainsAndLeaks()
    {
        const auto d = data(DataSplit::Kind::Seed);
        QVERIFY(!d->items(SplitPart::Test).empty());
        TrainingConfig c = config(1);
        c.split = DataSplit::Kind::Seed;
        QCOMPARE(train(c, QStringLiteral("seed")).size(), std::size_t(1));
    }

    // kill -9 in the middle of training (and so, sometimes, of a checkpoint write),
    // then --resume: every epoch is in metrics.csv exactly once and the run finishes.
    void resumesAfterKill9()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("killed"));
        QProcess first;
        first.setProcessChannelMode(QProcess::MergedChannels);
        first.start(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir, QStringLiteral("--epochs"),
                            QStringLiteral("6"), QStringLiteral("--batch"), QStringLiteral("16"), QStringLiteral("--threads"),
                            QStringLiteral("1")});
        QVERIFY(first.waitForStarted());
        QString output;
        // The line that ends epoch 2 ("epoch 2/6  train loss …"), not a progress line of
        // its batches: under load the kill otherwise landed in epoch 2 (one epoch kept).
        QTRY_VERIFY_WITH_TIMEOUT((output += QString::fromUtf8(first.readAll())).contains(QStringLiteral("epoch 2/6  train loss")), 120000);
        QTest::qWait(150); // land somewhere inside epoch 3
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished());
        QVERIFY(!QFile::exists(runDir + QStringLiteral("/confusion.csv")));
        const std::size_t before = RunDirectory(runDir).readMetrics().size();
        QVERIFY2(before >= 2 && before < 6, qPrintable(QString::number(before)));

        QString log;
        const int rc = SharedData::runProgram(cli(), {QStringLiteral("train"), QStringLiteral("--resume"), runDir,
                                                      QStringLiteral("--threads"), QStringLiteral("1")},
                                              &log, 300000);
        QVERIFY2(rc == 0, qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("training epochs %1–6").arg(before + 1)), qPrintable(log));
        const auto metrics = RunDirectory(runDir).readMetrics();
        QCOMPARE(metrics.size(), std::size_t(6));
        for (int i = 0; i < 6; ++i)
            QCOMPARE(metrics[std::size_t(i)].epoch, i + 1);
        QVERIFY(QFile::exists(runDir + QStringLiteral("/confusion.csv")));
    }

    // --preset study (issue 22, item 7): the study's recipe in config.json — its leaky seed
    // split flagged in the output — with options given beside it still applied; resuming
    // such a run with the same preset is no conflict, another split is; an unknown preset
    // is refused naming the one there is.
    void studyPresetIsTheStudysRecipe()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("study"));
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir, QStringLiteral("--preset"),
                                                QStringLiteral("study"), QStringLiteral("--epochs"), QStringLiteral("1"),
                                                QStringLiteral("--threads"), QStringLiteral("1")},
                                        &log, 300000),
                 0);
        QVERIFY2(log.contains(QStringLiteral("warning: ") + DataSplit::leakageWarning()), qPrintable(log));
        const TrainingConfig saved = RunDirectory(runDir).readConfig();
        QCOMPARE(saved.split, DataSplit::Kind::Seed);
        QCOMPARE(saved.batch, 64);
        QCOMPARE(saved.learningRate, 1e-3);
        QCOMPARE(saved.seed, std::uint64_t(1));
        QCOMPARE(saved.epochs, 1);
        QCOMPARE(saved.network.cell, CrnnOptions::Cell::Gru);
        QVERIFY(!saved.augment && saved.earlyStopping == 0 && saved.weightDecay == 0.0 && saved.network.dropout == 0.0);

        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), QStringLiteral("--resume"), runDir, QStringLiteral("--preset"),
                                                QStringLiteral("study"), QStringLiteral("--epochs"), QStringLiteral("2"),
                                                QStringLiteral("--threads"), QStringLiteral("1")},
                                        &log, 300000),
                 0);
        QCOMPARE(RunDirectory(runDir).readMetrics().size(), std::size_t(2));
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), QStringLiteral("--resume"), runDir, QStringLiteral("--preset"),
                                                QStringLiteral("study"), QStringLiteral("--split"), QStringLiteral("track"),
                                                QStringLiteral("--epochs"), QStringLiteral("3")},
                                        &log),
                 2);
        QVERIFY2(log.contains(QStringLiteral("--split")), qPrintable(log));

        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("batch32")),
                                                QStringLiteral("--preset"), QStringLiteral("study"), QStringLiteral("--batch"),
                                                QStringLiteral("32"), QStringLiteral("--epochs"), QStringLiteral("1"),
                                                QStringLiteral("--threads"), QStringLiteral("1")},
                                        &log, 300000),
                 0);
        QCOMPARE(RunDirectory(m_dir.filePath(QStringLiteral("batch32"))).readConfig().batch, 32);
        QCOMPARE(RunDirectory(m_dir.filePath(QStringLiteral("batch32"))).readConfig().split, DataSplit::Kind::Seed);

        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("best")),
                                                QStringLiteral("--preset"), QStringLiteral("best")},
                                        &log),
                 2);
        QVERIFY2(log.contains(QStringLiteral("study")), qPrintable(log));
    }

    // A preset sets the recipe and keeps what belongs to the data and the machine; the
    // recommended recipe's 40 epochs yield to a count already chosen; an unknown name is
    // refused naming the presets there are.
    void presetsSetTheRecipeAndKeepTheDataAndTheMachine()
    {
        TrainingConfig mine;
        mine.network.classes = 7;
        mine.threads = 3;
        mine.batch = 16;
        mine.augment = true;
        mine.labels.minimumTracks = 9;
        const TrainingConfig study = TrainingPresets::apply(QStringLiteral("study"), mine);
        QCOMPARE(study.split, DataSplit::Kind::Seed);
        QCOMPARE(study.batch, 64);
        QVERIFY(!study.augment && !study.refit);
        QCOMPARE(study.network.classes, 7);
        QCOMPARE(study.threads, 3);
        QCOMPARE(study.labels.minimumTracks, 9);
        const TrainingConfig recommended = TrainingPresets::apply(QStringLiteral("recommended"), mine);
        QCOMPARE(recommended.split, DataSplit::Kind::Track);
        QCOMPARE(recommended.epochs, 40);
        QCOMPARE(recommended.mixup, 0.3);
        QCOMPARE(recommended.network.dropout, 0.3);
        QVERIFY(recommended.refit && !recommended.augment);
        QCOMPARE(recommended.network.classes, 7);
        mine.epochs = 12;
        QCOMPARE(TrainingPresets::apply(QStringLiteral("recommended"), mine).epochs, 12);
        try {
            TrainingPresets::apply(QStringLiteral("best"), mine);
            QFAIL("an unknown preset was accepted");
        } catch (const Error &error) {
            QVERIFY2(error.message().contains(QStringLiteral("study and recommended")), qPrintable(error.message()));
        }
    }

    // --preset recommended (issue 22, item 7): the recipe cross-validation chose — split by
    // track, mixup 0.3, dropout 0.3, 40 epochs unless --epochs says otherwise — refit on
    // train + validation, so the run's best.pt is the refit model and selected.pt the one
    // validation chose.
    void recommendedPresetIsTheCrossValidatedRecipe()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("recommended"));
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir, QStringLiteral("--preset"),
                                                QStringLiteral("recommended"), QStringLiteral("--epochs"), QStringLiteral("2"),
                                                QStringLiteral("--threads"), QStringLiteral("1")},
                                        &log, 300000),
                 0);
        QVERIFY2(!log.contains(DataSplit::leakageWarning()), qPrintable(log));
        const TrainingConfig saved = RunDirectory(runDir).readConfig();
        QCOMPARE(saved.split, DataSplit::Kind::Track);
        QCOMPARE(saved.epochs, 2);
        QCOMPARE(saved.mixup, 0.3);
        QCOMPARE(saved.network.dropout, 0.3);
        QCOMPARE(saved.network.architecture, CrnnOptions{}.architecture);
        QVERIFY(saved.refit);
        QVERIFY2(saved.refitEpochs >= 1 && saved.refitEpochs <= 2, qPrintable(log));
        QVERIFY(QFile::exists(QDir(runDir).filePath(QStringLiteral("selected.pt"))));
        QVERIFY(QFile::exists(QDir(runDir).filePath(QStringLiteral("refit-predictions.csv"))));
        // Its refit cannot go with the seed split, and the refusal says where the refit came from.
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("never")),
                                                QStringLiteral("--preset"), QStringLiteral("recommended"), QStringLiteral("--split"), QStringLiteral("seed")},
                                        &log),
                 2);
        QVERIFY2(log.contains(QStringLiteral("--refit (part of --preset recommended) needs a split by track")), qPrintable(log));
    }

    void badArgumentsAreRefused()
    {
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"),
                                                m_dir.filePath(QStringLiteral("x")), QStringLiteral("--split"), QStringLiteral("random")},
                                        &log),
                 2);
        QVERIFY2(log.contains(QStringLiteral("--split takes track, artist, filtered, official or seed")), qPrintable(log));
        // Debian's LibTorch is CPU-only: asking for CUDA says so instead of crashing (where
        // a CUDA LibTorch and a GPU are present, the run simply succeeds).
        const int rc = SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"),
                                                      m_dir.filePath(QStringLiteral("gpu")), QStringLiteral("--device"),
                                                      QStringLiteral("cuda"), QStringLiteral("--epochs"), QStringLiteral("1")},
                                              &log);
        QVERIFY2(rc == 0 || (rc == 1 && log.contains(QStringLiteral("use --device cpu"))), qPrintable(log));
        // A start that fails leaves no folder behind that would later look like a run.
        QVERIFY2(rc == 0 || !QFileInfo::exists(m_dir.filePath(QStringLiteral("gpu"))), qPrintable(log));
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dir.filePath(QStringLiteral("no-such-dataset")),
                                                QStringLiteral("--out"), m_dir.filePath(QStringLiteral("nodata"))},
                                        &log),
                 1);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("nodata"))));
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), QStringLiteral("--resume"), m_dir.filePath(QStringLiteral("none"))}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("not a GenreLab run folder")), qPrintable(log));
    }

    void optionValuesAreChecked_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("threads word") << QStringList{QStringLiteral("--threads"), QStringLiteral("abc")} << QStringLiteral("--threads takes");
        QTest::newRow("threads zero") << QStringList{QStringLiteral("--threads"), QStringLiteral("0")} << QStringLiteral("--threads takes");
        QTest::newRow("threads negative") << QStringList{QStringLiteral("--threads"), QStringLiteral("-3")} << QStringLiteral("--threads takes");
        QTest::newRow("epochs word") << QStringList{QStringLiteral("--epochs"), QStringLiteral("many")} << QStringLiteral("--epochs takes");
        QTest::newRow("epochs fraction") << QStringList{QStringLiteral("--epochs"), QStringLiteral("2.5")} << QStringLiteral("--epochs takes");
        QTest::newRow("batch zero") << QStringList{QStringLiteral("--batch"), QStringLiteral("0")} << QStringLiteral("--batch takes");
        QTest::newRow("lr word") << QStringList{QStringLiteral("--lr"), QStringLiteral("fast")} << QStringLiteral("--lr takes");
        QTest::newRow("lr nan") << QStringList{QStringLiteral("--lr"), QStringLiteral("nan")} << QStringLiteral("--lr takes");
        QTest::newRow("dropout one") << QStringList{QStringLiteral("--dropout"), QStringLiteral("1")} << QStringLiteral("--dropout takes");
        QTest::newRow("seed negative") << QStringList{QStringLiteral("--seed"), QStringLiteral("-1")} << QStringLiteral("--seed takes");
        QTest::newRow("cell") << QStringList{QStringLiteral("--cell"), QStringLiteral("rnn")} << QStringLiteral("--cell takes gru or lstm");
    }

    // Every option value is checked before anything is made: "abc" or 0 threads is an
    // error (status 2), never silently "all cores".
    void optionValuesAreChecked()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        const QString runDir = m_dir.filePath(QStringLiteral("bad-option"));
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), QStringList{QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir} + options, &log), 2);
        QVERIFY2(log.contains(message), qPrintable(log));
        QVERIFY(!QFileInfo::exists(runDir));
    }

    // train --out into an earlier run refuses (status 2, naming --resume) and leaves every
    // file as it was; --force moves the earlier run aside, never deletes it.
    void aNewRunNeverReplacesAnEarlierOne()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("earlier"));
        const QStringList args = {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir, QStringLiteral("--epochs"),
                                  QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1")};
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), args, &log), 0);
        const auto snapshot = [](const QString &dir) {
            QMap<QString, QByteArray> files;
            for (const QString &name : QDir(dir).entryList(QDir::Files)) {
                QFile f(QDir(dir).filePath(name));
                f.open(QIODevice::ReadOnly);
                files[name] = f.readAll();
            }
            return files;
        };
        const auto before = snapshot(runDir);
        QVERIFY(before.contains(QStringLiteral("best.pt")));
        QCOMPARE(SharedData::runProgram(cli(), args + QStringList{QStringLiteral("--seed"), QStringLiteral("5")}, &log), 2);
        QVERIFY2(log.contains(QStringLiteral("--resume")) && log.contains(QStringLiteral("never overwritten")), qPrintable(log));
        QCOMPARE(snapshot(runDir), before);

        QCOMPARE(SharedData::runProgram(cli(), args + QStringList{QStringLiteral("--force")}, &log), 0);
        const QStringList aside = QDir(m_dir.path()).entryList({QStringLiteral("earlier.previous-*")}, QDir::Dirs);
        QCOMPARE(aside.size(), 1);
        QCOMPARE(snapshot(m_dir.filePath(aside.first())), before);
        QVERIFY(QFile::exists(runDir + QStringLiteral("/best.pt")));
    }

    // --resume keeps the run's settings: conflicting options are named and refused; a
    // finished run is only extended by an explicit --epochs, which config.json records.
    void resumeRefusesConflictsAndExtendsExplicitly()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("extend"));
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir, QStringLiteral("--epochs"),
                                                QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1")},
                                        &log),
                 0);
        const QStringList resume = {QStringLiteral("train"), QStringLiteral("--resume"), runDir, QStringLiteral("--threads"), QStringLiteral("1")};
        QCOMPARE(SharedData::runProgram(cli(), resume, &log), 2);
        QVERIFY2(log.contains(QStringLiteral("finished all 1 epochs")) && log.contains(QStringLiteral("--epochs")), qPrintable(log));
        QCOMPARE(SharedData::runProgram(cli(), resume + QStringList{QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--lr"),
                                                                    QStringLiteral("0.5"), QStringLiteral("--cell"), QStringLiteral("lstm")},
                                        &log),
                 2);
        QVERIFY2(log.contains(QStringLiteral("--lr, --cell differ")), qPrintable(log));
        QCOMPARE(RunDirectory(runDir).readMetrics().size(), std::size_t(1));
        // An option equal to the run's own setting is no conflict.
        QCOMPARE(SharedData::runProgram(cli(), resume + QStringList{QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--lr"),
                                                                    QStringLiteral("0.001")},
                                        &log),
                 0);
        QCOMPARE(RunDirectory(runDir).readMetrics().size(), std::size_t(2));
        QCOMPARE(RunDirectory(runDir).readConfig().epochs, 2);
        QFile config(runDir + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(config.readAll().contains("epochs 1 -> 2"));
    }

    // Stopped inside its first epoch, a run has nothing to keep: the folder is removed,
    // and a folder without a completed epoch is never listed or opened as a result.
    void aRunWithoutACompletedEpochIsNoResult()
    {
        const QString runDir = m_dir.filePath(QStringLiteral("unstarted"));
        TrainingSession session(config(3), m_opened.dataset, m_opened.cache, runDir, TrainingSession::Mode::New);
        QVERIFY(QFile::exists(runDir + QStringLiteral("/config.json")));
        QSignalSpy failed(session.trainer(), &Trainer::failed);
        QSignalSpy finished(session.trainer(), &Trainer::finished);
        session.trainer()->requestStop();
        session.trainer()->run();
        QCOMPARE(finished.count(), 0);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("before the first epoch")));
        QVERIFY(session.discardIfUnstarted());
        QVERIFY(!QFileInfo::exists(runDir));

        // What a kill during epoch 1 leaves: config.json alone.
        const QString runs = m_dir.filePath(QStringLiteral("runs-listed"));
        RunDirectory(runs + QStringLiteral("/killed-in-epoch-1")).create(config(3), m_opened.dataset.labels(), {});
        QVERIFY_THROWS_EXCEPTION(Error, RunResults::load(runs + QStringLiteral("/killed-in-epoch-1")));
        RunListModel list;
        list.scan(runs);
        QCOMPARE(list.rowCount(), 0);
        QString log;
        QCOMPARE(SharedData::runProgram(cli(), {QStringLiteral("export"), runs + QStringLiteral("/killed-in-epoch-1"), QStringLiteral("--bundle"),
                                                m_dir.filePath(QStringLiteral("nothing.genrelab"))},
                                        &log),
                 1);
        QVERIFY2(log.contains(QStringLiteral("no completed epoch")), qPrintable(log));
    }

    // The first Ctrl+C stops after the current batch, keeps the completed epochs, says
    // how to continue and exits 130; a second one exits at once, leaving a resumable run.
    void ctrlCStopsCleanlyAndSaysHowToContinue()
    {
        for (const int interrupts : {1, 2}) {
            const QString runDir = m_dir.filePath(QStringLiteral("interrupted-%1").arg(interrupts));
            QProcess training;
            training.start(cli(), {QStringLiteral("train"), m_dataset, QStringLiteral("--out"), runDir, QStringLiteral("--epochs"),
                                   QStringLiteral("200"), QStringLiteral("--batch"), QStringLiteral("8"), QStringLiteral("--threads"),
                                   QStringLiteral("1")});
            QVERIFY(training.waitForStarted());
            QString out, err;
            QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(training.readAllStandardOutput())).contains(QStringLiteral("epoch 1/200")), 120000);
            for (int i = 0; i < interrupts; ++i)
                ::kill(pid_t(training.processId()), SIGINT);
            QVERIFY(training.waitForFinished(60000));
            out += QString::fromUtf8(training.readAllStandardOutput());
            err += QString::fromUtf8(training.readAllStandardError());
            QCOMPARE(training.exitStatus(), QProcess::NormalExit);
            QCOMPARE(training.exitCode(), 130);
            // Progress within an epoch: batch k/n and a rate, before the first epoch line.
            QVERIFY2(err.contains(QRegularExpression(QStringLiteral("epoch 1/200 batch \\d+/\\d+ .* snippets/s"))), qPrintable(err));
            if (interrupts == 1)
                QVERIFY2(out.contains(QStringLiteral("train --resume ") + runDir), qPrintable(out));
            QVERIFY2(err.contains(QStringLiteral("Ctrl+C")), qPrintable(err));
            QVERIFY(TrainingSession::completedEpochs(runDir) >= 1);
            QVERIFY(RunDirectory(runDir).readConfig().epochs == 200);
        }
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
