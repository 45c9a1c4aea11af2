// The CRNN blocks' hand-written pool kernels against ATen's own ops: the same maxima and
// the same gradients, with ties, NaN, -inf, odd sizes and any input layout; the fused
// evaluation kernel against max-pool → ReLU → BatchNorm to float rounding.
#include "ml/TorchRuntime.h"
#include "ml/networks/BlockKernels.h"

#include <QTest>

#include <torch/torch.h>

#include <limits>

using namespace genrelab;

namespace {

// Values on a coarse grid, so that many windows hold equal maxima (which one wins decides
// where the gradient goes), with NaN (two in one window), -inf and +inf.
torch::Tensor hostileInput(std::vector<std::int64_t> sizes)
{
    auto x = (torch::randn(sizes) * 2.0).round() / 2.0;
    auto flat = x.view({-1});
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::int64_t w = sizes[3];
    flat[0] = nan;
    flat[1] = nan; // a second NaN in the first window: ATen's gradient goes to the last one
    flat[w + 2] = nan;
    flat[4] = -inf;
    flat[5] = -inf;
    flat[w + 4] = -inf;
    flat[w + 5] = -inf; // a window of -inf only
    flat[flat.numel() - 1] = inf;
    return x;
}

// Equal values and equal NaN positions (torch::equal says NaN ≠ NaN).
bool sameWithNaN(const torch::Tensor &a, const torch::Tensor &b)
{
    return torch::equal(a.isnan(), b.isnan()) && torch::equal(a.nan_to_num(0, 1e30, -1e30), b.nan_to_num(0, 1e30, -1e30));
}

} // namespace

