#include "ModelEvaluator.h"

#include "Inference.h"
#include "RunDirectory.h"
#include "TorchRuntime.h"
#include "util/Error.h"

namespace genrelab {

ModelEvaluator::Result ModelEvaluator::evaluate(const QString &runDir, const TrainingData &data, SplitPart part, int threads,
                                                ProgressReporter *progress)
{
    TorchRuntime::setThreads(threads);
    const RunDirectory run(runDir);
    const int classes = int(run.readLabels().size());
    if (classes != data.classes())
        throw Error(Error::Kind::InvalidArgument, runDir,
                    QStringLiteral("the model knows %1 classes, the dataset has %2").arg(classes).arg(data.classes()));
    const std::shared_ptr<Network> net = loadBestModel(run, classes);
    Result result;
    runInference(net, data, part, &result.predictions, progress);
    result.evaluation = Evaluation::fromPredictions(result.predictions, data.classes());
    return result;
}

} // namespace genrelab
