#include "LibraryCatalog.h"

#include "TagFile.h"
#include "util/DataHome.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <cstring>

namespace genrelab {

namespace {

constexpr int kSchemaVersion = 1;

template <typename T>
QByteArray toBlob(const std::vector<T> &values)
{
    return QByteArray(reinterpret_cast<const char *>(values.data()), qsizetype(values.size() * sizeof(T)));
}

template <typename T>
std::vector<T> fromBlob(const QByteArray &bytes)
{
    std::vector<T> values(std::size_t(bytes.size()) / sizeof(T));
    if (!values.empty()) // memcpy from an empty QByteArray's null pointer is undefined (UBSan)
        std::memcpy(values.data(), bytes.constData(), values.size() * sizeof(T));
    return values;
}

const char *kColumns = "path, size, mtime, duration, artist, title, genre_tag, error, model, label, confidence, "
                       "mean, windows, starts";

CatalogTrack trackFrom(const QSqlQuery &q)
{
    CatalogTrack t;
    t.path = q.value(0).toString();
    t.size = q.value(1).toLongLong();
    t.modified = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong());
    t.duration = q.value(3).toDouble();
    t.artist = q.value(4).toString();
    t.title = q.value(5).toString();
    t.genreTag = q.value(6).toString();
    t.error = q.value(7).toString();
    t.model = q.value(8).toString();
    t.label = q.value(9).toInt();
    t.confidence = q.value(10).toDouble();
    t.meanProbabilities = fromBlob<float>(q.value(11).toByteArray());
    t.windowProbabilities = fromBlob<float>(q.value(12).toByteArray());
    t.windowStarts = fromBlob<double>(q.value(13).toByteArray());
    return t;
}

QString underRoot(const QString &root)
{
    return QDir(root).absolutePath() + u'/';
}

// A catalog that is busy or not ours is not damaged: only a damaged one may be
// given up (it is only a cache of analyses); a busy one is waited for, a file that
// is not a catalog is left alone.
Error catalogProblem(const QString &path, const QSqlError &error)
{
    const QString text = error.text();
    if (text.contains(QLatin1String("locked"), Qt::CaseInsensitive) || text.contains(QLatin1String("busy"), Qt::CaseInsensitive))
        return Error(Error::Kind::WriteFailed, path, QStringLiteral("the catalog is in use by another program (") + text + u')',
                     QStringLiteral("try again when it has finished; the catalog is fine"));
    if (text.contains(QLatin1String("not a database"), Qt::CaseInsensitive))
        return Error(Error::Kind::Corrupt, path, QStringLiteral("this file is not a GenreLab catalog (") + text + u')',
                     QStringLiteral("name another catalog file; this one was left as it is"));
    return Error(Error::Kind::Corrupt, path, QStringLiteral("the catalog cannot be used: ") + text,
                 QStringLiteral("if it is damaged, remove it: it only remembers analyses, and the library is analysed again"));
}

} // namespace

LibraryCatalog::LibraryCatalog(const QString &databasePath)
    : m_connection(QStringLiteral("genrelab-catalog-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    RegularFile::requireForWriting(databasePath); // SQLite would block reading a pipe, or write to a device
    QDir().mkpath(QFileInfo(databasePath).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(databasePath);
    if (!db.open())
        throw Error(Error::Kind::WriteFailed, databasePath, db.lastError().text());
    QSqlQuery q(db);
    // Another GenreLab writing it: wait a while for its transaction rather than fail.
    q.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    const bool created = q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))
                         && q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)"))
                         && q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS tracks(path TEXT PRIMARY KEY, size INTEGER, "
                                                  "mtime INTEGER, duration REAL, artist TEXT, title TEXT, genre_tag TEXT, "
                                                  "error TEXT, model TEXT, label INTEGER, confidence REAL, mean BLOB, "
                                                  "windows BLOB, starts BLOB)"))
                         && q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS decisions(path TEXT PRIMARY KEY, "
                                                  "state TEXT, label TEXT)"));
    if (!created)
        throw catalogProblem(databasePath, q.lastError());
    q.exec(QStringLiteral("INSERT OR IGNORE INTO meta VALUES('schema', '%1')").arg(kSchemaVersion));
}

LibraryCatalog::~LibraryCatalog()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

QString LibraryCatalog::defaultPathFor(const QString &libraryRoot)
{
    const QString root = QDir(libraryRoot).absolutePath();
    const QByteArray hash = QCryptographicHash::hash(root.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    return DataHome::librariesDir() + QStringLiteral("/%1-%2.sqlite").arg(QDir(root).dirName(), QString::fromLatin1(hash));
}

bool LibraryCatalog::isCurrent(const QString &path, qint64 size, const QDateTime &modified, const QString &model) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT 1 FROM tracks WHERE path = ? AND size = ? AND mtime = ? AND model = ?"));
    q.addBindValue(path);
    q.addBindValue(size);
    q.addBindValue(modified.toMSecsSinceEpoch());
    q.addBindValue(model);
    return q.exec() && q.next();
}

void LibraryCatalog::store(const std::vector<CatalogTrack> &tracks)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO tracks(%1) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)").arg(QLatin1String(kColumns)));
    for (const CatalogTrack &t : tracks) {
        for (const QVariant &value : {QVariant(t.path), QVariant(t.size), QVariant(t.modified.toMSecsSinceEpoch()),
                                      QVariant(t.duration), QVariant(t.artist), QVariant(t.title), QVariant(t.genreTag),
                                      QVariant(t.error), QVariant(t.model), QVariant(t.label), QVariant(t.confidence),
                                      QVariant(toBlob(t.meanProbabilities)), QVariant(toBlob(t.windowProbabilities)),
                                      QVariant(toBlob(t.windowStarts))})
            q.addBindValue(value);
        if (!q.exec()) {
            db.rollback();
            throw Error(Error::Kind::WriteFailed, db.databaseName(), q.lastError().text());
        }
    }
    if (!db.commit())
        throw Error(Error::Kind::WriteFailed, db.databaseName(), db.lastError().text());
}

