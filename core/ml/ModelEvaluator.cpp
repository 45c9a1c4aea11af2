#include "ModelEvaluator.h"

#include "Inference.h"
#include "RunDirectory.h"
#include "TorchRuntime.h"
#include "util/Error.h"

#include <QFile>

namespace genrelab {

ModelEvaluator::Result ModelEvaluator::evaluate(const QString &runDir, const TrainingData &data, SplitPart part, int threads)
{
    TorchRuntime::setThreads(threads);
    const RunDirectory run(runDir);
    const TrainingConfig config = run.readConfig();
    if (!QFile::exists(run.bestModelPath()))
        throw Error(Error::Kind::FileMissing, run.bestModelPath(), QStringLiteral("this run has no trained model yet"));
    CrnnOptions options = config.network;
    options.classes = int(run.readLabels().size());
    if (options.classes != data.classes())
        throw Error(Error::Kind::InvalidArgument, runDir,
                    QStringLiteral("the model knows %1 classes, the dataset has %2").arg(options.classes).arg(data.classes()));
    CrnnNet net(options);
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(run.bestModelPath().toStdString());
        net->load(archive);
    } catch (const std::exception &) {
        throw Error(Error::Kind::Corrupt, run.bestModelPath(), QStringLiteral("the model file cannot be read"));
    }
    Result result;
    runInference(net, data, part, &result.predictions);
    result.evaluation = Evaluation::fromPredictions(result.predictions, data.classes());
    return result;
}

} // namespace genrelab
