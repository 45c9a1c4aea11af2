// The fused evaluation blocks (WinogradBlock for block 2, SingleChannelBlock for block 1)
// against the convolution computed in double, next to oneDNN's float convolution: as
// close as oneDNN's, on every shape their tiling has edges for (odd sides, padding rows,
// tile rows not a multiple of the GEMM block), both output layouts, any input layout, any
// thread count; GruSequence against LibTorch's GRU, both next to the GRU in double; and
// the whole CRNN in evaluation against its autograd path, which uses none of them.
#include "ml/TorchRuntime.h"
#include "ml/networks/BlockKernels.h"
#include "ml/networks/CrnnNet.h"
#include "ml/networks/GruSequence.h"
#include "ml/networks/SingleChannelBlock.h"
#include "ml/networks/WinogradBlock.h"

#include <QTest>

#include <torch/torch.h>

#include <limits>

using namespace genrelab;

namespace {

struct Block
{
    Block(std::int64_t inputs, std::int64_t outputs)
        : convolution(torch::nn::Conv2dOptions(inputs, outputs, 3).padding(1))
        , norm(outputs)
    {
        torch::NoGradGuard noGrad;
        convolution->weight.normal_(0.0, 0.3);
        convolution->bias.uniform_(-1, 1);
        norm->running_mean.uniform_(-1, 1);
        norm->running_var.uniform_(0.2, 3);
        norm->weight.uniform_(-2, 2); // negative scales too: the pool must come before the affine
        norm->bias.uniform_(-1, 1);
        norm->eval();
    }
    // Convolution, pool, ReLU and BatchNorm in double, from the same float parameters.
    torch::Tensor exact(const torch::Tensor &input)
    {
        const auto conv = torch::conv2d(input.to(torch::kDouble), convolution->weight.to(torch::kDouble),
                                        convolution->bias.to(torch::kDouble), 1, 1);
        const auto pooled = torch::max_pool2d(conv, 2).relu();
        const auto shape = std::vector<std::int64_t>{1, -1, 1, 1};
        const auto scale = norm->weight.to(torch::kDouble) / (norm->running_var.to(torch::kDouble) + norm->options.eps()).sqrt();
        return (pooled - norm->running_mean.to(torch::kDouble).view(shape)) * scale.view(shape)
             + norm->bias.to(torch::kDouble).view(shape);
    }
    torch::nn::Conv2d convolution;
    torch::nn::BatchNorm2d norm;
};

double largestError(const torch::Tensor &result, const torch::Tensor &exact)
{
    return (result.to(torch::kDouble) - exact).abs().max().item<double>();
}

// The kernel for the input's channel count, as CrnnNet picks it.
torch::Tensor fused(const torch::Tensor &input, Block &block, BlockKernels::Layout layout)
{
    if (input.size(1) == 1)
        return SingleChannelBlock::convolvePoolReluNorm(input, *block.convolution, *block.norm, layout);
    return WinogradBlock::convolvePoolReluNorm(input, *block.convolution, *block.norm, layout);
}

} // namespace

