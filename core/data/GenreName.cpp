#include "GenreName.h"

#include <QRegularExpression>

#include <id3v1genres.h>

namespace genrelab {

namespace {

QString id3v1Name(int number)
{
    const TagLib::String name = TagLib::ID3v1::genre(number);
    return QString::fromStdString(name.to8Bit(true));
}

} // namespace

QString GenreName::key(const QString &name)
{
    QString key;
    key.reserve(name.size());
    for (const QChar c : name.toLower()) {
        if (c == u'&')
            key += QStringLiteral("and");
        else if (c.isLetterOrNumber())
            key += c;
    }
    return key;
}

QString GenreName::resolveId3v1(const QString &value)
{
    // "(17)", "(17)Rock" (ID3v2.3's refinement form) or a bare "17".
    static const QRegularExpression reference(QStringLiteral("^\\((\\d{1,3})\\)(.*)$"));
    if (const auto match = reference.match(value); match.hasMatch()) {
        const QString refinement = match.captured(2).trimmed();
        const QString name = id3v1Name(match.captured(1).toInt());
        return !refinement.isEmpty() ? refinement : !name.isEmpty() ? name : value;
    }
    bool isNumber = false;
    const int number = value.toInt(&isNumber);
    if (isNumber && value.size() <= 3) {
        const QString name = id3v1Name(number);
        return name.isEmpty() ? value : name;
    }
    return value;
}

QString GenreName::problem(const QString &value)
{
    if (value.size() > maxLength)
        return QStringLiteral("genre tag is %1 characters long").arg(value.size());
    for (const QChar c : value) {
        if (c == QChar::ReplacementCharacter)
            return QStringLiteral("genre tag is not valid text (invalid UTF-8 or a wrong encoding)");
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("genre tag holds control characters");
    }
    if (key(value).isEmpty())
        return QStringLiteral("genre tag has no letters or digits");
    return {};
}

QStringList GenreName::values(const QStringList &raw, QStringList *problems)
{
    QStringList genres;
    for (const QString &field : raw) {
        // Taggers that cannot store several values write "Rock; Pop" (never split on "/":
        // "Old-Time / Historic" and "AC/DC" are one name each).
        for (const QString &part : field.split(u';')) {
            const QString value = resolveId3v1(part.trimmed());
            if (value.isEmpty())
                continue;
            if (const QString why = problem(value); !why.isEmpty()) {
                if (problems)
                    *problems << why;
                continue;
            }
            genres << value;
        }
    }
    return genres;
}

} // namespace genrelab
