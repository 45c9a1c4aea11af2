#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include "dsp/FeatureContract.h"

#include <QString>
#include <QStringList>

#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <vector>

namespace genrelab {

// What every architecture implements, so that the trainer, bundles, the PyTorch export
// and the loaders speak to this interface and never to one class: a second network is
// one new file in core/ml/networks plus one line in NetworkFactory.cpp.
// A network's parameter and buffer names (register_module/register_parameter) are its
// saved format: run checkpoints, bundles and .pt exports key weights by them, so they
// must never change for an architecture that has been released.
// Thread contract: like any torch::nn::Module, used by one thread at a time.
class Network : public torch::nn::Module
{
public:
    // The input contract every network takes: [batch, 1, frames (time), mels] of
    // FeatureContract, i.e. [B,1,130,100].
    static constexpr std::array<std::int64_t, 4> inputShape(std::int64_t batch)
    {
        return {batch, 1, FeatureContract::frames, FeatureContract::nMels};
    }

    // Logits [B, classes]; softmax lives in the loss.
    virtual torch::Tensor forward(const torch::Tensor &x) = 0;
    // A memory-layout switch for faster inference; must not change the function or the
    // parameter names. A network without such a layout ignores it.
    virtual void setChannelsLast(bool enabled) = 0;

    // The convolution blocks an explanation (Grad-CAM) can look inside; 0 when none.
    virtual int convolutionBlocks() const { return 0; }
    // forward(), also handing back the output of convolution block `block` (1-based,
    // [B,C,h,w]) still in the autograd graph, so its gradient can be taken. The default
    // throws Error(Unsupported): a network without blocks has nothing to show there.
    virtual torch::Tensor forwardKeeping(const torch::Tensor &x, int block, torch::Tensor &activation);

    // What happens inside for a view of the network's workings (NetworkInsides), all
    // detached: each convolution block's output, the first convolution's kernels, the
    // recurrent sequence, the classifier applied to each of its steps alone, how the
    // summary weighs the steps, and forward()'s logits.
    struct Insides
    {
        std::vector<torch::Tensor> blocks; // [B,C,h,w] per block
        torch::Tensor firstKernels;        // [out,in,kh,kw]
        torch::Tensor sequence;            // [B,T,hidden]
        torch::Tensor stepLogits;          // [B,T,classes]
        torch::Tensor stepWeights;         // [B,T], sums to 1 over T
        torch::Tensor logits;              // [B,classes]
    };
    // The default throws Error(Unsupported): a network without these parts.
    virtual Insides insides(const torch::Tensor &x);

    // The vector the last layer classifies ([B, D]; the embedding map projects it to 2-D).
    // The default throws Error(Unsupported): a network that does not expose it.
    virtual torch::Tensor embed(const torch::Tensor &x);

    // Parameters then buffers, as saved (the state_dict keys).
    QStringList parameterNames() const;
    // The cost a user compares architectures by: the number of trainable values.
    std::int64_t parameterCount() const;
};

std::int64_t parameterCount(const torch::nn::Module &module);

// "cpu" or "cuda" as a torch::Device; throws Error(Unsupported) when CUDA is asked for
// and this LibTorch has none (Debian's is CPU-only).
torch::Device deviceFor(const QString &name);
torch::Device deviceOf(const torch::nn::Module &module);

} // namespace genrelab
