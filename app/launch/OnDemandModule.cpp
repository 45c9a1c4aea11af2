#include "OnDemandModule.h"

#include <QDir>
#include <QFileInfo>
#include <QLibrary>

namespace genrelab {

OnDemandModule::OnDemandModule(QString fileName)
    : m_fileName(std::move(fileName))
{
}

QStringList OnDemandModule::candidates() const
{
    // The executable's folder without QCoreApplication::applicationDirPath(): genrelab-cli
    // loads its module before any application exists (the module makes the one it needs).
    const QDir here(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath());
    return {here.filePath(m_fileName),
            QDir::cleanPath(here.filePath(QStringLiteral(GENRELAB_MODULE_DIR) + QLatin1Char('/') + m_fileName))};
}

QFunctionPointer OnDemandModule::resolve(const char *symbol)
{
    const QStringList paths = candidates();
    QString path = paths.constLast(); // the installed place, named when none exists
    for (const QString &candidate : paths) {
        if (QFileInfo(candidate).isFile()) {
            path = candidate;
            break;
        }
    }
    if (!QFileInfo(path).isFile()) {
        m_error = QStringLiteral("%1 is missing (looked for %2)").arg(m_fileName, paths.join(QStringLiteral(", ")));
        return nullptr;
    }
    QLibrary library(path);
    if (!library.load()) {
        m_error = QStringLiteral("cannot load %1: %2").arg(path, library.errorString());
        return nullptr;
    }
    const QFunctionPointer entry = library.resolve(symbol);
    if (!entry)
        m_error = QStringLiteral("%1 has no entry point %2: %3").arg(path, QLatin1String(symbol), library.errorString());
    return entry;
}

} // namespace genrelab
