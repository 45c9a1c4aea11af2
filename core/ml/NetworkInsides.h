#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <span>
#include <vector>

namespace genrelab {

class Network;

// "What happens inside?": one snippet through the network with every stage kept — the
// feature maps of each convolution block, the first block's kernels, the recurrent
// layer's hidden state at each time step and what the classifier would answer from each
// step alone — for a view that shows a student the network's workings.
// Per-step probabilities: the classifier (fc → ReLU → out → softmax) applied to one
// step's hidden state. The reference CRNN classifies its last step, so its last step's
// probabilities are its answer; crnn-attention classifies a weighted mean of the steps
// (stepWeights), so no single step's probabilities are its answer — they say what the
// classifier makes of that moment alone, and stepWeights how much the moment counts.
// Thread contract: one thread at a time per instance (the network's state), like Saliency.
class NetworkInsides
{
public:
    // channels × height × width values, row-major. A block's maps have time (frames)
    // as height and mel bands (low first) as width, like the network's input.
    struct Stack
    {
        int channels = 0, height = 0, width = 0;
        std::vector<float> values;
        std::span<const float> channel(int c) const
        {
            const std::size_t size = std::size_t(height) * std::size_t(width);
            return std::span<const float>(values).subspan(std::size_t(c) * size, size);
        }
    };

    struct Result
    {
        QStringList labels;
        std::vector<Stack> blocks;            // each convolution block's output (after its BatchNorm)
        Stack kernels;                        // the first convolution's kernels, one input channel: out × 3 × 3
        int steps = 0, units = 0;
        std::vector<float> hidden;            // steps × units: the recurrent layer's output at each step
        std::vector<float> stepProbabilities; // steps × classes: the classifier on each step alone
        std::vector<float> stepWeights;       // steps: the share of each step in what is classified
        std::vector<float> probabilities;     // classes: the network's answer for the snippet
        bool lastStepDecides = false;         // the answer is the last step's probabilities
        int predicted() const;
    };

    // `model`: a run folder (its best model) or a .genrelab bundle, checked as Predictor
    // checks it. Throws Error (FileMissing, Corrupt, InvalidArgument, Unsupported).
    explicit NetworkInsides(const QString &model, int threads = 0);
    // A network already in memory (tests); put in eval mode.
    NetworkInsides(std::shared_ptr<Network> net, QStringList labels);
    ~NetworkInsides();

    const QStringList &labels() const;
    // Throws Error(InvalidArgument) for a snippet of the wrong size, Error(Unsupported)
    // for a network that does not show its insides.
    Result inspect(std::span<const float> snippet) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