class TstFusedBlocks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { TorchRuntime::setThreads(2); }

    void matchesTheConvolutionInDouble_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("sizes"); // N, C, H, W
        QTest::addColumn<int>("outputs");
        QTest::addColumn<bool>("timeMajor");
        QTest::newRow("CRNN block 1") << std::vector<std::int64_t>{3, 1, 130, 100} << 32 << false;
        QTest::newRow("block 1, odd sides, time-major out") << std::vector<std::int64_t>{2, 1, 11, 9} << 16 << true;
        QTest::newRow("block 1, the smallest") << std::vector<std::int64_t>{1, 1, 2, 2} << 8 << false;
        QTest::newRow("CRNN block 2 (odd height: its last row is pooled away)") << std::vector<std::int64_t>{3, 32, 65, 50} << 64 << true;
        QTest::newRow("channels-last out") << std::vector<std::int64_t>{2, 32, 65, 50} << 64 << false;
        QTest::newRow("odd width") << std::vector<std::int64_t>{2, 8, 10, 9} << 16 << true;
        QTest::newRow("even height: the last tile row reads the padding") << std::vector<std::int64_t>{1, 16, 6, 6} << 32 << false;
        QTest::newRow("the smallest: one tile") << std::vector<std::int64_t>{2, 8, 2, 2} << 16 << true;
        QTest::newRow("one tile across") << std::vector<std::int64_t>{1, 8, 14, 3} << 16 << true;
        QTest::newRow("26 tiles across: blocks of 6, 5, 5, 5, 5") << std::vector<std::int64_t>{1, 8, 4, 52} << 16 << false;
        QTest::newRow("13 tiles across: blocks of 5, 4, 4") << std::vector<std::int64_t>{1, 24, 5, 27} << 48 << true;
    }
    void matchesTheConvolutionInDouble()
    {
        QFETCH(std::vector<std::int64_t>, sizes);
        QFETCH(int, outputs);
        QFETCH(bool, timeMajor);
        torch::manual_seed(11);
        Block block(sizes[1], outputs);
        const auto input = (torch::randn(sizes) * 2.0 + 0.5).contiguous(at::MemoryFormat::ChannelsLast);
        torch::NoGradGuard noGrad;
        const auto layout = timeMajor ? BlockKernels::Layout::TimeMajor : BlockKernels::Layout::ChannelsLast;
        QVERIFY(sizes[1] == 1 ? SingleChannelBlock::applies(input, *block.convolution, *block.norm)
                              : WinogradBlock::applies(input, *block.convolution, *block.norm));
        const auto ours = fused(input, block, layout);
        const auto oneDnn = BlockKernels::poolReluNorm(block.convolution->forward(input).contiguous(at::MemoryFormat::ChannelsLast),
                                                       *block.norm, layout);
        const auto exact = block.exact(input);
        QCOMPARE(ours.sizes().vec(), exact.sizes().vec());
        QVERIFY(timeMajor ? ours.permute({0, 2, 1, 3}).is_contiguous() : ours.is_contiguous(at::MemoryFormat::ChannelsLast));
        // Outputs up to ~100: float rounding of ~9·C products is ~1e-5 of them.
        const double ourError = largestError(ours, exact), theirs = largestError(oneDnn, exact);
        const double magnitude = exact.abs().max().item<double>();
        QVERIFY2(magnitude > 1.0, qPrintable(QString::number(magnitude)));
        QVERIFY2(ourError <= 2e-6 * magnitude, qPrintable(QStringLiteral("ours %1, oneDNN %2, largest %3").arg(ourError).arg(theirs).arg(magnitude)));
        QVERIFY2(ourError <= 4.0 * theirs + 1e-6, qPrintable(QStringLiteral("ours %1, oneDNN %2").arg(ourError).arg(theirs)));
    }

    // Each pooled row is computed on its own, in the same order on any thread.
    void theThreadCountDoesNotChangeTheResult_data()
    {
        QTest::addColumn<int>("inputs");
        QTest::newRow("block 1") << 1;
        QTest::newRow("block 2") << 32;
    }
    void theThreadCountDoesNotChangeTheResult()
    {
        QFETCH(int, inputs);
        torch::manual_seed(12);
        Block block(inputs, 64);
        const auto input = torch::randn({4, inputs, 33, 50}).contiguous(at::MemoryFormat::ChannelsLast);
        torch::NoGradGuard noGrad;
        const auto twoThreads = fused(input, block, BlockKernels::Layout::TimeMajor);
        TorchRuntime::setThreads(1);
        const auto oneThread = fused(input, block, BlockKernels::Layout::TimeMajor);
        TorchRuntime::setThreads(2);
        QVERIFY(torch::equal(oneThread, twoThreads));
    }

    // An NCHW input is taken as it is (made channels-last inside).
    void anyInputLayout()
    {
        torch::manual_seed(13);
        Block block(16, 16);
        const auto input = torch::randn({2, 16, 9, 11});
        torch::NoGradGuard noGrad;
        const auto planar = WinogradBlock::convolvePoolReluNorm(input, *block.convolution, *block.norm, BlockKernels::Layout::ChannelsLast);
        const auto channelsLast = WinogradBlock::convolvePoolReluNorm(input.contiguous(at::MemoryFormat::ChannelsLast), *block.convolution,
                                                                      *block.norm, BlockKernels::Layout::ChannelsLast);
        QVERIFY(torch::equal(planar, channelsLast));
    }

    // A NaN in the input reaches the pooled outputs whose receptive field holds it, as in
    // the direct convolution (Winograd: a tile's others too, its transforms mix its inputs).
    void aNaNInputGivesNaN_data()
    {
        QTest::addColumn<int>("inputs");
        QTest::newRow("block 1") << 1;
        QTest::newRow("block 2") << 8;
    }
    void aNaNInputGivesNaN()
    {
        QFETCH(int, inputs);
        torch::manual_seed(14);
        Block block(inputs, 16);
        auto input = torch::randn({1, inputs, 8, 8});
        input.index_put_({0, inputs - 1, 4, 5}, std::numeric_limits<float>::quiet_NaN());
        torch::NoGradGuard noGrad;
        const auto ours = fused(input, block, BlockKernels::Layout::ChannelsLast);
        const auto direct = block.exact(input);
        QVERIFY(direct.isnan().any().item<bool>());
        QVERIFY(ours.isnan().logical_or(direct.isnan().logical_not()).all().item<bool>()); // NaN wherever the direct one is
        QVERIFY(ours.isfinite().sum().item<std::int64_t>() > ours.numel() / 2);
        if (inputs == 1)
            QVERIFY(torch::equal(ours.isnan(), direct.isnan()));
    }

    void appliesOnlyToWhatItComputes()
    {
        Block block(32, 64);
        const auto input = torch::randn({1, 32, 8, 8});
        {
            torch::NoGradGuard noGrad;
            QVERIFY(WinogradBlock::applies(input, *block.convolution, *block.norm));
            QVERIFY(!WinogradBlock::applies(torch::randn({1, 1, 8, 8}), *Block(1, 32).convolution, *Block(1, 32).norm)); // block 1
            QVERIFY(SingleChannelBlock::applies(torch::randn({1, 1, 8, 8}), *Block(1, 32).convolution, *Block(1, 32).norm));
            QVERIFY(!SingleChannelBlock::applies(input, *block.convolution, *block.norm));
            QVERIFY(!SingleChannelBlock::applies(torch::randn({1, 1, 8, 8}), *Block(1, 12).convolution, *Block(1, 12).norm));
            QVERIFY(!WinogradBlock::applies(torch::randn({1, 12, 8, 8}), *Block(12, 16).convolution, *Block(12, 16).norm));
            QVERIFY(!WinogradBlock::applies(torch::randn({1, 8, 8, 8}), *Block(8, 24).convolution, *Block(8, 24).norm));
            QVERIFY(!WinogradBlock::applies(torch::randn({1, 32, 1, 8}), *block.convolution, *block.norm)); // nothing to pool
            QVERIFY(!WinogradBlock::applies(input.to(torch::kDouble), *block.convolution, *block.norm));
            torch::nn::Conv2d strided(torch::nn::Conv2dOptions(32, 64, 3).padding(1).stride(2));
            QVERIFY(!WinogradBlock::applies(input, *strided, *block.norm));
            torch::nn::Conv2d unbiased(torch::nn::Conv2dOptions(32, 64, 3).padding(1).bias(false));
            QVERIFY(!WinogradBlock::applies(input, *unbiased, *block.norm));
            block.norm->train();
            QVERIFY(!WinogradBlock::applies(input, *block.convolution, *block.norm)); // batch statistics
            block.norm->eval();
        }
        QVERIFY(!WinogradBlock::applies(input, *block.convolution, *block.norm)); // autograd on, parameters need gradients
        QVERIFY(!SingleChannelBlock::applies(torch::randn({1, 1, 8, 8}), *Block(1, 32).convolution, *Block(1, 32).norm));
        QVERIFY_THROWS_EXCEPTION(c10::Error, WinogradBlock::convolvePoolReluNorm(input, *block.convolution, *block.norm,
                                                                                 BlockKernels::Layout::TimeMajor));
    }

    void theGruMatchesLibTorchs_data()
    {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("hidden");
        QTest::newRow("one step, one sequence") << 1 << 1 << 16 << 8;
        QTest::newRow("odd sizes") << 3 << 5 << 40 << 24;
        QTest::newRow("the CRNN's") << 10 << 32 << 1600 << 64;
    }

    // As close to the GRU in double as LibTorch's float GRU is, on inputs large enough to
    // saturate some gates.
    void theGruMatchesLibTorchs()
    {
        QFETCH(int, batch);
        QFETCH(int, steps);
        QFETCH(int, inputs);
        QFETCH(int, hidden);
        torch::manual_seed(batch * 1000 + steps);
        torch::nn::GRU gru(torch::nn::GRUOptions(inputs, hidden).batch_first(true));
        gru->eval();
        torch::NoGradGuard noGrad;
        const auto input = torch::randn({batch, steps, inputs}) * 2.0;
        QVERIFY(GruSequence::applies(input, *gru));
        const auto ours = GruSequence::outputs(input, *gru);
        const auto libtorch = std::get<0>(gru->forward(input));
        torch::nn::GRU inDouble(torch::nn::GRUOptions(inputs, hidden).batch_first(true));
        inDouble->to(torch::kDouble);
        for (auto &parameter : inDouble->named_parameters())
            parameter.value().copy_(gru->named_parameters()[parameter.key()]);
        const auto exact = std::get<0>(inDouble->forward(input.to(torch::kDouble)));
        QCOMPARE(ours.sizes(), libtorch.sizes());
        const double oursError = largestError(ours, exact), libtorchError = largestError(libtorch, exact);
        QVERIFY2(oursError <= 2.0 * libtorchError + 1e-6,
                 qPrintable(QStringLiteral("ours %1, LibTorch's %2").arg(oursError).arg(libtorchError)));
        QVERIFY(oursError < 1e-5);
        QVERIFY(exact.abs().max().item<double>() > 0.5); // states far from zero: a wrong gate would show
    }

    void theGruAppliesOnlyToWhatItComputes()
    {
        const auto input = torch::randn({2, 4, 16});
        torch::nn::GRU gru(torch::nn::GRUOptions(16, 8).batch_first(true));
        QVERIFY(!GruSequence::applies(input, *gru)); // autograd on, parameters need gradients
        torch::NoGradGuard noGrad;
        QVERIFY(GruSequence::applies(input, *gru));
        QVERIFY(!GruSequence::applies(input.to(torch::kDouble), *gru));
        QVERIFY(!GruSequence::applies(torch::randn({2, 4, 15}), *gru));
        QVERIFY(!GruSequence::applies(input, *torch::nn::GRU(torch::nn::GRUOptions(16, 8).batch_first(true).num_layers(2))));
        QVERIFY(!GruSequence::applies(input, *torch::nn::GRU(torch::nn::GRUOptions(16, 8).batch_first(true).bidirectional(true))));
        QVERIFY(!GruSequence::applies(input, *torch::nn::GRU(torch::nn::GRUOptions(16, 8))));
        QVERIFY(!GruSequence::applies(input, *torch::nn::GRU(torch::nn::GRUOptions(16, 12).batch_first(true))));
        QVERIFY(!GruSequence::applies(input, *torch::nn::GRU(torch::nn::GRUOptions(16, 8).batch_first(true).bias(false))));
    }

    // The CRNN's evaluation (both fused blocks) against the same network under autograd
    // (oneDNN's convolution and ATen's BatchNorm): the same probabilities to float rounding.
    void theCrnnInEvaluationMatchesItsAutogradPath()
    {
        torch::manual_seed(15);
        CrnnNet net(CrnnOptions{});
        net->eval();
        {
            torch::NoGradGuard noGrad; // trained-looking statistics, not the initial 0 and 1
            for (auto &buffer : net->buffers()) {
                if (buffer.dim() == 1 && buffer.scalar_type() == torch::kFloat)
                    buffer.uniform_(0.3, 1.5);
            }
        }
        const auto input = torch::randn({6, 1, 130, 100}) * 20.0 - 40.0; // dB-like
        const auto viaAutograd = torch::softmax(net->forward(input), 1).detach();
        torch::NoGradGuard noGrad;
        const auto evaluation = torch::softmax(net->forward(input), 1);
        QVERIFY2(torch::allclose(evaluation, viaAutograd, 0.0, 1e-5),
                 qPrintable(QString::number((evaluation - viaAutograd).abs().max().item<float>())));
        QVERIFY(viaAutograd.max().item<float>() < 0.999f); // not a saturated softmax that would hide differences
    }
};

QTEST_GUILESS_MAIN(TstFusedBlocks)
#include "tst_fusedblocks.moc"
