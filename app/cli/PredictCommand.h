#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli predict RUN_DIR FILE... [--json]: the genre of each file with its
// probability and the top 3; a bad file gets an error line and the rest go on.
class PredictCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("predict"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