std::optional<CatalogTrack> LibraryCatalog::find(const QString &path) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM tracks WHERE path = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(path);
    if (q.exec() && q.next())
        return trackFrom(q);
    return std::nullopt;
}

std::vector<CatalogTrack> LibraryCatalog::tracks(const QString &root) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    // Paths under root/ sort between "root/" and "root0" ('0' follows '/').
    q.prepare(QStringLiteral("SELECT %1 FROM tracks WHERE path >= ? AND path < ? ORDER BY path").arg(QLatin1String(kColumns)));
    const QString prefix = underRoot(root);
    q.addBindValue(prefix);
    q.addBindValue(QString(prefix.chopped(1) + u'0'));
    std::vector<CatalogTrack> result;
    if (q.exec())
        while (q.next())
            result.push_back(trackFrom(q));
    return result;
}

int LibraryCatalog::prune(const QString &root, const QStringList &present)
{
    const QSet<QString> keep(present.begin(), present.end());
    QStringList gone;
    for (const CatalogTrack &t : tracks(root))
        if (!keep.contains(t.path))
            gone << t.path;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM tracks WHERE path = ?"));
    for (const QString &path : gone) {
        q.addBindValue(path);
        q.exec();
    }
    db.commit();
    return int(gone.size());
}

std::vector<LibraryCatalog::FileTag> LibraryCatalog::refreshGenreTags(const std::vector<TagChange> &changes)
{
    std::vector<FileTag> tags;
    for (const TagChange &change : changes) {
        const QString &path = change.path;
        const QFileInfo info(path);
        try {
            if (info.exists())
                tags.push_back({path, TagFile::read(path).genre, info.size(), info.lastModified()});
        } catch (const Error &) {
            // unreadable now: its catalog row stays as it was
        }
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE tracks SET genre_tag = ?, size = ?, mtime = ? WHERE path = ?"));
    for (const FileTag &tag : tags) {
        q.addBindValue(tag.genre);
        q.addBindValue(tag.size);
        q.addBindValue(tag.modified.toMSecsSinceEpoch());
        q.addBindValue(tag.path);
        q.exec();
    }
    db.commit();
    return tags;
}

void LibraryCatalog::storeDecisions(const QString &root, const std::vector<ReviewDecision> &decisions)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    db.transaction();
    QSqlQuery q(db);
    const QString prefix = underRoot(root);
    q.prepare(QStringLiteral("DELETE FROM decisions WHERE path >= ? AND path < ?"));
    q.addBindValue(prefix);
    q.addBindValue(QString(prefix.chopped(1) + u'0'));
    bool ok = q.exec();
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO decisions(path, state, label) VALUES(?, ?, ?)"));
    for (const ReviewDecision &d : decisions) {
        if (!ok || d.state == ReviewDecision::State::Undecided)
            continue;
        q.addBindValue(d.path);
        q.addBindValue(d.state == ReviewDecision::State::Accepted ? QStringLiteral("accepted") : QStringLiteral("rejected"));
        q.addBindValue(d.label);
        ok = q.exec();
    }
    if (!ok) {
        const QString reason = q.lastError().text();
        db.rollback();
        throw Error(Error::Kind::WriteFailed, db.databaseName(), QStringLiteral("cannot keep the review decisions: ") + reason);
    }
    if (!db.commit())
        throw Error(Error::Kind::WriteFailed, db.databaseName(), db.lastError().text());
}

std::vector<ReviewDecision> LibraryCatalog::decisions(const QString &root) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT path, state, label FROM decisions WHERE path >= ? AND path < ? ORDER BY path"));
    const QString prefix = underRoot(root);
    q.addBindValue(prefix);
    q.addBindValue(QString(prefix.chopped(1) + u'0'));
    std::vector<ReviewDecision> result;
    if (q.exec())
        while (q.next()) {
            const QString state = q.value(1).toString();
            const auto kind = state == QLatin1String("accepted")   ? ReviewDecision::State::Accepted
                              : state == QLatin1String("rejected") ? ReviewDecision::State::Rejected
                                                                   : ReviewDecision::State::Undecided;
            result.push_back({q.value(0).toString(), kind, q.value(2).toString()});
        }
    return result;
}

QStringList LibraryCatalog::classes(const QString &model) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(QString(QStringLiteral("classes:") + model));
    if (!q.exec() || !q.next())
        return {};
    QStringList names;
    for (const QJsonValue &name : QJsonDocument::fromJson(q.value(0).toString().toUtf8()).array())
        names << name.toString();
    return names;
}

QStringList LibraryCatalog::classes() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_model'")) && q.next())
        return classes(q.value(0).toString());
    return {};
}

void LibraryCatalog::setClasses(const QString &model, const QStringList &classes)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta VALUES(?, ?)"));
    q.addBindValue(QString(QStringLiteral("classes:") + model));
    q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(classes)).toJson(QJsonDocument::Compact)));
    const bool stored = q.exec();
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta VALUES('last_model', ?)"));
    q.addBindValue(model);
    if (!stored || !q.exec())
        throw Error(Error::Kind::WriteFailed, QSqlDatabase::database(m_connection).databaseName(),
                    QStringLiteral("cannot record the model's classes: ") + q.lastError().text());
}

} // namespace genrelab
