#include "RunListModel.h"

#include "util/Error.h"

#include <QDir>

#include <algorithm>

namespace genrelab {

RunListModel::RunListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RunListModel::scan(const QString &runsFolder, const QString &datasetRoot)
{
    m_folder = runsFolder;
    m_datasetRoot = datasetRoot.isEmpty() ? QString() : QDir(datasetRoot).absolutePath();
    rescan();
}

void RunListModel::rescan()
{
    std::vector<RunResults> runs;
    const QDir folder(m_folder);
    for (const QString &name : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        try {
            RunResults run = RunResults::load(folder.filePath(name), RunResults::Contents::Summary);
            if (m_datasetRoot.isEmpty() || QDir(run.config().datasetRoot).absolutePath() == m_datasetRoot)
                runs.push_back(std::move(run));
        } catch (const Error &) {
            // not a run folder (or a damaged one): not listed
        }
    }
    std::stable_sort(runs.begin(), runs.end(),
                     [](const RunResults &a, const RunResults &b) { return a.created() > b.created(); });
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

int RunListModel::rowOf(const QString &runPath) const
{
    const QString wanted = QDir(runPath).absolutePath();
    for (std::size_t row = 0; row < m_runs.size(); ++row)
        if (m_runs[row].path() == wanted)
            return int(row);
    return -1;
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::text(const RunResults &run, int column) const
{
    const auto percent = [](double value) { return value < 0 ? QStringLiteral("–") : QString::number(100 * value, 'f', 1); };
    switch (column) {
    case Name: return run.name();
    case Split: return DataSplit::kindName(run.config().split);
    case Epochs: return int(run.metrics().size());
    case BestValid: return percent(run.metrics().empty() ? -1.0 : run.bestValidAccuracy());
    case Test: return percent(run.testAccuracy());
    case Created: return run.created().toString(QStringLiteral("yyyy-MM-dd hh:mm"));
    default: return {};
    }
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunResults &run = m_runs[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return text(run, index.column());
    case PathRole: return run.path();
    case Qt::ToolTipRole: return QStringLiteral("%1\n%2").arg(run.splitSummary(), run.config().datasetRoot);
    default: return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const char *names[] = {"Run", "Split", "Epochs", "Best valid %", "Test %", "Created"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
