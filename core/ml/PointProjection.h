#pragma once

#include <cstddef>
#include <vector>

namespace genrelab {

class ProgressReporter;

// Projects n vectors of d values (row-major) to 2-D for the embedding map.
//   PCA   — the two directions of largest variance (exact, at once: 10 000 × 64 in
//           milliseconds); distances along them are real, small clusters may overlap.
//   t-SNE — van der Maaten & Hinton (2008), exact gradients: keeps neighbours together,
//           so clusters separate; distances between clusters and their sizes mean
//           nothing. O(n²) memory and time: use it on thousands of points, not more.
// Thread contract: stateless; calls block (run them on a worker).
class PointProjection
{
public:
    struct Pca
    {
        std::vector<float> points;   // n × 2
        double explainedVariance = 0; // share of the total variance the two axes hold
    };
    static Pca pca(const std::vector<float> &vectors, std::size_t n, std::size_t d);

    struct TsneOptions
    {
        double perplexity = 30.0;
        int iterations = 500;
        unsigned seed = 1;
    };
    // Throws Error(InvalidArgument) beyond maxTsnePoints, Error(Cancelled) when
    // `progress` is cancelled.
    static std::vector<float> tsne(const std::vector<float> &vectors, std::size_t n, std::size_t d, const TsneOptions &options,
                                   ProgressReporter *progress = nullptr);
    static constexpr std::size_t maxTsnePoints = 10000; // 400 MB of pairwise affinities
};

} // namespace genrelab
