#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace genrelab {

// The user's words for the model's classes ("hiphop" → "Hip-Hop"), used for every tag
// written and playlist named. A class without an entry keeps its own name. Stored as
// text, one "class=Word" per line ('#' starts a comment), so a map file can be kept
// with the music or passed to the CLI (--map).
// Thread contract: a value type.
class GenreVocabulary
{
public:
    QString word(const QString &label) const { return m_words.value(label, label); }
    void set(const QString &label, const QString &word);
    const QMap<QString, QString> &entries() const { return m_words; }

    QString toText() const;
    // Throws Error(InvalidArgument) naming the first bad line.
    static GenreVocabulary fromText(const QString &text, const QString &source = {});
    // Throws Error (FileMissing, InvalidArgument).
    static GenreVocabulary load(const QString &path);

private:
    QMap<QString, QString> m_words;
};

} // namespace genrelab
