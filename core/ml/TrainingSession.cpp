#include "TrainingSession.h"

#include "RunDirectory.h"
#include "RunIndex.h"
#include "Trainer.h"
#include "TrainingData.h"
#include "data/CrossValidationFolds.h"
#include "data/Dataset.h"
#include "util/Error.h"

#include <QDir>

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
