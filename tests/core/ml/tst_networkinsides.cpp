// NetworkInsides shows what the network really computes: the blocks' maps have the
// shapes of the reference CRNN (DESIGN.md: 32 × 65 × 50, then 64 × 32 × 25), the kernels
// are the first convolution's weights as the model file holds them, the hidden state is
// steps × units, each step's probabilities sum to 1, and the answer is forward()'s —
// the last step's for the GRU CRNN, the attention-weighted mean's for crnn-attention.
#include "dsp/FeatureContract.h"
#include "ml/BundleConverter.h"
#include "ml/ModelBundle.h"
#include "ml/NetworkInsides.h"
#include "ml/Saliency.h"
#include "ml/networks/AttentionCrnnNet.h"
#include "ml/networks/CrnnNet.h"
#include "util/Error.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace genrelab;

namespace {
using C = FeatureContract;

std::vector<float> randomSnippet(int seed)
{
    torch::manual_seed(seed);
    const auto x = (torch::rand({C::frames, C::nMels}) * 0.8f + 0.1f).contiguous();
    return {x.data_ptr<float>(), x.data_ptr<float>() + x.numel()};
}

QStringList labels(int n)
{
    QStringList names;
    for (int i = 0; i < n; ++i)
        names << QStringLiteral("class%1").arg(i);
    return names;
}

std::vector<float> forwardProbabilities(Network &net, const std::vector<float> &snippet)
{
    torch::NoGradGuard noGrad;
    const auto x = torch::from_blob(const_cast<float *>(snippet.data()), {1, 1, C::frames, C::nMels});
    const auto p = torch::softmax(net.forward(x), 1).contiguous();
    return {p.data_ptr<float>(), p.data_ptr<float>() + p.numel()};
}

void compareClose(std::span<const float> actual, std::span<const float> expected, float tolerance, const char *what)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (std::abs(actual[i] - expected[i]) > tolerance)
            QFAIL(qPrintable(QStringLiteral("%1 [%2]: %3 ≠ %4").arg(QLatin1String(what)).arg(i).arg(actual[i]).arg(expected[i])));
}

void checkStepRowsSumToOne(const NetworkInsides::Result &r)
{
    const int classes = int(r.labels.size());
    QCOMPARE(r.stepProbabilities.size(), std::size_t(r.steps) * std::size_t(classes));
    for (int t = 0; t < r.steps; ++t) {
        const auto row = std::span<const float>(r.stepProbabilities).subspan(std::size_t(t * classes), std::size_t(classes));
        QVERIFY(std::abs(std::accumulate(row.begin(), row.end(), 0.0) - 1.0) < 1e-5);
    }
    QVERIFY(std::abs(std::accumulate(r.stepWeights.begin(), r.stepWeights.end(), 0.0) - 1.0) < 1e-5);
}
} // namespace

