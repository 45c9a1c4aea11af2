#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli export RUN_DIR --pytorch OUT.pt: the run's best model for Python.
class ExportCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
