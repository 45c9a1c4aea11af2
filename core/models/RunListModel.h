#pragma once

#include "ml/RunResults.h"

#include <QAbstractTableModel>

namespace genrelab {

// The training runs in a runs folder plus those recorded elsewhere (the runs index),
// newest first, optionally only those of one dataset: name, split, epochs, best
// validation and test accuracy, date. Each run has one colour (its swatch in the Name
// column; charts overlaying it use the same) and a name: the user's (edit the Name
// column; kept in the run folder) or, by default, its date and key settings. Rows hold
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
    // datasetRoot empty: every run. `elsewhere`: run folders outside runsFolder to list too.
    void scan(const QString &runsFolder, const QString &datasetRoot = {}, const QStringList &elsewhere = {});
    void rescan();
    const RunResults &run(int row) const { return m_runs[std::size_t(row)]; }
    int rowOf(const QString &runPath) const; // −1 when absent
    QString displayName(int row) const { return m_names[std::size_t(row)]; }
    // Reads the run's name.txt: call when scanning, not per paint (it touches the disk).
    static QString displayNameOf(const RunResults &run);
    // The run's colour: by creation order, so a run keeps it as newer runs arrive.
    QColor colour(int row) const;
    const QString &runsFolder() const { return m_folder; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Renames the run (Name column, EditRole); an empty name restores the default.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    QVariant text(int row, int column) const;

    QString m_folder;
    QString m_datasetRoot;
    QStringList m_elsewhere;
    std::vector<RunResults> m_runs;
    std::vector<QString> m_names; // displayNameOf() of each run, read once per scan or rename
};

} // namespace genrelab
