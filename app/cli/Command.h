#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace genrelab::cli {

// One `genrelab-cli <name> ...` subcommand. Commands only parse arguments, call the
// core and print; the work itself lives in genrelab_core.
// Each subclass also declares, for the one list of commands (CommandList.h), which the
// executable reads without making or linking the command:
//   static constexpr bool kInModule;  // made and run only in genrelab-cli-ml.so
//   static QString commandName();      // what name() returns
//   static QString commandSummary();   // what summary() returns; defined in the header
//                                      // when kInModule (its .cpp is in the module,
//                                      // and `--help` lists it without loading that)
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    // `arguments` starts with the program name followed by the subcommand's own words.
    // Returns the process exit code.
    virtual int run(const QStringList &arguments) = 0;

protected:
    // Parses with --help handled; returns false (after printing) when the command should
    // stop with `exitCode`.
    bool parse(QCommandLineParser &parser, const QStringList &arguments, int &exitCode) const;
    static int fail(const QString &message, int exitCode = 1);
    static void print(const QString &line);
    // "warning: …" on stderr: something odd that did not stop the command.
    static void warn(const QString &line);
    // After Ctrl+C: says where the command stopped and what was kept ("interrupted
    // while …"), returns CancelOnInterrupt::kExitStatus (130).
    int interrupted(const QString &whereAndWhatWasKept) const;
    // --threads N: absent means all cores; a bad value throws OptionError (exit status 2).
    static int threadsOption(const QCommandLineParser &parser, const QString &option = QStringLiteral("threads"));
};

} // namespace genrelab::cli
