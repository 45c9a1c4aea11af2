#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli info FILE...: what the decoder sees in each file (format, rate,
// channels, duration, snippets) or why it cannot read it.
class InfoCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("info"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
