#include "TrackFilterModel.h"

#include "TrackTableModel.h"
#include "data/Track.h"

namespace genrelab {

TrackFilterModel::TrackFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::EditRole);
}

void TrackFilterModel::setLabelFilter(int labelIndex)
{
    m_label = labelIndex;
    invalidateFilter();
}

void TrackFilterModel::setTextFilter(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void TrackFilterModel::setOnlyErrors(bool onlyErrors)
{
    m_onlyErrors = onlyErrors;
    invalidateFilter();
}

void TrackFilterModel::setSplitFilter(int splitValue)
{
    m_split = splitValue;
    invalidateFilter();
}

bool TrackFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_label >= 0 && index.data(TrackTableModel::LabelIndexRole).toInt() != m_label)
        return false;
    if (m_onlyErrors && index.data(TrackTableModel::StatusRole).toInt() != int(Track::Status::Error))
        return false;
    if (m_split >= 0 && index.data(TrackTableModel::SplitRole).toInt() != m_split)
        return false;
    return m_text.isEmpty() || index.data(TrackTableModel::PathRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace genrelab
