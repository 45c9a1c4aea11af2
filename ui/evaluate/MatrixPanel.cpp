#include "MatrixPanel.h"

#include "models/ClassMetricsModel.h"
#include "models/ConfusionTableModel.h"
#include "views/ColourLegend.h"
#include "views/ConfusionMatrixView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSlider>
#include <QTableView>
#include <QVBoxLayout>

namespace genrelab {

MatrixPanel::MatrixPanel(ConfusionTableModel *confusion, ClassMetricsModel *metrics, QWidget *parent)
    : QWidget(parent)
    , m_confusion(confusion)
    , m_summary(new QLabel(this))
    , m_matrix(new ConfusionMatrixView(this))
    , m_replay(new QWidget(this))
    , m_epochSlider(new QSlider(Qt::Horizontal, m_replay))
    , m_epochLabel(new QLabel(m_replay))
{
    m_epochSlider->setToolTip(tr("Replay how the validation matrix formed, epoch by epoch; the right end shows the "
                                 "run's model again"));
    auto *replayLayout = new QHBoxLayout(m_replay);
    replayLayout->setContentsMargins(0, 0, 0, 0);
    replayLayout->addWidget(new QLabel(tr("Epochs:"), m_replay));
    replayLayout->addWidget(m_epochSlider, 1);
    replayLayout->addWidget(m_epochLabel);
    m_replay->hide();
    connect(m_epochSlider, &QSlider::valueChanged, this, [this](int value) {
        const int epochs = m_epochSlider->maximum() - 1;
        const bool final = value > epochs;
        m_epochLabel->setText(final ? tr("the run's model") : tr("epoch %1 of %2").arg(value).arg(epochs));
        Q_EMIT epochChosen(final ? 0 : value);
    });
    m_summary->setWordWrap(true);
    m_matrix->setObjectName(QStringLiteral("confusionMatrix"));
    m_matrix->setConfusionModel(confusion);
    connect(m_matrix, &ConfusionMatrixView::cellActivated, this, &MatrixPanel::cellActivated);
    const ColourMap *colours = &m_matrix->colourMap();
    auto *legend = new ColourLegend([colours](double t) { return QColor(colours->at(1.0 - 0.85 * t)); },
                                    QStringLiteral("0%"), QStringLiteral("100%"), tr("share of the true class"), this);

    auto *metricsView = new QTableView(this);
    metricsView->setObjectName(QStringLiteral("classMetrics"));
    metricsView->setModel(metrics);
    metricsView->verticalHeader()->hide();
    metricsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metricsView->horizontalHeader()->setSectionResizeMode(ClassMetricsModel::Class, QHeaderView::Stretch);
    metricsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    metricsView->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_replay);
    layout->addWidget(m_matrix, 5);
    layout->addWidget(legend);
    layout->addWidget(metricsView, 2);
}

void MatrixPanel::setSummary(const QString &text)
{
    m_summary->setText(text);
}

void MatrixPanel::setEpochReplay(int epochs)
{
    const QSignalBlocker blocker(m_epochSlider);
    m_epochSlider->setRange(1, epochs + 1); // the last step: the run's model
    m_epochSlider->setValue(epochs + 1);
    m_epochLabel->setText(tr("the run's model"));
    m_replay->setVisible(epochs > 0);
}

void MatrixPanel::selectMostConfusedCell()
{
    int bestTrue = -1, bestPredicted = -1, bestCount = 0;
    for (int t = 0; t < m_confusion->rowCount(); ++t)
        for (int p = 0; p < m_confusion->columnCount(); ++p)
            if (t != p && m_confusion->count(t, p) > bestCount) {
                bestCount = m_confusion->count(t, p);
                bestTrue = t;
                bestPredicted = p;
            }
    if (bestTrue >= 0)
        m_matrix->setCurrentIndex(m_confusion->index(bestTrue, bestPredicted));
}

} // namespace genrelab
