#include "ColourLegend.h"

#include <QPainter>

namespace genrelab {

ColourLegend::ColourLegend(std::function<QColor(double)> colourAt, QString low, QString high, QString caption,
                           QWidget *parent)
    : QWidget(parent)
    , m_colourAt(std::move(colourAt))
    , m_low(std::move(low))
    , m_high(std::move(high))
    , m_caption(std::move(caption))
{
    setMinimumHeight(sizeHint().height());
}

void ColourLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const int lowWidth = metrics.horizontalAdvance(m_low) + 6;
    const int highWidth = metrics.horizontalAdvance(m_high) + 6;
    const QRect bar(lowWidth, 2, std::max(20, width() - lowWidth - highWidth), metrics.height());
    for (int x = 0; x < bar.width(); ++x)
        painter.fillRect(bar.left() + x, bar.top(), 1, bar.height(), m_colourAt(double(x) / std::max(1, bar.width() - 1)));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawRect(bar.adjusted(0, 0, -1, -1));
    painter.drawText(QRect(0, bar.top(), lowWidth - 4, bar.height()), Qt::AlignRight | Qt::AlignVCenter, m_low);
    painter.drawText(QRect(bar.right() + 4, bar.top(), highWidth, bar.height()), Qt::AlignLeft | Qt::AlignVCenter, m_high);
    painter.drawText(QRect(0, bar.bottom() + 2, width(), metrics.height() + 4), Qt::AlignHCenter | Qt::AlignTop, m_caption);
}

} // namespace genrelab
