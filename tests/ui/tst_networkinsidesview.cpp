// "Inside the network…" as a user opens it from the Evidence row (Explore and Evaluate's
// snippet view both carry one): a non-modal window that runs the selected snippet through
// the model on a worker and shows a tile per channel of each convolution block in the
// network's shapes, the first block's 32 kernels of 3 × 3, the hidden state as steps ×
// units, per-step probabilities that sum to 1, the last of which are the probabilities
// Saliency (Evidence) gives for the snippet; it follows the selection, says in words when
// there is no model, and says what crnn-attention's steps mean. Explore and Evaluate's
// snippet view both offer it.
#include "dsp/FeatureContract.h"
#include "evaluate/SnippetInspector.h"
#include "explore/ExploreWorkspace.h"
#include "ml/BundleConverter.h"
#include "ml/ModelBundle.h"
#include "ml/Saliency.h"
#include "playback/PlaybackController.h"
#include "views/EvidenceControls.h"
#include "views/FeatureMapGrid.h"
#include "views/MatrixImageView.h"
#include "views/NetworkInsidesDialog.h"
#include "views/NetworkInsidesView.h"
#include "views/SpectrogramView.h"
#include "views/StepProbabilityView.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cmath>

using namespace genrelab;

namespace {
using C = FeatureContract;

// Two snippets with structure in time and pitch (a rising line over a gradient).
std::vector<float> twoSnippets()
{
    std::vector<float> values(2 * C::valuesPerSnippet);
    for (std::size_t s = 0; s < 2; ++s)
        for (int t = 0; t < C::frames; ++t)
            for (int b = 0; b < C::nMels; ++b) {
                const bool line = std::abs(b - (t * 3 / 4 + int(s) * 20) % C::nMels) < 3;
                values[s * C::valuesPerSnippet + std::size_t(t * C::nMels + b)] = line ? 0.95f : 0.2f + 0.5f * float(b) / C::nMels;
            }
    return values;
}

QStringList genres()
{
    return {QStringLiteral("blues"), QStringLiteral("classical"), QStringLiteral("country"), QStringLiteral("disco"),
            QStringLiteral("hiphop"), QStringLiteral("jazz"), QStringLiteral("metal"), QStringLiteral("pop"),
            QStringLiteral("reggae"), QStringLiteral("rock")};
}
} // namespace

