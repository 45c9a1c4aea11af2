#include "SharedData.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

namespace genrelab::test {

QString SharedData::root()
{
    const QString fromEnv = qEnvironmentVariable("GENRELAB_SHARED_DIR");
    const QString dir = fromEnv.isEmpty() ? QStringLiteral(GENRELAB_SHARED_DIR) : fromEnv;
    return QFileInfo(dir + QStringLiteral("/data")).isDir() ? QDir(dir).canonicalPath() : QString();
}

QString SharedData::dataDir()
{
    const QString base = root();
    return base.isEmpty() ? QString() : base + QStringLiteral("/data");
}

QString SharedData::benchScript(const QString &name)
{
    const QString base = root();
    const QString path = base + QStringLiteral("/bench/") + name;
    return !base.isEmpty() && QFileInfo::exists(path) ? path : QString();
}

QString SharedData::referencePython()
{
    static const QString python = [] {
        const QString candidate = QStringLiteral("/usr/bin/python3");
        if (!QFileInfo::exists(candidate))
            return QString();
        const int rc = runProgram(candidate, {QStringLiteral("-c"), QStringLiteral("import numpy, soundfile")});
        return rc == 0 ? candidate : QString();
    }();
    return python;
}

QString SharedData::skipReason(const QString &what)
{
    return what + QStringLiteral(" not available (needs ../shared beside the checkout and /usr/bin/python3 with numpy "
                                 "and soundfile; run packaging/install-deps.sh)");
}

int SharedData::runProgram(const QString &program, const QStringList &arguments, QString *output, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return -1;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace genrelab::test
