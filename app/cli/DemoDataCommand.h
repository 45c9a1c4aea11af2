#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli demo-data OUT_DIR [--seed S] [--clips N] [--seconds X] [--threads N]
class DemoDataCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("demo-data"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
