#include "TrainBenchmark.h"

#include "TorchRuntime.h"
#include "networks/NetworkFactory.h"

#include <chrono>

namespace genrelab {

namespace {
double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

TrainBenchmark::Result TrainBenchmark::run(int threads, int batch, int steps)
{
    Result result;
    result.threads = TorchRuntime::setThreads(threads);
    result.batch = batch;
    torch::manual_seed(0);
    const std::shared_ptr<Network> net = NetworkFactory::create(CrnnOptions{});
    result.parameters = net->parameterCount();
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));
    const auto x = torch::randn({batch, 1, 130, 100});
    const auto y = torch::randint(0, 10, {batch}, torch::kLong);
    const auto step = [&] {
        optimizer.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(net->forward(x), y);
        loss.backward();
        optimizer.step();
    };
    net->train();
    for (int i = 0; i < 2; ++i)
        step();
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    result.trainSamplesPerSecond = double(steps) * batch / secondsSince(start);

    net->eval();
    net->setChannelsLast(true);
    torch::NoGradGuard noGrad;
    const auto xi = torch::randn({256, 1, 130, 100});
    net->forward(xi);
    start = std::chrono::steady_clock::now();
    net->forward(xi);
    net->forward(xi);
    result.inferSamplesPerSecond = 512.0 / secondsSince(start);
    return result;
}

QString TrainBenchmark::Result::line() const
{
    return QStringLiteral("genrelab_train params=%1 threads=%2 batch=%3 blas=%4 train_samples_per_s=%5 infer_samples_per_s=%6")
        .arg(parameters).arg(threads).arg(batch).arg(TorchRuntime::blasInfo().section(QLatin1Char(' '), 0, 0))
        .arg(trainSamplesPerSecond, 0, 'f', 1).arg(inferSamplesPerSecond, 0, 'f', 1);
}

} // namespace genrelab
