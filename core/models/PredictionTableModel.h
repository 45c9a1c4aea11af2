#pragma once

#include "PredictionRow.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <functional>

namespace genrelab {

// A list of predictions (snippets or whole tracks): track, start, true, predicted,
// confidence. DisplayRole is text, EditRole the number to sort by (use a
// QSortFilterProxyModel with sortRole = Qt::EditRole).
// Thread contract: GUI thread.
class PredictionTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Track, Start, True, Predicted, Confidence, ColumnCount };
    using TrackNamer = std::function<QString(int track)>;

    explicit PredictionTableModel(QObject *parent = nullptr);
    void setRows(std::vector<PredictionRow> rows, const QStringList &labels, TrackNamer trackName);
    void clear();
    const PredictionRow &row(int row) const { return m_rows[std::size_t(row)]; }
    const std::vector<PredictionRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant text(const PredictionRow &row, int column) const;
    QVariant sortKey(const PredictionRow &row, int column) const;

    std::vector<PredictionRow> m_rows;
    QStringList m_labels;
    TrackNamer m_trackName;
};

} // namespace genrelab
