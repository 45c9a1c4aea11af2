#include "ExperimentQueueModel.h"

namespace genrelab {

ExperimentQueueModel::ExperimentQueueModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

QString ExperimentQueueModel::summary(const TrainingConfig &config)
{
    QStringList parts{config.network.architecture, config.network.cell == CrnnOptions::Cell::Lstm ? QStringLiteral("LSTM") : QStringLiteral("GRU"),
                      DataSplit::kindName(config.split), QStringLiteral("%1 ep").arg(config.epochs),
                      QStringLiteral("batch %1").arg(config.batch), QStringLiteral("lr %1").arg(config.learningRate)};
    // Only the optional settings that are on: the line stays short and shows what differs.
    if (config.network.dropout > 0)
        parts << QStringLiteral("dropout %1").arg(config.network.dropout);
    if (config.weightDecay > 0)
        parts << QStringLiteral("wd %1").arg(config.weightDecay);
    if (config.mixup > 0)
        parts << QStringLiteral("mixup %1").arg(config.mixup);
    if (config.augment)
        parts << QStringLiteral("augment");
    if (config.earlyStopping > 0)
        parts << QStringLiteral("early stop %1").arg(config.earlyStopping);
    if (config.refit)
        parts << QStringLiteral("refit");
    parts << QStringLiteral("seed %1").arg(config.seed);
    return parts.join(QStringLiteral(" · "));
}

void ExperimentQueueModel::add(const TrainingConfig &config)
{
    const int row = int(m_configs.size());
    beginInsertRows({}, row, row);
    m_configs.push_back(config);
    endInsertRows();
}

void ExperimentQueueModel::remove(int row)
{
    if (row < 0 || row >= int(m_configs.size()))
        return;
    beginRemoveRows({}, row, row);
    m_configs.erase(m_configs.begin() + row);
    endRemoveRows();
}

TrainingConfig ExperimentQueueModel::takeFirst()
{
    TrainingConfig first = m_configs.front();
    remove(0);
    return first;
}

int ExperimentQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_configs.size());
}

QVariant ExperimentQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return summary(m_configs[std::size_t(index.row())]);
    return {};
}

} // namespace genrelab
