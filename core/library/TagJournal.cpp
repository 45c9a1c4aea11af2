#include "TagJournal.h"

#include "util/Error.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <unistd.h>

namespace genrelab {

TagJournal::TagJournal(QString path)
    : m_path(std::move(path))
{
}

QString TagJournal::newPathIn(const QString &folder)
{
    return QDir(folder).filePath(QDateTime::currentDateTime().toString(QStringLiteral("'tags-'yyyyMMdd-hhmmss-zzz'.jsonl'")));
}

QString TagJournal::newestIn(const QString &folder)
{
    const QStringList names = QDir(folder).entryList({QStringLiteral("tags-*.jsonl")}, QDir::Files, QDir::Name);
    return names.isEmpty() ? QString() : QDir(folder).filePath(names.last());
}

void TagJournal::record(const TagChange &change) const
{
    const QJsonObject entry{{QStringLiteral("path"), change.path},
                            {QStringLiteral("old"), change.oldGenre},
                            {QStringLiteral("new"), change.newGenre},
                            {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    RegularFile::requireForWriting(m_path); // appending to a pipe would block, to a device would write to it
    QFile out(m_path);
    const QByteArray line = QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n';
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append) || out.write(line) != line.size() || !out.flush()
        || ::fsync(out.handle()) != 0)
        throw Error(Error::Kind::WriteFailed, m_path, QStringLiteral("cannot record the change in the journal: ") + out.errorString(),
                    QStringLiteral("nothing was written to the music file"));
}

std::vector<TagChange> TagJournal::entries() const
{
    RegularFile::requireForReading(m_path);
    QFile in(m_path);
    if (!in.exists())
        throw Error(Error::Kind::FileMissing, m_path, QStringLiteral("no such journal"));
    if (!in.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, m_path, in.errorString());
    std::vector<TagChange> changes;
    bool sawAnything = false;
    while (!in.atEnd()) {
        const QByteArray line = in.readLine().trimmed();
        if (line.isEmpty())
            continue;
        sawAnything = true;
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        if (!entry.contains(QStringLiteral("path")))
            continue; // a partial line from an interrupted append
        changes.push_back({entry.value(QStringLiteral("path")).toString(), entry.value(QStringLiteral("old")).toString(),
                           entry.value(QStringLiteral("new")).toString(), -1, {}});
    }
    if (sawAnything && changes.empty())
        throw Error(Error::Kind::Corrupt, m_path, QStringLiteral("not a GenreLab tag journal"));
    return changes;
}

} // namespace genrelab
