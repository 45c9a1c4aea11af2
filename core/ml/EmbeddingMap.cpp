#include "EmbeddingMap.h"

#include "Inference.h"
#include "PointProjection.h"
#include "TorchRuntime.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <numeric>

namespace genrelab {

namespace {

using C = FeatureContract;
constexpr std::size_t kBatch = 128;

// The data's classes must be the model's, by name and order: a vector coloured by the
// wrong genre would teach the wrong lesson.
void checkClasses(const QString &model, const QStringList &modelLabels, const QStringList &dataLabels)
{
    if (modelLabels != dataLabels)
        throw Error(Error::Kind::InvalidArgument, model,
                    QStringLiteral("the model knows the classes %1, the dataset has %2")
                        .arg(modelLabels.join(QStringLiteral(", ")), dataLabels.join(QStringLiteral(", "))));
}

// Embeds and classifies every item of `part`, appending points and their vectors.
void embedPart(Network &net, const TrainingData &data, SplitPart part, std::vector<EmbeddingMap::Point> &points,
               std::vector<float> &vectors, int &dimensions, ProgressReporter *progress)
{
    const auto &items = data.items(part);
    std::vector<int> indices;
    for (std::size_t first = 0; first < items.size(); first += kBatch) {
        if (progress) {
            if (progress->isCancelled())
                throw Error(Error::Kind::Cancelled, {}, QStringLiteral("embedding interrupted"));
            progress->report(QStringLiteral("embedding %1 snippets").arg(items.size()), double(first) / double(items.size()));
        }
        indices.resize(std::min(kBatch, items.size() - first));
        std::iota(indices.begin(), indices.end(), int(first));
        auto x = torch::empty({std::int64_t(indices.size()), 1, C::frames, C::nMels});
        data.gather(part, indices, x.data_ptr<float>());
        const auto embedded = net.embed(x).contiguous();
        const auto probabilities = torch::softmax(net.forward(x), 1);
        const auto [confidence, predicted] = probabilities.max(1);
        dimensions = int(embedded.size(1));
        vectors.insert(vectors.end(), embedded.data_ptr<float>(), embedded.data_ptr<float>() + embedded.numel());
        for (std::size_t i = 0; i < indices.size(); ++i) {
            const TrainingItem &item = items[std::size_t(indices[i])];
            points.push_back({item.track, item.snippet, item.start, part, item.label,
                              int(predicted[std::int64_t(i)].item<std::int64_t>()), confidence[std::int64_t(i)].item<float>()});
        }
    }
}

} // namespace

EmbeddingMap::Result EmbeddingMap::compute(const QString &model, const TrainingData &data, const std::vector<SplitPart> &parts,
                                           Projection projection, int threads, ProgressReporter *progress)
{
    TorchRuntime::setThreads(threads);
    Result result;
    const std::shared_ptr<Network> net = loadModel(model, result.labels);
    checkClasses(model, result.labels, data.labels());
    net->eval();
    torch::NoGradGuard noGrad;
    std::vector<float> vectors;
    for (SplitPart part : parts)
        embedPart(*net, data, part, result.points, vectors, result.dimensions, progress);
    const std::size_t n = result.points.size();
    std::vector<float> xy;
    if (projection == Projection::Tsne) {
        xy = PointProjection::tsne(vectors, n, std::size_t(result.dimensions), {}, progress);
    } else {
        PointProjection::Pca pca = PointProjection::pca(vectors, n, std::size_t(result.dimensions));
        xy = std::move(pca.points);
        result.explainedVariance = pca.explainedVariance;
    }
    for (std::size_t i = 0; i < n; ++i) {
        result.points[i].x = xy[2 * i];
        result.points[i].y = xy[2 * i + 1];
    }
    return result;
}

} // namespace genrelab
