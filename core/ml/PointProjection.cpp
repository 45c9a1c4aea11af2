#include "PointProjection.h"

#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
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

// P as sparse rows: each point's k = 3·perplexity nearest neighbours (exact, by
// blocks of rows so memory stays O(n·k)), a Gaussian over them whose width gives the
// perplexity (bisection on the precision β), then symmetrised, (P + Pᵀ) / 2n.
struct SparseAffinities
{
    std::vector<std::size_t> rowStart; // n + 1
    std::vector<std::int32_t> column;
    std::vector<float> value;
};

void fitRow(const float *distances, std::int64_t k, double perplexity, float *p)
{
    const double target = std::log(perplexity);
    double beta = 1.0, low = 0.0, high = std::numeric_limits<double>::infinity();
    for (int step = 0; step < 64; ++step) {
        double sum = 0.0, weighted = 0.0;
        for (std::int64_t j = 0; j < k; ++j) {
            const double w = std::exp(-beta * distances[j]);
            sum += w;
            weighted += distances[j] * w;
        }
        sum = std::max(sum, 1e-300);
        const double entropy = std::log(sum) + beta * weighted / sum;
        if (std::abs(entropy - target) < 1e-5)
            break;
        if (entropy > target) { // too many neighbours: sharpen
            low = beta;
            beta = std::isinf(high) ? beta * 2.0 : (low + high) / 2.0;
        } else {
            high = beta;
            beta = (low + high) / 2.0;
        }
    }
    double sum = 0.0;
    for (std::int64_t j = 0; j < k; ++j)
        sum += p[j] = float(std::exp(-beta * distances[j]));
    for (std::int64_t j = 0; j < k; ++j)
        p[j] = float(p[j] / std::max(sum, 1e-300));
}

SparseAffinities neighbourAffinities(const torch::Tensor &x, double perplexity)
{
    const std::int64_t n = x.size(0);
    const std::int64_t k = std::min<std::int64_t>(n - 1, std::int64_t(3.0 * perplexity));
    perplexity = std::min(perplexity, double(k) / 3.0 + 1.0);
    const auto squared = (x * x).sum(1);
    std::vector<float> nearDistance(std::size_t(n * k));
    std::vector<std::int64_t> nearIndex(std::size_t(n * k));
    for (std::int64_t first = 0; first < n; first += 1024) {
        const std::int64_t rows = std::min<std::int64_t>(1024, n - first);
        auto d = (squared.narrow(0, first, rows).unsqueeze(1) + squared.unsqueeze(0) - 2.0 * x.narrow(0, first, rows).mm(x.t()))
                     .clamp_min(0.0);
        d.diagonal(first).fill_(std::numeric_limits<double>::infinity()); // never its own neighbour
        const auto [values, indices] = d.topk(k, 1, /*largest=*/false, /*sorted=*/true);
        const auto v = values.to(torch::kFloat32).contiguous();
        const auto i = indices.contiguous();
        std::copy_n(v.data_ptr<float>(), rows * k, nearDistance.begin() + first * k);
        std::copy_n(i.data_ptr<std::int64_t>(), rows * k, nearIndex.begin() + first * k);
    }
    // Distances scaled by their mean, so the bisection starts near its answer whatever
    // the vectors' magnitude.
    double mean = 0.0;
    for (float v : nearDistance)
        mean += v / double(nearDistance.size());
    for (float &v : nearDistance)
        v = float(v / std::max(mean, 1e-12));
    std::vector<float> conditional(nearDistance.size());
    at::parallel_for(0, n, 64, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            fitRow(&nearDistance[std::size_t(i * k)], k, perplexity, &conditional[std::size_t(i * k)]);
    });

    // Symmetrise: every (i, j) and (j, i), sorted, duplicates summed.
    struct Entry { std::int32_t row, column; float value; };
    std::vector<Entry> entries;
    entries.reserve(std::size_t(2 * n * k));
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t m = 0; m < k; ++m) {
            const auto j = std::int32_t(nearIndex[std::size_t(i * k + m)]);
            const float v = conditional[std::size_t(i * k + m)] / float(2 * n);
            entries.push_back({std::int32_t(i), j, v});
            entries.push_back({j, std::int32_t(i), v});
        }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.row != b.row ? a.row < b.row : a.column < b.column; });
    SparseAffinities p;
    p.rowStart.assign(std::size_t(n + 1), 0);
    for (std::size_t e = 0; e < entries.size(); ++e) {
        if (e > 0 && entries[e].row == entries[e - 1].row && entries[e].column == entries[e - 1].column) {
            p.value.back() += entries[e].value;
            continue;
        }
        p.column.push_back(entries[e].column);
        p.value.push_back(entries[e].value);
        p.rowStart[std::size_t(entries[e].row) + 1] = p.column.size();
    }
    for (std::size_t r = 1; r < p.rowStart.size(); ++r) // rows without entries end where the previous did
        p.rowStart[r] = std::max(p.rowStart[r], p.rowStart[r - 1]);
    return p;
}

