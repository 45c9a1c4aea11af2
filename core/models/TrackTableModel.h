#pragma once

#include "data/Dataset.h"

#include <QAbstractTableModel>

namespace genrelab {

// The tracks of the open dataset, one row each: name, label, duration, snippets,
// status (with the error as tooltip). Sorting and filtering are TrackFilterModel's.
// Thread contract: GUI thread (it is a Qt item model); setDataset() replaces all rows.
class TrackTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Label, Duration, Snippets, Status, ColumnCount };
    enum Role { LabelIndexRole = Qt::UserRole + 1, StatusRole, PathRole, TrackIndexRole };

    explicit TrackTableModel(QObject *parent = nullptr);

    void setDataset(const Dataset &dataset);
    const Dataset &dataset() const { return m_dataset; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const Track &track, int column) const;
    static QString statusText(const Track &track);

    Dataset m_dataset;
};

} // namespace genrelab
