#include "PointProjection.h"

#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <torch/torch.h>

#include <cmath>
#include <random>

namespace genrelab {

namespace {

torch::Tensor centred(const std::vector<float> &vectors, std::size_t n, std::size_t d)
{
    if (vectors.size() != n * d)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("%1 values are not %2 vectors of %3").arg(vectors.size()).arg(n).arg(d));
    auto x = torch::from_blob(const_cast<float *>(vectors.data()), {std::int64_t(n), std::int64_t(d)}, torch::kFloat32).to(torch::kFloat64);
    return x - x.mean(0, true);
}

std::vector<float> toPoints(const torch::Tensor &y)
{
    const auto flat = y.to(torch::kFloat32).contiguous();
    return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

// Row i of P: a Gaussian around point i whose width gives the chosen perplexity, found
// for all rows at once by bisection on the precision β.
torch::Tensor affinities(const torch::Tensor &distances, double perplexity)
{
    const std::int64_t n = distances.size(0);
    const double target = std::log(std::min(perplexity, double(n - 1) / 3.0 + 1.0));
    auto beta = torch::ones({n, 1}, torch::kFloat64);
    auto low = torch::zeros({n, 1}, torch::kFloat64);
    auto high = torch::full({n, 1}, 1e300, torch::kFloat64);
    torch::Tensor p;
    for (int step = 0; step < 64; ++step) {
        p = torch::exp(-distances * beta);
        p.fill_diagonal_(0.0);
        const auto sum = p.sum(1, true).clamp_min(1e-300);
        const auto entropy = torch::log(sum) + beta * (distances * p).sum(1, true) / sum;
        const auto tooWide = entropy > target; // too many neighbours: sharpen
        low = torch::where(tooWide, beta, low);
        high = torch::where(tooWide, high, beta);
        beta = torch::where(high >= 1e299, beta * 2.0, (low + high) / 2.0);
        p = p / sum;
    }
    return ((p + p.t()) / (2.0 * double(n))).clamp_min(1e-12);
}

} // namespace

PointProjection::Pca PointProjection::pca(const std::vector<float> &vectors, std::size_t n, std::size_t d)
{
    Pca result;
    result.points.assign(n * 2, 0.0f);
    if (n < 2 || d == 0)
        return result;
    torch::NoGradGuard noGrad;
    const auto x = centred(vectors, n, d);
    const auto covariance = x.t().mm(x) / double(n - 1);
    const auto [values, axes] = torch::linalg_eigh(covariance); // ascending
    const std::int64_t k = std::min<std::int64_t>(2, std::int64_t(d));
    auto chosen = axes.narrow(1, std::int64_t(d) - k, k).flip({1}); // largest first
    // A direction's sign is arbitrary: the one whose largest component is positive, so
    // the same data always gives the same picture.
    const auto largest = chosen.abs().argmax(0);
    const auto signs = chosen.gather(0, largest.unsqueeze(0)).sign().clamp_min(0) * 2 - 1;
    chosen = chosen * signs;
    auto projected = x.mm(chosen);
    if (k < 2)
        projected = torch::cat({projected, torch::zeros({std::int64_t(n), 1}, torch::kFloat64)}, 1);
    result.points = toPoints(projected);
    const double total = values.clamp_min(0).sum().item<double>();
    result.explainedVariance = total > 0 ? values.narrow(0, std::int64_t(d) - k, k).clamp_min(0).sum().item<double>() / total : 0.0;
    return result;
}

std::vector<float> PointProjection::tsne(const std::vector<float> &vectors, std::size_t n, std::size_t d,
                                         const TsneOptions &options, ProgressReporter *progress)
{
    if (n > maxTsnePoints)
        throw Error(Error::Kind::InvalidArgument, {},
                    QStringLiteral("t-SNE of %1 points would need %2 MB; it takes at most %3 (PCA takes any number)")
                        .arg(n).arg(n * n * 8 * 3 / 1000000).arg(maxTsnePoints));
    if (n < 4)
        return pca(vectors, n, d).points;
    torch::NoGradGuard noGrad;
    const auto x = centred(vectors, n, d);
    const auto squared = (x * x).sum(1, true);
    const auto distances = (squared + squared.t() - 2.0 * x.mm(x.t())).clamp_min(0.0);
    const auto p = affinities(distances / distances.mean().clamp_min(1e-12), options.perplexity).to(torch::kFloat32);

    std::mt19937 random(options.seed);
    std::normal_distribution<float> normal(0.0f, 1e-4f);
    std::vector<float> start(n * 2);
    for (float &v : start)
        v = normal(random);
    auto y = torch::from_blob(start.data(), {std::int64_t(n), 2}, torch::kFloat32).clone();
    auto update = torch::zeros_like(y);
    auto gains = torch::ones_like(y);
    const int exaggerated = options.iterations / 4;
    const double rate = std::max(double(n) / 12.0 / 4.0, 50.0);
    for (int it = 0; it < options.iterations; ++it) {
        if (progress && it % 10 == 0) {
            if (progress->isCancelled())
                throw Error(Error::Kind::Cancelled, {}, QStringLiteral("t-SNE interrupted"));
            progress->report(QStringLiteral("t-SNE of %1 points").arg(n), double(it) / options.iterations);
        }
        // In place: two n × n buffers per iteration, not eight (memory bandwidth is the cost).
        const auto sumY = (y * y).sum(1, true);
        auto num = y.mm(y.t());
        num.mul_(-2.0).add_(sumY).add_(sumY.t()).add_(1.0).reciprocal_();
        num.fill_diagonal_(0.0);
        const double total = num.sum().item<double>();
        auto weights = torch::mul(p, it < exaggerated ? 12.0 : 1.0);
        weights.sub_(num, 1.0 / total).mul_(num); // (P − Q) ∘ num; Q = num / Σnum
        const auto gradient = 4.0 * (weights.sum(1, true) * y - weights.mm(y));
        gains = torch::where((gradient > 0) != (update > 0), gains + 0.2, gains * 0.8).clamp_min(0.01);
        update = (it < exaggerated ? 0.5 : 0.8) * update - rate * gains * gradient;
        y = y + update;
        y = y - y.mean(0, true);
    }
    return toPoints(y);
}

} // namespace genrelab
