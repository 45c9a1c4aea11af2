#pragma once

// Private to core/ml: includes LibTorch through Network.h.

#include "Network.h"
#include "ml/CrnnOptions.h"

#include <QStringList>

#include <memory>

namespace genrelab {

// Networks by name. Everything that builds a network (trainer, run and bundle loaders,
// PyTorch export, benchmark) asks here, so adding an architecture is one file in
// core/ml/networks plus one entry in NetworkFactory.cpp's table.
// Saved runs and bundles name theirs in the network options (CrnnOptions::architecture);
// those that name none are "crnn", the default. NetworkNames.h is the LibTorch-free view
// of this table for the CLI and GUI.
// Thread contract: stateless (the table is constant); create() may run on any thread.
class NetworkFactory
{
public:
    static constexpr const char *defaultName = "crnn";

    // A freshly initialised network: `name`, or options.architecture when empty. Throws
    // Error(Unsupported) for an unknown name.
    static std::shared_ptr<Network> create(const CrnnOptions &options, const QString &name = {});
    static QStringList names();
};

} // namespace genrelab
