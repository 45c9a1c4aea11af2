#include "CrnnNet.h"

#include "BlockKernels.h"
#include "GruSequence.h"
#include "SingleChannelBlock.h"
#include "WinogradBlock.h"
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

// A block: convolution, pool, ReLU, BatchNorm. The Sequential holds the modules and their
// names (b1.0 … b1.3, as saved runs and the Python peer have them); the block runs through
// BlockKernels instead of the Sequential's forward (see BlockKernels.h). Evaluation
// without autograd runs each block as one pass (SingleChannelBlock.h for block 1,
// WinogradBlock.h for block 2; elsewhere oneDNN's convolution, then poolReluNorm);
// training runs each block's convolution and pool as one step (BlockKernels::convolutionPooled).
torch::Tensor runBlock(torch::nn::Sequential &block, const torch::Tensor &input, BlockKernels::Layout layout)
{
    auto &convolution = *block[0]->as<torch::nn::Conv2d>();
    auto *norm = block[3]->as<torch::nn::BatchNorm2d>();
    if (!input.is_cpu()) // the kernels are CPU code (--device cuda)
        return norm->forward(torch::max_pool2d(convolution.forward(input), 2).relu_());
    if (!block->is_training() && !BlockKernels::needsGradient(input, convolution, *norm)) {
        if (SingleChannelBlock::applies(input, convolution, *norm))
            return SingleChannelBlock::convolvePoolReluNorm(input, convolution, *norm, layout);
        if (WinogradBlock::applies(input, convolution, *norm))
            return WinogradBlock::convolvePoolReluNorm(input, convolution, *norm, layout);
        const auto conv = convolution.forward(input);
        if (conv.is_contiguous(at::MemoryFormat::ChannelsLast))
            return BlockKernels::poolReluNorm(conv, *norm, layout);
        return norm->forward(BlockKernels::maxPool2x2(conv).contiguous().relu_());
    }
    // BatchNorm runs NCHW here: ATen 1.13's channels-last BatchNorm backward takes ~10×
    // longer when its gradient arrives NCHW, as it does from the recurrent layer's copy.
    return norm->forward(BlockKernels::convolutionPooled(input, convolution).contiguous().relu_());
}
// oneDNN picks its convolution by the input's strides. A [B,1,H,W] spectrogram batch is
// contiguous in both layouts, and .contiguous(ChannelsLast) keeps its NCHW strides; the
// NCHW convolution of 1→32 channels then runs ~1.5× (training) to ~6× (inference at batch
// 256) slower. The same memory viewed with channels-last strides takes the fast one.
torch::Tensor asChannelsLast(const torch::Tensor &input)
{
    if (input.size(1) != 1)
        return input.contiguous(at::MemoryFormat::ChannelsLast);
    const auto dense = input.contiguous();
    return dense.as_strided(dense.sizes(), {dense.stride(0), 1, dense.size(3), 1});
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
    // The weights' layout decides the second convolution's: NHWC is the faster forward
    // for inference, but its backward runs ~1.3× slower, so evaluation switches to it and
    // back. (The first convolution runs NHWC always, see asChannelsLast.) Only the 4-D
    // convolution weights change layout; names and values stay.
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
    auto x = runBlock(m_b1, asChannelsLast(input), BlockKernels::Layout::ChannelsLast); // [B,32,T/2,F/2]
    if (block == 1)
        activation = x;
    x = runBlock(m_b2, x, BlockKernels::Layout::TimeMajor); // [B,64,T/4,F/4]
    if (block == 2)
        activation = x;
    return head(summarise(recurrent(x)));
}

torch::Tensor CrnnNetImpl::recurrent(const torch::Tensor &blockOutput)
{
    const auto x = BlockKernels::contiguousGradient(blockOutput).permute({0, 2, 1, 3}).flatten(2); // [B,T/4,64·F/4]
    if (m_gru && GruSequence::applies(x, *m_gru)) // evaluation: the recurrence without per-step operators
        return GruSequence::outputs(x, *m_gru);
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
    result.blocks.push_back(runBlock(m_b1, asChannelsLast(input), BlockKernels::Layout::ChannelsLast)); // as penultimate()
    result.blocks.push_back(runBlock(m_b2, result.blocks.back(), BlockKernels::Layout::TimeMajor));
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
