#pragma once

#include <QSortFilterProxyModel>

namespace genrelab {

// Sorts and filters TrackTableModel: by label, by free text (track name or path), by
// part of the split, and "only errors". Sorting uses the numbers behind the displayed text (EditRole).
// Thread contract: GUI thread.
class TrackFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TrackFilterModel(QObject *parent = nullptr);

    void setLabelFilter(int labelIndex); // −1: all labels
    void setTextFilter(const QString &text);
    void setOnlyErrors(bool onlyErrors);
    // A TrackTableModel::SplitValue as int; −1: every part.
    void setSplitFilter(int splitValue);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_label = -1;
    QString m_text;
    bool m_onlyErrors = false;
    int m_split = -1;
};

} // namespace genrelab
