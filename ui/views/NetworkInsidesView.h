#pragma once

#include "ml/NetworkInsides.h"

#include <QList>
#include <QScrollArea>

class QLabel;
class QVBoxLayout;

namespace genrelab {

class FeatureMapGrid;
class MatrixImageView;
class StepProbabilityView;

// Inside the network for one snippet, top to bottom in a scroll area: each convolution
// block's feature maps (a grid of tiles, one per channel), the first block's 3×3
// kernels, the recurrent layer's hidden state over time (a heat map, units × steps) and
// the class probabilities per time step. One sentence under each says what it is.
// Thread contract: GUI thread; setResult() copies what it shows.
class NetworkInsidesView : public QScrollArea
{
    Q_OBJECT
public:
    explicit NetworkInsidesView(QWidget *parent = nullptr);

    void setResult(const NetworkInsides::Result &result);
    void clear();
    const NetworkInsides::Result &result() const { return m_result; }

    const QList<FeatureMapGrid *> &blockGrids() const { return m_blocks; }
    FeatureMapGrid *kernelGrid() const { return m_kernels; }
    MatrixImageView *hiddenView() const { return m_hidden; }
    StepProbabilityView *stepView() const { return m_steps; }
    // The one-sentence captions, in the order of the panels.
    QStringList captions() const;

private:
    QLabel *addHeading(const QString &text);
    QLabel *addCaption();
    void showBlocks();

    QVBoxLayout *m_layout;
    QWidget *m_page;
    QList<FeatureMapGrid *> m_blocks;
    QList<QLabel *> m_blockHeadings, m_blockCaptions;
    QLabel *m_kernelsHeading, *m_kernelsCaption;
    FeatureMapGrid *m_kernels;
    QLabel *m_hiddenHeading, *m_hiddenCaption;
    MatrixImageView *m_hidden;
    QLabel *m_stepsHeading, *m_stepsCaption;
    StepProbabilityView *m_steps;
    NetworkInsides::Result m_result;
};

} // namespace genrelab
