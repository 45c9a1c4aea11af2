#include "EmbeddingMapView.h"

#include "util/ChartPalette.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {
constexpr double kMargin = 12.0, kLegendWidth = 130.0, kPickRadius = 6.0, kDot = 2.5;
}

EmbeddingMapView::EmbeddingMapView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setToolTip(tr("Each dot is a snippet, coloured by its true genre; ringed dots are mistakes. "
                  "Click a dot to inspect it; drag around dots to list them."));
}

void EmbeddingMapView::setPoints(std::vector<Point> points, QStringList classes)
{
    m_points = std::move(points);
    m_classes = std::move(classes);
    m_lassoed.clear();
    m_drawing.clear();
    m_hover = -1;
    if (m_points.empty()) {
        m_bounds = {};
    } else {
        float x0 = m_points[0].x, x1 = x0, y0 = m_points[0].y, y1 = y0;
        for (const Point &p : m_points) {
            x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
            y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
        }
        m_bounds = QRectF(x0, y0, std::max(1e-6f, x1 - x0), std::max(1e-6f, y1 - y0));
    }
    rebuildImage();
    update();
    Q_EMIT lassoChanged(m_lassoed);
}

void EmbeddingMapView::clear()
{
    setPoints({}, {});
}

QRectF EmbeddingMapView::plotRect() const
{
    return QRectF(rect()).adjusted(kMargin, kMargin, -kMargin - kLegendWidth, -kMargin);
}

QPointF EmbeddingMapView::screenPosition(int index) const
{
    const Point &p = m_points[std::size_t(index)];
    const QRectF plot = plotRect();
    // One scale for both axes: a PCA map's distances stay true in every direction.
    const double scale = std::min(plot.width() / m_bounds.width(), plot.height() / m_bounds.height());
    const QPointF centre = plot.center();
    return {centre.x() + (p.x - m_bounds.center().x()) * scale, centre.y() - (p.y - m_bounds.center().y()) * scale};
}

int EmbeddingMapView::pointAt(const QPointF &position) const
{
    int best = -1;
    double bestDistance = kPickRadius * kPickRadius;
    for (int i = 0; i < pointCount(); ++i) {
        const QPointF d = screenPosition(i) - position;
        const double squared = d.x() * d.x() + d.y() * d.y();
        if (squared <= bestDistance) {
            bestDistance = squared;
            best = i;
        }
    }
    return best;
}

void EmbeddingMapView::lasso(const QPolygonF &polygon)
{
    m_lassoed.clear();
    for (int i = 0; i < pointCount(); ++i)
        if (polygon.containsPoint(screenPosition(i), Qt::OddEvenFill))
            m_lassoed.append(i);
    m_drawing = polygon;
    update();
    Q_EMIT lassoChanged(m_lassoed);
}

void EmbeddingMapView::rebuildImage()
{
    m_image = QImage(size(), QImage::Format_ARGB32_Premultiplied);
    m_image.fill(Qt::transparent);
    if (m_points.empty())
        return;
    QPainter painter(&m_image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    for (int i = 0; i < pointCount(); ++i) {
        painter.setBrush(ChartPalette::series(m_points[std::size_t(i)].trueLabel));
        painter.drawEllipse(screenPosition(i), kDot, kDot);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 200), 1.0));
    for (int i = 0; i < pointCount(); ++i)
        if (m_points[std::size_t(i)].mistake)
            painter.drawEllipse(screenPosition(i), kDot + 1.5, kDot + 1.5);
}

void EmbeddingMapView::drawLegend(QPainter &painter) const
{
    const double left = width() - kLegendWidth;
    const int line = fontMetrics().height() + 2;
    double y = kMargin;
    for (int c = 0; c < m_classes.size(); ++c, y += line) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(ChartPalette::series(c));
        painter.drawEllipse(QPointF(left + 6, y + line / 2.0), 4.0, 4.0);
        painter.setPen(palette().windowText().color());
        painter.drawText(QRectF(left + 16, y, kLegendWidth - 18, line), Qt::AlignVCenter,
                         fontMetrics().elidedText(m_classes[c], Qt::ElideRight, int(kLegendWidth - 18)));
    }
    painter.drawEllipse(QPointF(left + 6, y + line / 2.0 + 4), kDot + 1.5, kDot + 1.5);
    painter.drawText(QRectF(left + 16, y + 4, kLegendWidth - 18, line), Qt::AlignVCenter, tr("mistake"));
}

void EmbeddingMapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    if (m_points.empty()) {
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No map yet"));
        return;
    }
    painter.drawImage(0, 0, m_image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(220, 30, 30), 1.5));
    for (int i : m_lassoed)
        painter.drawEllipse(screenPosition(i), kDot + 2.5, kDot + 2.5);
    if (!m_drawing.isEmpty()) {
        painter.setPen(QPen(QColor(60, 60, 60), 1, Qt::DashLine));
        painter.drawPolygon(m_drawing);
    }
    if (m_hover >= 0) {
        painter.setPen(QPen(Qt::black, 2));
        painter.drawEllipse(screenPosition(m_hover), kDot + 4, kDot + 4);
    }
    drawLegend(painter);
}

void EmbeddingMapView::resizeEvent(QResizeEvent *)
{
    rebuildImage();
}

void EmbeddingMapView::mousePressEvent(QMouseEvent *event)
{
    m_pressedAt = event->position();
    m_drawing = QPolygonF({m_pressedAt});
}

void EmbeddingMapView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton && !m_drawing.isEmpty()) {
        m_drawing << event->position();
        update();
        return;
    }
    const int hover = pointAt(event->position());
    if (hover != m_hover) {
        m_hover = hover;
        update();
        Q_EMIT hovered(hover >= 0 ? m_points[std::size_t(hover)].name : QString());
    }
}

// A press and release in one place is a click; anything longer is a lasso.
void EmbeddingMapView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPointF moved = event->position() - m_pressedAt;
    if (std::hypot(moved.x(), moved.y()) < 4.0 || m_drawing.size() < 3) {
        m_drawing.clear();
        update();
        const int picked = pointAt(event->position());
        if (picked >= 0)
            Q_EMIT pointClicked(picked);
        return;
    }
    lasso(m_drawing);
}

} // namespace genrelab
