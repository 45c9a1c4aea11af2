#include "RunListModel.h"

#include "util/ChartPalette.h"
#include "ml/RunDirectory.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QColor>
#include <QDir>
#include <QFile>

#include <algorithm>

namespace genrelab {

RunListModel::RunListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RunListModel::scan(const QString &runsFolder, const QString &datasetRoot, const QStringList &elsewhere)
{
    m_folder = runsFolder;
    m_elsewhere = elsewhere;
    m_datasetRoot = datasetRoot.isEmpty() ? QString() : QDir(datasetRoot).absolutePath();
    rescan();
}

void RunListModel::rescan()
{
    QStringList candidates;
    const QDir folder(m_folder);
    for (const QString &name : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        candidates << folder.absoluteFilePath(name);
    for (const QString &path : m_elsewhere)
        if (!candidates.contains(QDir(path).absolutePath()))
            candidates << QDir(path).absolutePath();
    std::vector<RunResults> runs;
    for (const QString &path : candidates) {
        try {
            RunResults run = RunResults::load(path, RunResults::Contents::Summary);
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
    m_names.clear();
    for (const RunResults &run : m_runs)
        m_names.push_back(displayNameOf(run));
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

QVariant RunListModel::text(int row, int column) const
{
    const RunResults &run = m_runs[std::size_t(row)];
    const auto percent = [](double value) { return value < 0 ? QStringLiteral("–") : QString::number(100 * value, 'f', 1); };
    switch (column) {
    case Name: return displayName(row);
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
    case Qt::DisplayRole:
    case Qt::EditRole: return text(index.row(), index.column());
    case Qt::DecorationRole: return index.column() == Name ? QVariant(colour(index.row())) : QVariant();
    case PathRole: return run.path();
    case Qt::ToolTipRole:
    {
        QStringList lines{QDir::toNativeSeparators(run.path()), run.splitSummary(), run.parallelSummary(), run.config().datasetRoot};
        lines.removeAll(QString()); // a one-process run has no parallel line
        return lines.join(u'\n');
    }
    default: return {};
    }
}

QString RunListModel::displayNameOf(const RunResults &run)
{
    const QString given = RunDirectory(run.path()).givenName();
    if (!given.isEmpty())
        return given;
    const TrainingConfig &config = run.config();
    QString name = run.created().toString(QStringLiteral("MM-dd hh:mm"));
    name += QStringLiteral(" · %1 · %2 ep · batch %3").arg(DataSplit::kindName(config.split)).arg(config.epochs).arg(config.batch);
    if (config.augment)
        name += QStringLiteral(" · augment");
    if (run.worldSize() > 1)
        name += QStringLiteral(" · %1 ranks").arg(run.worldSize());
    return name;
}

QColor RunListModel::colour(int row) const
{
    // Rows are newest first: the oldest run is colour 0, the next 1, ...
    return ChartPalette::series(int(m_runs.size()) - 1 - row);
}

Qt::ItemFlags RunListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool RunListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != Name
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString name = value.toString().simplified(); // one line, no stray spaces
    const QString path = RunDirectory(run(index.row()).path()).namePath();
    try {
        if (name.isEmpty())
            QFile::remove(path);
        else
            CheckedSaveFile::save(path, (name + u'\n').toUtf8());
    } catch (const Error &) {
        return false; // a read-only run folder keeps its name
    }
    m_names[std::size_t(index.row())] = displayNameOf(run(index.row()));
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    return true;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const char *names[] = {"Run", "Split", "Epochs", "Best valid %", "Test %", "Created"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
