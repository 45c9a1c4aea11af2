#include "TagLabelledLibrary.h"

#include "GenreClasses.h"
#include "GenreName.h"
#include "audio/AudioTags.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

namespace genrelab {

namespace {

// What one file's tags give, judged: its genre (first usable value), artist and why
// the genre could not be used.
struct TagReading
{
    QString genre;
    QString artist;
    QString unreadable;  // the tags could not be read at all
    QString problem;     // the genre tag names no usable genre, or several
};

// Control characters out, length bounded: an artist is a name, not a payload.
QString cleanArtist(const QString &artist)
{
    QString clean;
    for (const QChar c : artist.left(GenreName::maxLength * 2))
        if (c.category() != QChar::Other_Control)
            clean += c;
    return clean.trimmed();
}

TagReading readOne(const QString &path, bool skipMultiGenre)
{
    TagReading reading;
    AudioTags tags;
    try {
        tags = AudioTags::read(path);
    } catch (const Error &error) {
        reading.unreadable = error.cause();
        return reading;
    }
    reading.artist = cleanArtist(!tags.artist.isEmpty() ? tags.artist : tags.albumArtist);
    QStringList problems;
    const QStringList genres = GenreName::values(tags.genres, &problems);
    if (genres.isEmpty()) {
        if (problems.isEmpty() && tags.unreadableGenre)
            problems << QStringLiteral("genre tag holds no readable text (empty, or not valid UTF-8)");
        reading.problem = problems.value(0); // empty: untagged, nothing to report
        return reading;
    }
    QStringList distinct;
    for (const QString &genre : genres)
        if (!distinct.contains(GenreName::key(genre)))
            distinct << GenreName::key(genre);
    if (skipMultiGenre && distinct.size() > 1) {
        reading.problem = QStringLiteral("names %1 genres (%2); multi-genre tracks are skipped")
                              .arg(distinct.size()).arg(genres.join(QStringLiteral("; ")).left(GenreName::maxLength));
        return reading;
    }
    reading.genre = genres.first();
    return reading;
}

} // namespace

Dataset TagLabelledLibrary::open(const QString &root, const QStringList &files, const DatasetOptions &options)
{
    QThreadPool pool;
    if (options.threads > 0)
        pool.setMaxThreadCount(options.threads);
    const bool skipMulti = options.skipMultiGenre;
    const QList<TagReading> readings = QtConcurrent::blockingMapped<QList<TagReading>>(
        &pool, files, [skipMulti](const QString &path) { return readOne(path, skipMulti); });

    const QDir rootDir(root);
    DatasetNotes notes;
    notes.labelSource = QStringLiteral("tags");
    std::vector<Track> tracks;
    tracks.reserve(std::size_t(files.size()));
    for (qsizetype i = 0; i < files.size(); ++i) {
        const TagReading &reading = readings[i];
        Track track;
        track.path = QFileInfo(files[i]).absoluteFilePath();
        track.relativePath = rootDir.relativeFilePath(track.path);
        track.label = reading.genre;
        track.artist = reading.artist;
        if (!reading.unreadable.isEmpty())
            notes.unreadable.push_back({track.path, {}, reading.unreadable});
        if (!reading.problem.isEmpty())
            notes.tagProblems.push_back({track.path, {}, reading.problem});
        tracks.push_back(std::move(track));
    }
    QStringList labels = GenreClasses::assign(tracks, options.minimumTracks, notes.leftOut, options.genreWords);
    return Dataset(Dataset::Kind::TagLibrary, QFileInfo(root).absoluteFilePath(), std::move(labels), std::move(tracks),
                   std::move(notes));
}

} // namespace genrelab
