#include "ReviewTableModel.h"

#include <QFileInfo>
#include <QHash>

#include <cmath>

namespace genrelab {

ReviewTableModel::ReviewTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ReviewTableModel::setTracks(std::vector<CatalogTrack> tracks, const QStringList &classes)
{
    beginResetModel();
    m_rows.clear();
    for (CatalogTrack &track : tracks) {
        const int choice = track.label;
        m_rows.push_back({std::move(track), false, false, choice});
    }
    m_classes = classes;
    endResetModel();
}

void ReviewTableModel::setVocabulary(const GenreVocabulary &vocabulary)
{
    m_vocabulary = vocabulary;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ReviewTableModel::rowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ReviewTableModel::percent(double confidence)
{
    return int(std::lround(100.0 * confidence));
}

void ReviewTableModel::setAccepted(int row, bool accepted)
{
    Row &r = m_rows[std::size_t(row)];
    const bool value = accepted && r.track.ok();
    const bool rejected = r.rejected && !value;
    if (r.accepted == value && r.rejected == rejected)
        return;
    r.accepted = value;
    r.rejected = rejected;
    rowChanged(row);
    Q_EMIT decisionsChanged();
}

void ReviewTableModel::setRejected(int row)
{
    Row &r = m_rows[std::size_t(row)];
    if (!r.track.ok() || (r.rejected && !r.accepted))
        return;
    r.accepted = false;
    r.rejected = true;
    rowChanged(row);
    Q_EMIT decisionsChanged();
}

std::vector<ReviewDecision> ReviewTableModel::decisions() const
{
    std::vector<ReviewDecision> result;
    for (const Row &r : m_rows) {
        if (!r.track.ok() || (!r.accepted && !r.rejected && r.choice == r.track.label))
            continue;
        const auto state = r.accepted ? ReviewDecision::State::Accepted
                           : r.rejected ? ReviewDecision::State::Rejected : ReviewDecision::State::Undecided;
        result.push_back({r.track.path, state, m_classes.value(r.choice)});
    }
    return result;
}

void ReviewTableModel::applyDecisions(const std::vector<ReviewDecision> &decisions)
{
    QHash<QString, int> rows;
    for (int row = 0; row < rowCount(); ++row)
        rows.insert(m_rows[std::size_t(row)].track.path, row);
    for (const ReviewDecision &d : decisions) {
        const int row = rows.value(d.path, -1);
        const int choice = int(m_classes.indexOf(d.label));
        if (row < 0 || choice < 0 || !m_rows[std::size_t(row)].track.ok())
            continue;
        Row &r = m_rows[std::size_t(row)];
        r.choice = choice;
        r.accepted = d.state == ReviewDecision::State::Accepted;
        r.rejected = d.state == ReviewDecision::State::Rejected;
        rowChanged(row);
    }
}

int ReviewTableModel::acceptAbove(double confidence)
{
    const int bar = percent(confidence);
    for (int row = 0; row < rowCount(); ++row)
        if (m_rows[std::size_t(row)].track.ok() && percent(m_rows[std::size_t(row)].track.confidence) >= bar)
            setAccepted(row, true);
    return acceptedCount();
}

void ReviewTableModel::setChoice(int row, int classIndex)
{
    Row &r = m_rows[std::size_t(row)];
    if (!r.track.ok() || classIndex < 0 || classIndex >= int(m_classes.size()) || r.choice == classIndex)
        return;
    r.choice = classIndex;
    r.accepted = true; // picking a genre is deciding for it
    r.rejected = false;
    rowChanged(row);
    Q_EMIT decisionsChanged();
}

int ReviewTableModel::acceptedCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &r) { return r.accepted; }));
}

QString ReviewTableModel::genreFor(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return r.choice >= 0 ? m_vocabulary.word(m_classes.value(r.choice)) : QString();
}

std::vector<TagChange> ReviewTableModel::changes() const
{
    std::vector<TagChange> changes;
    for (int row = 0; row < rowCount(); ++row) {
        const Row &r = m_rows[std::size_t(row)];
        if (r.accepted)
            changes.push_back({r.track.path, r.track.genreTag, genreFor(row), r.track.size, r.track.modified});
    }
    return changes;
}

void ReviewTableModel::updateFile(const QString &path, const QString &genre, qint64 size, const QDateTime &modified)
{
    for (int row = 0; row < rowCount(); ++row) {
        CatalogTrack &t = m_rows[std::size_t(row)].track;
        if (t.path != path)
            continue;
        t.genreTag = genre;
        t.size = size;
        t.modified = modified;
        rowChanged(row);
    }
}

int ReviewTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewTableModel::display(int row, int column) const
{
    const CatalogTrack &t = m_rows[std::size_t(row)].track;
    switch (column) {
    case Accept: return m_rows[std::size_t(row)].rejected ? tr("rejected") : QString();
    case Track: return QFileInfo(t.path).fileName();
    case Artist: return t.artist;
    case Title: return t.title;
    case Current: return t.genreTag;
    case Genre: return t.ok() ? genreFor(row) : tr("failed: %1").arg(t.error);
    case Confidence: return t.ok() ? QStringLiteral("%1 %").arg(percent(t.confidence)) : QString();
    default: return {};
    }
}

QVariant ReviewTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(index.row(), column);
    case Qt::EditRole:
        if (column == Genre)
            return row.choice;
        if (column == Confidence)
            return row.track.confidence;
        return display(index.row(), column);
    case Qt::CheckStateRole:
        return column == Accept ? QVariant(row.accepted ? Qt::Checked : Qt::Unchecked) : QVariant();
    case Qt::ToolTipRole:
        if (column == Track)
            return row.track.path;
        if (column == Accept)
            return tr("Write this genre when you write tags");
        if (column == Genre && row.track.ok())
            return tr("Double-click to pick another genre");
        return {};
    case ConfidenceRole: return row.track.confidence;
    case DiffersRole: return row.track.ok() && genreFor(index.row()).compare(row.track.genreTag, Qt::CaseInsensitive) != 0;
    case PathRole: return row.track.path;
    case FailedRole: return !row.track.ok();
    case ChoiceRole: return row.choice;
    default: return {};
    }
}

bool ReviewTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    if (index.column() == Accept && role == Qt::CheckStateRole) {
        setAccepted(index.row(), value.toInt() == Qt::Checked);
        return true;
    }
    if (index.column() == Genre && role == Qt::EditRole) {
        setChoice(index.row(), value.toInt());
        return true;
    }
    return false;
}

Qt::ItemFlags ReviewTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid() || !m_rows[std::size_t(index.row())].track.ok())
        return flags;
    if (index.column() == Accept)
        flags |= Qt::ItemIsUserCheckable;
    if (index.column() == Genre)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Confidence)
        return tr("The mean probability of the suggested genre over the track's windows, in whole percent");
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Genre)
        return tr("The genre with the highest mean probability over the track's windows (double-click to pick another)");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const char *names[] = {"Write", "Track", "Artist", "Title", "Genre now", "Suggested genre", "Confidence"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
