#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli info FILE...: what the decoder sees in each file (format, rate,
// channels, duration, snippets) or why it cannot read it.
class InfoCommand : public Command
{
public:
    static constexpr bool kInModule = false;
    static QString commandName() { return QStringLiteral("info"); }
    static QString commandSummary();
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
