#include "MatrixImageView.h"

#include "charts/NiceScale.h"

#include <QPainter>

namespace genrelab {

MatrixImageView::MatrixImageView(QWidget *parent)
    : QWidget(parent)
{
}

void MatrixImageView::setMatrix(int frames, int bins, const std::vector<float> &values)
{
    m_frames = frames;
    m_bins = bins;
    m_image = QImage(std::max(1, frames), std::max(1, bins), QImage::Format_RGB32);
    m_image.fill(Qt::black);
    for (int b = 0; b < bins; ++b) {
        auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(bins - 1 - b));
        for (int t = 0; t < frames; ++t)
            line[t] = m_map.at(values[std::size_t(t) * std::size_t(bins) + std::size_t(b)]);
    }
    update();
}

void MatrixImageView::setAxes(const QString &xTitle, double xMax, const QString &yTitle, double yMax)
{
    m_xTitle = xTitle;
    m_yTitle = yTitle;
    m_xMax = xMax;
    m_yMax = yMax;
    update();
}

void MatrixImageView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const int text = fontMetrics().height() + 4;
    painter.drawText(QRect(0, 0, width(), text), Qt::AlignCenter, m_title);
    // Room for the axes: tick labels and the axis title left, ticks and title below.
    const int left = hasAxes() ? fontMetrics().horizontalAdvance(QStringLiteral("00000")) + text + 6 : 4;
    const int bottom = hasAxes() ? 2 * text + 4 : 0;
    const QRect area(left, text, width() - left - 8, height() - 2 * text - 4 - bottom);
    if (!m_image.isNull())
        painter.drawImage(area, m_image);
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    if (hasAxes()) {
        const NiceScale xs(0.0, m_xMax, std::max(2, area.width() / 60));
        for (double t = 0.0; t <= m_xMax + 1e-9; t += xs.step()) {
            const int x = area.left() + int(t / m_xMax * (area.width() - 1));
            painter.drawLine(x, area.bottom(), x, area.bottom() + 4);
            painter.drawText(QRect(x - 30, area.bottom() + 5, 60, text), Qt::AlignHCenter | Qt::AlignTop, QString::number(t, 'g', 4));
        }
        painter.drawText(QRect(area.left(), area.bottom() + text + 2, area.width(), text), Qt::AlignCenter, m_xTitle);
        const NiceScale ys(0.0, m_yMax, std::max(2, area.height() / 40));
        for (double v = 0.0; v <= m_yMax + 1e-9; v += ys.step()) {
            const int y = area.bottom() - int(v / m_yMax * (area.height() - 1));
            painter.drawLine(area.left() - 4, y, area.left(), y);
            painter.drawText(QRect(text, y - text / 2, left - text - 6, text), Qt::AlignRight | Qt::AlignVCenter, QString::number(v, 'g', 5));
        }
        painter.save();
        painter.translate(text / 2 + 2, area.center().y());
        painter.rotate(-90);
        painter.drawText(QRect(-area.height() / 2, -text / 2, area.height(), text), Qt::AlignCenter, m_yTitle);
        painter.restore();
    }
    painter.drawText(QRect(0, height() - text, width(), text), Qt::AlignCenter,
                     m_caption.isEmpty() ? tr("%1 frames × %2 bins").arg(m_frames).arg(m_bins) : m_caption);
}

} // namespace genrelab
