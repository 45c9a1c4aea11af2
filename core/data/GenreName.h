#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// How genre tags become class names. One key per genre whatever its spelling: case,
// spaces, hyphens and other separators are ignored and "&" reads as "and", so "Hip Hop",
// "hip-hop" and "HIPHOP" are one class, as are "Drum & Bass" and "drum and bass".
// GenreVocabulary (core/library) compares class names by the same key.
// Thread contract: stateless.
class GenreName
{
public:
    // Lower-case letters and digits only, "&" spelt "and": the identity of a genre.
    static QString key(const QString &name);
    // ID3v1 genre references as ID3v2 TCON carries them: "(17)", "17" and "(17)Rock"
    // give "Rock"; anything else is returned as it is.
    static QString resolveId3v1(const QString &value);
    // Why a tag value cannot name a class ("1000 characters long", "holds control
    // characters", "is not valid UTF-8 text"); empty when it can.
    static QString problem(const QString &value);
    // The genre values of a tag: several values (or one value with ";" between genres)
    // as separate genres, ID3v1 references resolved, blanks dropped. Absurd values are
    // dropped too and their problems appended to `problems`.
    static QStringList values(const QStringList &raw, QStringList *problems = nullptr);

    // Longest genre name accepted (the longest real ones are about 40 characters).
    static constexpr int maxLength = 100;
};

} // namespace genrelab
