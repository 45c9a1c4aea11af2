// The embedding map's projections on synthetic points whose structure is known: PCA
// finds the direction of largest variance (and always draws it the same way round);
// t-SNE keeps each point's neighbours from its own cluster.
#include "ml/PointProjection.h"
#include "util/Error.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <random>

using namespace genrelab;

namespace {

double correlation(const std::vector<double> &a, const std::vector<double> &b)
{
    const double n = double(a.size());
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ma += a[i] / n;
        mb += b[i] / n;
    }
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

// `clusters` Gaussian blobs in `d` dimensions, centres 10 apart, spread 1.
std::vector<float> blobs(std::size_t clusters, std::size_t perCluster, std::size_t d, std::vector<int> &cluster)
{
    std::mt19937 random(7);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> values;
    for (std::size_t c = 0; c < clusters; ++c)
        for (std::size_t i = 0; i < perCluster; ++i) {
            for (std::size_t k = 0; k < d; ++k)
                values.push_back(noise(random) + (k == c ? 10.0f : 0.0f));
            cluster.push_back(int(c));
        }
    return values;
}

} // namespace

class TestPointProjection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pcaFindsTheDirectionOfLargestVariance()
    {
        // 500 points along (1, 2, 0, −1)·t with small noise in 4-D.
        std::mt19937 random(3);
        std::normal_distribution<float> t(0.0f, 3.0f), noise(0.0f, 0.1f);
        std::vector<float> values;
        std::vector<double> along;
        for (int i = 0; i < 500; ++i) {
            const float s = t(random);
            along.push_back(s);
            for (float direction : {1.0f, 2.0f, 0.0f, -1.0f})
                values.push_back(direction * s + noise(random) + 5.0f);
        }
        const auto pca = PointProjection::pca(values, 500, 4);
        QCOMPARE(pca.points.size(), std::size_t(1000));
        std::vector<double> first;
        for (std::size_t i = 0; i < 500; ++i)
            first.push_back(pca.points[2 * i]);
        // The axis is drawn with its largest component (the 2) positive: along t, not against.
        QVERIFY2(correlation(first, along) > 0.999, qPrintable(QString::number(correlation(first, along))));
        QVERIFY(pca.explainedVariance > 0.99 && pca.explainedVariance <= 1.0 + 1e-9);
        // Mirrored data: the same axis, so the points come out mirrored, not re-flipped.
        std::vector<float> mirrored = values;
        for (float &v : mirrored)
            v = 10.0f - v;
        const auto again = PointProjection::pca(mirrored, 500, 4);
        std::vector<double> firstAgain;
        for (std::size_t i = 0; i < 500; ++i)
            firstAgain.push_back(again.points[2 * i]);
        QVERIFY(correlation(firstAgain, along) < -0.999);
    }

    void pcaOfTooFewPointsOrOneDimension()
    {
        QCOMPARE(PointProjection::pca({1.0f, 2.0f}, 1, 2).points, (std::vector<float>{0.0f, 0.0f}));
        const auto line = PointProjection::pca({1.0f, 2.0f, 3.0f}, 3, 1);
        QCOMPARE(line.points[1], 0.0f); // no second axis to show
        QVERIFY(std::abs(line.points[4] - line.points[0]) > 1.9f);
        QVERIFY_THROWS_EXCEPTION(Error, PointProjection::pca({1.0f, 2.0f, 3.0f}, 2, 2));
    }

    void tsneKeepsNeighboursInTheirCluster()
    {
        std::vector<int> cluster;
        const auto values = blobs(4, 60, 12, cluster);
        const auto xy = PointProjection::tsne(values, cluster.size(), 12, {});
        QCOMPARE(xy.size(), cluster.size() * 2);
        int same = 0;
        for (std::size_t i = 0; i < cluster.size(); ++i) {
            std::size_t nearest = i;
            float best = std::numeric_limits<float>::max();
            for (std::size_t j = 0; j < cluster.size(); ++j) {
                const float dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
                if (j != i && dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = j;
                }
            }
            same += cluster[nearest] == cluster[i];
        }
        QVERIFY2(same >= int(cluster.size()) * 95 / 100, qPrintable(QString::number(same)));
        for (float v : xy)
            QVERIFY(std::isfinite(v));
    }

    // Barnes–Hut on more points than a hand check: 10 blobs of 300 in 32-D keep their
    // nearest neighbours, and the layout is reproducible for a seed.
    void tsneOfThousandsKeepsItsClusters()
    {
        std::vector<int> cluster;
        const auto values = blobs(10, 300, 32, cluster);
        PointProjection::TsneOptions options;
        options.iterations = 300;
        const auto xy = PointProjection::tsne(values, cluster.size(), 32, options);
        std::vector<std::pair<float, float>> points;
        for (std::size_t i = 0; i < cluster.size(); ++i)
            points.emplace_back(xy[2 * i], xy[2 * i + 1]);
        int same = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            std::size_t nearest = i;
            float best = std::numeric_limits<float>::max();
            for (std::size_t j = 0; j < points.size(); ++j) {
                const float dx = points[i].first - points[j].first, dy = points[i].second - points[j].second;
                if (j != i && dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = j;
                }
            }
            same += cluster[nearest] == cluster[i];
        }
        QVERIFY2(same >= int(points.size()) * 95 / 100, qPrintable(QString::number(same)));
        QCOMPARE(PointProjection::tsne(values, cluster.size(), 32, options), xy);
    }

    void tsneRefusesWhatWouldNotFit()
    {
        const std::size_t n = PointProjection::maxTsnePoints + 1;
        QVERIFY_THROWS_EXCEPTION(Error, PointProjection::tsne(std::vector<float>(n), n, 1, {}));
    }
};

QTEST_MAIN(TestPointProjection)
#include "tst_pointprojection.moc"
