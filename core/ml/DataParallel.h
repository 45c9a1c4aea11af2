#pragma once

// Private to core/ml: includes LibTorch through Network.h.

#include "DistributedContext.h"
#include "EpochMetrics.h"
#include "TrainingData.h"
#include "networks/Network.h"

#include <span>
#include <vector>

namespace genrelab {

// What data-parallel training does to one replica, on a DistributedContext — the same
// steps as PyTorch's DistributedDataParallel with a DistributedSampler:
// - shard(): one seeded order, padded by wrapping round to a multiple of the world size,
//   rank r takes positions r, r + W, r + 2W, … — disjoint, equal-length shards, so every
//   rank runs the same number of batches, and global batch k is the single-process batch
//   k of the same order (batch = W × the per-rank batch).
// - broadcastState(): rank 0's parameters and buffers on every rank (a start that
//   cannot drift, whatever each rank's seed did).
// - averageGradients(): after backward, every gradient flattened into one bucket, summed
//   by one all-reduce and divided by W; a stop asked on any rank rides in the same
//   bucket, so all ranks leave the epoch at the same batch.
// - averageBuffers(): BatchNorm's running mean and variance averaged at the end of each
//   epoch (PyTorch's DDP copies rank 0's instead; SyncBatchNorm is not used, so in
//   training each rank normalises by its own per-rank batch — the one difference from a
//   single process, bounded in tst_distributed).
// - parametersSha256(): the replica's parameters and buffers as one SHA-256, printed by
//   every rank after every epoch so anyone can see that replicas never diverge.
// Thread contract: free functions; the trainer's thread.
namespace DataParallel {

std::vector<int> shard(const std::vector<int> &order, int rank, int worldSize);
void broadcastState(DistributedContext &context, torch::nn::Module &module);
// Returns true when any rank asked to stop.
bool averageGradients(DistributedContext &context, const std::vector<torch::Tensor> &parameters, bool stopHere);
void averageBuffers(DistributedContext &context, torch::nn::Module &module);
// Sums `values` across ranks in place.
void sum(DistributedContext &context, std::span<double> values);
QString parametersSha256(const torch::nn::Module &module);
// Rank 0's metrics history on every rank (a resumed run's early stopping counts alike).
std::vector<EpochMetrics> broadcastHistory(DistributedContext &context, const std::vector<EpochMetrics> &history);

} // namespace DataParallel

// A rank's part of a validation: items rank, rank + W, … of `part` (disjoint, no padding),
// as sums to add up across ranks. Defined in Inference.cpp beside runInference, so a
// sharded validation scores exactly as a whole one.
struct ShardScore
{
    double lossSum = 0.0;
    double correct = 0.0;
    double count = 0.0;
};
ShardScore scoreShard(const std::shared_ptr<Network> &net, const TrainingData &data, SplitPart part, int rank, int worldSize);

} // namespace genrelab
