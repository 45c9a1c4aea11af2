#include "CliApplication.h"

#include "util/DataHome.h"

#include <QCoreApplication>

#include <cstdio>

namespace genrelab::cli {

namespace {

QtMessageHandler g_qtHandler = nullptr;

void dropRuntimeDirWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    g_qtHandler(type, context, message);
}

} // namespace

void CliApplication::quietRuntimeDirWarning()
{
    g_qtHandler = qInstallMessageHandler(dropRuntimeDirWarning);
}

void CliApplication::setUp()
{
    QCoreApplication::setApplicationName(QStringLiteral("genrelab-cli"));
    QCoreApplication::setOrganizationName(QString::fromLatin1(DataHome::applicationName));
    for (const QString &line : DataHome::migrate())
        std::fprintf(stderr, "genrelab-cli: %s\n", qPrintable(line));
    QCoreApplication::setApplicationVersion(QStringLiteral(GENRELAB_VERSION));
}

} // namespace genrelab::cli
