#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli explain MODEL FILE --snippet K --out MAP.npy [--method …] [--class NAME]:
// a saliency map of one snippet, float32 [130, 100] oriented like `mel` writes.
class ExplainCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("explain"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
