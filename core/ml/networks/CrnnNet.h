#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include "Network.h"
#include "ml/CrnnOptions.h"

namespace genrelab {

// The reference CRNN in LibTorch:
//   [B,1,130,100] → b1: Conv2d(1→32,3×3,pad 1) → MaxPool 2 → ReLU → BatchNorm(32)
//                 → b2: Conv2d(32→64,3×3,pad 1) → MaxPool 2 → ReLU → BatchNorm(64)
//   → [B,64,32,25] → time-major [B,32,1600] → GRU/LSTM(1600→64), last step
//   → fc: Linear(64→64) → ReLU → out: Linear(64→classes)   (softmax lives in the loss)
// ReLU comes after the pool, not before as in the study: max-pool and ReLU commute
// (ReLU is monotone), so the function is identical, and ReLU then touches a quarter of
// the activations. Parameter names match ../shared/bench/peer_train.py's module
// (b1.0, b1.3, b2.0, b2.3, gru.*, fc, out) so a state_dict moves between the two.
class CrnnNetImpl : public Network
{
public:
    explicit CrnnNetImpl(const CrnnOptions &options);
    torch::Tensor forward(const torch::Tensor &x) override;
    // Channels-last (NHWC) convolutions: faster inference, slower training (see .cpp).
    void setChannelsLast(bool enabled) override;
    int convolutionBlocks() const override { return 2; }
    torch::Tensor forwardKeeping(const torch::Tensor &x, int block, torch::Tensor &activation) override;
    // fc's output after ReLU ([B,64]): what `out` classifies.
    torch::Tensor embed(const torch::Tensor &x) override;
    // The blocks' outputs after BatchNorm, b1's kernels, the recurrent sequence; the
    // steps' logits are fc → ReLU → out on each step's hidden state.
    Insides insides(const torch::Tensor &x) override;
    const CrnnOptions &options() const { return m_options; }

protected:
    // The recurrent sequence [B,T,hidden] summarised as one vector [B,hidden]: the last
    // step, as in the study. A variant pools differently (AttentionCrnnNet).
    virtual torch::Tensor summarise(const torch::Tensor &sequence);
    // How summarise() weighs each step ([B,T], summing to 1): the last step alone here.
    virtual torch::Tensor stepWeights(const torch::Tensor &sequence);

private:
    torch::Tensor penultimate(const torch::Tensor &input, int block, torch::Tensor &activation);
    torch::Tensor recurrent(const torch::Tensor &blockOutput); // [B,C,h,w] → [B,h,hidden]
    torch::Tensor head(const torch::Tensor &summary);          // fc → ReLU (dropout before)
    CrnnOptions m_options;
    bool m_channelsLast = false;
    torch::nn::Sequential m_b1{nullptr}, m_b2{nullptr};
    torch::nn::GRU m_gru{nullptr};
    torch::nn::LSTM m_lstm{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_fc{nullptr}, m_out{nullptr};
};
// The holder tests construct directly; the code asks NetworkFactory for "crnn".
TORCH_MODULE(CrnnNet);

} // namespace genrelab
