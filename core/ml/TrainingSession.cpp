#include "TrainingSession.h"

#include "RunDirectory.h"
#include "RunIndex.h"
#include "Trainer.h"
#include "TrainingData.h"
#include "data/CrossValidationFolds.h"
#include "data/Dataset.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace genrelab {

void TrainingSession::checkNewRunFolder(const QString &runDir)
{
    if (RunDirectory(runDir).isOccupied())
        throw Error(Error::Kind::InvalidArgument, runDir,
                    QStringLiteral("already exists and is not empty; an earlier run is never overwritten"),
                    QStringLiteral("continue it with --resume %1, choose a new folder, or add --force to move the "
                                   "old one aside")
                        .arg(runDir));
}

DataSplit TrainingSession::splitFor(const TrainingConfig &config, const Dataset &dataset)
{
    if (config.folds > 0)
        return CrossValidationFolds(dataset, config.split, config.seed, config.folds).split(config.fold - 1);
    return DataSplit::make(config.split, dataset, config.seed);
}

int TrainingSession::completedEpochs(const QString &runDir)
{
    const RunDirectory run(runDir);
    if (!run.hasCheckpoint())
        return 0;
    const auto metrics = run.readMetrics();
    return metrics.empty() ? 0 : metrics.back().epoch;
}

TrainingConfig TrainingSession::configForResume(const QString &runDir, int epochs)
{
    TrainingConfig config = RunDirectory(runDir).readConfig();
    if (config.refitEpochs > 0)
        throw Error(Error::Kind::InvalidArgument, runDir,
                    QStringLiteral("was refit on train + validation after training; more epochs would mix the two models"),
                    QStringLiteral("start a new run with --out"));
    const int done = completedEpochs(runDir);
    if (epochs > 0) {
        if (epochs <= done)
            throw Error(Error::Kind::InvalidArgument, runDir,
                        QStringLiteral("has completed %1 epochs already; --epochs must be more than that to extend it").arg(done));
        config.epochs = epochs;
    } else if (done >= config.epochs) {
        throw Error(Error::Kind::InvalidArgument, runDir,
                    QStringLiteral("has finished all %1 epochs").arg(config.epochs),
                    QStringLiteral("to train it further, give the new total, e.g. --epochs %1").arg(config.epochs + 10));
    }
    return config;
}

TrainingSession::TrainingSession(TrainingConfig config, const Dataset &dataset, std::shared_ptr<const FeatureCache> cache,
                                 QString runDir, Mode mode)
    : m_config(std::move(config))
    , m_split(splitFor(m_config, dataset))
    , m_runDir(QDir(runDir).absolutePath())
    , m_mode(mode)
{
    auto data = std::make_shared<const TrainingData>(dataset, std::move(cache), m_split);
    const RunDirectory run(m_runDir);
    if (mode == Mode::New) {
        checkNewRunFolder(m_runDir);
        run.create(m_config, dataset.labels(), m_split.summary(dataset));
        try {
            RunIndex::add(m_runDir); // so Evaluate lists it, wherever it was written
        } catch (const Error &) {
            // the run itself is fine; it can still be opened by its folder
        }
    } else if (mode == Mode::Resume) {
        const TrainingConfig before = run.readConfig();
        if (before.epochs != m_config.epochs)
            run.updateConfig(m_config, QStringLiteral("epochs %1 -> %2 (resumed with more epochs)").arg(before.epochs).arg(m_config.epochs));
    }
    m_trainer = std::make_unique<Trainer>(m_config, std::move(data), m_runDir, mode == Mode::Resume);
}

TrainingSession::~TrainingSession() = default;

namespace {

// The epoch whose model best.pt holds: the first of the best validation accuracy (the
// trainer keeps a model only when validation strictly improves).
int chosenEpoch(const std::vector<EpochMetrics> &history)
{
    const auto best = std::max_element(history.begin(), history.end(),
                                       [](const EpochMetrics &a, const EpochMetrics &b) { return a.validAccuracy < b.validAccuracy; });
    return best == history.end() ? 0 : best->epoch;
}

} // namespace