// The Barnes–Hut quadtree over the 2-D points (van der Maaten, 2014): a cell far
// enough from a point (width / distance < θ) repels it as one body at its centre of
// mass, so the repulsion costs O(n log n) per iteration instead of O(n²).
class QuadTree
{
public:
    explicit QuadTree(const std::vector<float> &y)
        : m_y(y)
    {
        float minX = std::numeric_limits<float>::max(), minY = minX, maxX = -minX, maxY = -minX;
        const std::size_t n = y.size() / 2;
        for (std::size_t i = 0; i < n; ++i) {
            minX = std::min(minX, y[2 * i]);
            maxX = std::max(maxX, y[2 * i]);
            minY = std::min(minY, y[2 * i + 1]);
            maxY = std::max(maxY, y[2 * i + 1]);
        }
        const float width = std::max({maxX - minX, maxY - minY, 1e-6f}) * 1.0001f;
        m_nodes.reserve(4 * n + 1);
        m_nodes.push_back(Node{minX, minY, width});
        for (std::size_t i = 0; i < n; ++i)
            insert(std::int32_t(i));
    }

    // Σ_j≠i qᵢⱼ·Z (unnormalised, for Z) and Σ_j≠i (qᵢⱼ·Z)² (yᵢ − yⱼ), the repulsive force.
    void repulsion(std::int32_t i, float theta, double &sumQ, double &forceX, double &forceY) const
    {
        const float x = m_y[2 * std::size_t(i)], y = m_y[2 * std::size_t(i) + 1];
        std::int32_t stack[4 * kMaxDepth + 8];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            const Node &node = m_nodes[std::size_t(stack[--top])];
            if (node.count == 0)
                continue;
            const float dx = x - node.massX, dy = y - node.massY, d2 = dx * dx + dy * dy;
            const bool leaf = node.firstChild < 0;
            if (leaf || node.width * node.width < theta * theta * d2) {
                const int bodies = node.count - (leaf && node.holds(i, x, y) ? 1 : 0);
                if (bodies <= 0)
                    continue;
                const double q = 1.0 / (1.0 + d2);
                sumQ += bodies * q;
                forceX += bodies * q * q * dx;
                forceY += bodies * q * q * dy;
                continue;
            }
            for (int c = 0; c < 4; ++c)
                stack[top++] = node.firstChild + c;
        }
    }

