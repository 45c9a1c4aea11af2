#include "Command.h"

#include "CancelOnInterrupt.h"
#include "OptionValues.h"

#include <cstdio>

namespace genrelab::cli {

bool Command::parse(QCommandLineParser &parser, const QStringList &arguments, int &exitCode) const
{
    parser.setApplicationDescription(summary());
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        exitCode = fail(parser.errorText() + QStringLiteral("\nSee: genrelab-cli ") + name() + QStringLiteral(" --help"), 2);
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text.replace(QStringLiteral("[options]"), name() + QStringLiteral(" [options]"));
        std::fputs(qPrintable(text), stdout);
        exitCode = 0;
        return false;
    }
    return true;
}

int Command::fail(const QString &message, int exitCode)
{
    std::fprintf(stderr, "genrelab-cli: %s\n", qPrintable(message));
    return exitCode;
}

void Command::print(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

void Command::warn(const QString &line)
{
    std::fprintf(stderr, "warning: %s\n", qPrintable(line));
}

int Command::interrupted(const QString &whereAndWhatWasKept) const
{
    std::fprintf(stderr, "genrelab-cli %s: interrupted %s\n", qPrintable(name()), qPrintable(whereAndWhatWasKept));
    return CancelOnInterrupt::kExitStatus;
}

int Command::threadsOption(const QCommandLineParser &parser, const QString &option)
{
    return OptionValues(parser).threads(option);
}

} // namespace genrelab::cli
