#include "Predictor.h"

#include "Inference.h"
#include "ModelBundle.h"
#include "RunDirectory.h"
#include "TorchRuntime.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"

#include <QFileInfo>


namespace genrelab {

struct Predictor::Private
{
    QStringList labels;
    std::shared_ptr<Network> net;
};

Predictor::Predictor(const QString &model, int threads)
    : d(std::make_unique<Private>())
{
    TorchRuntime::setThreads(threads);
    if (QFileInfo(model).isDir()) {
        const RunDirectory run(model);
        d->labels = run.readLabels();
        if (d->labels.size() < 2)
            throw Error(Error::Kind::Corrupt, model, QStringLiteral("the run's config.json lists no classes"));
        d->net = loadBestModel(run, int(d->labels.size()));
    } else {
        const ModelBundle bundle = ModelBundle::read(model);
        d->labels = bundle.classes;
        d->net = loadBundleModel(bundle, model);
    }
    d->net->eval();
    d->net->setChannelsLast(true);
}

Predictor::~Predictor() = default;

const QStringList &Predictor::labels() const
{
    return d->labels;
}

Predictor::TrackPrediction Predictor::predict(const TrackFeatures &track) const
{
    using C = FeatureContract;
    TrackPrediction result;
    if (track.snippets == 0 || track.values.size() != track.snippets * C::valuesPerSnippet)
        return result;
    torch::NoGradGuard noGrad;
    // The features are only read: from_blob wraps them without a copy.
    const auto x = torch::from_blob(const_cast<float *>(track.values.data()),
                                    {std::int64_t(track.snippets), 1, C::frames, C::nMels});
    const auto probabilities = torch::softmax(d->net->forward(x.to(deviceOf(*d->net))), 1).to(torch::kCPU).contiguous();
    const int classes = int(d->labels.size());
    result.meanProbabilities.assign(std::size_t(classes), 0.0f);
    for (std::size_t s = 0; s < track.snippets; ++s) {
        const float *p = probabilities.data_ptr<float>() + s * std::size_t(classes);
        result.snippetProbabilities.emplace_back(p, p + classes);
        for (int c = 0; c < classes; ++c)
            result.meanProbabilities[std::size_t(c)] += p[c] / float(track.snippets);
    }
    const auto best = std::max_element(result.meanProbabilities.begin(), result.meanProbabilities.end());
    result.label = int(best - result.meanProbabilities.begin());
    result.probability = *best;
    return result;
}

} // namespace genrelab