private:
    static constexpr int kMaxDepth = 48; // deeper, coincident points share a leaf

    struct Node
    {
        float x, y, width; // lower-left corner and side
        float massX = 0, massY = 0;
        int count = 0;
        std::int32_t firstChild = -1;
        std::int32_t point = -1; // a leaf's first point
        int depth = 0;
        // Whether a leaf's bodies include point i (at kMaxDepth, coincident points share
        // the leaf: i is among them when it lies inside).
        bool holds(std::int32_t i, float px, float py) const
        {
            return point == i || (depth >= kMaxDepth && px >= x && px < x + width && py >= y && py < y + width);
        }
    };

    int childFor(const Node &node, float px, float py) const
    {
        const float half = node.width / 2;
        return node.firstChild + (px >= node.x + half ? 1 : 0) + (py >= node.y + half ? 2 : 0);
    }

    void addMass(std::size_t at, float px, float py)
    {
        Node &node = m_nodes[at];
        node.massX = (node.massX * float(node.count) + px) / float(node.count + 1);
        node.massY = (node.massY * float(node.count) + py) / float(node.count + 1);
        ++node.count;
    }

    void split(std::size_t at)
    {
        const Node parent = m_nodes[at];
        const float half = parent.width / 2;
        m_nodes[at].firstChild = std::int32_t(m_nodes.size());
        for (int c = 0; c < 4; ++c) {
            Node child{parent.x + ((c & 1) ? half : 0.0f), parent.y + ((c & 2) ? half : 0.0f), half};
            child.depth = parent.depth + 1;
            m_nodes.push_back(child);
        }
        const std::int32_t moved = parent.point;
        m_nodes[at].point = -1;
        const float px = m_y[2 * std::size_t(moved)], py = m_y[2 * std::size_t(moved) + 1];
        const std::size_t child = std::size_t(childFor(m_nodes[at], px, py));
        addMass(child, px, py);
        m_nodes[child].point = moved;
    }

    void insert(std::int32_t i)
    {
        const float px = m_y[2 * std::size_t(i)], py = m_y[2 * std::size_t(i) + 1];
        std::size_t at = 0;
        while (true) {
            if (m_nodes[at].count == 0) {
                addMass(at, px, py);
                m_nodes[at].point = i;
                return;
            }
            if (m_nodes[at].firstChild < 0) {
                if (m_nodes[at].depth >= kMaxDepth) { // coincident: one leaf, several bodies
                    addMass(at, px, py);
                    return;
                }
                split(at);
            }
            addMass(at, px, py);
            at = std::size_t(childFor(m_nodes[at], px, py));
        }
    }

    const std::vector<float> &m_y;
    std::vector<Node> m_nodes;
};

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
                    QStringLiteral("t-SNE takes at most %1 points, not %2 (PCA takes any number)").arg(maxTsnePoints).arg(n));
    if (n < 4)
        return pca(vectors, n, d).points;
    torch::NoGradGuard noGrad;
    if (progress)
        progress->report(QStringLiteral("t-SNE of %1 points: nearest neighbours").arg(n), 0.0);
    const SparseAffinities p = neighbourAffinities(centred(vectors, n, d), options.perplexity);

    std::mt19937 random(options.seed);
    std::normal_distribution<float> normal(0.0f, 1e-4f);
    std::vector<float> y(n * 2), update(n * 2, 0.0f), gains(n * 2, 1.0f);
    for (float &v : y)
        v = normal(random);
    std::vector<double> attract(n * 2), repel(n * 2), sumQ(n);
    const int exaggerated = options.iterations / 4;
    const double rate = std::max(double(n) / 12.0 / 4.0, 50.0);
    constexpr float theta = 0.5f;
    for (int it = 0; it < options.iterations; ++it) {
        if (progress && it % 10 == 0) {
            if (progress->isCancelled())
                throw Error(Error::Kind::Cancelled, {}, QStringLiteral("t-SNE interrupted"));
            progress->report(QStringLiteral("t-SNE of %1 points").arg(n), double(it) / options.iterations);
        }
        const double exaggeration = it < exaggerated ? 12.0 : 1.0;
        const QuadTree tree(y);
        // Per point: the pull of its sparse neighbours (pᵢⱼ·qᵢⱼZ) and the tree's push;
        // the push is normalised by Z = Σ qᵢⱼZ once every point has its share.
        at::parallel_for(0, std::int64_t(n), 128, [&](std::int64_t begin, std::int64_t end) {
            for (auto i = std::size_t(begin); i < std::size_t(end); ++i) {
                const float xi = y[2 * i], yi = y[2 * i + 1];
                double pullX = 0.0, pullY = 0.0;
                for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
                    const auto j = std::size_t(p.column[e]);
                    const float dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                    const double w = exaggeration * p.value[e] / (1.0 + dx * dx + dy * dy);
                    pullX += w * dx;
                    pullY += w * dy;
                }
                attract[2 * i] = pullX;
                attract[2 * i + 1] = pullY;
                sumQ[i] = 0.0;
                repel[2 * i] = repel[2 * i + 1] = 0.0;
                tree.repulsion(std::int32_t(i), theta, sumQ[i], repel[2 * i], repel[2 * i + 1]);
            }
        });
        double z = 0.0;
        for (double q : sumQ)
            z += q;
        z = std::max(z, 1e-300);
        const float momentum = it < exaggerated ? 0.5f : 0.8f;
        double meanX = 0.0, meanY = 0.0;
        for (std::size_t k = 0; k < 2 * n; ++k) {
            const float gradient = float(4.0 * (attract[k] - repel[k] / z));
            gains[k] = (gradient > 0) != (update[k] > 0) ? gains[k] + 0.2f : std::max(gains[k] * 0.8f, 0.01f);
            update[k] = momentum * update[k] - float(rate) * gains[k] * gradient;
            y[k] += update[k];
            (k % 2 ? meanY : meanX) += y[k] / double(n);
        }
        for (std::size_t i = 0; i < n; ++i) {
            y[2 * i] -= float(meanX);
            y[2 * i + 1] -= float(meanY);
        }
    }
    return y;
}

} // namespace genrelab
