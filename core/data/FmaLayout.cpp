#include "FmaLayout.h"

#include "GenreClasses.h"
#include "util/Csv.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace genrelab {

namespace {

const char *const kMetadata = "fma_metadata/tracks.csv";

// Reads tracks.csv one record at a time (the full archive's is about 250 MB): lines are
// gathered until their quotes balance, since a quoted field may span lines, and each
// record goes through the one CSV parser.
class RecordReader
{
public:
    explicit RecordReader(QFile &file)
        : m_file(file)
    {
    }
    bool next(QStringList &fields)
    {
        QByteArray record;
        qsizetype quotes = 0;
        while (!m_file.atEnd()) {
            const QByteArray line = m_file.readLine();
            record += line;
            quotes += line.count('"');
            if (quotes % 2 == 0)
                break;
        }
        if (record.isEmpty())
            return false;
        ++m_number;
        const QList<QStringList> parsed = csv::parse(QString::fromUtf8(record));
        fields = parsed.isEmpty() ? QStringList() : parsed.first();
        return true;
    }
    int number() const { return m_number; }

private:
    QFile &m_file;
    int m_number = 0;
};

struct Columns
{
    qsizetype genre = -1;
    qsizetype split = -1;
    qsizetype subset = -1;
    qsizetype artist = -1;
};

qsizetype columnOf(const QStringList &categories, const QStringList &fields, const QString &category, const QString &field)
{
    for (qsizetype i = 0; i < std::min(categories.size(), fields.size()); ++i) {
        if (categories[i].trimmed() == category && fields[i].trimmed() == field)
            return i;
    }
    return -1;
}

Columns readHeader(RecordReader &reader, const QString &path)
{
    QStringList categories, fields, idRow;
    if (!reader.next(categories) || !reader.next(fields) || !reader.next(idRow))
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("ends before its three header rows"));
    if (idRow.value(0).trimmed() != QLatin1String("track_id"))
        throw Error(Error::Kind::InvalidArgument, path,
                    QStringLiteral("is not FMA's tracks.csv: its third row should start with track_id"),
                    QStringLiteral("rows 1 and 2 name each column's category and field"));
    Columns columns;
    columns.genre = columnOf(categories, fields, QStringLiteral("track"), QStringLiteral("genre_top"));
    columns.split = columnOf(categories, fields, QStringLiteral("set"), QStringLiteral("split"));
    columns.subset = columnOf(categories, fields, QStringLiteral("set"), QStringLiteral("subset"));
    columns.artist = columnOf(categories, fields, QStringLiteral("artist"), QStringLiteral("name"));
    const std::pair<qsizetype, const char *> required[] = {
        {columns.genre, "track,genre_top"}, {columns.split, "set,split"}, {columns.subset, "set,subset"}};
    for (const auto &[column, name] : required) {
        if (column < 0)
            throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("has no column %1").arg(QLatin1String(name)));
    }
    return columns;
}

// The subsets an audio folder holds: each FMA subset contains the smaller ones.
bool inSubset(const QString &subset, const QString &folder)
{
    if (folder == QLatin1String("fma_full"))
        return true;
    static const QStringList order = {QStringLiteral("small"), QStringLiteral("medium"), QStringLiteral("large")};
    const qsizetype have = order.indexOf(folder.mid(4));
    const qsizetype row = order.indexOf(subset.trimmed());
    return row >= 0 && row <= have;
}

} // namespace

QString FmaLayout::audioFolder(const QString &root)
{
    const QDir dir(root);
    if (!QFileInfo(dir.filePath(QString::fromLatin1(kMetadata))).isFile())
        return {};
    for (const char *name : {"fma_small", "fma_medium", "fma_large", "fma_full"}) {
        if (QFileInfo(dir.filePath(QString::fromLatin1(name))).isDir())
            return QString::fromLatin1(name);
    }
    return {};
}

QString FmaLayout::relativeAudioPath(qint64 trackId)
{
    return QStringLiteral("%1/%2.mp3").arg(trackId / 1000, 3, 10, QLatin1Char('0')).arg(trackId, 6, 10, QLatin1Char('0'));
}

Dataset FmaLayout::open(const QString &root, const DatasetOptions &options)
{
    const QString folder = audioFolder(root);
    const QDir rootDir(root);
    const QString csvPath = rootDir.filePath(QString::fromLatin1(kMetadata));
    if (folder.isEmpty())
        throw Error(Error::Kind::FileMissing, root,
                    QStringLiteral("is not an FMA copy: needs fma_metadata/tracks.csv and one of fma_small/, fma_medium/, "
                                   "fma_large/, fma_full/"));
    RegularFile::requireForReading(csvPath);
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, csvPath, file.errorString());
    RecordReader reader(file);
    const Columns columns = readHeader(reader, csvPath);

    const QDir audioDir(rootDir.filePath(folder));
    DatasetNotes notes;
    notes.labelSource = QStringLiteral("fma");
    std::vector<Track> tracks;
    QStringList fields;
    while (reader.next(fields)) {
        if (fields.size() == 1 && fields.first().trimmed().isEmpty())
            continue; // a blank line
        bool isId = false;
        const qint64 id = fields.value(0).trimmed().toLongLong(&isId);
        if (!isId || id < 0) {
            notes.unreadable.push_back({csvPath, fields.value(0).left(40),
                                        QStringLiteral("record %1: the track id is not a number").arg(reader.number())});
            continue;
        }
        if (!inSubset(fields.value(columns.subset), folder))
            continue;
        Track track;
        track.relativePath = folder + u'/' + relativeAudioPath(id);
        track.path = audioDir.filePath(relativeAudioPath(id));
        if (!QFileInfo::exists(track.path)) {
            notes.missing.push_back({track.path, QString::number(id),
                                     QStringLiteral("listed in tracks.csv but not in %1/").arg(folder)});
            continue;
        }
        track.label = fields.value(columns.genre).trimmed();
        track.artist = columns.artist >= 0 ? fields.value(columns.artist).trimmed() : QString();
        track.officialSplit = fields.value(columns.split).trimmed();
        tracks.push_back(std::move(track));
    }
    QStringList labels = GenreClasses::assign(tracks, options.minimumTracks, notes.leftOut, options.genreWords);
    return Dataset(Dataset::Kind::Fma, QFileInfo(root).absoluteFilePath(), std::move(labels), std::move(tracks),
                   std::move(notes));
}

} // namespace genrelab
