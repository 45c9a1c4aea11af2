#include "EpochTableModel.h"

namespace genrelab {

EpochTableModel::EpochTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EpochTableModel::append(const EpochMetrics &metrics)
{
    beginInsertRows({}, int(m_epochs.size()), int(m_epochs.size()));
    m_epochs.push_back(metrics);
    endInsertRows();
}

void EpochTableModel::clear()
{
    beginResetModel();
    m_epochs.clear();
    endResetModel();
}

int EpochTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_epochs.size());
}

int EpochTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EpochTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EpochMetrics &m = m_epochs[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Gap)
        return tr("Training minus validation accuracy: a growing gap means the network memorises its training data");
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool text = role == Qt::DisplayRole;
    switch (index.column()) {
    case Epoch: return m.epoch;
    case TrainLoss: return text ? QVariant(QString::number(m.trainLoss, 'f', 4)) : QVariant(m.trainLoss);
    case TrainAccuracy: return text ? QVariant(QString::number(100 * m.trainAccuracy, 'f', 1)) : QVariant(m.trainAccuracy);
    case ValidLoss: return text ? QVariant(QString::number(m.validLoss, 'f', 4)) : QVariant(m.validLoss);
    case ValidAccuracy: return text ? QVariant(QString::number(100 * m.validAccuracy, 'f', 1)) : QVariant(m.validAccuracy);
    case Gap: {
        const double gap = m.trainAccuracy - m.validAccuracy;
        return text ? QVariant(QString::number(100 * gap, 'f', 1)) : QVariant(gap);
    }
    case Seconds: return text ? QVariant(QString::number(m.seconds, 'f', 1)) : QVariant(m.seconds);
    default: return {};
    }
}

QVariant EpochTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // The header says what the gap teaches, where a student first looks.
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Gap)
        return tr("Gap %: training minus validation accuracy. When it grows, the network memorises its training "
                  "snippets instead of learning the genres: that is overfitting");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const char *names[] = {"Epoch", "Train loss", "Train %", "Valid loss", "Valid %", "Gap %", "Time (s)"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
