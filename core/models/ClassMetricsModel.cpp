#include "ClassMetricsModel.h"

namespace genrelab {

ClassMetricsModel::ClassMetricsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ClassMetricsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void ClassMetricsModel::setEvaluation(const Evaluation &evaluation, Evaluation::Level level, const QStringList &labels)
{
    beginResetModel();
    m_rows.clear();
    Row average{tr("macro average")};
    for (int c = 0; c < evaluation.classes(); ++c) {
        const Row row{labels.value(c), evaluation.precision(c, level), evaluation.recall(c, level),
                      evaluation.f1(c, level), evaluation.support(c, level)};
        average.precision += row.precision / evaluation.classes();
        average.recall += row.recall / evaluation.classes();
        average.f1 += row.f1 / evaluation.classes();
        average.support += row.support;
        m_rows.push_back(row);
    }
    if (evaluation.classes() > 0)
        m_rows.push_back(average);
    endResetModel();
}

int ClassMetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClassMetricsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClassMetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Class ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const auto percent = [role](double value) {
        return role == Qt::DisplayRole ? QVariant(QString::number(100.0 * value, 'f', 1)) : QVariant(value);
    };
    switch (index.column()) {
    case Class: return row.name;
    case Precision: return percent(row.precision);
    case Recall: return percent(row.recall);
    case F1: return percent(row.f1);
    case Support: return row.support;
    default: return {};
    }
}

QVariant ClassMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        const char *tips[] = {"", "Of everything predicted as this class, how much truly is it",
                              "Of everything truly in this class, how much was found",
                              "Harmonic mean of precision and recall", "How many truly belong to this class"};
        return section > 0 && section < ColumnCount ? tr(tips[section]) : QVariant();
    }
    if (role != Qt::DisplayRole)
        return {};
    const char *names[] = {"Class", "Prec. %", "Recall %", "F1 %", "N"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