class TstBlockKernels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { TorchRuntime::setThreads(2); }

    void maxPoolMatchesAtenForwardAndBackward_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("sizes");
        QTest::newRow("even") << std::vector<std::int64_t>{3, 4, 8, 6};
        QTest::newRow("odd rows and columns") << std::vector<std::int64_t>{2, 3, 7, 5};
        QTest::newRow("block 1") << std::vector<std::int64_t>{2, 32, 130, 100};
        QTest::newRow("block 2, odd 65th row") << std::vector<std::int64_t>{2, 64, 65, 50};
    }
    void maxPoolMatchesAtenForwardAndBackward()
    {
        QFETCH(std::vector<std::int64_t>, sizes);
        torch::manual_seed(7);
        const auto input = hostileInput(sizes);
        for (const bool channelsLast : {false, true}) {
            const auto layout = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
            auto ours = input.clone(layout).requires_grad_(); // leaves: input itself never requires grad
            auto aten = input.clone().requires_grad_();
            const auto pooledOurs = BlockKernels::maxPool2x2(ours);
            const auto pooledAten = torch::max_pool2d(aten, 2);
            QVERIFY(sameWithNaN(pooledOurs, pooledAten));
            const auto gradient = torch::randn(pooledAten.sizes());
            pooledOurs.backward(gradient);
            pooledAten.backward(gradient);
            QVERIFY(torch::equal(ours.grad(), aten.grad())); // the same winner in every window
            QVERIFY(ours.grad().ne(0).sum().item<std::int64_t>() > 0);
        }
    }

    // ReLU works in place on the pool's output in training (CrnnNet): autograd must still
    // see through it.
    void reluInPlaceOnThePooledOutputKeepsTheGradient()
    {
        torch::manual_seed(8);
        const auto input = torch::randn({2, 3, 6, 6});
        auto ours = input.clone().requires_grad_(), aten = input.clone().requires_grad_();
        BlockKernels::maxPool2x2(ours).relu_().sum().backward();
        torch::max_pool2d(aten, 2).relu().sum().backward();
        QVERIFY(torch::equal(ours.grad(), aten.grad()));
    }

    void fusedEvaluationMatchesTheSeparateOps_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("sizes");
        QTest::addColumn<bool>("timeMajor");
        QTest::newRow("block 1, channels-last out") << std::vector<std::int64_t>{3, 32, 130, 100} << false;
        QTest::newRow("block 2, time-major out") << std::vector<std::int64_t>{3, 64, 65, 50} << true;
        QTest::newRow("odd columns") << std::vector<std::int64_t>{2, 8, 9, 7} << true;
    }
    void fusedEvaluationMatchesTheSeparateOps()
    {
        QFETCH(std::vector<std::int64_t>, sizes);
        QFETCH(bool, timeMajor);
        torch::manual_seed(9);
        torch::nn::BatchNorm2d norm(sizes[1]);
        norm->running_mean.uniform_(-1, 1);
        norm->running_var.uniform_(0.2, 3);
        {
            torch::NoGradGuard noGrad;
            norm->weight.uniform_(-2, 2); // negative scales too: the pool must come before the affine
            norm->bias.uniform_(-1, 1);
        }
        norm->eval();
        torch::NoGradGuard noGrad;
        const auto input = hostileInput(sizes);
        const auto expected = norm->forward(torch::max_pool2d(input, 2).relu());
        const auto layout = timeMajor ? BlockKernels::Layout::TimeMajor : BlockKernels::Layout::ChannelsLast;
        const auto fused = BlockKernels::poolReluNorm(input.contiguous(at::MemoryFormat::ChannelsLast), *norm, layout);
        QCOMPARE(fused.sizes().vec(), expected.sizes().vec());
        QVERIFY(torch::equal(fused.isnan(), expected.isnan()));
        const auto finite = expected.isfinite();
        const auto difference = (fused - expected).abs().masked_select(finite);
        QVERIFY2(difference.max().item<float>() <= 1e-5f, qPrintable(QString::number(difference.max().item<float>())));
        QVERIFY(torch::equal(fused.isinf(), expected.isinf()));
        if (timeMajor) // the recurrent layer's [N,H,C·W] view needs no copy
            QVERIFY(fused.permute({0, 2, 1, 3}).is_contiguous());
        else
            QVERIFY(fused.is_contiguous(at::MemoryFormat::ChannelsLast));
    }

    // The first convolution's own filter gradient: ATen's to float rounding, the same on
    // any number of threads, and ATen's input gradient when the input needs one (saliency).
    void firstConvolutionMatchesAten()
    {
        torch::manual_seed(10);
        torch::nn::Conv2d convolution(torch::nn::Conv2dOptions(1, 32, 3).padding(1));
        const auto input = torch::randn({5, 1, 13, 11}) * 3.0;
        const auto gradient = torch::randn({5, 32, 13, 11});
        auto filterGradients = [&](const torch::Tensor &output) {
            convolution->zero_grad();
            output.backward(gradient);
            return std::pair{convolution->weight.grad().clone(), convolution->bias.grad().clone()};
        };
        const auto channelsLastView = input.as_strided(input.sizes(), {13 * 11, 1, 11, 1});
        const auto ours = filterGradients(BlockKernels::firstConvolution(channelsLastView, *convolution));
        const auto aten = filterGradients(convolution->forward(input));
        QVERIFY(torch::allclose(ours.first, aten.first, 1e-5, 1e-4));
        QVERIFY(torch::allclose(ours.second, aten.second, 1e-5, 1e-4));
        QVERIFY(aten.first.abs().max().item<float>() > 1.0f);
        TorchRuntime::setThreads(1);
        const auto oneThread = filterGradients(BlockKernels::firstConvolution(channelsLastView, *convolution));
        TorchRuntime::setThreads(2);
        QVERIFY(torch::equal(oneThread.first, ours.first));

        auto withInput = input.clone().requires_grad_(), reference = input.clone().requires_grad_();
        BlockKernels::firstConvolution(withInput, *convolution).backward(gradient);
        convolution->forward(reference).backward(gradient);
        QVERIFY(torch::allclose(withInput.grad(), reference.grad(), 1e-5, 1e-5));
    }

    // The fused convolution + pool: the same pooled output and, bit for bit, the same
    // filter and bias gradients as the two unfused (with ties and a NaN in the input, in
    // either input layout), ATen's input gradient when one is needed, and the same result
    // on one thread; odd sides fall back to the unfused pair.
    void pooledFirstConvolutionEqualsTheUnfusedPair()
    {
        torch::manual_seed(12);
        torch::nn::Conv2d convolution(torch::nn::Conv2dOptions(1, 16, 3).padding(1));
        auto input = (torch::randn({4, 1, 14, 10}) * 2.0).round() / 2.0; // a coarse grid: tied maxima
        input[1][0][3][4] = std::numeric_limits<float>::quiet_NaN();
        const auto channelsLastView = input.as_strided(input.sizes(), {14 * 10, 1, 10, 1});
        const auto gradient = torch::randn({4, 16, 7, 5});
        auto run = [&](const torch::Tensor &output) {
            convolution->zero_grad();
            output.backward(gradient);
            return std::tuple{output.detach(), convolution->weight.grad().clone(), convolution->bias.grad().clone()};
        };
        for (const auto &in : {channelsLastView, input}) {
            const auto [fusedOut, fusedWeight, fusedBias] = run(BlockKernels::convolutionPooled(in, *convolution));
            QVERIFY(fusedOut.is_contiguous()); // written NCHW for the BatchNorm after it
            convolution->zero_grad(); // a channels-last gradient is read as it is
            BlockKernels::convolutionPooled(in, *convolution).backward(gradient.contiguous(at::MemoryFormat::ChannelsLast));
            QVERIFY(torch::equal(convolution->weight.grad().nan_to_num(7.0), fusedWeight.nan_to_num(7.0)));
            const auto [pairOut, pairWeight, pairBias] = run(BlockKernels::maxPool2x2(BlockKernels::firstConvolution(in, *convolution)));
            QVERIFY(torch::equal(fusedOut.nan_to_num(7.0), pairOut.nan_to_num(7.0)));
            QVERIFY(torch::equal(fusedWeight.nan_to_num(7.0), pairWeight.nan_to_num(7.0)));
            QVERIFY(torch::equal(fusedBias, pairBias));
            QVERIFY(fusedWeight.isnan().any().item<bool>()); // the NaN pixel reached the filter gradient, as unfused
        }
        const auto finite = input.nan_to_num(0.0).as_strided(input.sizes(), {14 * 10, 1, 10, 1});
        const auto [out2, weight2, bias2] = run(BlockKernels::convolutionPooled(finite, *convolution));
        TorchRuntime::setThreads(1);
        const auto [out1, weight1, bias1] = run(BlockKernels::convolutionPooled(finite, *convolution));
        TorchRuntime::setThreads(2);
        QVERIFY(torch::equal(weight1, weight2));
        QVERIFY(torch::equal(bias1, bias2));
        const auto aten = run(torch::max_pool2d(convolution->forward(finite.contiguous()), 2));
        QVERIFY(torch::allclose(weight2, std::get<1>(aten), 1e-5, 1e-4));

        auto withInput = finite.contiguous().requires_grad_(), reference = finite.contiguous().requires_grad_();
        BlockKernels::convolutionPooled(withInput, *convolution).backward(gradient);
        torch::max_pool2d(convolution->forward(reference), 2).backward(gradient);
        QVERIFY(torch::allclose(withInput.grad(), reference.grad(), 1e-5, 1e-5));

        const auto odd = torch::randn({2, 1, 9, 7}); // the dropped row and column: unfused
        const auto oddGradient = torch::randn({2, 16, 4, 3});
        convolution->zero_grad();
        BlockKernels::convolutionPooled(odd, *convolution).backward(oddGradient);
        const auto oddWeight = convolution->weight.grad().clone();
        convolution->zero_grad();
        torch::max_pool2d(convolution->forward(odd), 2).backward(oddGradient);
        QVERIFY(torch::allclose(oddWeight, convolution->weight.grad(), 1e-5, 1e-4));
    }

    // Block 2's convolution + pool (32 or 64 input channels): ATen's pooled output, and
    // ATen's filter, bias and input gradients to float rounding, with tied maxima and an
    // odd last row; the same filter gradient bit for bit on 1 and 2 threads (the images'
    // sums are added in image order).
    void widePooledConvolutionMatchesAten_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("sizes");
        QTest::addColumn<std::int64_t>("filters");
        QTest::newRow("32 channels, odd rows") << std::vector<std::int64_t>{3, 32, 9, 8} << std::int64_t(16);
        QTest::newRow("64 channels, odd columns") << std::vector<std::int64_t>{2, 64, 6, 7} << std::int64_t(8);
        QTest::newRow("block 2") << std::vector<std::int64_t>{4, 32, 65, 50} << std::int64_t(64);
    }
    void widePooledConvolutionMatchesAten()
    {
        QFETCH(std::vector<std::int64_t>, sizes);
        QFETCH(std::int64_t, filters);
        torch::manual_seed(21);
        torch::nn::Conv2d convolution(torch::nn::Conv2dOptions(sizes[1], filters, 3).padding(1));
        const auto input = (torch::randn(sizes) * 2.0).round() / 2.0; // a coarse grid: tied maxima
        const auto gradient = torch::randn({sizes[0], filters, sizes[2] / 2, sizes[3] / 2});
        auto run = [&](bool ours) {
            convolution->zero_grad();
            auto in = input.clone().requires_grad_();
            const auto output = ours ? BlockKernels::convolutionPooled(in, *convolution)
                                     : torch::max_pool2d(convolution->forward(in), 2);
            if (ours) // the fused step, not a silent fallback to the unfused pair
                [&] { QVERIFY(output.grad_fn()->name().find("ConvolutionPooledFunction") != std::string::npos); }();
            output.backward(gradient);
            return std::tuple{output.detach(), convolution->weight.grad().clone(), convolution->bias.grad().clone(), in.grad()};
        };
        const auto [out, weight, bias, inputGrad] = run(true);
        const auto [atenOut, atenWeight, atenBias, atenInputGrad] = run(false);
        QVERIFY(torch::equal(out, atenOut));
        // Sums of thousands of products in float, in another order than oneDNN's: close to
        // the size of the largest term of the result, not to each (cancelling) element.
        const auto scaledError = [](const torch::Tensor &a, const torch::Tensor &b) {
            return ((a - b).abs().max() / b.abs().max()).item<double>();
        };
        QVERIFY2(scaledError(weight, atenWeight) < 1e-5, qPrintable(QString::number(scaledError(weight, atenWeight))));
        QVERIFY2(scaledError(bias, atenBias) < 1e-5, qPrintable(QString::number(scaledError(bias, atenBias))));
        QVERIFY(torch::allclose(inputGrad, atenInputGrad, 1e-5, 1e-5));
        TorchRuntime::setThreads(1);
        const auto [out1, weight1, bias1, inputGrad1] = run(true);
        TorchRuntime::setThreads(2);
        QVERIFY(torch::equal(weight1, weight));
        QVERIFY(torch::equal(bias1, bias));
    }

    // Saliency asks for the input's gradient alone: the filter sums are skipped and the
    // input gradient is still ATen's, for both pooled steps.
    void anInputGradientAloneSkipsTheFilterSums()
    {
        torch::manual_seed(5);
        for (const std::int64_t channels : {std::int64_t(1), std::int64_t(32)}) {
            torch::nn::Conv2d convolution(torch::nn::Conv2dOptions(channels, 16, 3).padding(1));
            const auto input = torch::randn({2, channels, 10, 8});
            auto ours = input.clone().requires_grad_(), reference = input.clone().requires_grad_();
            const auto gradient = torch::randn({2, 16, 5, 4});
            const auto oursGrad = torch::autograd::grad({BlockKernels::convolutionPooled(ours, *convolution)}, {ours}, {gradient})[0];
            const auto referenceGrad = torch::autograd::grad({torch::max_pool2d(convolution->forward(reference), 2)}, {reference}, {gradient})[0];
            QVERIFY(torch::allclose(oursGrad, referenceGrad, 1e-5, 1e-5));
            QVERIFY(!convolution->weight.grad().defined()); // nothing accumulated into the filters
        }
    }

    void otherConvolutionsAreLeftToAten()
    {
        torch::manual_seed(11);
        torch::nn::Conv2d unpadded(torch::nn::Conv2dOptions(1, 8, 3)), twoInputs(torch::nn::Conv2dOptions(2, 8, 3).padding(1));
        const auto input = torch::randn({2, 1, 9, 9});
        QVERIFY(torch::equal(BlockKernels::firstConvolution(input, *unpadded), unpadded->forward(input)));
        const auto two = torch::randn({2, 2, 9, 9});
        QVERIFY(torch::equal(BlockKernels::firstConvolution(two, *twoInputs), twoInputs->forward(two)));
    }

    // The backward scatter is not differentiable: asking for a second derivative fails
    // loudly instead of giving zeros.
    void secondDerivativesAreRefused()
    {
        auto input = torch::randn({1, 2, 4, 4}).requires_grad_();
        const auto pooled = BlockKernels::maxPool2x2(input);
        QVERIFY_THROWS_EXCEPTION(c10::Error, torch::autograd::grad({pooled.pow(2).sum()}, {input}, {}, true, true));
    }

    void fusedEvaluationRefusesAnotherLayout()
    {
        torch::nn::BatchNorm2d norm(4);
        norm->eval();
        QVERIFY_THROWS_EXCEPTION(c10::Error, BlockKernels::poolReluNorm(torch::randn({1, 4, 4, 4}), *norm,
                                                                         BlockKernels::Layout::ChannelsLast));
    }
};

QTEST_GUILESS_MAIN(TstBlockKernels)
#include "tst_blockkernels.moc"