class TestNetworkInsidesView : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;
    std::vector<float> m_values = twoSnippets();

    bool waitComputed(NetworkInsidesDialog *dialog)
    {
        QSignalSpy computed(dialog, &NetworkInsidesDialog::computed);
        return computed.wait(60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained(genres(), 4).write(m_model);
    }

    void showsTheNetworksShapesAndItsAnswer()
    {
        SpectrogramView spectrogram;
        spectrogram.setFeatures(m_values, 2, {0.0, 3.0});
        spectrogram.setSelectedSnippet(1);
        EvidenceControls controls(&spectrogram);
        controls.setModel(m_model);
        QVERIFY(controls.insidesButton() && !controls.insidesButton()->toolTip().isEmpty());
        controls.insidesButton()->click();
        NetworkInsidesDialog *dialog = controls.insidesDialog();
        QVERIFY(dialog && dialog->isVisible() && !dialog->isModal());
        QVERIFY(dialog->isComputing() || !dialog->view()->result().probabilities.empty());
        if (dialog->view()->result().probabilities.empty())
            QVERIFY(waitComputed(dialog));
        const NetworkInsidesView *view = dialog->view();

        // One tile per channel of each block, in the reference CRNN's shapes (time × bands).
        QCOMPARE(view->blockGrids().size(), 2);
        QCOMPARE(view->blockGrids()[0]->tileCount(), 32);
        QCOMPARE(view->blockGrids()[0]->tileShape(), QSize(65, 50));
        QCOMPARE(view->blockGrids()[1]->tileCount(), 64);
        QCOMPARE(view->blockGrids()[1]->tileShape(), QSize(32, 25));
        QVERIFY(view->blockGrids()[1]->isVisibleTo(dialog));
        QVERIFY(view->blockGrids()[0]->describe(0).startsWith(QStringLiteral("channel 1: ")));
        QCOMPARE(view->kernelGrid()->tileCount(), 32);
        QCOMPARE(view->kernelGrid()->tileShape(), QSize(3, 3));
        QCOMPARE(view->hiddenView()->frames(), 32); // time steps
        QCOMPARE(view->hiddenView()->bins(), 64);   // units
        const StepProbabilityView *steps = view->stepView();
        QCOMPARE(steps->steps(), 32);
        QCOMPARE(steps->classes(), 10);
        for (int t = 0; t < steps->steps(); ++t) {
            double sum = 0.0;
            for (int c = 0; c < steps->classes(); ++c)
                sum += steps->probability(t, c);
            QVERIFY2(std::abs(sum - 1.0) < 1e-5, qPrintable(QString::number(sum)));
        }
        // The CRNN answers with its last step: that column is what Evidence's model says.
        const std::span<const float> snippet(m_values.data() + C::valuesPerSnippet, C::valuesPerSnippet);
        const std::vector<float> expected = Saliency(m_model, 2).probabilities(snippet);
        for (int c = 0; c < 10; ++c) {
            QVERIFY(std::abs(steps->probability(31, c) - expected[std::size_t(c)]) < 1e-5f);
            QVERIFY(std::abs(view->result().probabilities[std::size_t(c)] - expected[std::size_t(c)]) < 1e-5f);
        }
        const int predicted = int(std::max_element(expected.begin(), expected.end()) - expected.begin());
        QVERIFY2(dialog->status().contains(QStringLiteral("predicted ") + genres()[predicted]), qPrintable(dialog->status()));
        QVERIFY(dialog->windowTitle().endsWith(QStringLiteral("snippet 2")));

        // One sentence under each panel: two blocks, kernels, hidden state, steps.
        const QStringList captions = view->captions();
        QCOMPARE(captions.size(), 5);
        for (const QString &caption : captions)
            QVERIFY2(caption.endsWith(u'.') && !caption.chopped(1).contains(QStringLiteral(". ")), qPrintable(caption));
        QVERIFY(captions.last().contains(QStringLiteral("last step")));

        // It follows the selection.
        QSignalSpy computed(dialog, &NetworkInsidesDialog::computed);
        spectrogram.setSelectedSnippet(0);
        QVERIFY(computed.wait(60000));
        QVERIFY(dialog->windowTitle().endsWith(QStringLiteral("snippet 1")));
        const std::vector<float> first = Saliency(m_model, 2).probabilities(std::span<const float>(m_values.data(), C::valuesPerSnippet));
        for (int c = 0; c < 10; ++c)
            QVERIFY(std::abs(view->result().probabilities[std::size_t(c)] - first[std::size_t(c)]) < 1e-5f);
    }

    void saysWhenThereIsNoModelOrSnippet()
    {
        SpectrogramView spectrogram;
        spectrogram.setFeatures(m_values, 2, {0.0, 3.0});
        EvidenceControls controls(&spectrogram);
        NetworkInsidesDialog *dialog = controls.showInsides();
        QVERIFY2(dialog->status().contains(QStringLiteral("No trained model")), qPrintable(dialog->status()));
        QVERIFY(dialog->view()->captions().isEmpty());
        controls.setModel(m_model); // the row's model reaches the window
        QCOMPARE(dialog->model(), m_model);
        if (spectrogram.selectedSnippet() < 0)
            QVERIFY2(dialog->status().contains(QStringLiteral("Select a snippet")), qPrintable(dialog->status()));
    }

    // Explore and Evaluate's snippet view both carry the button, and their window follows
    // their own spectrogram (no run known here: it says how to get a model).
    void exploreAndEvaluateOfferIt()
    {
        PlaybackController player;
        ExploreWorkspace explore(&player);
        SnippetInspector inspector(&player);
        for (EvidenceControls *controls : {explore.evidence(), inspector.evidence()}) {
            QVERIFY(controls->insidesButton()->isVisibleTo(controls));
            controls->insidesButton()->click();
            QVERIFY(controls->insidesDialog() && controls->insidesDialog()->isVisible());
            QVERIFY2(controls->insidesDialog()->status().contains(QStringLiteral("No trained model")),
                     qPrintable(controls->insidesDialog()->status()));
            controls->insidesDialog()->close();
        }
    }

    // crnn-attention: the answer is not one step's, and the caption says so.
    void attentionNetworkIsDescribedHonestly()
    {
        ModelBundle bundle = BundleConverter::untrained(genres(), 5);
        bundle.network.architecture = QStringLiteral("crnn-attention");
        bundle.tensors.push_back({QStringLiteral("attention.weight"), {1, 64}, std::vector<float>(64, 0.05f)});
        bundle.tensors.push_back({QStringLiteral("attention.bias"), {1}, {0.0f}});
        const QString path = m_dir.filePath(QStringLiteral("attention.genrelab"));
        bundle.write(path);
        SpectrogramView spectrogram;
        spectrogram.setFeatures(m_values, 2, {0.0, 3.0});
        spectrogram.setSelectedSnippet(0);
        NetworkInsidesDialog dialog(&spectrogram);
        dialog.setModel(path);
        dialog.show();
        QVERIFY(waitComputed(&dialog));
        const NetworkInsides::Result &r = dialog.view()->result();
        QVERIFY(!r.lastStepDecides);
        QVERIFY2(dialog.view()->captions().last().contains(QStringLiteral("attention")), qPrintable(dialog.view()->captions().last()));
        const std::vector<float> expected = Saliency(path, 2).probabilities(std::span<const float>(m_values.data(), C::valuesPerSnippet));
        for (int c = 0; c < 10; ++c)
            QVERIFY(std::abs(r.probabilities[std::size_t(c)] - expected[std::size_t(c)]) < 1e-5f);
    }
};

QTEST_MAIN(TestNetworkInsidesView)
#include "tst_networkinsidesview.moc"
