#include "Network.h"

#include "util/Error.h"

namespace genrelab {

QStringList Network::parameterNames() const
{
    QStringList names;
    for (const auto &item : named_parameters())
        names << QString::fromStdString(item.key());
    for (const auto &item : named_buffers())
        names << QString::fromStdString(item.key());
    return names;
}

std::int64_t Network::parameterCount() const
{
    return genrelab::parameterCount(*this);
}

torch::Tensor Network::forwardKeeping(const torch::Tensor &, int, torch::Tensor &)
{
    throw Error(Error::Kind::Unsupported, {}, QStringLiteral("this network has no convolution blocks to explain"),
                QStringLiteral("use --method occlusion or integrated-gradients"));
}

Network::Insides Network::insides(const torch::Tensor &)
{
    throw Error(Error::Kind::Unsupported, {}, QStringLiteral("this network does not show its convolution blocks and recurrent layer"));
}

torch::Tensor Network::embed(const torch::Tensor &)
{
    throw Error(Error::Kind::Unsupported, {}, QStringLiteral("this network does not expose the vector its last layer classifies"));
}

std::int64_t parameterCount(const torch::nn::Module &module)
{
    std::int64_t count = 0;
    for (const auto &p : module.parameters())
        count += p.numel();
    return count;
}

torch::Device deviceFor(const QString &name)
{
    if (name != QLatin1String("cuda"))
        return torch::kCPU;
    if (!torch::cuda::is_available())
        throw Error(Error::Kind::Unsupported, {}, QStringLiteral("CUDA was asked for, but this LibTorch has no CUDA or no GPU "
                                                                 "is visible"),
                    QStringLiteral("use --device cpu"));
    return torch::kCUDA;
}

torch::Device deviceOf(const torch::nn::Module &module)
{
    const auto parameters = module.parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

} // namespace genrelab
