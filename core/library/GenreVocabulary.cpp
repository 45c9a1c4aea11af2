#include "GenreVocabulary.h"

#include "data/GenreName.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QFile>
#include <QHash>

namespace genrelab {

namespace {

// Class names differ in case and separators more than in words: "hiphop", "hip-hop",
// "Hip_Hop", "R&B" and "RandB" are one name (GenreName::key, as tag-labelled datasets
// merge spellings).
QString keyOf(const QString &label)
{
    return GenreName::key(label);
}

// GTZAN's ten, FMA's top genres and other common dataset labels, spelt as music
// libraries and taggers usually spell them.
const QHash<QString, QString> &conventionalWords()
{
    static const QHash<QString, QString> words = [] {
        const char *const pairs[][2] = {
            {"blues", "Blues"}, {"classical", "Classical"}, {"country", "Country"}, {"disco", "Disco"},
            {"hiphop", "Hip-Hop"}, {"jazz", "Jazz"}, {"metal", "Metal"}, {"pop", "Pop"}, {"reggae", "Reggae"},
            {"rock", "Rock"}, {"electronic", "Electronic"}, {"experimental", "Experimental"}, {"folk", "Folk"},
            {"instrumental", "Instrumental"}, {"international", "International"}, {"punk", "Punk"}, {"soul", "Soul"},
            {"funk", "Funk"}, {"rnb", "R&B"}, {"randb", "R&B"}, {"rb", "R&B"}, {"soulrnb", "Soul-RnB"}, {"rap", "Rap"},
            {"techno", "Techno"}, {"house", "House"}, {"trance", "Trance"}, {"ambient", "Ambient"},
            {"latin", "Latin"}, {"gospel", "Gospel"}, {"world", "World"}, {"worldmusic", "World"},
            {"easylistening", "Easy Listening"}, {"spoken", "Spoken"}, {"oldtimehistoric", "Old-Time / Historic"},
            {"drumandbass", "Drum & Bass"}, {"dnb", "Drum & Bass"}, {"newage", "New Age"}, {"bluegrass", "Bluegrass"},
            {"opera", "Opera"}, {"ska", "Ska"}, {"indie", "Indie"}, {"alternative", "Alternative"},
            {"hardrock", "Hard Rock"}, {"heavymetal", "Heavy Metal"}, {"rockandroll", "Rock & Roll"},
            {"rocknroll", "Rock & Roll"}, {"soundtrack", "Soundtrack"}, {"dubstep", "Dubstep"}, {"dub", "Dub"},
        };
        QHash<QString, QString> map;
        for (const auto &pair : pairs)
            map.insert(QString::fromLatin1(pair[0]), QString::fromUtf8(pair[1]));
        return map;
    }();
    return words;
}

} // namespace

void GenreVocabulary::set(const QString &label, const QString &word)
{
    if (word.trimmed().isEmpty())
        m_words.remove(label);
    else
        m_words.insert(label, word.trimmed());
}

GenreVocabulary GenreVocabulary::overriddenBy(const GenreVocabulary &mine) const
{
    GenreVocabulary merged = *this;
    for (auto it = mine.m_words.cbegin(); it != mine.m_words.cend(); ++it)
        merged.m_words.insert(it.key(), it.value());
    return merged;
}

QString GenreVocabulary::toText() const
{
    QString text;
    for (auto it = m_words.cbegin(); it != m_words.cend(); ++it)
        text += it.key() + u'=' + it.value() + u'\n';
    return text;
}

GenreVocabulary GenreVocabulary::fromText(const QString &text, const QString &source)
{
    GenreVocabulary vocabulary;
    const QStringList lines = text.split(u'\n');
    for (int n = 0; n < lines.size(); ++n) {
        const QString line = lines[n].section(u'#', 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0 || line.mid(equals + 1).trimmed().isEmpty())
            throw Error(Error::Kind::InvalidArgument, source,
                        QStringLiteral("line %1 is not \"class=Word\": %2").arg(n + 1).arg(lines[n].trimmed()));
        vocabulary.set(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return vocabulary;
}

GenreVocabulary GenreVocabulary::load(const QString &path)
{
    RegularFile::requireForReading(path); // a pipe would block the read for ever
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text))
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("cannot read the genre map"));
    return fromText(QString::fromUtf8(in.readAll()), path);
}

QString GenreVocabulary::conventionalWord(const QString &label)
{
    return conventionalWords().value(keyOf(label));
}

GenreVocabulary GenreVocabulary::conventional(const QStringList &classes)
{
    GenreVocabulary vocabulary;
    for (const QString &label : classes)
        if (const QString word = conventionalWord(label); !word.isEmpty())
            vocabulary.set(label, word);
    return vocabulary;
}

} // namespace genrelab
