#pragma once

// Private to core/ml: includes LibTorch through Network.h.

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

// The best model of a run folder, with the architecture from its config.json and
// `classes` outputs. Throws Error (FileMissing, Corrupt) when it cannot be loaded.
std::shared_ptr<Network> loadBestModel(const RunDirectory &run, int classes);

class ModelBundle;
class ProgressReporter;
// The network a bundle describes, with its weights (defined in BundleConverter.cpp,
// beside its inverse). Throws Error(Corrupt) when a weight
// is missing, extra or of the wrong shape.
std::shared_ptr<Network> loadBundleModel(const ModelBundle &bundle, const QString &path);

// Reports progress per batch; a cancelled `progress` stops it with Error(Cancelled).
InferenceScore runInference(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part,
                            std::vector<SnippetPrediction> *predictions = nullptr, ProgressReporter *progress = nullptr);

} // namespace genrelab
