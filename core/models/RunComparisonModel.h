#pragma once

#include "ml/RunResults.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace genrelab {

// Evaluate's comparison table: one row per selected run, its settings (network, cell,
// epochs, batch, learning rate, dropout, mixup, augmentation, refit) and its figures
// (best validation accuracy, test accuracy of snippets and of tracks by vote). Every
// cell also has a SortRole value (numbers as numbers, a missing figure as −1), so a
// QSortFilterProxyModel sorts each column by what it means, not by its text.
// Thread contract: GUI thread.
class RunComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Network, Cell, Epochs, Batch, LearningRate, Dropout, Mixup, Augment, Refit,
                  BestValid, TestSnippets, TestTracks, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    struct Entry
    {
        QString name;
        QColor colour;
        RunResults run; // with its predictions, for the track figure
    };

    explicit RunComparisonModel(QObject *parent = nullptr);
    void setRuns(std::vector<Entry> runs);
    const RunResults &run(int row) const { return m_rows[std::size_t(row)].entry.run; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        Entry entry;
        double testTracks = -1.0; // computed once: the vote walks every prediction
    };
    QVariant value(const Row &row, int column) const;
    QVariant text(const Row &row, int column) const;

    std::vector<Row> m_rows;
};

} // namespace genrelab
