#include "MatrixImageView.h"

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

void MatrixImageView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const int text = fontMetrics().height() + 4;
    painter.drawText(QRect(0, 0, width(), text), Qt::AlignCenter, m_title);
    const QRect area(4, text, width() - 8, height() - 2 * text - 4);
    if (!m_image.isNull())
        painter.drawImage(area, m_image);
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    painter.drawText(QRect(0, height() - text, width(), text), Qt::AlignCenter,
                     m_caption.isEmpty() ? tr("%1 frames × %2 bins").arg(m_frames).arg(m_bins) : m_caption);
}

} // namespace genrelab
