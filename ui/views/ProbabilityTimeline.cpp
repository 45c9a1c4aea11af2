#include "ProbabilityTimeline.h"

#include "util/ChartPalette.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace genrelab {

ProbabilityTimeline::ProbabilityTimeline(QWidget *parent)
    : QWidget(parent)
{
    setToolTip(tr("The network's probabilities for each 3-second snippet of the track; click a column to select "
                  "that snippet"));
}

QColor ProbabilityTimeline::classColour(int label)
{
    return ChartPalette::series(label); // the same colours as the reports' charts
}

void ProbabilityTimeline::setTrack(std::vector<Snippet> snippets, const QStringList &labels, double snippetSeconds)
{
    m_snippets = std::move(snippets);
    m_labels = labels;
    m_snippetSeconds = snippetSeconds;
    m_selected = -1;
    update();
}

void ProbabilityTimeline::clear()
{
    setTrack({}, {}, m_snippetSeconds);
}

void ProbabilityTimeline::setSelectedSnippet(int snippet)
{
    m_selected = snippet;
    update();
}

void ProbabilityTimeline::setPlayhead(double seconds)
{
    m_playhead = seconds;
    update();
}

QRect ProbabilityTimeline::plotRect() const
{
    const QFontMetrics metrics = fontMetrics();
    int legendWidth = 0;
    for (const QString &label : m_labels)
        legendWidth = std::max(legendWidth, metrics.horizontalAdvance(label));
    return QRect(metrics.horizontalAdvance(QStringLiteral("100%")) + 8, 4,
                 std::max(40, width() - legendWidth - 28 - metrics.horizontalAdvance(QStringLiteral("100%")) - 8),
                 std::max(20, height() - metrics.height() - 10));
}

double ProbabilityTimeline::endSeconds() const
{
    return m_snippets.empty() ? m_snippetSeconds : m_snippets.back().start + m_snippetSeconds;
}

TimeAxis ProbabilityTimeline::timeAxis() const
{
    const QRect plot = plotRect();
    return TimeAxis(plot.left(), plot.width(), 0.0, endSeconds());
}

void ProbabilityTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const QRect plot = plotRect();
    painter.setPen(palette().color(QPalette::Text));
    if (m_snippets.empty()) {
        painter.drawText(rect(), Qt::AlignCenter, tr("Select a prediction to see its track's timeline"));
        return;
    }
    const TimeAxis axis = timeAxis();
    for (std::size_t s = 0; s < m_snippets.size(); ++s) {
        const int left = axis.x(m_snippets[s].start), right = axis.x(m_snippets[s].start + m_snippetSeconds);
        double bottom = plot.bottom() + 1;
        const std::vector<float> &probabilities = m_snippets[s].probabilities;
        for (std::size_t c = 0; c < probabilities.size(); ++c) {
            const double height = probabilities[c] * plot.height();
            painter.fillRect(QRectF(left, bottom - height, right - left, height), classColour(int(c)));
            bottom -= height;
        }
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.drawRect(plot.adjusted(0, 0, -1, -1));
    painter.drawText(QRect(0, plot.top(), plot.left() - 4, 16), Qt::AlignRight | Qt::AlignTop, QStringLiteral("100%"));
    painter.drawText(QRect(0, plot.bottom() - 16, plot.left() - 4, 16), Qt::AlignRight | Qt::AlignBottom, QStringLiteral("0%"));
    for (double t : axis.ticks(std::max(2, plot.width() / 60)))
        painter.drawText(QRect(axis.x(t) - 30, plot.bottom() + 2, 60, fontMetrics().height() + 4), Qt::AlignHCenter | Qt::AlignTop,
                         tr("%1 s").arg(TimeAxis::label(t)));
    if (m_selected >= 0 && m_selected < int(m_snippets.size())) {
        painter.setPen(QPen(Qt::black, 3));
        const double start = m_snippets[std::size_t(m_selected)].start;
        painter.drawRect(QRect(QPoint(axis.x(start), plot.top()), QPoint(axis.x(start + m_snippetSeconds) - 1, plot.bottom())));
    }
    if (m_playhead >= 0.0) {
        painter.setPen(QPen(Qt::red, 2));
        painter.drawLine(axis.x(m_playhead), plot.top(), axis.x(m_playhead), plot.bottom());
    }
    drawLegend(painter, plot);
}

void ProbabilityTimeline::drawLegend(QPainter &painter, const QRect &plot) const
{
    const int line = fontMetrics().height() + 1;
    int y = plot.top();
    painter.setPen(palette().color(QPalette::Text));
    for (int c = 0; c < int(m_labels.size()) && y + line <= height(); ++c, y += line) {
        painter.fillRect(QRect(plot.right() + 8, y + 2, 10, line - 4), classColour(c));
        painter.drawText(QPoint(plot.right() + 22, y + fontMetrics().ascent()), m_labels[c]);
    }
}

void ProbabilityTimeline::mousePressEvent(QMouseEvent *event)
{
    const QRect plot = plotRect();
    if (m_snippets.empty() || !plot.contains(event->position().toPoint()))
        return;
    const double seconds = timeAxis().secondsAt(event->position().x());
    for (int s = int(m_snippets.size()) - 1; s >= 0; --s)
        if (seconds >= m_snippets[std::size_t(s)].start) {
            Q_EMIT snippetClicked(s);
            return;
        }
}

} // namespace genrelab
