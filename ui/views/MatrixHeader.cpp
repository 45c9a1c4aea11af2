#include "MatrixHeader.h"

#include <QPainter>

#include <algorithm>

namespace genrelab {

namespace {
constexpr int kPadding = 6;
} // namespace

MatrixHeader::MatrixHeader(Qt::Orientation orientation, QString title, QWidget *parent)
    : QHeaderView(orientation, parent)
    , m_title(std::move(title))
{
    setSectionResizeMode(QHeaderView::Fixed);
    setMinimumSectionSize(8); // the style's minimum (a text line) would stop many classes from fitting
    setDefaultAlignment(Qt::AlignCenter);
    setHighlightSections(true);
}

QString MatrixHeader::label(int logicalIndex) const
{
    return model() ? model()->headerData(logicalIndex, orientation(), Qt::DisplayRole).toString() : QString();
}

int MatrixHeader::widestLabel() const
{
    int widest = 0;
    for (int section = 0; section < count(); ++section)
        widest = std::max(widest, fontMetrics().horizontalAdvance(label(section)));
    return std::min(widest, m_maxLabelExtent);
}

void MatrixHeader::setMaxLabelExtent(int pixels)
{
    m_maxLabelExtent = std::max(24, pixels);
    updateGeometry();
}

int MatrixHeader::titleBand() const
{
    return fontMetrics().height() + kPadding;
}

bool MatrixHeader::rotatesLabels() const
{
    return orientation() == Qt::Horizontal && count() > 0 && widestLabel() + kPadding > defaultSectionSize();
}

QSize MatrixHeader::sizeHint() const
{
    const int labelExtent = widestLabel() + 2 * kPadding;
    if (orientation() == Qt::Vertical)
        return {titleBand() + labelExtent, length()};
    const int height = rotatesLabels() ? labelExtent : fontMetrics().height() + 2 * kPadding;
    return {length(), titleBand() + height};
}

void MatrixHeader::paintEvent(QPaintEvent *event)
{
    QHeaderView::paintEvent(event);
    QPainter painter(viewport());
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().windowText().color());
    const int band = titleBand();
    const int extent = std::min(length() - offset(), orientation() == Qt::Horizontal ? width() : height());
    if (orientation() == Qt::Horizontal) {
        painter.fillRect(QRect(0, 0, width(), band), palette().window());
        painter.drawText(QRect(0, 0, std::max(extent, 0), band), Qt::AlignCenter, m_title);
    } else {
        painter.fillRect(QRect(0, 0, band, height()), palette().window());
        painter.translate(0, std::max(extent, 0));
        painter.rotate(-90);
        painter.drawText(QRect(0, 0, std::max(extent, 0), band), Qt::AlignCenter, m_title);
    }
}

void MatrixHeader::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    const int band = titleBand();
    const QRect section = orientation() == Qt::Horizontal ? rect.adjusted(0, band, 0, 0) : rect.adjusted(band, 0, 0, 0);
    painter->save();
    painter->fillRect(section, palette().button());
    painter->setPen(palette().mid().color());
    painter->drawRect(section.adjusted(0, 0, -1, -1));
    const bool current = selectionModel() && selectionModel()->currentIndex().isValid()
                         && (orientation() == Qt::Horizontal ? selectionModel()->currentIndex().column()
                                                             : selectionModel()->currentIndex().row()) == logicalIndex;
    QFont font = this->font();
    font.setBold(current);
    painter->setFont(font);
    painter->setPen(palette().buttonText().color());
    const QString text = label(logicalIndex);
    if (rotatesLabels()) {
        // Upright, reading bottom to top, anchored at the cells.
        painter->translate(section.left(), section.bottom());
        painter->rotate(-90);
        const QRect turned(kPadding / 2, 0, section.height() - kPadding, section.width());
        painter->drawText(turned, Qt::AlignLeft | Qt::AlignVCenter,
                          fontMetrics().elidedText(text, Qt::ElideRight, turned.width()));
    } else {
        const QRect inner = section.adjusted(kPadding / 2, 0, -kPadding / 2, 0).intersected(
            orientation() == Qt::Vertical ? QRect(section.right() - m_maxLabelExtent - kPadding, section.top(),
                                                  m_maxLabelExtent + kPadding, section.height())
                                          : section);
        const Qt::Alignment align = orientation() == Qt::Horizontal ? Qt::AlignCenter : (Qt::AlignRight | Qt::AlignVCenter);
        painter->drawText(inner, align, fontMetrics().elidedText(text, Qt::ElideRight, inner.width()));
    }
    painter->restore();
}

} // namespace genrelab
