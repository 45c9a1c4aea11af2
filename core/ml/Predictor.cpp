#include "Predictor.h"

#include "Inference.h"
#include "ModelBundle.h"
#include "ModelEnsemble.h"
#include "RunDirectory.h"
#include "TensorMemoryPool.h"
#include "TorchRuntime.h"
#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

#include <QFileInfo>

#include <algorithm>


namespace genrelab {

struct Predictor::Private
{
    QStringList labels;
    std::vector<std::shared_ptr<Network>> nets; // one, or an ensemble's members
    TrackFeaturizer featurizer; // for predictFile(); one thread at a time, like the network
};

std::shared_ptr<Network> loadModel(const QString &model, QStringList &labels)
{
    std::shared_ptr<Network> net;
    if (QFileInfo(model).isDir()) {
        const RunDirectory run(model);
        labels = run.readLabels();
        if (labels.size() < 2)
            throw Error(Error::Kind::Corrupt, model, QStringLiteral("the run's config.json lists no classes"));
        net = loadBestModel(run, int(labels.size()));
    } else {
        const ModelBundle bundle = ModelBundle::read(model);
        labels = bundle.classes;
        net = loadBundleModel(bundle, model);
    }
    net->eval();
    return net;
}

Predictor::Predictor(const QString &model, int threads)
    : d(std::make_unique<Private>())
{
    TorchRuntime::setThreads(threads);
    for (const QString &member : ModelEnsemble::modelsOf(model)) {
        QStringList labels;
        d->nets.push_back(loadModel(member, labels));
        d->nets.back()->setChannelsLast(true);
        if (d->nets.size() == 1)
            d->labels = labels;
        else if (labels != d->labels) // averaging would mix one model's class with another's
            throw Error(Error::Kind::InvalidArgument, member, QStringLiteral("its classes (%1) differ from the first fold's (%2)")
                                                                  .arg(labels.join(QStringLiteral(", ")), d->labels.join(QStringLiteral(", "))),
                        QStringLiteral("an ensemble's models must share their classes, in order"));
    }
}

int Predictor::modelCount() const
{
    return int(d->nets.size());
}

Predictor::~Predictor()
{
    TensorMemoryPool::releaseCached(); // the job that needed the buffers is over
}

const QStringList &Predictor::labels() const
{
    return d->labels;
}

// Appends one batch's per-snippet probabilities to `probabilities` (snippets × classes,
// one flat block: thousands of small per-snippet allocations between the batches' large
// ones would fragment the heap, which keeps its pages, and grow it with the file).
void Predictor::addBatch(const float *features, std::size_t snippets, std::vector<float> &probabilities) const
{
    using C = FeatureContract;
    torch::NoGradGuard noGrad;
    // The features are only read: from_blob wraps them without a copy.
    const auto x = torch::from_blob(const_cast<float *>(features), {std::int64_t(snippets), 1, C::frames, C::nMels});
    torch::Tensor sum;
    for (const std::shared_ptr<Network> &net : d->nets) {
        const torch::Tensor p = torch::softmax(net->forward(x.to(deviceOf(*net))), 1).to(torch::kCPU);
        sum = sum.defined() ? sum + p : p;
    }
    const auto batch = (d->nets.size() == 1 ? sum : sum / double(d->nets.size())).contiguous();
    const std::size_t classes = std::size_t(d->labels.size());
    if (batch.size(0) != std::int64_t(snippets) || batch.size(1) != std::int64_t(classes))
        throw Error(Error::Kind::Corrupt, {}, QStringLiteral("the network's outputs do not match its %1 classes").arg(classes));
    probabilities.insert(probabilities.end(), batch.data_ptr<float>(), batch.data_ptr<float>() + snippets * classes);
}

Predictor::TrackPrediction Predictor::finish(const std::vector<float> &probabilities) const
{
    TrackPrediction result;
    const std::size_t classes = std::size_t(d->labels.size());
    const std::size_t snippets = probabilities.size() / classes;
    if (snippets == 0)
        return result;
    std::vector<double> sums(classes, 0.0);
    result.snippetProbabilities.reserve(snippets);
    for (std::size_t s = 0; s < snippets; ++s) {
        const float *p = probabilities.data() + s * classes;
        result.snippetProbabilities.emplace_back(p, p + classes);
        for (std::size_t c = 0; c < classes; ++c)
            sums[c] += p[c];
    }
    for (const double sum : sums)
        result.meanProbabilities.push_back(float(sum / double(snippets)));
    const auto best = std::max_element(result.meanProbabilities.begin(), result.meanProbabilities.end());
    result.label = int(best - result.meanProbabilities.begin());
    result.probability = *best;
    return result;
}

Predictor::TrackPrediction Predictor::predict(const TrackFeatures &track) const
{
    using C = FeatureContract;
    if (track.snippets == 0 || track.values.size() != track.snippets * C::valuesPerSnippet)
        return {};
    std::vector<float> probabilities;
    probabilities.reserve(track.snippets * std::size_t(d->labels.size()));
    for (std::size_t first = 0; first < track.snippets; first += batchSnippets)
        addBatch(track.values.data() + first * C::valuesPerSnippet, std::min(batchSnippets, track.snippets - first), probabilities);
    return finish(probabilities);
}

Predictor::TrackPrediction Predictor::predictFile(const QString &path, TrackFeatures &track) const
{
    std::vector<float> probabilities;
    track = d->featurizer.featurizeInBatches(path, batchSnippets, [&](std::span<const float> values, std::size_t snippets) {
        try {
            addBatch(values.data(), snippets, probabilities);
        } catch (const Error &) {
            throw;
        } catch (const std::bad_alloc &) { // said as such, not as a decoding failure
            throw Error(Error::Kind::Unsupported, path, QStringLiteral("out of memory while running the model on it"));
        } catch (const std::exception &error) { // c10::Error: this file fails, the others go on
            throw Error(Error::Kind::Unsupported, path, QStringLiteral("the model could not be run on it: ")
                                                            + QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0));
        }
    });
    if (!track.ok())
        return {};
    return finish(probabilities);
}

} // namespace genrelab
