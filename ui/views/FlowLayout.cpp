#include "FlowLayout.h"

#include <QStyle>
#include <QWidget>

#include <algorithm>

namespace genrelab {

namespace {

constexpr int kFillerMinimum = 120; // an Ignored-width item wraps rather than shrink below this

bool fillsItsLine(const QLayoutItem *item)
{
    const QWidget *widget = item->widget();
    return widget && widget->sizePolicy().horizontalPolicy() == QSizePolicy::Ignored;
}

} // namespace

FlowLayout::FlowLayout(QWidget *parent)
    : QLayout(parent)
{
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return {};
}

bool FlowLayout::hasHeightForWidth() const
{
    return true;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

// As narrow as its widest item: the rest wraps. As tall as the lines it has wrapped into at
// its present width, because splitters and a window's minimum size never ask heightForWidth.
QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem *item : m_items)
        if (!item->isEmpty())
            size = size.expandedTo(fillsItsLine(item) ? QSize(0, item->minimumSize().height()) : item->sizeHint());
    const QMargins margins = contentsMargins();
    size += QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
    if (m_laidOutWidth > 0)
        size.setHeight(std::max(size.height(), m_laidOutHeight));
    return size;
}

// Everything on one line.
QSize FlowLayout::sizeHint() const
{
    int width = 0, height = 0, visible = 0;
    for (const QLayoutItem *item : m_items)
        if (!item->isEmpty()) {
            width += item->sizeHint().width();
            height = std::max(height, item->sizeHint().height());
            ++visible;
        }
    const QMargins margins = contentsMargins();
    return {width + std::max(0, visible - 1) * gap() + margins.left() + margins.right(),
            height + margins.top() + margins.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    const int height = arrange(rect, true);
    m_laidOutWidth = rect.width();
    if (height != m_laidOutHeight) {
        m_laidOutHeight = height;
        invalidate(); // the minimum height changed: the layouts above ask again
    }
}

int FlowLayout::gap() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget *parent = parentWidget();
    const int styled = parent ? parent->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, parent) : -1;
    return styled >= 0 ? styled : 6;
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int space = gap();
    struct Placed
    {
        QLayoutItem *item;
        int x, width, height;
    };
    std::vector<Placed> line;
    int y = area.y();
    const auto finishLine = [&] {
        int lineHeight = 0;
        for (const Placed &p : line)
            lineHeight = std::max(lineHeight, p.height);
        if (apply)
            for (const Placed &p : line)
                p.item->setGeometry(QRect(p.x, y + (lineHeight - p.height) / 2, p.width, p.height));
        if (!line.empty())
            y += lineHeight + space;
        line.clear();
    };
    int x = area.x();
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const bool filler = fillsItsLine(item);
        // (QWidgetItem reports an Ignored width as 0; the filler's own hint says what it would show.)
        const QSize hint = filler ? item->widget()->sizeHint() : item->sizeHint();
        const int needed = filler ? std::min(hint.width(), kFillerMinimum) : std::min(hint.width(), area.width());
        if (!line.empty() && x + needed > area.x() + area.width()) {
            finishLine();
            x = area.x();
        }
        const int width = filler ? area.x() + area.width() - x : needed;
        line.push_back({item, x, width, hint.height()});
        x += width + space;
    }
    finishLine();
    const QMargins margins = contentsMargins();
    return std::max(0, y - space - area.y()) + margins.top() + margins.bottom();
}

} // namespace genrelab
