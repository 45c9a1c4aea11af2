#pragma once

#include <cstddef>
#include <vector>

namespace genrelab {

class ProgressReporter;

// Projects n vectors of d values (row-major) to 2-D for the embedding map.
//   PCA   — the two directions of largest variance (exact, at once: 10 000 × 64 in
//           milliseconds); distances along them are real, small clusters may overlap.
//   t-SNE — van der Maaten & Hinton (2008) with Barnes–Hut gradients (van der Maaten,
//           2014: affinities over each point's 3·perplexity nearest neighbours, repulsion
//           through a quadtree, θ = 0.5): keeps neighbours together, so clusters
//           separate; distances between clusters and their sizes mean nothing.
//           O(n log n) per iteration and O(n·k) memory.
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
    static constexpr std::size_t maxTsnePoints = 100000; // minutes, and more than a map shows
};

} // namespace genrelab
