#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli export RUN_DIR [--bundle OUT.genrelab] [--pytorch OUT.pt]
// [--safetensors OUT.safetensors]: the run's best model as a GenreLab bundle and/or for
// Python; all three hold the same weights.
class ExportCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("export"); }
    static QString commandSummary()
    {
        return QStringLiteral("Export a run's best model: --bundle writes a .genrelab file (weights, classes, contract, "
                              "split, metrics, versions) that predict and tag load; --pytorch writes a state_dict with "
                              "class names, contract and architecture that torch.load(path, weights_only=True) reads; "
                              "--safetensors the same as a safetensors file.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
