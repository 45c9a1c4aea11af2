#include "RunComparisonModel.h"

namespace genrelab {

namespace {

QString percent(double value)
{
    return value < 0 ? QStringLiteral("–") : QString::number(100 * value, 'f', 1);
}

} // namespace

RunComparisonModel::RunComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RunComparisonModel::setRuns(std::vector<Entry> runs)
{
    beginResetModel();
    m_rows.clear();
    for (Entry &entry : runs) {
        Row row{std::move(entry)};
        if (row.entry.run.hasPredictions() && row.entry.run.testAccuracy() >= 0)
            row.testTracks = row.entry.run.evaluation(SplitPart::Test).trackAccuracyVote();
        m_rows.push_back(std::move(row));
    }
    endResetModel();
}

int RunComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// What a column sorts by: numbers for the figures and settings, −1 for a missing figure.
QVariant RunComparisonModel::value(const Row &row, int column) const
{
    const RunResults &run = row.entry.run;
    const TrainingConfig &config = run.config();
    switch (column) {
    case Name: return row.entry.name;
    case Network: return config.network.architecture;
    case Cell: return CrnnOptions::cellName(config.network.cell);
    case Epochs: return int(run.metrics().size());
    case Batch: return config.batch;
    case LearningRate: return config.learningRate;
    case Dropout: return config.network.dropout;
    case Mixup: return config.mixup;
    case Augment: return config.augment ? 1 : 0;
    case Refit: return config.refitEpochs;
    case BestValid: return run.metrics().empty() ? -1.0 : run.bestValidAccuracy();
    case TestSnippets: return run.testAccuracy();
    case TestTracks: return row.testTracks;
    default: return {};
    }
}

QVariant RunComparisonModel::text(const Row &row, int column) const
{
    const TrainingConfig &config = row.entry.run.config();
    switch (column) {
    case Cell: return config.network.cell == CrnnOptions::Cell::Lstm ? QStringLiteral("LSTM") : QStringLiteral("GRU");
    case LearningRate: return QString::number(config.learningRate);
    case Augment: return config.augment ? tr("yes") : tr("no");
    case Refit: return config.refitEpochs > 0 ? tr("%1 ep, %2 tracks").arg(config.refitEpochs).arg(config.refitTracks) : tr("no");
    case BestValid:
    case TestSnippets:
    case TestTracks: return percent(value(row, column).toDouble());
    default: return value(row, column);
    }
}

QVariant RunComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return text(row, index.column());
    case SortRole: return value(row, index.column());
    case Qt::DecorationRole: return index.column() == Name ? QVariant(row.entry.colour) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= Epochs ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Refit && row.entry.run.config().refitEpochs > 0
                   ? tr("Refit on train + validation; the test figures were measured before the refit, on the model "
                        "chosen on validation")
                   : QVariant(row.entry.run.path());
    default: return {};
    }
}

QVariant RunComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const QStringList names{tr("Run"), tr("Network"), tr("Cell"), tr("Epochs"), tr("Batch"), tr("LR"),
                                   tr("Dropout"), tr("Mixup α"), tr("Augment"), tr("Refit"), tr("Best valid %"),
                                   tr("Test snippets %"), tr("Test tracks %")};
    if (role == Qt::DisplayRole)
        return names.value(section);
    if (role == Qt::ToolTipRole && section >= BestValid)
        return section == BestValid ? tr("Best validation accuracy over the epochs (snippets)")
                                    : tr("Accuracy on the test part, measured on the model chosen on validation "
                                         "(before any refit); tracks decided by majority vote of their snippets");
    return {};
}

} // namespace genrelab
