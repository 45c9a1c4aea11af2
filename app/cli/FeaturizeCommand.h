#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli featurize DATASET [--cache PATH] [--threads N]: builds or updates the
// dataset's feature cache, with a progress bar; Ctrl+C keeps what was done.
class FeaturizeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("featurize"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
