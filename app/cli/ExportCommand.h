#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli export RUN_DIR [--bundle OUT.genrelab] [--pytorch OUT.pt]
// [--safetensors OUT.safetensors]: the run's best model as a GenreLab bundle and/or for
// Python; all three hold the same weights.
class ExportCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
