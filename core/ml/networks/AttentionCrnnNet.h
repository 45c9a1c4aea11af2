#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include "CrnnNet.h"

namespace genrelab {

// "crnn-attention": the reference CRNN whose recurrent sequence is pooled by learnt
// attention over time instead of taking its last step: a score per step (Linear
// hidden→1), softmax over the 32 steps, the weighted mean of the steps. The last step of
// a GRU run over 3 s must carry everything; attention lets every moment of the snippet
// speak. Adds hidden + 1 parameters (65) to the reference's 343 690; its weights are the
// CRNN's plus "attention.weight" and "attention.bias".
class AttentionCrnnNetImpl : public CrnnNetImpl
{
public:
    explicit AttentionCrnnNetImpl(const CrnnOptions &options);

protected:
    torch::Tensor summarise(const torch::Tensor &sequence) override;
    torch::Tensor stepWeights(const torch::Tensor &sequence) override; // the attention weights

private:
    torch::nn::Linear m_attention{nullptr};
};

} // namespace genrelab
