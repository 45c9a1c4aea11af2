#include "ReviewFilterModel.h"

#include "ReviewTableModel.h"

namespace genrelab {

ReviewFilterModel::ReviewFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::EditRole);
}

void ReviewFilterModel::setMinConfidence(double confidence)
{
    m_minConfidence = confidence;
    invalidateFilter();
}

void ReviewFilterModel::setOnlyDiffering(bool only)
{
    m_onlyDiffering = only;
    invalidateFilter();
}

void ReviewFilterModel::setText(const QString &text)
{
    m_text = text;
    invalidateFilter();
}

int ReviewFilterModel::hiddenCount() const
{
    return sourceModel() ? sourceModel()->rowCount() - rowCount() : 0;
}

bool ReviewFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, ReviewTableModel::Track, sourceParent);
    const bool failed = index.data(ReviewTableModel::FailedRole).toBool();
    if (!failed && ReviewTableModel::percent(index.data(ReviewTableModel::ConfidenceRole).toDouble())
                       < ReviewTableModel::percent(m_minConfidence))
        return false;
    if (m_onlyDiffering && !index.data(ReviewTableModel::DiffersRole).toBool())
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column : {ReviewTableModel::Track, ReviewTableModel::Artist, ReviewTableModel::Title})
        if (sourceModel()->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    return index.data(ReviewTableModel::PathRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace genrelab
