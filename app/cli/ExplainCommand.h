#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli explain MODEL FILE --snippet K --out MAP.npy [--method …] [--class NAME]:
// a saliency map of one snippet, float32 [130, 100] oriented like `mel` writes.
class ExplainCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("explain"); }
    static QString commandSummary()
    {
        return QStringLiteral("Write a saliency map of one 3-s snippet of FILE for one class (the predicted one by default): "
                              "float32 [130, 100] .npy, oriented like mel, larger = more evidence.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
