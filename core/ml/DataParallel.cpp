#include "DataParallel.h"

#include "util/Sha256.h"

#include <cstring>
#include <type_traits>

namespace genrelab::DataParallel {

namespace {

// The floating-point tensors of a module that replicas must agree on, in a fixed order.
std::vector<torch::Tensor> floatingState(torch::nn::Module &module)
{
    std::vector<torch::Tensor> state = module.parameters();
    for (const auto &buffer : module.buffers())
        if (buffer.is_floating_point())
            state.push_back(buffer);
    return state;
}

} // namespace

std::vector<int> shard(const std::vector<int> &order, int rank, int worldSize)
{
    if (order.empty())
        return {};
    const std::size_t perRank = (order.size() + std::size_t(worldSize) - 1) / std::size_t(worldSize);
    std::vector<int> mine;
    mine.reserve(perRank);
    for (std::size_t i = 0; i < perRank; ++i)
        mine.push_back(order[(i * std::size_t(worldSize) + std::size_t(rank)) % order.size()]);
    return mine;
}

void broadcastState(DistributedContext &context, torch::nn::Module &module)
{
    torch::NoGradGuard noGrad;
    const std::vector<torch::Tensor> state = floatingState(module);
    std::vector<torch::Tensor> views;
    for (const auto &t : state)
        views.push_back(t.detach().to(torch::kCPU, torch::kFloat32).reshape(-1));
    if (views.empty())
        return;
    auto flat = torch::cat(views).contiguous();
    QByteArray bytes(reinterpret_cast<const char *>(flat.data_ptr<float>()), qsizetype(flat.numel() * sizeof(float)));
    context.broadcastFromMain(bytes);
    std::memcpy(flat.data_ptr<float>(), bytes.constData(), std::size_t(flat.numel()) * sizeof(float));
    std::int64_t offset = 0;
    for (auto &t : state) {
        t.copy_(flat.slice(0, offset, offset + t.numel()).view_as(t));
        offset += t.numel();
    }
}

bool averageGradients(DistributedContext &context, const std::vector<torch::Tensor> &parameters, bool stopHere)
{
    std::vector<torch::Tensor> pieces;
    for (const auto &p : parameters)
        pieces.push_back(p.grad().defined() ? p.grad().reshape(-1).to(torch::kCPU) : torch::zeros({p.numel()}));
    pieces.push_back(torch::full({1}, stopHere ? 1.0f : 0.0f));
    auto bucket = torch::cat(pieces).contiguous();
    context.allReduceSum(bucket.data_ptr<float>(), std::size_t(bucket.numel()));
    bucket.div_(float(context.worldSize()));
    std::int64_t offset = 0;
    torch::NoGradGuard noGrad;
    for (const auto &p : parameters) {
        const auto averaged = bucket.slice(0, offset, offset + p.numel()).view_as(p);
        if (p.grad().defined())
            p.mutable_grad().copy_(averaged);
        else
            p.mutable_grad() = averaged.clone().to(p.device());
        offset += p.numel();
    }
    return bucket[offset].item<float>() > 0.0f;
}

void averageBuffers(DistributedContext &context, torch::nn::Module &module)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> buffers;
    for (const auto &b : module.buffers())
        if (b.is_floating_point())
            buffers.push_back(b);
    if (buffers.empty())
        return;
    std::vector<torch::Tensor> pieces;
    for (const auto &b : buffers)
        pieces.push_back(b.reshape(-1).to(torch::kCPU, torch::kFloat32));
    auto flat = torch::cat(pieces).contiguous();
    context.allReduceSum(flat.data_ptr<float>(), std::size_t(flat.numel()));
    flat.div_(float(context.worldSize()));
    std::int64_t offset = 0;
    for (auto &b : buffers) {
        b.copy_(flat.slice(0, offset, offset + b.numel()).view_as(b));
        offset += b.numel();
    }
}

void sum(DistributedContext &context, std::span<double> values)
{
    context.allReduceSum(values.data(), values.size());
}

QString parametersSha256(const torch::nn::Module &module)
{
    Sha256 hash;
    const auto add = [&](const std::string &name, const torch::Tensor &tensor) {
        hash.addData(QByteArrayView(name.data(), qsizetype(name.size())));
        const auto bytes = tensor.detach().to(torch::kCPU).contiguous();
        hash.addData(QByteArrayView(static_cast<const char *>(bytes.data_ptr()), qsizetype(bytes.nbytes())));
    };
    for (const auto &item : module.named_parameters())
        add(item.key(), item.value());
    for (const auto &item : module.named_buffers())
        add(item.key(), item.value());
    return QString::fromLatin1(hash.result().toHex());
}

std::vector<EpochMetrics> broadcastHistory(DistributedContext &context, const std::vector<EpochMetrics> &history)
{
    static_assert(std::is_trivially_copyable_v<EpochMetrics>);
    QByteArray bytes(reinterpret_cast<const char *>(history.data()), qsizetype(history.size() * sizeof(EpochMetrics)));
    context.broadcastFromMain(bytes);
    std::vector<EpochMetrics> received(std::size_t(bytes.size()) / sizeof(EpochMetrics));
    std::memcpy(received.data(), bytes.constData(), received.size() * sizeof(EpochMetrics));
    return received;
}

} // namespace genrelab::DataParallel
