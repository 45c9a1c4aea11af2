#include "ConfusionMatrixView.h"

#include "models/ConfusionTableModel.h"

#include <QHeaderView>
#include <QPainter>
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
        QFont font = option.font;
        font.setBold(index.row() == index.column());
        painter->setFont(font);
        painter->drawText(option.rect, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
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
    horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
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

void ConfusionMatrixView::fitCells()
{
    // Square cells just big enough for "1234\n100%": ten classes fit beside the lists.
    // Long class names are elided in the column header (its tooltip has the full name).
    const QFontMetrics metrics(font());
    const int side = std::max(metrics.horizontalAdvance(QStringLiteral("1000%")) + 8, 2 * metrics.height() + 8);
    horizontalHeader()->setTextElideMode(Qt::ElideRight);
    for (QHeaderView *header : {horizontalHeader(), verticalHeader()}) {
        header->setDefaultSectionSize(side);
        for (int section = 0; section < header->count(); ++section)
            header->resizeSection(section, side); // a reset keeps the old size otherwise
    }
}

QImage ConfusionMatrixView::renderImage() const
{
    // A top-level twin sized to show every cell: resizing this view itself would be
    // undone by its parent's layout (and would flicker on screen).
    ConfusionMatrixView twin;
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
