#include "AudioFileScanner.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace genrelab {

namespace {

void scanFolder(const QString &folder, QSet<QString> &visited, QStringList &found)
{
    const QString real = QFileInfo(folder).canonicalFilePath();
    if (real.isEmpty() || visited.contains(real))
        return;
    visited.insert(real);
    const QDir dir(folder);
    const QFileInfoList entries = dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable,
                                                    QDir::Name);
    for (const QFileInfo &entry : entries) {
        if (entry.isDir())
            scanFolder(entry.filePath(), visited, found);
        else if (AudioFileScanner::hasAudioExtension(entry.fileName()))
            found << entry.filePath();
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
    scanFolder(folder, visited, found);
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace genrelab
