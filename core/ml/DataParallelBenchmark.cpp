#include "DataParallelBenchmark.h"

#include "DataParallel.h"
#include "TorchRuntime.h"
#include "networks/NetworkFactory.h"
#include "util/Error.h"

#include <chrono>

namespace genrelab {

DataParallelBenchmark::Result DataParallelBenchmark::run(int threads, int batch, int steps)
{
    Result result;
    result.threads = TorchRuntime::setThreads(threads);
    result.batch = batch;
    const auto environment = DistributedContext::Environment::fromProcess();
    const auto context = environment.distributed() ? DistributedContext::join(environment, std::chrono::seconds(60)) : nullptr;
    result.rank = environment.rank;
    result.worldSize = environment.worldSize;
    if (batch % result.worldSize != 0)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("--batch %1 does not split over %2 ranks").arg(batch).arg(result.worldSize));
    const int rankBatch = batch / result.worldSize;

    torch::manual_seed(0);
    const std::shared_ptr<Network> net = NetworkFactory::create(CrnnOptions{});
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));
    torch::manual_seed(std::uint64_t(1 + result.rank)); // each rank its own data
    const auto x = torch::randn({rankBatch, 1, 130, 100});
    const auto y = torch::randint(0, 10, {rankBatch}, torch::kLong);
    const auto step = [&] {
        optimizer.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(net->forward(x), y);
        loss.backward();
        if (context)
            DataParallel::averageGradients(*context, net->parameters(), false);
        optimizer.step();
    };
    const auto together = [&] { // every rank at the same point before the clock reads
        if (!context)
            return;
        float one = 1.0f;
        context->allReduceSum(&one, 1);
    };
    net->train();
    if (context)
        DataParallel::broadcastState(*context, *net);
    for (int i = 0; i < 2; ++i)
        step();
    together();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    together();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.trainSamplesPerSecond = double(steps) * batch / seconds;
    if (context)
        context->finish();
    return result;
}

QString DataParallelBenchmark::Result::line() const
{
    return QStringLiteral("genrelab_train_rank rank=%1 world_size=%2 threads=%3 batch=%4 train_samples_per_s=%5")
        .arg(rank).arg(worldSize).arg(threads).arg(batch).arg(trainSamplesPerSecond, 0, 'f', 1);
}

} // namespace genrelab
