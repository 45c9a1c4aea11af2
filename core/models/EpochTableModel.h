#pragma once

#include "ml/EpochMetrics.h"

#include <QAbstractTableModel>

#include <vector>

namespace genrelab {

// The epochs of a training run as they finish: losses, accuracies (in %), the gap
// between train and validation accuracy (overfitting at a glance) and seconds.
// Thread contract: GUI thread.
class EpochTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Epoch, TrainLoss, TrainAccuracy, ValidLoss, ValidAccuracy, Gap, Seconds, ColumnCount };

    explicit EpochTableModel(QObject *parent = nullptr);
    void append(const EpochMetrics &metrics);
    void clear();
    const std::vector<EpochMetrics> &epochs() const { return m_epochs; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<EpochMetrics> m_epochs;
};

} // namespace genrelab
