#include "NetworkInsidesView.h"

#include "FeatureMapGrid.h"
#include "MatrixImageView.h"
#include "StepProbabilityView.h"
#include "dsp/FeatureContract.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace genrelab {

namespace {
// Screen pixels per value: a block's tiles about 65-100 px wide, kernels large enough to read.
int scaleFor(const NetworkInsides::Stack &stack)
{
    return std::clamp(96 / std::max(1, stack.height), 1, 4);
}
constexpr int kKernelScale = 12;
constexpr double kSnippetSeconds = FeatureContract::snippetSeconds();
} // namespace

NetworkInsidesView::NetworkInsidesView(QWidget *parent)
    : QScrollArea(parent)
    , m_page(new QWidget(this))
{
    m_layout = new QVBoxLayout(m_page);
    m_kernelsHeading = addHeading(tr("The first block's 3 × 3 kernels"));
    m_kernels = new FeatureMapGrid(m_page);
    m_kernels->setToolTip(tr("Red weights add, blue ones subtract; all kernels share one scale"));
    m_layout->addWidget(m_kernels);
    m_kernelsCaption = addCaption();
    m_kernelsCaption->setText(tr("The 3 × 3 weights (3 frames × 3 mel bands) the first block slides over the spectrogram: "
                                 "each is a tiny detector of an edge in time (an onset), in pitch (a band) or a slope."));
    m_hiddenHeading = addHeading(tr("The recurrent layer's hidden state over time"));
    m_hidden = new MatrixImageView(m_page);
    m_hidden->setMinimumSize(560, 260);
    m_hidden->setToolTip(tr("Each row is one unit of the recurrent layer, each column one time step"));
    m_layout->addWidget(m_hidden);
    m_hiddenCaption = addCaption();
    m_stepsHeading = addHeading(tr("Class probabilities per time step"));
    m_steps = new StepProbabilityView(m_page);
    m_layout->addWidget(m_steps);
    m_stepsCaption = addCaption();
    m_layout->addStretch(1);
    setWidget(m_page);
    setWidgetResizable(true);
    clear();
}

QLabel *NetworkInsidesView::addHeading(const QString &text)
{
    auto *label = new QLabel(text, m_page);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setTextFormat(Qt::PlainText);
    m_layout->addWidget(label);
    return label;
}

QLabel *NetworkInsidesView::addCaption()
{
    auto *label = new QLabel(m_page);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setMaximumWidth(720); // a readable line beside wide grids
    label->setContentsMargins(0, 0, 0, 12);
    m_layout->addWidget(label);
    return label;
}

void NetworkInsidesView::clear()
{
    setResult({});
}

// One heading, grid and caption per block, made as the network has blocks, before the kernels.
void NetworkInsidesView::showBlocks()
{
    while (m_blocks.size() < qsizetype(m_result.blocks.size())) {
        const int at = int(m_blocks.size()) * 3;
        auto *heading = new QLabel(m_page);
        heading->setFont(m_kernelsHeading->font());
        heading->setTextFormat(Qt::PlainText);
        auto *grid = new FeatureMapGrid(m_page);
        grid->setToolTip(tr("One tile per channel (filter) of the block; each is coloured on its own range"));
        auto *caption = new QLabel(m_page);
        caption->setWordWrap(true);
        caption->setTextFormat(Qt::PlainText);
        caption->setMaximumWidth(720);
        caption->setContentsMargins(0, 0, 0, 12);
        m_layout->insertWidget(at, heading);
        m_layout->insertWidget(at + 1, grid);
        m_layout->insertWidget(at + 2, caption);
        m_blockHeadings << heading;
        m_blocks << grid;
        m_blockCaptions << caption;
    }
    for (int b = 0; b < m_blocks.size(); ++b) {
        const bool shown = b < int(m_result.blocks.size());
        m_blockHeadings[b]->setVisible(shown);
        m_blocks[b]->setVisible(shown);
        m_blockCaptions[b]->setVisible(shown);
        if (!shown)
            continue;
        const NetworkInsides::Stack &stack = m_result.blocks[std::size_t(b)];
        m_blocks[b]->setStack(stack, FeatureMapGrid::Scaling::PerTile, scaleFor(stack), 8);
        m_blockHeadings[b]->setText(tr("Convolution block %1: %2 feature maps of %3 steps × %4 bands")
                                        .arg(b + 1).arg(stack.channels).arg(stack.height).arg(stack.width));
        m_blockCaptions[b]->setText(b == 0 ? tr("Each tile is one filter's response to the spectrogram (time → right, pitch ↑), "
                                                "pooled to a quarter of its cells: bright where the small pattern it learnt is present.")
                                           : tr("Each tile is one filter's response to the maps of block %1 (time → right, "
                                                "pitch ↑): patterns of patterns, each cell seeing a wider stretch of time and pitch.")
                                                 .arg(b));
    }
}

void NetworkInsidesView::setResult(const NetworkInsides::Result &result)
{
    m_result = result;
    showBlocks();
    m_kernels->setStack(m_result.kernels, FeatureMapGrid::Scaling::SharedSigned, kKernelScale, 16);
    const bool any = m_result.steps > 0;
    for (QWidget *widget : std::initializer_list<QWidget *>{m_kernelsHeading, m_kernels, m_kernelsCaption, m_hiddenHeading,
                                                            m_hidden, m_hiddenCaption, m_stepsHeading, m_steps, m_stepsCaption})
        widget->setVisible(any);
    if (!any) {
        m_steps->clear();
        return;
    }
    // A GRU's (and LSTM's) output is a tanh: −1…1, drawn 0…1.
    std::vector<float> shown(m_result.hidden.size());
    std::transform(m_result.hidden.begin(), m_result.hidden.end(), shown.begin(),
                   [](float h) { return std::clamp((h + 1.0f) / 2.0f, 0.0f, 1.0f); });
    m_hidden->setMatrix(m_result.steps, m_result.units, shown);
    m_hidden->setAxes(tr("time (s)"), kSnippetSeconds, tr("unit"), m_result.units);
    m_hidden->setCaption(tr("%1 steps × %2 units; dark −1, bright +1").arg(m_result.steps).arg(m_result.units));
    m_hiddenCaption->setText(tr("The recurrent layer's memory of the snippet as it listens: each of its %1 units (rows) at "
                                "each of %2 time steps of %3 s, from −1 (dark) to +1 (bright).")
                                 .arg(m_result.units).arg(m_result.steps).arg(kSnippetSeconds / m_result.steps, 0, 'f', 3));
    m_steps->setSteps(m_result.steps, m_result.labels, m_result.stepProbabilities, m_result.stepWeights, m_result.predicted(),
                      kSnippetSeconds);
    m_stepsCaption->setText(m_result.lastStepDecides
                                ? tr("What the classifier would answer from each step's memory alone (bright = likely); "
                                     "the network answers with the last step's, so the rightmost column is its prediction.")
                                : tr("What the classifier would answer from each step's memory alone (bright = likely); this "
                                     "network answers from the steps' mean weighted by attention (the bars), so no single "
                                     "column is its prediction."));
}

QStringList NetworkInsidesView::captions() const
{
    QStringList texts;
    for (QLabel *label : m_blockCaptions)
        if (!label->isHidden())
            texts << label->text();
    for (QLabel *label : {m_kernelsCaption, m_hiddenCaption, m_stepsCaption})
        if (!label->isHidden())
            texts << label->text();
    return texts;
}

} // namespace genrelab
