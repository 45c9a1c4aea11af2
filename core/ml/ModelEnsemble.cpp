#include "ModelEnsemble.h"

#include "RunDirectory.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace genrelab {

namespace {

int foldNumber(const QString &name)
{
    bool ok = false;
    const int fold = name.startsWith(QLatin1String("fold-")) ? name.mid(5).toInt(&ok) : 0;
    return ok ? fold : 0;
}

} // namespace

QStringList ModelEnsemble::members(const QString &folder)
{
    const QDir dir(folder);
    if (!QFileInfo(folder).isDir() || QFileInfo::exists(RunDirectory(folder).configPath()))
        return {}; // a run folder (or no folder) is one model
    if (QFileInfo(dir.filePath(QStringLiteral("a/fold-1"))).isDir())
        throw Error(Error::Kind::InvalidArgument, folder,
                    QStringLiteral("holds two compared recipes (a and b), not one ensemble"),
                    QStringLiteral("name one of them: %1 or %2").arg(dir.filePath(QStringLiteral("a")), dir.filePath(QStringLiteral("b"))));
    QStringList folds = dir.entryList({QStringLiteral("fold-*")}, QDir::Dirs | QDir::NoDotAndDotDot);
    folds.erase(std::remove_if(folds.begin(), folds.end(), [](const QString &name) { return foldNumber(name) < 1; }), folds.end());
    std::sort(folds.begin(), folds.end(), [](const QString &a, const QString &b) { return foldNumber(a) < foldNumber(b); });
    QStringList runs;
    for (const QString &fold : folds) {
        const RunDirectory run(dir.filePath(fold));
        if (!QFileInfo::exists(run.bestModelPath()))
            throw Error(Error::Kind::FileMissing, run.path(), QStringLiteral("this fold of the cross-validation has no model (best.pt)"),
                        QStringLiteral("resume it with genrelab-cli train --resume, or use the other folds' runs one by one"));
        runs << run.path();
    }
    return runs;
}

QStringList ModelEnsemble::modelsOf(const QString &model)
{
    const QStringList runs = members(model);
    return runs.isEmpty() ? QStringList{model} : runs;
}

} // namespace genrelab
