#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli featurize DATASET [--cache PATH] [--threads N]: builds or updates the
// dataset's feature cache, with a progress bar; Ctrl+C keeps what was done.
class FeaturizeCommand : public Command
{
public:
    static constexpr bool kInModule = false;
    static QString commandName() { return QStringLiteral("featurize"); }
    static QString commandSummary();
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
