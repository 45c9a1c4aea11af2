#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli mel FILE --snippet K --out OUT.npy: one snippet's features as .npy.
class MelCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("mel"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
