#include "GenreVocabulary.h"

#include "util/Error.h"

#include <QFile>

namespace genrelab {

void GenreVocabulary::set(const QString &label, const QString &word)
{
    if (word.trimmed().isEmpty() || word.trimmed() == label)
        m_words.remove(label);
    else
        m_words.insert(label, word.trimmed());
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
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text))
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("cannot read the genre map"));
    return fromText(QString::fromUtf8(in.readAll()), path);
}

} // namespace genrelab
