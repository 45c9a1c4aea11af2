#include "LibraryExport.h"

#include "util/Csv.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QUrl>

#include <algorithm>

namespace genrelab {

namespace {

void save(const QString &path, const QString &text)
{
    CheckedSaveFile::save(path, text.toUtf8());
}

// File names from genre words: no separators or characters file systems refuse.
QString baseNameFor(const QString &genre)
{
    QString name = genre;
    for (QChar &c : name)
        if (c == u'/' || c == u'\\' || c == u':' || c == u'*' || c == u'?' || c == u'"' || c == u'<' || c == u'>' || c == u'|')
            c = u'_';
    return name;
}

// An M3U entry is two lines: a line break inside a title or path would start a new
// entry (a path of the attacker's choosing). Titles lose their control characters; a
// path that holds one is written as a file: URL, which percent-encodes it.
QString titleLine(const QString &title)
{
    QString line = title;
    for (QChar &c : line)
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = u' ';
    return line;
}

QString pathLine(const QString &path)
{
    const bool plain = std::none_of(path.cbegin(), path.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator;
    });
    return plain ? path : QString::fromLatin1(QUrl::fromLocalFile(path).toEncoded());
}

bool isAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
}

} // namespace

QStringList LibraryExport::writePlaylists(const std::vector<Decided> &tracks, const QString &folder)
{
    if (!QDir().mkpath(folder))
        throw Error(Error::Kind::WriteFailed, folder, QStringLiteral("cannot create the folder"));
    QMap<QString, QString> playlists; // genre word → body
    for (const Decided &decided : tracks) {
        const CatalogTrack &t = decided.track;
        if (decided.genre.isEmpty())
            continue;
        const QString shown = t.artist.isEmpty() && t.title.isEmpty() ? QFileInfo(t.path).completeBaseName()
                                                                      : t.artist + QStringLiteral(" - ") + t.title;
        playlists[decided.genre] += QStringLiteral("#EXTINF:%1,%2\n%3\n")
                                        .arg(QString::number(qRound(t.duration)), titleLine(shown), pathLine(t.path));
    }
    QStringList written;
    for (auto it = playlists.cbegin(); it != playlists.cend(); ++it) {
        const QString extension = isAscii(it.value()) ? QStringLiteral(".m3u") : QStringLiteral(".m3u8");
        const QString path = QDir(folder).filePath(baseNameFor(it.key()) + extension);
        save(path, QStringLiteral("#EXTM3U\n") + it.value());
        written << path;
    }
    return written;
}

void LibraryExport::writeCsv(const std::vector<Decided> &tracks, const QStringList &classes,
                             const GenreVocabulary &vocabulary, const QString &path)
{
    QStringList header{QStringLiteral("path"), QStringLiteral("artist"), QStringLiteral("title"), QStringLiteral("genre_tag"),
                       QStringLiteral("suggested"), QStringLiteral("confidence"), QStringLiteral("decided"), QStringLiteral("error")};
    for (const QString &label : classes)
        header << QStringLiteral("p_") + label;
    QString text = csv::record(header);
    for (const Decided &decided : tracks) {
        const CatalogTrack &t = decided.track;
        QStringList fields{t.path, t.artist, t.title, t.genreTag, t.ok() ? vocabulary.word(classes.value(t.label)) : QString(),
                           t.ok() ? QString::number(t.confidence, 'f', 4) : QString(), decided.genre, t.error};
        for (int c = 0; c < int(classes.size()); ++c)
            fields << (c < int(t.meanProbabilities.size()) ? QString::number(t.meanProbabilities[std::size_t(c)], 'f', 5) : QString());
        text += csv::record(fields);
    }
    save(path, text);
}

} // namespace genrelab
