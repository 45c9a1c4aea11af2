#include "ConfusionMatrixView.h"

#include "MatrixHeader.h"
#include "models/ConfusionTableModel.h"

#include <QHeaderView>
#include <QPainter>

#include <algorithm>
#include <QStyledItemDelegate>

namespace genrelab {

namespace {

// Paints a cell's heat colour under its text.
class HeatDelegate : public QStyledItemDelegate
{
public:
    HeatDelegate(const ColourMap &colours, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_colours(colours)
    {
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        // Magma's darkest end is near black: keep zero cells white so the eye goes to mistakes.
        const double fraction = index.data(ConfusionTableModel::RowFractionRole).toDouble();
        const int count = index.data(ConfusionTableModel::CountRole).toInt();
        const QColor fill = count == 0 ? QColor(Qt::white) : QColor(m_colours.at(1.0 - 0.85 * fraction));
        painter->fillRect(option.rect, fill);
        if (option.state & QStyle::State_HasFocus || option.state & QStyle::State_Selected) {
            painter->setPen(QPen(option.palette.highlight(), 3));
            painter->drawRect(option.rect.adjusted(1, 1, -2, -2));
        }
        painter->setPen(fill.lightnessF() < 0.5 ? Qt::white : Qt::black);
        // The text scales with the cell: two lines ("12" over "40%") where they fit,
        // else the first line alone.
        QFont font = option.font;
        font.setBold(index.row() == index.column());
        font.setPixelSize(std::clamp(option.rect.height() / 3, 7, QFontInfo(option.font).pixelSize()));
        painter->setFont(font);
        QString text = index.data(Qt::DisplayRole).toString();
        const QFontMetrics metrics(font);
        if (text.contains(u'\n') && 2 * metrics.height() > option.rect.height())
            text = text.section(u'\n', 0, 0);
        painter->drawText(option.rect, Qt::AlignCenter, text);
    }

private:
    const ColourMap &m_colours;
};

} // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget *parent)
    : QTableView(parent)
{
    setItemDelegate(new HeatDelegate(m_colours, this));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setShowGrid(true);
    setGridStyle(Qt::SolidLine);
    setHorizontalHeader(new MatrixHeader(Qt::Horizontal, tr("Predicted"), this));
    setVerticalHeader(new MatrixHeader(Qt::Vertical, tr("True"), this));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setToolTip(tr("Rows: true class; columns: predicted. Colour: share of the row. Click a cell (or move with the "
                  "arrow keys) to list its snippets"));
}

void ConfusionMatrixView::setConfusionModel(ConfusionTableModel *model)
{
    setModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, &ConfusionMatrixView::fitCells);
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            Q_EMIT cellActivated(current.row(), current.column());
    });
    fitCells();
}

// Square cells just big enough for "1234" over "100%" in the view's font.
int ConfusionMatrixView::naturalSide() const
{
    const QFontMetrics metrics(font());
    return std::max(metrics.horizontalAdvance(QStringLiteral("1000%")) + 8, 2 * metrics.height() + 8);
}

int ConfusionMatrixView::cellSide() const
{
    return horizontalHeader()->defaultSectionSize();
}

void ConfusionMatrixView::setCellSide(int side)
{

    for (QHeaderView *header : {horizontalHeader(), verticalHeader()}) {
        header->setDefaultSectionSize(side);
        for (int section = 0; section < header->count(); ++section)
            header->resizeSection(section, side); // a reset keeps the old size otherwise
    }
}

// The largest square cells with which every row and column fits the view, never larger
// than natural. The column header's height depends on the side (names turn upright when
// they no longer fit across), so settle it in two passes.
void ConfusionMatrixView::fitCells()
{
    const int classes = model() ? std::max(model()->rowCount(), model()->columnCount()) : 0;
    if (m_fixedSide || classes == 0) {
        setCellSide(naturalSide());
        return;
    }
    constexpr int kSmallest = 10; // px: room for a two-digit count in the smallest legible font
    // Class names take at most a fifth of the view each way, so the cells keep the rest.
    static_cast<MatrixHeader *>(horizontalHeader())->setMaxLabelExtent(std::min(140, height() / 5));
    static_cast<MatrixHeader *>(verticalHeader())->setMaxLabelExtent(std::min(140, width() / 5));
    int side = naturalSide();
    for (int pass = 0; pass < 2; ++pass) {
        setCellSide(side);
        const int width = this->width() - 2 * frameWidth() - verticalHeader()->sizeHint().width();
        const int height = this->height() - 2 * frameWidth() - horizontalHeader()->sizeHint().height();
        side = std::clamp(std::min(width, height) / classes, kSmallest, naturalSide());
    }
    setCellSide(side);
    updateGeometries();
}

void ConfusionMatrixView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitCells();
}

QImage ConfusionMatrixView::renderImage() const
{
    // A top-level twin sized to show every cell: resizing this view itself would be
    // undone by its parent's layout (and would flicker on screen).
    ConfusionMatrixView twin;
    twin.m_fixedSide = true;
    twin.setAttribute(Qt::WA_DontShowOnScreen);
    twin.setFont(font());
    twin.setConfusionModel(static_cast<ConfusionTableModel *>(model()));
    twin.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    twin.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Header sizes from their hints: a view that was never shown has no geometry yet.
    const int width = twin.verticalHeader()->sizeHint().width() + twin.horizontalHeader()->length() + 2 * twin.frameWidth();
    const int height = twin.horizontalHeader()->sizeHint().height() + twin.verticalHeader()->length() + 2 * twin.frameWidth();
    twin.resize(width, height);
    return twin.grab().toImage();
}

} // namespace genrelab
