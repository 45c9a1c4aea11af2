#pragma once

#include "ml/TrainingConfig.h"

#include <QAbstractListModel>

#include <vector>

namespace genrelab {

// The Train workspace's experiment queue: configurations waiting to be trained one after
// another, each shown as a one-line summary of what sets it apart (network, cell, epochs,
// batch, learning rate and the optional settings that are on). The queue holds settings
// only; the dataset is the one open when a configuration's turn comes.
// Thread contract: GUI thread.
class ExperimentQueueModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit ExperimentQueueModel(QObject *parent = nullptr);

    // "crnn · GRU · track · 25 ep · batch 64 · lr 0.001 · dropout 0.3 · refit".
    static QString summary(const TrainingConfig &config);

    void add(const TrainingConfig &config);
    void remove(int row);
    // Removes and returns the first configuration; the queue must not be empty.
    TrainingConfig takeFirst();
    const TrainingConfig &config(int row) const { return m_configs[std::size_t(row)]; }
    bool isEmpty() const { return m_configs.empty(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<TrainingConfig> m_configs;
};

} // namespace genrelab
