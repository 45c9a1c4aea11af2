#pragma once

// Private to core/ml: includes LibTorch. Never include from a public header.

#include <torch/torch.h>

namespace genrelab::GruSequence {

// A one-layer, one-way, batch-first GRU in evaluation, its recurrence written out.
//
// Why: LibTorch's GRU computes the input projection of all steps as one matrix product,
// then runs about ten operators per time step (a matrix product, chunks, adds, sigmoids,
// tanh, the blend), each through the dispatcher. For the CRNN (32 steps, 64 units, ten
// windows) those steps took ~2.5 ms of its ~5.3 ms, on arithmetic worth ~0.1 ms.
// Here the input projection is the same LibTorch product; each sequence's steps then run
// in one loop, the hidden product eight units at a time.
//
// What it computes: LibTorch's GRU with a zero initial state, to float rounding (the
// hidden product's sums and the gates' exp and tanh come from other code; tst_fusedblocks
// compares them). The output is every step's hidden state, [batch, steps, hidden].
//
// applies(): no autograd wanted (grad mode off, or nothing requiring a gradient), one layer, one
// direction, batch first, biases, float on the CPU, a [batch, steps, inputs] input
// of the GRU's input size, and a multiple of 8 hidden units.
bool applies(const torch::Tensor &input, const torch::nn::GRUImpl &gru);

// std::get<0>(gru.forward(input)) for an input applies() accepts.
torch::Tensor outputs(const torch::Tensor &input, const torch::nn::GRUImpl &gru);

} // namespace genrelab::GruSequence
