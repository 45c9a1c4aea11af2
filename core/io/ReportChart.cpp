#include "ReportChart.h"

#include "util/ChartPalette.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace genrelab {

ReportChart::ReportChart(QString title, QString xTitle, QString yTitle)
    : m_title(std::move(title))
    , m_xTitle(std::move(xTitle))
    , m_yTitle(std::move(yTitle))
{
}

void ReportChart::add(Series series)
{
    m_series.push_back(std::move(series));
}

void ReportChart::setYRange(double low, double high)
{
    m_low = low;
    m_high = high;
}

namespace {
// 1, 2 or 5 × a power of ten, giving about `count` ticks over `span`.
double niceStep(double span, int count)
{
    const double raw = span / std::max(1, count);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0})
        if (raw <= factor * power)
            return factor * power;
    return 10.0 * power;
}
} // namespace

QImage ReportChart::render(QSize size) const
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    paint(painter, size);
    return image;
}

void ReportChart::paint(QPainter &painter, QSize size) const
{
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    double maxX = 1.0, low = m_low, high = m_high;
    const bool followData = m_high < m_low;
    if (followData) {
        low = 0.0;
        high = 1e-9;
    }
    for (const Series &s : m_series) {
        for (double x : s.x)
            maxX = std::max(maxX, x);
        if (followData)
            for (double y : s.y)
                high = std::max(high, y * 1.05);
    }
    QFont font = painter.font();
    font.setPixelSize(std::max(12, size.width() / 40)); // readable when a report shows it at half size
    painter.setFont(font);
    const QFontMetrics metrics(font);
    const QRect plot(4 * metrics.height(), 2 * metrics.height(), size.width() - 5 * metrics.height(),
                     size.height() - 5 * metrics.height());
    const int h = metrics.height();
    painter.drawText(QRect(0, h / 3, size.width(), h + 4), Qt::AlignHCenter, m_title);

    painter.setPen(ChartPalette::grid());
    const double yStep = niceStep(high - low, 5), xStep = std::max(1.0, niceStep(maxX, 8));
    const auto px = [&](double x) { return plot.left() + x / maxX * plot.width(); };
    const auto py = [&](double y) { return plot.bottom() - (y - low) / (high - low) * plot.height(); };
    for (double y = low; y <= high + 1e-9; y += yStep) {
        painter.setPen(ChartPalette::grid());
        painter.drawLine(QPointF(plot.left(), py(y)), QPointF(plot.right(), py(y)));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(0, py(y) - h / 2.0, plot.left() - 6, h), Qt::AlignRight | Qt::AlignVCenter, QString::number(y, 'g', 3));
    }
    for (double x = 0; x <= maxX + 1e-9; x += xStep)
        painter.drawText(QRectF(px(x) - 2 * h, plot.bottom() + 2, 4 * h, h), Qt::AlignHCenter, QString::number(x, 'g', 4));
    painter.drawText(QRect(plot.left(), plot.bottom() + h + 2, plot.width(), h), Qt::AlignHCenter, m_xTitle);
    painter.save();
    painter.translate(h * 0.7, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-plot.height() / 2, -h / 2, plot.height(), h), Qt::AlignHCenter, m_yTitle);
    painter.restore();
    painter.setPen(Qt::black);
    painter.drawRect(plot);

    int legendX = plot.left();
    for (const Series &s : m_series) {
        QPen pen(s.colour, std::max(2.0, h / 6.0), s.dashed ? Qt::DashLine : Qt::SolidLine);
        painter.setPen(pen);
        QPainterPath path;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            const QPointF point(px(s.x[i]), py(std::clamp(s.y[i], low, high)));
            i == 0 ? path.moveTo(point) : path.lineTo(point);
        }
        painter.drawPath(path);
        const int legendY = size.height() - h / 2 - 4;
        painter.drawLine(legendX, legendY, legendX + 2 * h, legendY);
        painter.setPen(Qt::black);
        painter.drawText(legendX + 2 * h + 4, legendY + metrics.ascent() / 2 - 1, s.name);
        legendX += 3 * h + metrics.horizontalAdvance(s.name);
    }
    painter.restore();
}

} // namespace genrelab
