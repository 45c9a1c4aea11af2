#pragma once

#include "data/DataSplit.h"
#include "data/Dataset.h"

#include <QAbstractTableModel>

#include <optional>

namespace genrelab {

// The tracks of the open dataset, one row each: name, label, duration, snippets,
// status (with the error as tooltip), and its part of the split training would use —
// train, valid, test, or left out with the reason as tooltip (unreadable, or not in the
// fault-filtered lists); "mixed" for the study's shuffled-snippet split.
// Sorting and filtering are TrackFilterModel's.
// Thread contract: GUI thread (it is a Qt item model); setDataset() replaces all rows.
class TrackTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Label, Duration, Snippets, Status, Split, ColumnCount };
    enum Role { LabelIndexRole = Qt::UserRole + 1, StatusRole, PathRole, TrackIndexRole, SplitRole };
    // What SplitRole holds.
    enum class SplitValue { LeftOut, Train, Valid, Test, Mixed, Unknown };

    explicit TrackTableModel(QObject *parent = nullptr);

    void setDataset(const Dataset &dataset);
    const Dataset &dataset() const { return m_dataset; }
    // The split to show (of this dataset); none: the column is empty.
    void setSplit(std::optional<DataSplit> split);
    SplitValue splitOf(int track) const;
    static QString splitText(SplitValue value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const Track &track, int column) const;
    static QString statusText(const Track &track);

    QString splitReason(int track) const;

    Dataset m_dataset;
    std::optional<DataSplit> m_split;
};

} // namespace genrelab
