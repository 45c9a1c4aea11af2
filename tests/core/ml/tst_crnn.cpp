// The reference CRNN: exact parameter count, shapes, variants, and that the fast
// layouts compute the same function.
#include "ml/networks/CrnnNet.h"
#include "ml/networks/NetworkFactory.h"
#include "ml/TorchRuntime.h"
#include "util/Error.h"

#include <QTest>

#include <map>

using namespace genrelab;

class TestCrnn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { TorchRuntime::setThreads(2); }

    void referenceNetworkMatchesTheStudy()
    {
        CrnnNet net(CrnnOptions{});
        QCOMPARE(parameterCount(*net), std::int64_t(343690));
        const auto out = net->forward(torch::randn({3, 1, 130, 100}));
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{3, 10}));
    }

    // Without autograd, evaluation fuses pool, ReLU and BatchNorm in one pass over the
    // channels-last convolution (BlockKernels): the same function to float rounding, NaN
    // included, in both layouts (block 2's odd 65th row is dropped).
    void inferenceBlocksComputeWhatTrainingBlocksCompute()
    {
        torch::manual_seed(3);
        CrnnNet net(CrnnOptions{});
        net->train();
        for (int i = 0; i < 3; ++i) // running statistics that are not the identity
            net->forward(torch::randn({8, 1, 130, 100}) * 2.0 + 0.5);
        net->eval();
        auto input = torch::randn({5, 1, 130, 100});
        input[4][0][77][33] = std::numeric_limits<float>::quiet_NaN();
        for (const bool channelsLast : {false, true}) {
            net->setChannelsLast(channelsLast);
            torch::Tensor blocksWithGrad, blocksWithout;
            const auto withGrad = net->forwardKeeping(input, 2, blocksWithGrad).detach();
            torch::NoGradGuard noGrad;
            const auto without = net->forwardKeeping(input, 2, blocksWithout);
            QVERIFY(torch::allclose(blocksWithGrad.slice(0, 0, 4).detach(), blocksWithout.slice(0, 0, 4), 1e-5, 1e-5));
            QVERIFY(torch::allclose(withGrad.slice(0, 0, 4), without.slice(0, 0, 4), 1e-5, 1e-5));
            QVERIFY(torch::equal(blocksWithGrad.isnan(), blocksWithout.isnan())); // the NaN spreads alike
            QVERIFY(without[4].isnan().all().item<bool>());
        }
    }

    // Training pools through BlockKernels::maxPool2x2, on a channels-last view of the input
    // for the first convolution, whose filter gradient is BlockKernels::firstConvolution's. Against the same blocks pooled by ATen's max_pool2d: the
    // same outputs and gradients. Against the Sequential blocks on the NCHW input (what the
    // Python peer runs): the same outputs to the rounding of another convolution algorithm
    // (gradients may then differ where rounding moves a near-tie in a pool window).
    void trainingBlocksMatchTheSequentialBlocks()
    {
        torch::manual_seed(4);
        CrnnNet net(CrnnOptions{});
        net->train();
        const auto input = torch::randn({4, 1, 130, 100});
        auto children = net->named_children();
        auto sequential = [&](const char *name) { return children[name]->as<torch::nn::SequentialImpl>(); };
        auto viaAtenPool = [&] {
            auto x = input.as_strided(input.sizes(), {130 * 100, 1, 100, 1});
            for (const char *name : {"b1", "b2"}) {
                auto &block = *sequential(name);
                const auto pooled = torch::max_pool2d(block[0]->as<torch::nn::Conv2d>()->forward(x), 2);
                x = block[3]->as<torch::nn::BatchNorm2d>()->forward(pooled.contiguous().relu_());
            }
            return x;
        };
        auto viaSequential = [&] { return sequential("b2")->forward(sequential("b1")->forward(input)); };
        const auto weights = torch::randn({4, 64, 32, 25}); // a plain sum through BatchNorm has no gradient
        auto blockGradients = [&](const torch::Tensor &output) {
            net->zero_grad();
            (output * weights).sum().backward();
            std::map<std::string, torch::Tensor> gradients;
            for (const auto &parameter : net->named_parameters())
                if (parameter.key().rfind("b", 0) == 0) // b1.0, b1.3, b2.0, b2.3
                    gradients[parameter.key()] = parameter.value().grad().clone();
            return gradients;
        };
        torch::Tensor block2;
        net->forwardKeeping(input, 2, block2);
        const auto ours = blockGradients(block2);
        const auto reference = viaAtenPool();
        QVERIFY(torch::equal(block2, reference));
        const auto expected = blockGradients(reference);
        QCOMPARE(ours.size(), std::size_t(8)); // weight and bias of each
        for (const auto &[name, gradient] : expected) { // to float rounding of sums of ~10⁵ terms
            const float scale = gradient.abs().max().item<float>(), difference = (ours.at(name) - gradient).abs().max().item<float>();
            QVERIFY2(scale > 1e-2f && difference <= 1e-5f * scale, qPrintable(QStringLiteral("%1: %2 of %3").arg(QString::fromStdString(name)).arg(difference).arg(scale)));
        }
        QVERIFY(torch::allclose(block2, viaSequential(), 1e-4, 1e-4));
    }

    void parameterNamesMatchThePythonPeer()
    {
        CrnnNet net(CrnnOptions{});
        QStringList names;
        for (const auto &item : net->named_parameters())
            names << QString::fromStdString(item.key());
        for (const char *expected : {"b1.0.weight", "b1.0.bias", "b1.3.weight", "b2.0.weight", "b2.3.bias", "gru.weight_ih_l0",
                                     "gru.weight_hh_l0", "gru.bias_ih_l0", "fc.weight", "out.bias"})
            QVERIFY2(names.contains(QString::fromLatin1(expected)), expected);
        QStringList buffers;
        for (const auto &item : net->named_buffers())
            buffers << QString::fromStdString(item.key());
        QVERIFY(buffers.contains(QStringLiteral("b1.3.running_mean")));
    }

    void variantsAreOptionsOfTheSameNetwork()
    {
        CrnnOptions lstm;
        lstm.cell = CrnnOptions::Cell::Lstm;
        lstm.classes = 4;
        CrnnNet net(lstm);
        QCOMPARE(net->forward(torch::randn({2, 1, 130, 100})).sizes().vec(), (std::vector<std::int64_t>{2, 4}));
        // An LSTM has four gates where the GRU has three; the output layer has 4 classes.
        const std::int64_t gate = 64 * 1600 + 64 * 64 + 2 * 64;
        const std::int64_t outputLayer10 = 64 * 10 + 10, outputLayer4 = 64 * 4 + 4;
        QCOMPARE(parameterCount(*net), 343690 - 3 * gate + 4 * gate - outputLayer10 + outputLayer4);
        CrnnOptions options;
        options.dropout = 0.3;
        QCOMPARE(parameterCount(*CrnnNet(options)), std::int64_t(343690)); // dropout has no weights
    }

    // Channels-last inference is a layout change only: same outputs.
    void channelsLastComputesTheSameFunction()
    {
        torch::manual_seed(1);
        CrnnNet net(CrnnOptions{});
        net->eval();
        torch::NoGradGuard noGrad;
        const auto x = torch::randn({4, 1, 130, 100});
        const auto reference = net->forward(x);
        net->setChannelsLast(true);
        const auto fast = net->forward(x);
        QVERIFY((reference - fast).abs().max().item<float>() < 1e-4f);
        net->setChannelsLast(false);
        QVERIFY((reference - net->forward(x)).abs().max().item<float>() < 1e-6f);
    }

    // The factory's "crnn" is the same network, parameter for parameter: saved runs,
    // bundles and .pt exports key their weights by these names.
    void factoryBuildsTheReferenceByName()
    {
        QVERIFY(NetworkFactory::names().contains(QStringLiteral("crnn")));
        const std::shared_ptr<Network> network = NetworkFactory::create(CrnnOptions{}, QStringLiteral("crnn"));
        CrnnNet direct(CrnnOptions{});
        QStringList directNames;
        for (const auto &item : direct->named_parameters())
            directNames << QString::fromStdString(item.key());
        for (const auto &item : direct->named_buffers())
            directNames << QString::fromStdString(item.key());
        QCOMPARE(network->parameterNames(), directNames);
        QCOMPARE(network->parameterCount(), std::int64_t(343690));
        const auto shape = Network::inputShape(2);
        QCOMPARE(network->forward(torch::randn({shape[0], shape[1], shape[2], shape[3]})).sizes().vec(),
                 (std::vector<std::int64_t>{2, 10}));
        CrnnOptions lstm;
        lstm.cell = CrnnOptions::Cell::Lstm;
        QVERIFY(NetworkFactory::create(lstm)->parameterNames().contains(QStringLiteral("lstm.weight_ih_l0")));
        QVERIFY_THROWS_EXCEPTION(Error, NetworkFactory::create(CrnnOptions{}, QStringLiteral("transformer")));
    }

    // A second architecture through the seam alone: chosen by the options' name, the
    // reference's weights plus the attention scorer, pooling that sees every time step.
    void attentionCrnnIsRegisteredByName()
    {
        CrnnOptions options;
        options.architecture = QStringLiteral("crnn-attention");
        QVERIFY(NetworkFactory::names().contains(options.architecture));
        const std::shared_ptr<Network> network = NetworkFactory::create(options);
        QCOMPARE(network->parameterCount(), std::int64_t(343690 + 64 + 1));
        QVERIFY(network->parameterNames().contains(QStringLiteral("attention.weight")));
        QVERIFY(network->parameterNames().contains(QStringLiteral("gru.weight_ih_l0")));
        const auto shape = Network::inputShape(3);
        auto x = torch::randn({shape[0], shape[1], shape[2], shape[3]});
        network->eval();
        QCOMPARE(network->forward(x).sizes().vec(), (std::vector<std::int64_t>{3, 10}));
        // Not the last step: changing only the first time frames changes the output.
        auto earlier = x.clone();
        earlier.narrow(2, 0, 8).fill_(0.0);
        QVERIFY((network->forward(x) - network->forward(earlier)).abs().max().item<float>() > 1e-6f);
        // The name travels with the options (config.json, bundles); the default writes none.
        QCOMPARE(CrnnOptions::fromJson(options.toJson()).architecture, options.architecture);
        QVERIFY(!CrnnOptions{}.toJson().contains(QStringLiteral("architecture")));
    }

    void optionsRoundTripThroughJson()
    {
        CrnnOptions options;
        options.cell = CrnnOptions::Cell::Lstm;
        options.dropout = 0.25;
        options.classes = 7;
        const CrnnOptions back = CrnnOptions::fromJson(options.toJson());
        QCOMPARE(back.cell, CrnnOptions::Cell::Lstm);
        QCOMPARE(back.dropout, 0.25);
        QCOMPARE(back.classes, 7);
        QJsonObject bad = options.toJson();
        bad[QStringLiteral("classes")] = 1;
        QVERIFY_THROWS_EXCEPTION(Error, CrnnOptions::fromJson(bad));
    }
};

QTEST_GUILESS_MAIN(TestCrnn)
#include "tst_crnn.moc"
