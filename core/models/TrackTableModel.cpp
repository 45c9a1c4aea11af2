#include "TrackTableModel.h"

#include <QColor>

namespace genrelab {

TrackTableModel::TrackTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TrackTableModel::setDataset(const Dataset &dataset)
{
    beginResetModel();
    m_dataset = dataset;
    m_split.reset(); // another dataset's split would name the wrong tracks
    endResetModel();
}

void TrackTableModel::setSplit(std::optional<DataSplit> split)
{
    m_split = std::move(split);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, Split), index(rowCount() - 1, Split));
}

TrackTableModel::SplitValue TrackTableModel::splitOf(int track) const
{
    if (!m_split)
        return SplitValue::Unknown;
    if (m_dataset.tracks()[std::size_t(track)].status == Track::Status::Error)
        return SplitValue::LeftOut;
    if (m_split->kind() == DataSplit::Kind::Seed)
        return SplitValue::Mixed;
    switch (m_split->partOfTrack(track)) {
    case SplitPart::Train: return SplitValue::Train;
    case SplitPart::Valid: return SplitValue::Valid;
    case SplitPart::Test: return SplitValue::Test;
    case SplitPart::None: break;
    }
    return SplitValue::LeftOut;
}

QString TrackTableModel::splitText(SplitValue value)
{
    switch (value) {
    case SplitValue::Train: return tr("train");
    case SplitValue::Valid: return tr("valid");
    case SplitValue::Test: return tr("test");
    case SplitValue::LeftOut: return tr("left out");
    case SplitValue::Mixed: return tr("mixed");
    case SplitValue::Unknown: break;
    }
    return {};
}

QString TrackTableModel::splitReason(int track) const
{
    switch (splitOf(track)) {
    case SplitValue::LeftOut:
        if (m_dataset.tracks()[std::size_t(track)].status == Track::Status::Error)
            return tr("Left out: the file could not be read");
        if (m_dataset.tracks()[std::size_t(track)].labelIndex < 0)
            return tr("Left out: no class (untagged, or its genre has too few tracks); it is featurised and can be "
                      "suggested for, never trained on");
        if (m_split->kind() == DataSplit::Kind::Filtered)
            return tr("Left out: not in the fault-filtered GTZAN lists (a repeated, mislabelled or distorted clip, or "
                      "one the lists do not name)");
        return tr("Left out of training, validation and test");
    case SplitValue::Mixed:
        return tr("The study's split shuffles snippets: this track's snippets are in training, validation and test "
                  "alike (it leaks)");
    case SplitValue::Unknown: return {};
    default: return tr("Used for %1 by the split the Train tab is set to").arg(splitText(splitOf(track)));
    }
}

int TrackTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_dataset.trackCount();
}

int TrackTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrackTableModel::statusText(const Track &track)
{
    switch (track.status) {
    case Track::Status::Pending: return tr("not analysed");
    case Track::Status::Ok: return tr("ok");
    case Track::Status::Error: return tr("error");
    }
    return {};
}

QVariant TrackTableModel::display(const Track &track, int column) const
{
    switch (column) {
    case Name: return track.relativePath.section(QLatin1Char('/'), -1);
    case Label: return track.label.isEmpty() ? tr("(none)") : track.label;
    case Duration: return track.status == Track::Status::Ok ? QVariant(track.durationSeconds) : QVariant();
    case Snippets: return track.status == Track::Status::Ok ? QVariant(track.snippetCount) : QVariant();
    case Status: return statusText(track);
    default: return {};
    }
}


QVariant TrackTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Track &track = m_dataset.tracks()[std::size_t(index.row())];
    if (index.column() == Split && (role == Qt::DisplayRole || role == Qt::EditRole))
        return splitText(splitOf(index.row()));
    if (index.column() == Split && role == Qt::ToolTipRole)
        return splitReason(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Duration && track.status == Track::Status::Ok)
            return QStringLiteral("%1:%2").arg(int(track.durationSeconds) / 60).arg(track.durationSeconds - 60 * (int(track.durationSeconds) / 60), 4, 'f', 1, QLatin1Char('0'));
        return display(track, index.column());
    case Qt::EditRole: // numbers, for sorting; a track without audio counts as 0 s
        if (index.column() == Duration)
            return track.status == Track::Status::Ok ? track.durationSeconds : 0.0;
        if (index.column() == Snippets)
            return track.status == Track::Status::Ok ? track.snippetCount : 0;
        return display(track, index.column());
    case Qt::ToolTipRole: return track.status == Track::Status::Error ? track.error : track.path;
    case Qt::ForegroundRole: // unreadable files stand out in a long list
        return track.status == Track::Status::Error && index.column() == Status ? QVariant(QColor(178, 34, 34)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Duration || index.column() == Snippets ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case LabelIndexRole: return track.labelIndex;
    case StatusRole: return int(track.status);
    case PathRole: return track.path;
    case TrackIndexRole: return index.row();
    case SplitRole: return int(splitOf(index.row()));
    default: return {};
    }
}

QVariant TrackTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Track");
    case Label: return tr("Label");
    case Duration: return tr("Duration");
    case Snippets: return tr("Snippets");
    case Status: return tr("Status");
    case Split: return tr("Split");
    default: return {};
    }
}

} // namespace genrelab
