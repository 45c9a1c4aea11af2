#include "AttentionCrnnNet.h"

namespace genrelab {

AttentionCrnnNetImpl::AttentionCrnnNetImpl(const CrnnOptions &options)
    : CrnnNetImpl(options)
{
    m_attention = register_module("attention", torch::nn::Linear(options.hidden, 1));
}

torch::Tensor AttentionCrnnNetImpl::summarise(const torch::Tensor &sequence)
{
    const auto weights = stepWeights(sequence).unsqueeze(2); // [B,T,1], sums to 1 over time
    return (weights * sequence).sum(1);                      // [B,hidden]
}

torch::Tensor AttentionCrnnNetImpl::stepWeights(const torch::Tensor &sequence)
{
    return torch::softmax(m_attention->forward(sequence), 1).squeeze(2); // [B,T]
}

} // namespace genrelab
