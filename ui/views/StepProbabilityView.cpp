#include "StepProbabilityView.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace genrelab {

namespace {
constexpr int kCell = 14; // pixels per step and per class
constexpr int kWeightsHeight = 12;
} // namespace

StepProbabilityView::StepProbabilityView(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void StepProbabilityView::setSteps(int steps, const QStringList &labels, std::vector<float> probabilities,
                                   std::vector<float> weights, int predicted, double seconds)
{
    m_steps = steps;
    m_labels = labels;
    m_probabilities = std::move(probabilities);
    m_weights = std::move(weights);
    m_predicted = predicted;
    m_seconds = seconds;
    m_largest = m_probabilities.empty() ? 0.0f : *std::max_element(m_probabilities.begin(), m_probabilities.end());
    updateGeometry();
    update();
}

void StepProbabilityView::clear()
{
    setSteps(0, {}, {}, {}, -1, 0.0);
}

float StepProbabilityView::probability(int step, int label) const
{
    if (step < 0 || step >= m_steps || label < 0 || label >= classes())
        return 0.0f;
    return m_probabilities[std::size_t(step) * std::size_t(classes()) + std::size_t(label)];
}

int StepProbabilityView::labelWidth() const
{
    int width = fontMetrics().horizontalAdvance(tr("weight"));
    for (const QString &label : m_labels)
        width = std::max(width, fontMetrics().horizontalAdvance(label));
    return std::min(width, 160) + 8; // a long class name is elided
}

QRect StepProbabilityView::cellsRect() const
{
    return {labelWidth(), 0, m_steps * kCell, int(m_labels.size()) * kCell};
}

QRect StepProbabilityView::weightsRect() const
{
    const QRect cells = cellsRect();
    return {cells.left(), cells.bottom() + 1 + kCell / 2, cells.width(), kWeightsHeight};
}

QSize StepProbabilityView::sizeHint() const
{
    if (m_steps == 0)
        return {0, 0};
    const QRect weights = weightsRect();
    return {weights.right() + 2, weights.bottom() + 2 + fontMetrics().height()};
}

QPoint StepProbabilityView::cellAt(const QPoint &position) const
{
    const QRect cells = cellsRect();
    if (!cells.contains(position))
        return {-1, -1};
    return {(position.x() - cells.left()) / kCell, (position.y() - cells.top()) / kCell};
}

QString StepProbabilityView::describe(const QPoint &cell) const
{
    if (cell.x() < 0 || cell.y() < 0)
        return {};
    const double start = m_seconds * cell.x() / std::max(1, m_steps);
    return tr("step %1 (%2–%3 s): %4 %5 %")
        .arg(cell.x() + 1)
        .arg(start, 0, 'f', 2)
        .arg(start + m_seconds / std::max(1, m_steps), 0, 'f', 2)
        .arg(m_labels.value(cell.y()))
        .arg(100.0 * probability(cell.x(), cell.y()), 0, 'f', 1);
}

void StepProbabilityView::paintEvent(QPaintEvent *)
{
    if (m_steps == 0)
        return;
    QPainter painter(this);
    const QRect cells = cellsRect();
    for (int c = 0; c < classes(); ++c) {
        QFont font = painter.font();
        font.setBold(c == m_predicted);
        painter.setFont(font);
        const QRect label(0, cells.top() + c * kCell, cells.left() - 6, kCell);
        painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                         fontMetrics().elidedText(m_labels[c], Qt::ElideRight, label.width()));
        for (int t = 0; t < m_steps; ++t)
            painter.fillRect(cells.left() + t * kCell, cells.top() + c * kCell, kCell, kCell, QColor(m_map.at(m_largest > 0.0f ? probability(t, c) / m_largest : 0.0)));
    }
    painter.setFont(font());
    const QRect weights = weightsRect();
    painter.drawText(QRect(0, weights.top() - 2, weights.left() - 6, kWeightsHeight + 4), Qt::AlignRight | Qt::AlignVCenter, tr("weight"));
    const float largest = m_weights.empty() ? 0.0f : *std::max_element(m_weights.begin(), m_weights.end());
    for (int t = 0; t < m_steps && t < int(m_weights.size()); ++t) {
        const int bar = largest > 0.0f ? int(kWeightsHeight * m_weights[std::size_t(t)] / largest + 0.5f) : 0;
        painter.fillRect(weights.left() + t * kCell + 1, weights.bottom() + 1 - bar, kCell - 2, bar, palette().color(QPalette::Highlight));
    }
    painter.drawLine(weights.bottomLeft(), weights.bottomRight());
    painter.drawText(QRect(weights.left(), weights.bottom() + 2, weights.width(), fontMetrics().height()), Qt::AlignLeft, QStringLiteral("0 s"));
    painter.drawText(QRect(weights.left(), weights.bottom() + 2, weights.width(), fontMetrics().height()), Qt::AlignRight,
                     tr("%1 s").arg(m_seconds, 0, 'g', 3));
}

bool StepProbabilityView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = describe(cellAt(help->pos()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace genrelab
