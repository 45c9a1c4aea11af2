#include "DataHome.h"

#include "CheckedSaveFile.h"
#include "Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

namespace genrelab {

namespace {

QString under(QStandardPaths::StandardLocation location, const QString &name = QString::fromLatin1(DataHome::applicationName))
{
    return QStandardPaths::writableLocation(location) + u'/' + name;
}

// One migration: what moved where, to rewrite paths that pointed at the old place.
class Migration
{
public:
    QStringList report;

    // Moves `from` (a file or folder) to `to`. A folder moving onto an existing one
    // moves entry by entry; a name already taken keeps both.
    void move(const QString &from, const QString &to)
    {
        const QFileInfo source(from);
        if (!source.exists() && !source.isSymLink())
            return;
        if (source.isDir() && !source.isSymLink() && QFileInfo(to).isDir()) {
            const QDir dir(from);
            for (const QString &name : dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
                move(dir.filePath(name), QDir(to).filePath(name));
            dir.rmdir(from); // empty now, unless something could not move
            return;
        }
        QString target = to;
        for (int n = 1; QFileInfo::exists(target) || QFileInfo(target).isSymLink(); ++n)
            target = to + QStringLiteral(".moved-%1").arg(n);
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(target).constData()) != 0) {
            report << QStringLiteral("left %1 where it is: it could not be moved to %2 (%3)")
                          .arg(from, target, QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        report << QStringLiteral("moved %1 to %2").arg(from, target);
        m_moved.emplace_back(from, target);
    }

    // `path` as it reads after the moves.
    QString rewritten(const QString &path) const
    {
        for (const auto &[from, to] : m_moved) {
            if (path == from)
                return to;
            if (path.startsWith(from + u'/'))
                return to + path.mid(from.size());
        }
        return path;
    }

    bool movedAnything() const { return !m_moved.empty(); }

    // The settings of the old name, with their paths rewritten, become the new file;
    // the old file is renamed (kept) so that nothing is lost and this runs once.
    void moveSettings(const QString &oldFile, const QString &newFile)
    {
        if (!QFileInfo::exists(oldFile))
            return;
        if (QFileInfo::exists(newFile)) {
            report << QStringLiteral("left %1 where it is: %2 already exists").arg(oldFile, newFile);
            return;
        }
        QSettings before(oldFile, QSettings::IniFormat);
        QSettings after(newFile, QSettings::IniFormat);
        for (const QString &key : before.allKeys())
            after.setValue(key, rewrittenValue(before.value(key)));
        after.sync();
        if (after.status() != QSettings::NoError) {
            report << QStringLiteral("left %1 where it is: %2 could not be written").arg(oldFile, newFile);
            return;
        }
        const QString kept = oldFile + QStringLiteral(".moved-to-genrelab");
        QFile::rename(oldFile, kept);
        report << QStringLiteral("moved the settings %1 to %2 (the old file is kept as %3)").arg(oldFile, newFile, kept);
    }

    // Runs remember their dataset's folder; one that moved (the demo) is renamed there too.
    void rewriteRunConfigs(const QString &runsDir)
    {
        const QDir runs(runsDir);
        for (const QString &name : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            // RunDirectory::configPath() names this file, but util sits below ml and cannot ask it.
            const QString path = runs.filePath(name) + QStringLiteral("/config.json");
            QFile in(path);
            if (!in.open(QIODevice::ReadOnly))
                continue;
            QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
            const QString dataset = config.value(QStringLiteral("dataset")).toString();
            if (config.isEmpty() || rewritten(dataset) == dataset)
                continue;
            config[QStringLiteral("dataset")] = rewritten(dataset);
            try {
                CheckedSaveFile::save(path, QJsonDocument(config).toJson());
            } catch (const Error &error) {
                report << error.message();
            }
        }
    }

private:
    QVariant rewrittenValue(const QVariant &value) const
    {
        if (value.typeId() == QMetaType::QString)
            return rewritten(value.toString());
        if (value.typeId() == QMetaType::QStringList) {
            QStringList list = value.toStringList();
            for (QString &item : list)
                item = rewritten(item);
            return list;
        }
        return value;
    }

    std::vector<std::pair<QString, QString>> m_moved;
};

} // namespace

QString DataHome::dataDir() { return under(QStandardPaths::GenericDataLocation); }
QString DataHome::cacheDir() { return under(QStandardPaths::GenericCacheLocation); }
QString DataHome::configDir() { return under(QStandardPaths::GenericConfigLocation); }
QString DataHome::runsDir() { return dataDir() + QStringLiteral("/runs"); }
QString DataHome::journalsDir() { return dataDir() + QStringLiteral("/journals"); }
QString DataHome::librariesDir() { return dataDir() + QStringLiteral("/libraries"); }
QString DataHome::featuresDir() { return cacheDir() + QStringLiteral("/features"); }
QString DataHome::demoDir() { return cacheDir() + QStringLiteral("/demo"); }
QString DataHome::settingsFile() { return configDir() + QStringLiteral("/genrelab.conf"); }

QStringList DataHome::migrate()
{
    Migration migration;
    const QString oldGui = under(QStandardPaths::GenericDataLocation, QStringLiteral("GenreLab/GenreLab"));
    migration.move(oldGui + QStringLiteral("/runs"), runsDir());
    migration.move(oldGui + QStringLiteral("/journals"), journalsDir());
    QDir().rmdir(oldGui);
    QDir().rmdir(QFileInfo(oldGui).absolutePath());
    const QDir libraries(librariesDir());
    for (const QString &journal : libraries.entryList({QStringLiteral("tags-*.jsonl")}, QDir::Files))
        migration.move(libraries.filePath(journal), QDir(journalsDir()).filePath(journal));
    migration.move(dataDir() + QStringLiteral("/demo"), demoDir());
    migration.moveSettings(under(QStandardPaths::GenericConfigLocation, QStringLiteral("GenreLab/GenreLab.conf")), settingsFile());
    QDir().rmdir(under(QStandardPaths::GenericConfigLocation, QStringLiteral("GenreLab")));
    if (migration.movedAnything())
        migration.rewriteRunConfigs(runsDir());
    return migration.report;
}

} // namespace genrelab
