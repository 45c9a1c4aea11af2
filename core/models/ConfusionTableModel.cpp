#include "ConfusionTableModel.h"

namespace genrelab {

ConfusionTableModel::ConfusionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ConfusionTableModel::setMatrix(const Evaluation::Matrix &counts, const QStringList &labels, const QString &unit)
{
    beginResetModel();
    m_counts = counts;
    m_labels = labels;
    m_unit = unit;
    m_rowTotals.assign(counts.size(), 0);
    for (std::size_t row = 0; row < counts.size(); ++row)
        for (int count : counts[row])
            m_rowTotals[row] += count;
    endResetModel();
}

void ConfusionTableModel::setShow(Show show)
{
    if (show == m_show)
        return;
    m_show = show;
    if (!m_counts.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

int ConfusionTableModel::count(int trueLabel, int predicted) const
{
    return m_counts[std::size_t(trueLabel)][std::size_t(predicted)];
}

double ConfusionTableModel::rowFraction(int trueLabel, int predicted) const
{
    const int total = m_rowTotals[std::size_t(trueLabel)];
    return total ? double(count(trueLabel, predicted)) / total : 0.0;
}

int ConfusionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_counts.size());
}

int ConfusionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_counts.size());
}

QString ConfusionTableModel::cellText(int row, int column) const
{
    const QString counted = QString::number(count(row, column));
    const QString percent = QString::number(100.0 * rowFraction(row, column), 'f', 0) + u'%';
    switch (m_show) {
    case Show::Counts: return counted;
    case Show::Percent: return percent;
    case Show::Both: return counted + u'\n' + percent;
    }
    return counted;
}

QVariant ConfusionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row(), column = index.column();
    switch (role) {
    case Qt::DisplayRole: return cellText(row, column);
    case Qt::EditRole:
    case CountRole: return count(row, column);
    case RowFractionRole: return rowFraction(row, column);
    case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
    case Qt::ToolTipRole:
        return tr("True %1, predicted %2: %3 %4 (%5 % of the %1 row)")
            .arg(m_labels.value(row), m_labels.value(column)).arg(count(row, column)).arg(m_unit)
            .arg(100.0 * rowFraction(row, column), 0, 'f', 1);
    default: return {};
    }
}

QVariant ConfusionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (section < 0 || section >= int(m_labels.size()))
        return {};
    if (role == Qt::DisplayRole)
        return m_labels[section];
    if (role == Qt::ToolTipRole)
        return orientation == Qt::Vertical ? tr("True class %1").arg(m_labels[section])
                                           : tr("Predicted as %1").arg(m_labels[section]);
    return {};
}

} // namespace genrelab
