#include "PredictionTableModel.h"

namespace genrelab {

PredictionTableModel::PredictionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PredictionTableModel::setRows(std::vector<PredictionRow> rows, const QStringList &labels, TrackNamer trackName)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_labels = labels;
    m_trackName = std::move(trackName);
    endResetModel();
}

void PredictionTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int PredictionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PredictionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PredictionTableModel::text(const PredictionRow &row, int column) const
{
    switch (column) {
    case Track: return m_trackName ? m_trackName(row.track) : QString::number(row.track);
    case Start: return row.isTrack() ? tr("whole track") : QStringLiteral("%1 s").arg(row.start, 0, 'f', 1);
    case True: return m_labels.value(row.trueLabel);
    case Predicted: return m_labels.value(row.predicted);
    case Confidence: return QStringLiteral("%1 %").arg(100.0 * row.confidence, 0, 'f', 1);
    default: return {};
    }
}

QVariant PredictionTableModel::sortKey(const PredictionRow &row, int column) const
{
    switch (column) {
    case Start: return row.start;
    case Confidence: return row.confidence;
    default: return text(row, column);
    }
}

QVariant PredictionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PredictionRow &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return text(row, index.column());
    case Qt::EditRole: return sortKey(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Start || index.column() == Confidence ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                       : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == Track)
            return tr("Double-click to play; “Show in Explore” opens the track in the browser");
        return {};
    default: return {};
    }
}

QVariant PredictionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const char *names[] = {"Track", "Start", "True", "Predicted", "Confidence"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
