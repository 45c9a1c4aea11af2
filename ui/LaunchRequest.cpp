#include "LaunchRequest.h"

#include "data/AudioFileScanner.h"
#include "ml/RunDirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace genrelab {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("LaunchRequest", text);
}

LaunchRequest invalid(const QString &path, const QString &why)
{
    LaunchRequest request;
    request.kind = LaunchRequest::Kind::Invalid;
    request.path = path;
    request.problem = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), why);
    return request;
}
} // namespace

LaunchRequest LaunchRequest::classify(const QStringList &paths)
{
    LaunchRequest request;
    if (paths.isEmpty())
        return request;
    const QFileInfo first(paths.first());
    if (!first.exists())
        return invalid(paths.first(), tr("no such file or folder"));
    if (first.isDir()) {
        request.path = first.absoluteFilePath();
        request.kind = QFileInfo::exists(RunDirectory(request.path).configPath()) ? Kind::Run : Kind::Dataset;
        return request;
    }
    if (first.suffix().compare(QLatin1String("genrelab"), Qt::CaseInsensitive) == 0) {
        request.kind = Kind::Model;
        request.path = first.absoluteFilePath();
        return request;
    }
    // Audio files: those in the first one's folder are opened there and selected.
    request.kind = Kind::AudioFiles;
    request.path = first.absolutePath();
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.isFile() || !AudioFileScanner::hasAudioExtension(path))
            return invalid(path, tr("not a dataset folder, a run folder, a .genrelab model or an audio file"));
        if (info.absolutePath() == request.path)
            request.files << info.absoluteFilePath();
    }
    return request;
}

} // namespace genrelab
