#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli mel FILE --snippet K --out OUT.npy: one snippet's features as .npy.
class MelCommand : public Command
{
public:
    static constexpr bool kInModule = false;
    static QString commandName() { return QStringLiteral("mel"); }
    static QString commandSummary();
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
