#include "AudioFileScanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <dirent.h>
#include <unistd.h>

namespace genrelab {

namespace {

// A link to a folder is followed (music libraries use them) unless it leads back to
// the scan root, an ancestor of it, or inside it: those are, or will be, visited anyway.
bool linkLeadsIntoScan(const QFileInfo &entry, const QString &scanRoot)
{
    if (!entry.isSymLink())
        return false;
    const QString target = entry.canonicalFilePath();
    return target.isEmpty() || target == scanRoot || scanRoot.startsWith(target + QLatin1Char('/'))
           || target.startsWith(scanRoot + QLatin1Char('/'));
}

// Qt leaves out of its listings the names it cannot represent (bytes that are not
// UTF-8). They are listed here under their nearest Unicode spelling, which cannot be
// opened: the decoder then says why, where leaving them out made tracks vanish. A
// folder so named is listed too (everything in it is missing).
void addUnrepresentableNames(const QString &folder, QStringList &found)
{
    DIR *dir = ::opendir(QFile::encodeName(folder).constData());
    if (!dir)
        return;
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArray raw(entry->d_name);
        const QString name = QFile::decodeName(raw);
        if (raw == "." || raw == ".." || QFile::encodeName(name) == raw)
            continue;
        if (entry->d_type == DT_DIR || AudioFileScanner::hasAudioExtension(name))
            found << folder + QLatin1Char('/') + name;
    }
    ::closedir(dir);
}

void scanFolder(const QString &folder, const QString &scanRoot, QSet<QString> &visited, QStringList &found)
{
    const QString real = QFileInfo(folder).canonicalFilePath();
    if (real.isEmpty() || visited.contains(real))
        return;
    visited.insert(real);
    // A folder the user may not list is itself listed, as a bad entry whose reason the
    // decoder gives: its tracks must not vanish without a word.
    if (::access(QFile::encodeName(folder).constData(), R_OK | X_OK) != 0) {
        found << folder;
        return;
    }
    addUnrepresentableNames(folder, found);
    const QDir dir(folder);
    // Unreadable files, broken links and other non-files with an audio name are listed
    // too (QDir::System): the decoder then says what is wrong with each ("Permission
    // denied", "a link to something that does not exist"), where leaving them out
    // would make tracks vanish without a word.
    const QFileInfoList entries = dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::System | QDir::NoDotAndDotDot,
                                                    QDir::Name);
    for (const QFileInfo &entry : entries) {
        if (entry.isDir()) {
            if (!linkLeadsIntoScan(entry, scanRoot))
                scanFolder(entry.filePath(), scanRoot, visited, found);
        } else if (AudioFileScanner::hasAudioExtension(entry.fileName())) {
            found << entry.filePath();
        }
    }
}

} // namespace

const QStringList &AudioFileScanner::extensions()
{
    static const QStringList list = {
        QStringLiteral("wav"), QStringLiteral("au"),  QStringLiteral("snd"),  QStringLiteral("flac"),
        QStringLiteral("mp3"), QStringLiteral("ogg"), QStringLiteral("oga"),  QStringLiteral("opus"),
        QStringLiteral("m4a"), QStringLiteral("aac"), QStringLiteral("mp4"),  QStringLiteral("aif"),
        QStringLiteral("aiff"), QStringLiteral("wma"),
    };
    return list;
}

bool AudioFileScanner::hasAudioExtension(const QString &path)
{
    return extensions().contains(QFileInfo(path).suffix().toLower());
}

QStringList AudioFileScanner::scan(const QString &folder)
{
    QSet<QString> visited;
    QStringList found;
    scanFolder(folder, QFileInfo(folder).canonicalFilePath(), visited, found);
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace genrelab