class TestNetworkInsides : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    // The reference CRNN read from a bundle: shapes, kernels from the file, the answer.
    void referenceCrnnFromAModelFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained(labels(10), 3).write(path);
        const NetworkInsides insides(path, 2);
        const std::vector<float> snippet = randomSnippet(1);
        insides.inspect(snippet); // the first pass allocates
        QElapsedTimer timer;
        timer.start();
        const NetworkInsides::Result r = insides.inspect(snippet);
        qInfo("one snippet's insides on 2 threads: %lld ms", qint64(timer.elapsed())); // a figure, not a limit

        QCOMPARE(r.blocks.size(), std::size_t(2));
        QCOMPARE((std::array{r.blocks[0].channels, r.blocks[0].height, r.blocks[0].width}), (std::array{32, 65, 50}));
        QCOMPARE((std::array{r.blocks[1].channels, r.blocks[1].height, r.blocks[1].width}), (std::array{64, 32, 25}));
        QCOMPARE(r.blocks[1].values.size(), std::size_t(64 * 32 * 25));
        QCOMPARE(r.blocks[1].channel(63).size(), std::size_t(32 * 25));
        QCOMPARE(r.steps, 32);
        QCOMPARE(r.units, 64);
        QCOMPARE(r.hidden.size(), std::size_t(32 * 64));
        // A GRU's state is a tanh: within (−1, 1).
        QVERIFY(std::all_of(r.hidden.begin(), r.hidden.end(), [](float h) { return h > -1.0f && h < 1.0f; }));
        checkStepRowsSumToOne(r);

        // The kernels are b1.0.weight [32,1,3,3] as the file holds it.
        QCOMPARE((std::array{r.kernels.channels, r.kernels.height, r.kernels.width}), (std::array{32, 3, 3}));
        const ModelBundle bundle = ModelBundle::read(path);
        const auto weight = std::find_if(bundle.tensors.begin(), bundle.tensors.end(),
                                         [](const ModelBundle::Tensor &t) { return t.name == QLatin1String("b1.0.weight"); });
        QVERIFY(weight != bundle.tensors.end());
        QCOMPARE(weight->shape, (std::vector<std::int64_t>{32, 1, 3, 3}));
        compareClose(r.kernels.values, weight->values, 0.0f, "kernels");

        // The GRU CRNN classifies its last step: that step's probabilities are the answer,
        // and the answer is what Saliency (and so Evidence) says for the snippet.
        QVERIFY(r.lastStepDecides);
        QCOMPARE(r.stepWeights.back(), 1.0f);
        const auto last = std::span<const float>(r.stepProbabilities).subspan(std::size_t(31 * 10), 10);
        compareClose(last, r.probabilities, 1e-6f, "last step vs answer");
        compareClose(r.probabilities, Saliency(path, 2).probabilities(snippet), 1e-5f, "answer vs Saliency");
        QCOMPARE(r.predicted(), int(std::max_element(r.probabilities.begin(), r.probabilities.end()) - r.probabilities.begin()));
    }

    // The block maps are the block's output: block 1's first map equals a forwardKeeping
    // activation (what Grad-CAM looks at).
    void blockMapsAreTheActivationsGradCamSees()
    {
        torch::manual_seed(5);
        auto net = std::make_shared<CrnnNetImpl>(CrnnOptions{});
        net->eval();
        const std::vector<float> snippet = randomSnippet(2);
        const NetworkInsides::Result r = NetworkInsides(net, labels(10)).inspect(snippet);
        torch::NoGradGuard noGrad;
        for (int block = 1; block <= 2; ++block) {
            torch::Tensor activation;
            net->forwardKeeping(torch::from_blob(const_cast<float *>(snippet.data()), {1, 1, C::frames, C::nMels}), block, activation);
            const auto a = activation[0].contiguous();
            compareClose(r.blocks[std::size_t(block - 1)].values, std::span<const float>(a.data_ptr<float>(), std::size_t(a.numel())), 1e-6f, "block");
        }
    }

    // An LSTM variant of another width: the units follow its hidden size.
    void lstmVariantHasItsOwnWidth()
    {
        CrnnOptions options;
        options.cell = CrnnOptions::Cell::Lstm;
        options.hidden = 24;
        options.classes = 3;
        auto net = std::make_shared<CrnnNetImpl>(options);
        const NetworkInsides::Result r = NetworkInsides(net, labels(3)).inspect(randomSnippet(3));
        QCOMPARE(r.units, 24);
        QCOMPARE(r.hidden.size(), std::size_t(32 * 24));
        checkStepRowsSumToOne(r);
        compareClose(r.probabilities, std::span<const float>(r.stepProbabilities).subspan(31 * 3, 3), 1e-6f, "last step");
    }

    // crnn-attention classifies the attention-weighted mean of the steps: its answer is
    // forward()'s, its step weights are the attention's (not one-hot), and no step decides.
    void attentionNetworkSaysHowItWeighsTheSteps()
    {
        torch::manual_seed(9);
        CrnnOptions options;
        options.classes = 4;
        auto net = std::make_shared<AttentionCrnnNetImpl>(options);
        net->eval();
        const std::vector<float> snippet = randomSnippet(4);
        const NetworkInsides::Result r = NetworkInsides(net, labels(4)).inspect(snippet);
        checkStepRowsSumToOne(r);
        QVERIFY(!r.lastStepDecides);
        QVERIFY(*std::max_element(r.stepWeights.begin(), r.stepWeights.end()) < 1.0f);
        compareClose(r.probabilities, forwardProbabilities(*net, snippet), 1e-6f, "answer vs forward");
    }

    void wrongSnippetIsRefused()
    {
        auto net = std::make_shared<CrnnNetImpl>(CrnnOptions{});
        const std::vector<float> shorter(100, 0.5f);
        QVERIFY_THROWS_EXCEPTION(Error, NetworkInsides(net, labels(10)).inspect(shorter));
    }
};

QTEST_GUILESS_MAIN(TestNetworkInsides)
#include "tst_networkinsides.moc"
