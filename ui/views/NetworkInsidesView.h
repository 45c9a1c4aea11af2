#pragma once

#include "ml/NetworkInsides.h"

#include <QList>
#include <QWidget>

class QLabel;
class QScrollArea;
class QVBoxLayout;

namespace genrelab {

class FeatureMapGrid;
class MatrixImageView;
class StepProbabilityView;

// Inside the network for one snippet, in two scrollable columns: left, each convolution
// block's feature maps (a grid of tiles, one per channel, all tiles the same size);
// right, the first block's 3×3 kernels, the recurrent layer's hidden state over time (a
// heat map, units × steps) and the class probabilities per time step. One sentence
// under each says what it is.
// Thread contract: GUI thread; setResult() copies what it shows.
class NetworkInsidesView : public QWidget
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
    QScrollArea *blocksArea() const { return m_blocksArea; }
    // The one-sentence captions shown, blocks first.
    QStringList captions() const;

private:
    static QLabel *heading(QWidget *page, const QString &text = {});
    static QLabel *caption(QWidget *page, const QString &text = {});
    void showBlocks();
    void showRecurrent();

    QScrollArea *m_blocksArea;
    QWidget *m_blocksPage;
    QVBoxLayout *m_blocksLayout;
    QWidget *m_rightPage;
    QScrollArea *m_rightArea;
    QList<FeatureMapGrid *> m_blocks;
    QList<QLabel *> m_blockHeadings, m_blockCaptions;
    QLabel *m_kernelsCaption;
    FeatureMapGrid *m_kernels;
    QLabel *m_hiddenCaption;
    MatrixImageView *m_hidden;
    QLabel *m_stepsCaption;
    StepProbabilityView *m_steps;
    NetworkInsides::Result m_result;
};

} // namespace genrelab
