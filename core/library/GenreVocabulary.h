#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace genrelab {

// The user's words for the model's classes ("hiphop" → "Hip-Hop"), used for every tag
// written and playlist named. A class without an entry keeps its own name. Stored as
// text, one "class=Word" per line ('#' starts a comment), so a map file can be kept
// with the music or passed to the CLI (--map). An entry may repeat the class's own name
// ("blues=blues"): that keeps the raw name over the conventional spelling.
// The built-in conventional spellings (conventional()) are what tags get when the user
// gave no words: "Hip-Hop", "Rock", "R&B", not the class names a dataset happens to use.
// Thread contract: a value type.
class GenreVocabulary
{
public:
    QString word(const QString &label) const { return m_words.value(label, label); }
    // An empty word removes the entry.
    void set(const QString &label, const QString &word);
    const QMap<QString, QString> &entries() const { return m_words; }

    // This vocabulary with `mine`'s entries winning: the user's map over conventional().
    GenreVocabulary overriddenBy(const GenreVocabulary &mine) const;

    QString toText() const;
    // Throws Error(InvalidArgument) naming the first bad line.
    static GenreVocabulary fromText(const QString &text, const QString &source = {});
    // Throws Error (FileMissing, InvalidArgument).
    static GenreVocabulary load(const QString &path);

    // The usual spelling of a genre, whatever the case and separators of the class name
    // ("hiphop", "hip_hop", "Hip Hop" → "Hip-Hop"); empty when none is known.
    static QString conventionalWord(const QString &label);
    // An entry for each of `classes` that has a conventional spelling.
    static GenreVocabulary conventional(const QStringList &classes);

private:
    QMap<QString, QString> m_words;
};

} // namespace genrelab
