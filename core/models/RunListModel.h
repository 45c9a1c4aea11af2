#pragma once

#include "ml/RunResults.h"

#include <QAbstractTableModel>

namespace genrelab {

// The training runs in a runs folder (newest first), optionally only those of one
// dataset: name, split, epochs, best validation and test accuracy, date. Rows hold
// summaries (RunResults::Contents::Summary); open a run's predictions separately.
// Folders that are not readable runs are skipped.
// Thread contract: GUI thread; scanning reads only small files.
class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Split, Epochs, BestValid, Test, Created, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1 };

    explicit RunListModel(QObject *parent = nullptr);
    // datasetRoot empty: every run.
    void scan(const QString &runsFolder, const QString &datasetRoot = {});
    void rescan();
    const RunResults &run(int row) const { return m_runs[std::size_t(row)]; }
    int rowOf(const QString &runPath) const; // −1 when absent
    const QString &runsFolder() const { return m_folder; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant text(const RunResults &run, int column) const;

    QString m_folder;
    QString m_datasetRoot;
    std::vector<RunResults> m_runs;
};

} // namespace genrelab
