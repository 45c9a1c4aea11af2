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
// Saved runs and bundles name no architecture: they are all "crnn", the default.
// Thread contract: stateless (the table is constant); create() may run on any thread.
class NetworkFactory
{
public:
    static constexpr const char *defaultName = "crnn";

    // A freshly initialised network. Throws Error(Unsupported) for an unknown name.
    static std::shared_ptr<Network> create(const CrnnOptions &options, const QString &name = QLatin1String(defaultName));
    static QStringList names();
};

} // namespace genrelab
