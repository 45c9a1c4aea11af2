#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli import MODEL.pt|MODEL.safetensors --out OUT.genrelab [--classes a,b,…]
// [--assume-contract]: a model trained in PyTorch (GenreLab's parameter names) as a
// bundle that predict, tag and the GUI open; see ModelImport for what is checked.
class ImportCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("import"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