int TrainingSession::beginRefit(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache)
{
    if (m_split.kind() == DataSplit::Kind::Seed)
        throw Error(Error::Kind::InvalidArgument, m_runDir,
                    QStringLiteral("--refit needs a split by track; the seed split's validation is snippets of the test tracks"));
    const RunDirectory run(m_runDir);
    m_refitEpochs = chosenEpoch(run.readMetrics());
    if (m_refitEpochs < 1)
        throw Error(Error::Kind::InvalidArgument, m_runDir, QStringLiteral("has no completed epoch to refit for"));
    std::vector<SplitPart> parts(dataset.tracks().size(), SplitPart::None);
    for (int t = 0; t < dataset.trackCount(); ++t) {
        const SplitPart part = m_split.partOfTrack(t);
        parts[std::size_t(t)] = part == SplitPart::Valid ? SplitPart::Train : part; // test stays unseen
    }
    const DataSplit merged = DataSplit::ofTracks(m_split.kind(), m_split.seed(), std::move(parts),
                                                 QStringLiteral("refit on train + validation"));
    m_refitTracks = merged.tracksIn(SplitPart::Train);
    const RunDirectory work(run.refitWorkPath());
    if (QFileInfo(work.path()).isDir())
        work.removeRun(); // what a killed refit left
    if (!QDir().mkpath(work.path()))
        throw Error(Error::Kind::WriteFailed, work.path(), QStringLiteral("cannot create the refit folder"));
    TrainingConfig config = m_config;
    config.epochs = m_refitEpochs;
    config.earlyStopping = 0; // no validation left to watch: the count is fixed
    config.refit = false;
    m_trainer = std::make_unique<Trainer>(config, std::make_shared<const TrainingData>(dataset, std::move(cache), merged), work.path());
    return m_refitEpochs;
}

void TrainingSession::finishRefit()
{
    const RunDirectory run(m_runDir), work(run.refitWorkPath());
    if (!QFile::exists(work.bestModelPath()))
        throw Error(Error::Kind::FileMissing, work.bestModelPath(), QStringLiteral("the refit left no model"));
    QFile::remove(run.selectedModelPath());
    if (!QFile::copy(run.bestModelPath(), run.selectedModelPath()))
        throw Error(Error::Kind::WriteFailed, run.selectedModelPath(), QStringLiteral("cannot keep the model chosen on validation"));
    if (std::rename(QFile::encodeName(work.bestModelPath()).constData(), QFile::encodeName(run.bestModelPath()).constData()) != 0)
        throw Error(Error::Kind::WriteFailed, run.bestModelPath(), QString::fromLocal8Bit(std::strerror(errno)));
    QFile::remove(run.refitPredictionsPath());
    QFile::rename(work.predictionsPath(), run.refitPredictionsPath()); // absent when the refit trained on every track
    work.removeRun();
    m_config.refitEpochs = m_refitEpochs;
    m_config.refitTracks = m_refitTracks;
    run.updateConfig(m_config, QStringLiteral("refit on train + validation (%1 tracks) for %2 epochs: best.pt is the refit model, "
                                              "selected.pt the one chosen on validation, whose test figures these are")
                                   .arg(m_refitTracks).arg(m_refitEpochs));
}

void TrainingSession::abandonRefit()
{
    const RunDirectory work(RunDirectory(m_runDir).refitWorkPath());
    if (QFileInfo(work.path()).isDir())
        work.removeRun();
    m_refitTracks = 0;
}

bool TrainingSession::discardIfUnstarted()
{
    if (m_mode != Mode::New || completedEpochs(m_runDir) > 0)
        return false;
    RunDirectory(m_runDir).removeUnstarted();
    return true;
}

bool TrainingSession::discard()
{
    if (m_mode != Mode::New)
        return false;
    RunDirectory(m_runDir).removeRun();
    return true;
}

} // namespace genrelab
