#include "RunIndex.h"

#include "util/CheckedSaveFile.h"
#include "util/DataHome.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

namespace genrelab {

namespace {
QStringList existingRuns(const QStringList &lines)
{
    QStringList runs;
    for (const QString &line : lines)
        if (!line.isEmpty() && !runs.contains(line) && QFileInfo(line).isDir())
            runs << line;
    return runs;
}

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}
} // namespace

QString RunIndex::path()
{
    return DataHome::dataDir() + QStringLiteral("/runs.index");
}

void RunIndex::add(const QString &runDir)
{
    const QString run = QDir(runDir).absolutePath();
    if (run.contains(u'\n'))
        return; // a folder name with a line break cannot be one line of the index
    QDir().mkpath(DataHome::dataDir());
    QLockFile lock(path() + QStringLiteral(".lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000))
        throw Error(Error::Kind::WriteFailed, path(),
                    QStringLiteral("another GenreLab process has held the index of runs for 10 s"),
                    QStringLiteral("the run %1 is not listed in Evaluate; open it with File → Open run…")
                        .arg(QDir::toNativeSeparators(run)));
    QStringList runs = existingRuns(readLines(path()));
    if (runs.contains(run))
        return;
    runs << run;
    CheckedSaveFile::save(path(), (runs.join(u'\n') + u'\n').toUtf8());
}

QStringList RunIndex::runs()
{
    return existingRuns(readLines(path()));
}

} // namespace genrelab
