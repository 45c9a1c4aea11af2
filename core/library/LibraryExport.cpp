#include "LibraryExport.h"

#include "util/Csv.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>

namespace genrelab {

namespace {

void save(const QString &path, const QString &text)
{
    CheckedSaveFile::save(path, text.toUtf8());
}

// File names from genre words: no separators or characters file systems refuse.
QString fileNameFor(const QString &genre)
{
    QString name = genre;
    for (QChar &c : name)
        if (c == u'/' || c == u'\\' || c == u':' || c == u'*' || c == u'?' || c == u'"' || c == u'<' || c == u'>' || c == u'|')
            c = u'_';
    return name + QStringLiteral(".m3u");
}

} // namespace

QStringList LibraryExport::writePlaylists(const std::vector<CatalogTrack> &tracks, const QStringList &classes,
                                          const GenreVocabulary &vocabulary, const QString &folder, double minConfidence)
{
    if (!QDir().mkpath(folder))
        throw Error(Error::Kind::WriteFailed, folder, QStringLiteral("cannot create the folder"));
    QMap<QString, QString> playlists; // genre word → body
    for (const CatalogTrack &t : tracks) {
        if (!t.ok() || t.confidence < minConfidence)
            continue;
        const QString genre = vocabulary.word(classes.value(t.label));
        const QString shown = t.artist.isEmpty() && t.title.isEmpty() ? QFileInfo(t.path).completeBaseName()
                                                                      : t.artist + QStringLiteral(" - ") + t.title;
        playlists[genre] += QStringLiteral("#EXTINF:%1,%2\n%3\n").arg(qRound(t.duration)).arg(shown, t.path);
    }
    QStringList written;
    for (auto it = playlists.cbegin(); it != playlists.cend(); ++it) {
        const QString path = QDir(folder).filePath(fileNameFor(it.key()));
        save(path, QStringLiteral("#EXTM3U\n") + it.value());
        written << path;
    }
    return written;
}

void LibraryExport::writeCsv(const std::vector<CatalogTrack> &tracks, const QStringList &classes,
                             const GenreVocabulary &vocabulary, const QString &path)
{
    QString text = QStringLiteral("path,artist,title,genre_tag,suggested,confidence,error");
    for (const QString &label : classes)
        text += QStringLiteral(",p_") + csv::quote(label);
    text += u'\n';
    for (const CatalogTrack &t : tracks) {
        text += QStringList{csv::quote(t.path), csv::quote(t.artist), csv::quote(t.title), csv::quote(t.genreTag),
                            csv::quote(t.ok() ? vocabulary.word(classes.value(t.label)) : QString()),
                            t.ok() ? QString::number(t.confidence, 'f', 4) : QString(), csv::quote(t.error)}
                    .join(u',');
        for (int c = 0; c < int(classes.size()); ++c)
            text += u',' + (c < int(t.meanProbabilities.size()) ? QString::number(t.meanProbabilities[std::size_t(c)], 'f', 5) : QString());
        text += u'\n';
    }
    save(path, text);
}

} // namespace genrelab
