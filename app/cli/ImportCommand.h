#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli import MODEL.pt|MODEL.safetensors --out OUT.genrelab [--classes a,b,…]
// [--assume-contract]: a model trained in PyTorch (GenreLab's parameter names) as a
// bundle that predict, tag and the GUI open; see ModelImport for what is checked.
class ImportCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("import"); }
    static QString commandSummary()
    {
        return QStringLiteral("Turn a PyTorch (.pt) or safetensors state_dict with GenreLab's parameter names into a "
                              ".genrelab bundle, after checking it against the network and the preprocessing contract.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
