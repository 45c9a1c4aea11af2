#include "NetworkInsidesView.h"

#include "FeatureMapGrid.h"
#include "MatrixImageView.h"
#include "StepProbabilityView.h"
#include "dsp/FeatureContract.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace genrelab {

namespace {
constexpr int kTileWidth = 64;   // every block's tiles alike: 8 a row in 544 px
constexpr int kTilesPerRow = 8;
constexpr double kKernelScale = 10.0; // a 3 × 3 kernel as 30 px
constexpr int kKernelsPerRow = 16;
constexpr int kColumnWidth = 560;
constexpr double kSnippetSeconds = FeatureContract::snippetSeconds();

QScrollArea *scrolling(QWidget *page, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setMinimumWidth(240); // a small screen scrolls within the columns
    return area;
}
} // namespace

NetworkInsidesView::NetworkInsidesView(QWidget *parent)
    : QWidget(parent)
    , m_blocksPage(new QWidget(this))
    , m_rightPage(new QWidget(this))
{
    m_blocksLayout = new QVBoxLayout(m_blocksPage);
    m_blocksLayout->addStretch(1);
    m_blocksArea = scrolling(m_blocksPage, this);

    auto *right = new QVBoxLayout(m_rightPage);
    right->addWidget(heading(m_rightPage, tr("The first block's 3 × 3 kernels")));
    m_kernels = new FeatureMapGrid(m_rightPage);
    m_kernels->setToolTip(tr("Red weights add, blue ones subtract; all kernels share one scale"));
    right->addWidget(m_kernels);
    m_kernelsCaption = caption(m_rightPage, tr("The 3 × 3 weights (3 frames × 3 mel bands) the first block slides over the "
                                               "spectrogram: each is a tiny detector of an onset, a band or a slope."));
    right->addWidget(m_kernelsCaption);
    right->addWidget(heading(m_rightPage, tr("The recurrent layer's hidden state over time")));
    m_hidden = new MatrixImageView(m_rightPage);
    m_hidden->setFixedSize(kColumnWidth, 220);
    m_hidden->setToolTip(tr("Each row is one unit of the recurrent layer, each column one time step"));
    right->addWidget(m_hidden);
    m_hiddenCaption = caption(m_rightPage);
    right->addWidget(m_hiddenCaption);
    right->addWidget(heading(m_rightPage, tr("Class probabilities per time step")));
    m_steps = new StepProbabilityView(m_rightPage);
    right->addWidget(m_steps);
    m_stepsCaption = caption(m_rightPage);
    right->addWidget(m_stepsCaption);
    right->addStretch(1);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_blocksArea, 1);
    m_rightArea = scrolling(m_rightPage, this);
    layout->addWidget(m_rightArea, 1);
    clear();
}

QLabel *NetworkInsidesView::heading(QWidget *page, const QString &text)
{
    auto *label = new QLabel(text, page);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QLabel *NetworkInsidesView::caption(QWidget *page, const QString &text)
{
    auto *label = new QLabel(text, page);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setMaximumWidth(kColumnWidth); // a readable line
    label->setContentsMargins(0, 0, 0, 10);
    return label;
}

void NetworkInsidesView::clear()
{
    setResult({});
}

// One heading, grid and caption per block, made as the network has blocks.
void NetworkInsidesView::showBlocks()
{
    while (m_blocks.size() < qsizetype(m_result.blocks.size())) {
        const int at = int(m_blocks.size()) * 3;
        m_blockHeadings << heading(m_blocksPage);
        m_blocks << new FeatureMapGrid(m_blocksPage);
        m_blocks.last()->setToolTip(tr("One tile per channel (filter) of the block, each coloured on its own range"));
        m_blockCaptions << caption(m_blocksPage);
        m_blocksLayout->insertWidget(at, m_blockHeadings.last());
        m_blocksLayout->insertWidget(at + 1, m_blocks.last());
        m_blocksLayout->insertWidget(at + 2, m_blockCaptions.last());
    }
    for (int b = 0; b < m_blocks.size(); ++b) {
        const bool shown = b < int(m_result.blocks.size());
        for (QWidget *widget : {static_cast<QWidget *>(m_blockHeadings[b]), static_cast<QWidget *>(m_blocks[b]),
                                static_cast<QWidget *>(m_blockCaptions[b])})
            widget->setVisible(shown);
        if (!shown)
            continue;
        const NetworkInsides::Stack &stack = m_result.blocks[std::size_t(b)];
        m_blocks[b]->setStack(stack, FeatureMapGrid::Scaling::PerTile, double(kTileWidth) / std::max(1, stack.height), kTilesPerRow);
        m_blockHeadings[b]->setText(tr("Convolution block %1: %2 feature maps of %3 steps × %4 bands")
                                        .arg(b + 1).arg(stack.channels).arg(stack.height).arg(stack.width));
        m_blockCaptions[b]->setText(b == 0 ? tr("Each tile is one filter's response to the spectrogram (time → right, pitch ↑), "
                                                "pooled to a quarter of its cells: bright where the small pattern it learnt is "
                                                "present, dark throughout where it is absent.")
                                           : tr("Each tile is one filter's response to the maps of block %1 (time → right, "
                                                "pitch ↑): patterns of patterns, each cell seeing a wider stretch of time and pitch.")
                                                 .arg(b));
    }
}

void NetworkInsidesView::showRecurrent()
{
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
    const QString brightest = QString::number(100.0 * m_steps->largest(), 'f', 0);
    m_stepsCaption->setText(m_result.lastStepDecides
                                ? tr("What the classifier would answer from each step's memory alone (brightest %1 %); "
                                     "the network answers with the last step's, so the rightmost column is its prediction.")
                                      .arg(brightest)
                                : tr("What the classifier would answer from each step's memory alone (brightest %1 %); this "
                                     "network answers from the steps' mean weighted by attention (the bars), so no single "
                                     "column is its prediction.")
                                      .arg(brightest));
}

void NetworkInsidesView::setResult(const NetworkInsides::Result &result)
{
    m_result = result;
    showBlocks();
    m_kernels->setStack(m_result.kernels, FeatureMapGrid::Scaling::SharedSigned, kKernelScale, kKernelsPerRow);
    const bool any = m_result.steps > 0;
    m_blocksArea->setVisible(any);
    m_rightArea->setVisible(any);
    if (any)
        showRecurrent();
    else
        m_steps->clear();
}

QStringList NetworkInsidesView::captions() const
{
    QStringList texts;
    if (m_result.steps == 0)
        return texts;
    for (int b = 0; b < int(m_result.blocks.size()); ++b)
        texts << m_blockCaptions[b]->text();
    return texts << m_kernelsCaption->text() << m_hiddenCaption->text() << m_stepsCaption->text();
}

} // namespace genrelab
