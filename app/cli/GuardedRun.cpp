#include "GuardedRun.h"

#include "Command.h"
#include "OptionValues.h"
#include "util/Error.h"

#include <cstdio>
#include <exception>

namespace genrelab::cli {

int runGuarded(Command &command, const QStringList &arguments)
{
    const auto failWith = [&](const QString &message, int status) {
        std::fprintf(stderr, "genrelab-cli: %s\n", qPrintable(message));
        return status;
    };
    try {
        return command.run(arguments);
    } catch (const OptionError &error) {
        return failWith(error.message() + QStringLiteral("\nSee: genrelab-cli ") + command.name() + QStringLiteral(" --help"), 2);
    } catch (const Error &error) {
        return failWith(error.message(), 1);
    } catch (const std::exception &error) {
        return failWith(QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0), 1);
    } catch (...) {
        return failWith(QStringLiteral("stopped by an unexpected error"), 1);
    }
}

} // namespace genrelab::cli
