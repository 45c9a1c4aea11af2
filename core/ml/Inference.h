#pragma once

// Private to core/ml: includes LibTorch through Network.h.

#include "ModelBundle.h"
#include "networks/Network.h"
#include "Evaluation.h"
#include "TrainingData.h"

namespace genrelab {

// Runs a network over one split part in inference mode (channels-last, batches of
// 256, no gradients) and returns the mean loss and accuracy, plus every snippet's
// prediction when `predictions` is given. Used by the trainer's validation and by
// ModelEvaluator, so both score exactly alike.
struct InferenceScore
{
    double loss = 0.0;
    double accuracy = 0.0;
};

class RunDirectory;

// The labels of items[indices[i]] as a [n] int64 tensor (cross-entropy targets).
torch::Tensor labelTensor(const std::vector<TrainingItem> &items, std::span<const int> indices);

// The best model of a run folder: RunModel::read() (config.json against best.pt), then
// loadBundleModel(), so a run is validated exactly as a bundle. `classes` is what the
// caller expects (its dataset's); −1 takes the run's. Throws Error (FileMissing, Corrupt).
std::shared_ptr<Network> loadBestModel(const RunDirectory &run, int classes);

// best.pt's own records besides the weights: the class names and a SHA-256 of the
// weights (RunModel checks both). Defined in RunModel.cpp.
void addModelIdentity(torch::serialize::OutputArchive &archive, const std::shared_ptr<Network> &net, const QStringList &labels);

class ProgressReporter;
// The network a bundle describes, with its weights (defined in BundleConverter.cpp,
// beside its inverse). Throws Error(Corrupt) when a weight
// is missing, extra or of the wrong shape.
// `advice` replaces the bundle's "what to do" (a run folder says something else).
std::shared_ptr<Network> loadBundleModel(const ModelBundle &bundle, const QString &path, const QString &advice = {});

// The other way: one of a network's tensors as a bundle tensor (float32, on the CPU,
// detached) — what a bundle, a run's best.pt checksum and an export all store. Defined,
// like loadBundleModel, in BundleConverter.cpp.
ModelBundle::Tensor bundleTensor(const std::string &name, const torch::Tensor &value);

// The network of `model` — a run folder (its best model) or a .genrelab bundle — in
// eval mode, with its class names in `labels`: what Predictor and Saliency load, so
// both check a model alike. Defined in Predictor.cpp. Throws Error like Predictor.
std::shared_ptr<Network> loadModel(const QString &model, QStringList &labels);

// Reports progress per batch; a cancelled `progress` stops it with Error(Cancelled).
InferenceScore runInference(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part,
                            std::vector<SnippetPrediction> *predictions = nullptr, ProgressReporter *progress = nullptr);

} // namespace genrelab
