#include "CrnnNet.h"

#include "dsp/FeatureContract.h"

namespace genrelab {

namespace {
using C = FeatureContract;

torch::nn::Sequential convBlock(int in, int out)
{
    return torch::nn::Sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)),
                                 torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),
                                 torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)),
                                 torch::nn::BatchNorm2d(out));
}
// A block without autograd (evaluation, prediction, tagging): the 2×2 max-pool as the
// maximum of four strided views. max_pool2d also computes the indices only backward
// needs; this gives the same values (NaN included) and the pool runs ~2× faster on NHWC.
torch::Tensor inferBlock(torch::nn::Sequential &block, const torch::Tensor &input)
{
    if (block->is_training() || torch::GradMode::is_enabled())
        return block->forward(input);
    using torch::indexing::Slice;
    const auto conv = block[0]->as<torch::nn::Conv2d>()->forward(input);
    const std::int64_t h = conv.size(2) / 2 * 2, w = conv.size(3) / 2 * 2; // an odd row or column is dropped
    const auto at = [&](int row, int column) {
        return conv.index({Slice(), Slice(), Slice(row, h, 2), Slice(column, w, 2)});
    };
    auto pooled = torch::maximum(torch::maximum(at(0, 0), at(0, 1)), torch::maximum(at(1, 0), at(1, 1)));
    return block[3]->as<torch::nn::BatchNorm2d>()->forward(pooled.relu_());
}
} // namespace

CrnnNetImpl::CrnnNetImpl(const CrnnOptions &options)
    : m_options(options)
{
    m_b1 = register_module("b1", convBlock(1, 32));
    m_b2 = register_module("b2", convBlock(32, 64));
    const int features = 64 * (C::nMels / 4); // 1600
    if (options.cell == CrnnOptions::Cell::Gru)
        m_gru = register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(features, options.hidden).batch_first(true)));
    else
        m_lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(features, options.hidden).batch_first(true)));
    m_dropout = register_module("dropout", torch::nn::Dropout(options.dropout));
    m_fc = register_module("fc", torch::nn::Linear(options.hidden, 64));
    m_out = register_module("out", torch::nn::Linear(64, options.classes));
}

void CrnnNetImpl::setChannelsLast(bool enabled)
{
    // Inference with oneDNN's convolutions runs 1.3-1.5× faster on NHWC here, but a
    // training step runs ~20 % slower, so evaluation switches to it and back. Only the
    // 4-D convolution weights change layout; names and values stay.
    if (enabled == m_channelsLast)
        return;
    torch::NoGradGuard noGrad;
    const auto format = enabled ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    for (auto &parameter : parameters()) {
        if (parameter.dim() == 4)
            parameter.set_data(parameter.contiguous(format));
    }
    m_channelsLast = enabled;
}

torch::Tensor CrnnNetImpl::forward(const torch::Tensor &input)
{
    torch::Tensor unused;
    return forwardKeeping(input, 0, unused);
}

torch::Tensor CrnnNetImpl::forwardKeeping(const torch::Tensor &input, int block, torch::Tensor &activation)
{
    return m_out->forward(penultimate(input, block, activation));
}

torch::Tensor CrnnNetImpl::embed(const torch::Tensor &input)
{
    torch::Tensor unused;
    return penultimate(input, 0, unused);
}

torch::Tensor CrnnNetImpl::penultimate(const torch::Tensor &input, int block, torch::Tensor &activation)
{
    const auto in = m_channelsLast ? input.contiguous(at::MemoryFormat::ChannelsLast) : input;
    auto x = inferBlock(m_b1, in);                       // [B,32,T/2,F/2]
    if (block == 1)
        activation = x;
    x = inferBlock(m_b2, x);                             // [B,64,T/4,F/4]
    if (block == 2)
        activation = x;
    return head(summarise(recurrent(x)));
}

torch::Tensor CrnnNetImpl::recurrent(const torch::Tensor &blockOutput)
{
    const auto x = blockOutput.permute({0, 2, 1, 3}).flatten(2); // [B,T/4,64·F/4]
    return m_gru ? std::get<0>(m_gru->forward(x)) : std::get<0>(m_lstm->forward(x));
}

torch::Tensor CrnnNetImpl::head(const torch::Tensor &summary)
{
    return torch::relu(m_fc->forward(m_dropout->forward(summary)));
}

Network::Insides CrnnNetImpl::insides(const torch::Tensor &input)
{
    torch::NoGradGuard noGrad;
    Insides result;
    result.blocks.push_back(m_b1->forward(input));
    result.blocks.push_back(m_b2->forward(result.blocks.back()));
    result.sequence = recurrent(result.blocks.back());
    // Linear layers act on the last dimension: each step is classified on its own.
    result.stepLogits = m_out->forward(head(result.sequence));
    result.stepWeights = stepWeights(result.sequence);
    result.logits = m_out->forward(head(summarise(result.sequence)));
    result.firstKernels = m_b1->ptr<torch::nn::Conv2dImpl>(0)->weight.detach().contiguous();
    return result;
}

torch::Tensor CrnnNetImpl::stepWeights(const torch::Tensor &sequence)
{
    auto weights = torch::zeros({sequence.size(0), sequence.size(1)}, sequence.options());
    weights.select(1, sequence.size(1) - 1).fill_(1.0f);
    return weights;
}

torch::Tensor CrnnNetImpl::summarise(const torch::Tensor &sequence)
{
    return sequence.select(1, sequence.size(1) - 1); // [B,hidden]
}

} // namespace genrelab
