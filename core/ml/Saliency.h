#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace genrelab {

class Network;
class ProgressReporter;

// "What did it listen to?": a saliency map of one snippet for one class, over the
// network's input (contract features, frames × mel bands, row-major like `mel` writes).
// Larger means more evidence for the class; values may be negative (evidence against).
//   occlusion            — the class probability's drop when a patch of bands × frames is
//                          filled with the snippet's floor (all occluded copies batched);
//   integrated gradients — the probability's gradient integrated along the straight path
//                          from the floor-filled snippet to the snippet (Riemann midpoints,
//                          one batch), times the difference: sums to p(snippet) − p(floor);
//   Grad-CAM             — one convolution block's activations weighted by their mean
//                          gradient, ReLU, upsampled bilinearly to the input's size.
// Thread contract: one thread at a time per instance (the network's state), like Predictor.
class Saliency
{
public:
    enum class Method { Occlusion, IntegratedGradients, GradCam };

    struct Options
    {
        Method method = Method::Occlusion;
        int classIndex = -1;   // −1: the class the network predicts for this snippet
        // The occlusion patch, frames (time) × mel bands; patches tile the input without
        // overlap: 10 × 10 patches, 100 forward passes, 0.3 s × a tenth of the bands.
        int patchFrames = 13;
        int patchBands = 10;
        int steps = 32;        // integrated gradients
        int block = -1;        // Grad-CAM's convolution block, 1-based; −1: the last
    };

    struct Map
    {
        int classIndex = -1;
        float probability = 0.0f; // of classIndex for the unaltered snippet
        std::vector<float> values; // FeatureContract::frames × nMels
    };

    // `model`: a run folder (its best model) or a .genrelab bundle, checked as Predictor
    // checks it. Throws Error (FileMissing, Corrupt, InvalidArgument, Unsupported).
    explicit Saliency(const QString &model, int threads = 0);
    // A network already in memory (tests, a session that trained it); put in eval mode.
    Saliency(std::shared_ptr<Network> net, QStringList labels);
    ~Saliency();

    const QStringList &labels() const;
    int convolutionBlocks() const;
    // The class probabilities of snippets (a multiple of FeatureContract::valuesPerSnippet
    // values), snippet by snippet; in batches of 50.
    std::vector<float> probabilities(std::span<const float> snippets) const;
    // Throws Error(InvalidArgument) for a wrong-sized snippet, a class or block out of
    // range, non-positive patch or steps; Error(Cancelled) when `progress` is cancelled.
    Map explain(std::span<const float> snippet, const Options &options, ProgressReporter *progress = nullptr) const;

    // "occlusion", "integrated-gradients", "gradcam": the CLI's --method words.
    static QString methodName(Method method);
    static std::optional<Method> methodFromName(const QString &name);
    static QStringList methodNames();
    // One line on what a method shows and where it misleads (the GUI's tooltip).
    static QString methodDescription(Method method);

private:
    std::vector<float> occlusion(std::span<const float> snippet, int label, float probability, const Options &options,
                                 ProgressReporter *progress) const;
    std::vector<float> integratedGradients(std::span<const float> snippet, int label, int steps) const;
    std::vector<float> gradCam(std::span<const float> snippet, int label, int block) const;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
