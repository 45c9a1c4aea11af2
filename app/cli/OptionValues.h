#pragma once

#include "data/WindowPolicy.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <stdexcept>

namespace genrelab::cli {

// A bad option value. main() prints it and exits with status 2 (a usage mistake), so
// every command refuses the same mistakes with the same words and the same status.
class OptionError : public std::runtime_error
{
public:
    explicit OptionError(const QString &message);
    QString message() const { return QString::fromUtf8(what()); }
};

// Reads an option's value and checks it. An absent option gives the fallback; a
// present one must be well formed and in range, or OptionError names the option, the
// value and what is accepted ("--threads takes a whole number from 1 to 64, not "abc"").
// Nothing is silently turned into a default: "0" or "abc" is never "all cores".
// Thread contract: a view of a parser; use on the thread that parsed.
class OptionValues
{
public:
    explicit OptionValues(const QCommandLineParser &parser);

    int integer(const QString &name, int min, int max, int fallback) const;
    double number(const QString &name, double min, double max, double fallback) const;
    std::uint64_t seed(const QString &name, std::uint64_t fallback) const;
    QString choice(const QString &name, const QStringList &allowed, const QString &fallback) const;
    // A confidence as a fraction: "0.4", "40%" and "40" all give 0.4 (see confidenceForms).
    double confidence(const QString &name, double fallback) const;
    static const char *const confidenceForms;
    // --windows N|all: which snippets of each track a dataset takes; absent: the layout's
    // default (DatasetOptions::windows). windowsOption() is the option, described once for
    // every command that opens a dataset.
    std::optional<WindowPolicy> windows(const QString &name = QStringLiteral("windows")) const;
    static QCommandLineOption windowsOption();
    // --threads N: absent means all cores; at most maxThreads() (more only slows down and,
    // at tens of thousands, exhausts the process); above it, capped with a note on stderr.
    int threads(const QString &name = QStringLiteral("threads")) const;
    static int maxThreads();

private:
    [[noreturn]] void reject(const QString &name, const QString &accepted) const;
    const QCommandLineParser &m_parser;
};

} // namespace genrelab::cli
